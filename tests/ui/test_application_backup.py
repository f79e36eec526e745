"""Start-up takes the day's backup on a worker thread once the window has painted; a failure
is shown to the person, and quitting waits for a copy in progress."""

from __future__ import annotations

import gc
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from sourcemark.app import articles, backups
from sourcemark.app.paths import backups_dir
from sourcemark.app.projects import open_project
from sourcemark.ui.application import after_first_paint, run_gui


def _new_project(path: Path) -> None:
    project = open_project(path)  # made by this open: no daily backup yet
    articles.import_text(project, "An article to list.", title="Listed")
    project.close()


def _run_until(done: Callable[[], bool]) -> list[int]:
    """Start the window; close it once ``done()``; return the article list's row counts seen."""
    listed: list[int] = []
    deadline = time.monotonic() + 60

    def watch() -> None:
        if time.monotonic() > deadline:
            QApplication.quit()  # never hang the run; the test's assertions say what failed
            return
        main = [
            w
            for w in QApplication.topLevelWidgets()
            if w.isVisible() and type(w).__name__ == "MainWindow"
        ]
        if main:
            listed.append(main[0].article_list.model.rowCount())  # type: ignore[attr-defined]
        if main and done():
            main[0].close()  # the last window: run_gui returns
        else:
            QTimer.singleShot(5, watch)

    QTimer.singleShot(0, watch)
    return listed


def test_the_days_backup_is_taken_on_a_worker_thread_and_quitting_waits_for_it(
    qapp: QApplication, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "daily.sourcemark"
    _new_project(path)
    assert backups.list_backups(path) == []
    started = threading.Event()
    threads: list[str] = []
    original = backups.backup_if_due

    def slow_backup(*args: object, **kwargs: object) -> Path | None:
        threads.append(threading.current_thread().name)
        started.set()
        time.sleep(0.3)  # still copying when the window closes
        return original(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(backups, "backup_if_due", slow_backup)
    listed = _run_until(started.is_set)
    try:
        assert run_gui(project=str(path)) == 0
    finally:
        gc.unfreeze()  # run_gui froze this test process's objects
    assert listed and listed[-1] == 1  # the project was open and listed meanwhile
    assert threads == ["sourcemark-daily-backup"]
    # Collection, paused while the copy ran, is back even though the window quit first.
    assert gc.isenabled()
    # run_gui returned only once the copy was complete.
    [made] = backups.list_backups(path)
    assert made.reason == "daily" and backups.backup_contents(made.path) == (1, 0)
    assert not list(made.path.parent.glob("*.partial"))


def test_a_failed_daily_backup_is_shown_and_the_project_stays_open(
    qapp: QApplication, tmp_path: Path, no_modal_dialogs: list[str]
) -> None:
    path = tmp_path / "unlucky.sourcemark"
    _new_project(path)
    folder = backups_dir()
    folder.parent.mkdir(parents=True, exist_ok=True)
    folder.write_text("a file where the backups folder should be")
    listed = _run_until(lambda: bool(no_modal_dialogs))
    try:
        assert run_gui(project=str(path)) == 0
    finally:
        gc.unfreeze()
    assert listed and listed[-1] == 1
    assert gc.isenabled()
    [message] = no_modal_dialogs
    assert "Could not back up unlucky.sourcemark" in message
    assert "only today's backup copy is missing" in message


def test_after_first_paint_calls_back_once_the_widget_has_painted(qtbot: QtBot) -> None:
    widget = QWidget()
    qtbot.addWidget(widget)
    calls: list[bool] = []
    after_first_paint(widget, lambda: calls.append(widget.isVisible()))
    qtbot.wait(20)
    assert calls == []  # not shown, not painted
    widget.show()
    qtbot.waitUntil(lambda: calls == [True])
    widget.update()
    qtbot.wait(20)
    assert calls == [True]  # once
