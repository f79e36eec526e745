"""Restoring backups from the window, and opening a damaged project by restoring one."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from sourcemark.app import articles, backups, claims
from sourcemark.app.backups import BackupInfo
from sourcemark.app.projects import open_project
from sourcemark.app.textspan import Span
from sourcemark.ui import file_actions
from sourcemark.ui.context import AppContext
from tests.ui import windows

TEXT = "Officials said the drone failed. " * 400


@pytest.fixture(autouse=True)
def answers(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    said: list[str] = []

    def record(*args: object, **_kwargs: object) -> QMessageBox.StandardButton:
        said.append(str(args[2]))
        return QMessageBox.StandardButton.Yes

    for name in ("warning", "information", "critical", "question"):
        monkeypatch.setattr(QMessageBox, name, record)
    return said


def choose(monkeypatch: pytest.MonkeyPatch, backup: BackupInfo | Path) -> None:
    def pick(project_path: Path, parent: QWidget | None = None) -> BackupInfo | None:
        return next(b for b in backups.list_backups(project_path) if b.path == Path(str(backup)))

    monkeypatch.setattr(file_actions, "choose_backup", pick)


def test_restore_from_backup_reopens_the_project_and_forgets_undo(
    qtbot: QtBot, project_path: Path, monkeypatch: pytest.MonkeyPatch, answers: list[str]
) -> None:
    project = open_project(project_path)
    article = articles.import_text(project, TEXT)
    claims.create_claim(project, article.id, Span(0, 9), [])
    good = backups.backup_project(project_path, "manual")
    claims.create_claim(project, article.id, Span(10, 14), [])
    context = AppContext(project)
    context.undo_stack.setIndex(0)
    choose(monkeypatch, good)

    assert file_actions.restore_from_backup(QWidget(), context)

    assert context.project is not project
    assert claims.count_claims(context.project) == 1
    assert context.undo_stack.count() == 0
    assert any("before-restore" in message for message in answers)
    context.project.close()


def test_a_damaged_project_is_offered_a_restore_on_open(
    project_path: Path, monkeypatch: pytest.MonkeyPatch, answers: list[str]
) -> None:
    project = open_project(project_path)
    article = articles.import_text(project, TEXT)
    for start in range(0, 2000, 40):
        claims.create_claim(project, article.id, Span(start, start + 9), [])
    project.close()
    good = backups.backup_project(project_path, "manual")
    data = project_path.read_bytes()
    project_path.write_bytes(data[: len(data) // 2])
    choose(monkeypatch, good)

    reopened = file_actions.open_with_recovery(None, str(project_path), None)

    assert reopened is not None
    try:
        assert claims.count_claims(reopened) == 50
    finally:
        reopened.close()
    assert "damaged" in answers[0]
    assert [b.reason for b in backups.list_backups(project_path)][:2] == ["damaged", "manual"]


def test_a_damaged_project_without_backups_is_refused_plainly(
    project_path: Path, answers: list[str]
) -> None:
    project_path.write_bytes(b"SQLite format 3\x00" + b"\x00" * 100)
    assert file_actions.open_with_recovery(None, str(project_path), None) is None
    [message] = answers
    assert "damaged" in message and str(project_path) in message


def test_file_backups_action_restores_in_the_window(
    qtbot: QtBot, project_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sourcemark.app.settings import load_settings
    from sourcemark.ui.main_window import MainWindow

    project = open_project(project_path)
    article = articles.import_text(project, TEXT)
    good = backups.backup_project(project_path, "manual")
    claims.create_claim(project, article.id, Span(0, 9), [])
    window = MainWindow(project, load_settings())
    qtbot.addWidget(window)
    # Held until the fixture deletes it, as open_window's are: a window nobody holds can be
    # freed by a collection in the middle of its own event (tests/ui/windows.KEPT).
    windows.KEPT.append(window)
    choose(monkeypatch, good)
    window.action_map["restore_backup"].trigger()
    try:
        assert claims.count_claims(window.context.project) == 0
        assert window.status_counts.text().endswith("0 claims")
    finally:
        window.close()
