"""Workers run with Python's cyclic collector paused, so they never collect Qt objects."""

from __future__ import annotations

import gc
import threading
import weakref
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from sourcemark.app import articles, claims
from sourcemark.app.claims import ClaimFields
from sourcemark.app.projects import open_project
from sourcemark.app.textspan import Span
from sourcemark.ui import workers
from sourcemark.ui.garbage import (
    collection_paused,
    enable_collection,
    pause_collection,
    resume_collection,
)
from tests.ui.windows import open_window


@pytest.fixture(autouse=True)
def collection_on() -> Iterator[None]:
    was = gc.isenabled()
    gc.enable()
    yield
    # As it was, whatever the test left: one of these turns collection off on purpose.
    if was:
        gc.enable()
    else:
        gc.disable()


class Node:
    def __init__(self) -> None:
        self.me = self  # a cycle: only the cyclic collector frees it
        self.widget = QWidget()  # and it must die on the GUI thread


def test_a_worker_never_collects_the_windows_garbage(qapp: QApplication) -> None:
    destroyed_on: list[threading.Thread] = []
    node = Node()
    node.widget.destroyed.connect(lambda: destroyed_on.append(threading.current_thread()))
    gone = weakref.ref(node)
    del node

    def allocate(_report: object, _should_stop: object) -> bool:
        # Far past the collection threshold: an unpaused collector would run on this thread.
        kept: list[list[int]] = [[] for _ in range(gc.get_threshold()[0] * 20)]
        return bool(kept) and not gc.isenabled()

    result, error = workers.run_with_progress(None, "work", allocate)
    assert (result, error) == (True, None)
    assert gone() is not None  # not collected by the worker
    assert gc.isenabled()  # collection is back once the worker has ended
    gc.collect()
    assert gone() is None
    assert destroyed_on == [threading.main_thread()]


def test_pauses_nest_and_leave_collection_as_found() -> None:
    with collection_paused():
        pause_collection()
        resume_collection()
        assert not gc.isenabled()  # the outer pause still holds
    assert gc.isenabled()
    gc.disable()  # as during start-up
    with collection_paused():
        assert not gc.isenabled()
    assert not gc.isenabled()


def test_turning_collection_on_waits_for_the_workers_running() -> None:
    """The start-up turns collection on once the window is built, when its first reads
    already run on workers: they must not start collecting."""
    gc.disable()
    pause_collection()  # a worker starts
    enable_collection()
    assert not gc.isenabled()
    resume_collection()  # it ends
    assert gc.isenabled()
    gc.disable()
    enable_collection()  # no worker: at once
    assert gc.isenabled()


def test_an_article_opened_leaves_its_claims_out_of_the_young_generations(
    qtbot: QtBot, project_path: Path
) -> None:
    """The many objects an article's claims make all live on: collected once as it opens,
    they are not walked again by the collections that follow (13-21 ms each, once inside
    an accepted suggestion at 50,000 claims)."""
    project = open_project(project_path)
    text = "A sentence of the article, said an official. " * 400
    article = articles.import_text(project, text)
    no_tags: list[int] = []
    items = [(Span(i * 45, i * 45 + 20), no_tags, ClaimFields()) for i in range(400)]
    claims.create_claims(project, article.id, items)
    project.close()
    window = open_window(qtbot, project_path)
    window.context.set_article(article.id)

    def young() -> int:
        return len(gc.get_objects(0)) + len(gc.get_objects(1))

    assert len(window.annotation.rows) == 400
    assert young() < 400  # each claim's row alone is one object: none of them is young
    window.context.set_article(None)


def test_the_article_list_read_again_leaves_its_rows_out_of_the_young_generations(
    qtbot: QtBot, project_path: Path
) -> None:
    project = open_project(project_path)
    for number in range(300):
        articles.import_text(project, f"Article {number}. An official said so.")
    project.close()
    window = open_window(qtbot, project_path)
    window.article_list.reload()
    assert window.article_list.model.rowCount() == 300
    assert len(gc.get_objects(0)) + len(gc.get_objects(1)) < 300  # a row each, none young
