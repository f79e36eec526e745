"""Help → Keyboard Shortcuts shows every command's name whole, at any font size."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from sourcemark.ui.dialogs.shortcuts_dialog import ShortcutsDialog
from sourcemark.ui.main_window import MainWindow


@pytest.mark.parametrize("points", [None, 13.0])
def test_every_command_name_is_shown_whole(
    window: MainWindow, qtbot: QtBot, points: float | None
) -> None:
    application = QApplication.instance()
    assert isinstance(application, QApplication)
    before = application.font()
    if points is not None:  # a desktop set to large text
        font = QFont(before)
        font.setPointSizeF(points)
        application.setFont(font)
    try:
        dialog = ShortcutsDialog(window.shortcut_rows(), window)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        table = dialog.table
        metrics = table.fontMetrics()
        widest = int(dialog.screen().availableGeometry().width() * 0.9)
        cells = [
            (column, item.text())
            for column in range(3)
            for row in range(table.rowCount())
            if (item := table.item(row, column)) is not None
        ]
        assert len(cells) == 3 * table.rowCount()
        cut = [
            text
            for column, text in cells
            if metrics.horizontalAdvance(text) + 6 > table.columnWidth(column)
        ]
        # Whole names; or, on a screen too narrow for them (the test screen is 800 px), the
        # dialog as wide as it goes.
        assert not cut or dialog.width() == widest, cut
        if points is None:
            assert not cut
    finally:
        application.setFont(before)
