"""The start-up looks the project file over on a worker thread while it imports SQLAlchemy;
what that look finds, opening reports exactly as if it had looked itself."""

from __future__ import annotations

import gc
import hashlib
import time
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from sourcemark.app import articles, backups
from sourcemark.app.projects import open_project
from sourcemark.db import migrate
from sourcemark.db.errors import DamagedProjectError
from sourcemark.ui.application import LookAhead, run_gui
from tests.reliability.test_upgrades import _build_at, _revision_of


def _damage(path: Path) -> None:
    data = bytearray(path.read_bytes())
    middle = len(data) // 2 // 4096 * 4096
    data[middle : middle + 2 * 4096] = b"\xa5" * (2 * 4096)
    path.write_bytes(bytes(data))


def _project(path: Path) -> None:
    project = open_project(path)
    for number in range(40):
        articles.import_text(project, f"Article {number}. " + "words " * 400)
    project.close()


def test_the_look_ahead_answers_for_its_own_file_only(tmp_path: Path) -> None:
    path = tmp_path / "ahead.sourcemark"
    _project(path)
    look = LookAhead(str(path))
    look.start()
    facts = look(path)
    assert facts is not None and facts.revision == migrate.head_revision()
    assert look(tmp_path / "another.sourcemark") is None


def test_a_url_is_left_to_opening(tmp_path: Path) -> None:
    look = LookAhead(f"sqlite:///{tmp_path / 'by-url.sourcemark'}")
    look.start()
    assert look(tmp_path / "by-url.sourcemark") is None


def test_damage_found_ahead_is_raised_when_opening_asks(tmp_path: Path) -> None:
    path = tmp_path / "damaged.sourcemark"
    _project(path)
    _damage(path)
    look = LookAhead(str(path))
    look.start()
    try:
        look(path)
    except DamagedProjectError as error:
        assert "damaged" in str(error)
    else:
        raise AssertionError("the damage was not reported")


def test_a_damaged_project_at_start_up_is_refused_and_left_as_it_is(
    qapp: QApplication, tmp_path: Path, no_modal_dialogs: list[str]
) -> None:
    path = tmp_path / "refused.sourcemark"
    _project(path)
    _damage(path)
    before = hashlib.sha256(path.read_bytes()).digest()
    try:
        assert run_gui(project=str(path)) == 1
    finally:
        gc.unfreeze()
    [message] = no_modal_dialogs
    assert "damaged" in message and "sourcemark backups" in message
    assert hashlib.sha256(path.read_bytes()).digest() == before


def test_an_old_project_at_start_up_is_backed_up_then_upgraded(
    qapp: QApplication, tmp_path: Path
) -> None:
    path = tmp_path / "old.sourcemark"
    oldest = migrate.revisions()[0]
    _build_at(path, oldest)
    shown: list[str] = []
    deadline = time.monotonic() + 60

    def close_the_window() -> None:
        if time.monotonic() > deadline:
            QApplication.quit()  # never hang the run; the assertions below say what failed
            return
        windows = [
            w
            for w in QApplication.topLevelWidgets()
            if w.isVisible() and type(w).__name__ == "MainWindow"
        ]
        if windows:
            shown.append(windows[0].windowTitle())
            windows[0].close()
        else:
            QTimer.singleShot(5, close_the_window)

    QTimer.singleShot(0, close_the_window)
    try:
        assert run_gui(project=str(path)) == 0
    finally:
        gc.unfreeze()
    assert shown and "old.sourcemark" in shown[0]
    assert _revision_of(path) == migrate.head_revision()
    [kept] = backups.list_backups(path)  # before the upgrade; no daily copy the same day
    assert kept.reason == "before-upgrade" and _revision_of(kept.path) == oldest
