"""The Backups dialog lists a project's backups and hands back the one chosen for restoring."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from sourcemark.app import articles, backups
from sourcemark.app.projects import open_project
from sourcemark.ui.dialogs.backups_dialog import BackupsDialog


def _project(path: Path, texts: list[str]) -> None:
    project = open_project(path)
    try:
        for text in texts:
            articles.import_text(project, text)
    finally:
        project.close()


def _cell(dialog: BackupsDialog, row: int, column: int) -> str:
    item = dialog.table.item(row, column)
    assert item is not None
    return item.text()


def test_lists_backups_newest_first_with_reason_and_contents(
    qtbot: QtBot, project_path: Path
) -> None:
    _project(project_path, ["First article."])
    older = backups.backup_project(project_path, "before-upgrade")
    _project(project_path, ["Second article."])
    newer = backups.backup_project(project_path, "manual")
    dialog = BackupsDialog(project_path)
    qtbot.addWidget(dialog)
    assert [b.path for b in dialog.backups if b.reason != "daily"] == [newer, older]
    rows = {_cell(dialog, row, 1): _cell(dialog, row, 2) for row in range(dialog.table.rowCount())}
    assert rows["Made by hand"] == "2 articles, 0 claims"
    assert rows["Before an upgrade"] == "1 article, 0 claims"
    assert not dialog.restore_button.isEnabled()  # nothing chosen yet


def test_restore_returns_the_selected_backup(qtbot: QtBot, project_path: Path) -> None:
    _project(project_path, ["An article."])
    made = backups.backup_project(project_path, "manual")
    dialog = BackupsDialog(project_path)
    qtbot.addWidget(dialog)
    row = next(i for i, b in enumerate(dialog.backups) if b.path == made)
    dialog.table.selectRow(row)
    assert dialog.restore_button.isEnabled()
    with qtbot.waitSignal(dialog.accepted):
        QTest.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    assert dialog.chosen is not None and dialog.chosen.path == made


def test_back_up_now_adds_a_row_and_an_empty_list_says_so(qtbot: QtBot, project_path: Path) -> None:
    _project(project_path, ["An article."])
    dialog = BackupsDialog(project_path)
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 0 and not dialog.empty.isHidden()
    QTest.mouseClick(dialog.backup_button, Qt.MouseButton.LeftButton)
    assert dialog.table.rowCount() == 1 and dialog.empty.isHidden()
    assert dialog.backups[0].reason == "manual"
    assert "Backed up as" in dialog.status.text()
