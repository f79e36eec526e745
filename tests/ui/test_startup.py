"""Start-up: the window's shell paints before anything heavy is imported, then the main
window takes its place with the project open."""

from __future__ import annotations

import gc
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from sourcemark.app import article_rows, articles
from sourcemark.app.article_rows import ArticleRow
from sourcemark.app.projects import Project, open_project
from sourcemark.ui.application import StartupShell, run_gui
from sourcemark.ui.panels.article_table import TITLE, ArticleBrowser


def _start(path: Path, look: Callable[[Any], None]) -> None:
    """Start the window on ``path`` as the ``sourcemark`` command does; once the main window
    is on the screen, hand it to ``look``, then close it (run_gui returns)."""

    def watch() -> None:
        main = [
            w
            for w in QApplication.topLevelWidgets()
            if type(w).__name__ == "MainWindow" and w.isVisible()
        ]
        if main:
            look(main[0])
            main[0].close()  # the last window
        else:
            QTimer.singleShot(5, watch)

    QTimer.singleShot(0, watch)
    try:
        assert run_gui(project=str(path)) == 0
    finally:
        gc.unfreeze()  # run_gui froze this test process's objects


def _project_with(path: Path, *titles: str) -> None:
    project = open_project(path)
    for title in titles:
        articles.import_text(project, f"The text of {title}.", title=title)
    project.close()


def _titles(window: Any) -> list[str]:
    model = window.article_list.model
    return [model.summary(row).title for row in range(model.rowCount())]


def test_the_start_up_module_imports_no_database_code() -> None:
    """SQLAlchemy and alembic cost more than Qt: they must wait until the shell is painted."""
    script = (
        "import sys\n"
        "import sourcemark.ui.application, sourcemark.ui.launcher\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'sqlalchemy', 'alembic'}))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.strip() == "[]"


def test_the_shell_shows_first_then_the_main_window_opens_the_project(
    qapp: QApplication, tmp_path: Path
) -> None:
    path = tmp_path / "start.sourcemark"
    _project_with(path, "Listed")
    seen: list[str] = []
    listed: list[list[str]] = []

    def note_windows() -> None:
        for widget in QApplication.topLevelWidgets():
            name = type(widget).__name__
            if widget.isVisible() and (not seen or seen[-1] != name):
                seen.append(name)
        if "MainWindow" not in seen:
            QTimer.singleShot(5, note_windows)

    QTimer.singleShot(0, note_windows)
    _start(path, lambda window: listed.append(_titles(window)))
    assert seen[0] == "StartupShell"
    assert listed == [["Listed"]]


def test_the_shell_lists_the_articles_and_the_window_opens_the_one_picked_there(
    qapp: QApplication, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The article list shows before the project is open; what the person does in it (sort,
    filter, pick an article) the main window carries on."""
    path = tmp_path / "pick.sourcemark"
    _project_with(path, "Gamma report", "Alpha memo", "Beta report", "Delta report")
    in_shell: dict[str, object] = {}
    show_articles = StartupShell.show_articles

    def show_and_pick(shell: StartupShell, rows: list[ArticleRow]) -> ArticleBrowser:
        browser = show_articles(shell, rows)
        table = browser.table
        QApplication.processEvents()  # lay the list out, as the person sees it
        in_shell["windows then"] = [
            type(w).__name__ for w in QApplication.topLevelWidgets() if w.isVisible()
        ]
        in_shell["titles"] = [browser.model.summary(row).title for row in range(len(rows))]
        header = table.horizontalHeader()
        title_x = header.sectionViewportPosition(TITLE) + 5
        QTest.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(title_x, 5))
        QTest.keyClicks(browser.filter_edit, "report")
        second = table.visualRect(browser.model.index(1, TITLE)).center()
        QTest.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=second)
        in_shell["picked"] = browser.current_article_id()
        return browser

    monkeypatch.setattr(StartupShell, "show_articles", show_and_pick)
    in_window: dict[str, object] = {}

    def look(window: Any) -> None:
        panel = window.article_list
        in_window["filter"] = panel.filter_edit.text()
        in_window["shown"] = [
            panel.model.index(row, TITLE).data() for row in range(panel.model.rowCount())
        ]
        in_window["open"] = window.context.article_id
        in_window["selected"] = panel.current_article_id()

    _start(path, look)
    assert in_shell["windows then"] == ["StartupShell"]
    assert in_shell["titles"] == ["Delta report", "Beta report", "Alpha memo", "Gamma report"]
    delta = 4  # the second report by title; the second listed unsorted would be Beta
    assert in_shell["picked"] == delta
    assert in_window == {
        "filter": "report",
        "shown": ["Beta report", "Delta report", "Gamma report"],
        "open": delta,
        "selected": delta,
    }


def _start_and_list(path: Path) -> list[str]:
    """Start the window on ``path``; the titles its article list shows."""
    listed: list[str] = []
    _start(path, lambda window: listed.extend(_titles(window)))
    return listed


def test_the_window_reuses_the_shells_list_only_while_nothing_was_written(
    qapp: QApplication, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "written.sourcemark"
    _project_with(path, "First", "Second")
    reads: list[int] = []
    list_rows = articles.list_rows

    def counted(project: Project, **options: bool) -> list[ArticleRow]:
        reads.append(1)
        return list_rows(project, **options)

    monkeypatch.setattr(articles, "list_rows", counted)

    assert _start_and_list(path) == ["Second", "First"]
    assert reads == []  # nothing written since the shell read the list: not read again

    show_articles = StartupShell.show_articles

    def show_then_another_window_writes(
        shell: StartupShell, rows: list[ArticleRow]
    ) -> ArticleBrowser:
        browser = show_articles(shell, rows)
        elsewhere = open_project(path)
        articles.import_text(elsewhere, "Added meanwhile, by another window.", title="Third")
        elsewhere.close()
        return browser

    monkeypatch.setattr(StartupShell, "show_articles", show_then_another_window_writes)
    assert _start_and_list(path) == ["Third", "Second", "First"]
    assert reads == [1]


def test_typing_in_the_shells_filter_goes_on_in_the_windows(
    qapp: QApplication, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "typing.sourcemark"
    _project_with(path, "A memo", "A report")
    show_articles = StartupShell.show_articles

    def show_and_type(shell: StartupShell, rows: list[ArticleRow]) -> ArticleBrowser:
        browser = show_articles(shell, rows)
        QApplication.processEvents()
        QTest.mouseClick(browser.filter_edit, Qt.MouseButton.LeftButton)
        QTest.keyClicks(browser.filter_edit, "mem")
        return browser

    monkeypatch.setattr(StartupShell, "show_articles", show_and_type)
    seen: dict[str, object] = {}

    def look(window: Any) -> None:
        seen["focus on the filter"] = window.focusWidget() is window.article_list.filter_edit
        seen["filter"] = window.article_list.filter_edit.text()

    _start(path, look)
    assert seen == {"focus on the filter": True, "filter": "mem"}


def test_a_failure_reading_the_list_ahead_only_costs_the_head_start(
    qapp: QApplication, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "no-head-start.sourcemark"
    _project_with(path, "Only")

    def broken(path: Path) -> None:
        raise MemoryError("no room for the list")

    monkeypatch.setattr(article_rows, "early_article_rows", broken)
    assert _start_and_list(path) == ["Only"]
