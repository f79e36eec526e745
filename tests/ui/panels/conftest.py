"""Fixtures for the panel tests: a context on a real project, the example article, no dialogs."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import (
    QColorDialog,
    QDialog,
    QInputDialog,
    QMessageBox,
    QStyledItemDelegate,
    QTableView,
    QWidget,
)
from pytestqt.qtbot import QtBot

from sourcemark.app import articles, claims, codebook
from sourcemark.app.claims import ClaimFields, ClaimInfo
from sourcemark.app.projects import Project
from sourcemark.app.textspan import find_quote
from sourcemark.ui.context import AppContext

# The example article the issue names; a copy of its opening keeps the tests self-contained.
TEXT = (
    "A malfunctioning drone launched by an Iranian-backed militia in Iraq on October 26 may "
    "have played a crucial role, according to two anonymous U.S. officials familiar with the "
    "matter. The drone crashed into the barracks at the Erbil air base but failed to detonate.\n"
    "David Schenker from the Washington Institute for Near East Policy expressed concern. He "
    "noted, “The possibility of a major strike that draws America into a conflict is a very "
    "realistic concern.” Tehran indicated that the militias in Iraq make independent decisions."
)


@pytest.fixture(autouse=True)
def no_modal_dialogs(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail, rather than hang, if a test opens a dialog it did not expect."""

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError(f"an unexpected modal dialog was opened: {args[:3]}")

    for name in ("question", "warning", "information", "critical"):
        monkeypatch.setattr(QMessageBox, name, staticmethod(refuse))
    for name in ("getText", "getMultiLineText", "getItem", "getInt"):
        monkeypatch.setattr(QInputDialog, name, staticmethod(refuse))
    monkeypatch.setattr(QColorDialog, "getColor", staticmethod(refuse))
    monkeypatch.setattr(QDialog, "exec", refuse)


@pytest.fixture
def context(project: Project, qtbot: QtBot) -> Iterator[AppContext]:
    opened = AppContext(project)
    yield opened
    opened.close()


@pytest.fixture
def errors(context: AppContext) -> list[str]:
    """Messages the panels and commands reported through ``context.errorRaised``."""
    seen: list[str] = []
    context.errorRaised.connect(seen.append)
    return seen


@pytest.fixture
def article_id(project: Project) -> int:
    return articles.import_text(project, TEXT, title="Drone may have kept the U.S. out").id


@pytest.fixture
def make_claim(project: Project) -> Callable[..., ClaimInfo]:
    """Create a claim on a passage of ``TEXT`` with tags given by codebook key."""

    def make(
        article: int,
        quote: str,
        *tag_keys: str,
        as_project: Project | None = None,
        **fields: Any,
    ) -> ClaimInfo:
        tag_ids = [codebook.find_tag(project, key).id for key in tag_keys]
        return claims.create_claim(
            as_project or project, article, find_quote(TEXT, quote), tag_ids, ClaimFields(**fields)
        )

    return make


def tag_id(project: Project, key: str) -> int:
    return codebook.find_tag(project, key).id


def painted_as_the_style_paints(view: QTableView) -> bool:
    """Whether ``view``'s own item delegate paints its cells as ``QStyledItemDelegate`` does
    over the same model (the tables paint with ``PlainCellDelegate``, a faster copy)."""
    own = view.itemDelegate()
    pictures = []
    for delegate in (own, QStyledItemDelegate(view)):
        view.setItemDelegate(delegate)
        view.viewport().repaint()
        pictures.append(view.viewport().grab().toImage())
    view.setItemDelegate(own)
    return pictures[0] == pictures[1]


class Paints(QObject):
    """Counts the paint events of the widget it watches."""

    def __init__(self, widget: QWidget) -> None:
        super().__init__(widget)
        self.count = 0
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.count += 1
        return False
