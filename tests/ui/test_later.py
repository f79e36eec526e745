"""ChangesLater: a view following the window's changes one pass of the event loop later."""

from __future__ import annotations

from PySide6.QtCore import QObject
from pytestqt.qtbot import QtBot

from sourcemark.app.projects import Project
from sourcemark.ui.changes import Change
from sourcemark.ui.context import AppContext
from sourcemark.ui.later import ChangesLater


def test_changes_arrive_after_the_loop_turns_all_and_in_order(
    qtbot: QtBot, project: Project
) -> None:
    context = AppContext(project)
    owner = QObject()
    seen: list[Change] = []
    later = ChangesLater(context, seen.append, owner)
    first, second = Change(claims_of=frozenset({1})), Change(codebook=True)
    context.notify(first)
    context.notify(second)
    assert seen == [] and later.pending  # not while the change is being made
    qtbot.waitUntil(lambda: seen == [first, second])
    assert not later.pending
    context.close()


def test_dropped_changes_never_arrive(qtbot: QtBot, project: Project) -> None:
    context = AppContext(project)
    owner = QObject()
    seen: list[Change] = []
    later = ChangesLater(context, seen.append, owner)
    context.notify(Change(articles=True))
    later.drop()
    qtbot.wait(20)
    assert seen == [] and not later.pending
    context.notify(Change(codebook=True))
    qtbot.waitUntil(lambda: seen == [Change(codebook=True)])
    context.close()
