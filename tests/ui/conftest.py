"""Fixtures for the tests that drive real widgets."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from sourcemark.ui.main_window import MainWindow
from tests.ui import windows
from tests.ui.windows import open_window


@pytest.fixture(autouse=True)
def no_modal_dialogs(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Any message box is recorded instead of blocking the test (its texts, one per line)."""
    shown: list[str] = []

    def record(*args: object, **_kwargs: object) -> QMessageBox.StandardButton:
        shown.append(str(args[2]) if len(args) > 2 else "")
        return QMessageBox.StandardButton.Ok

    def record_box(box: QMessageBox) -> int:
        parts = (box.text(), box.informativeText(), box.detailedText())
        shown.append("\n".join(part for part in parts if part))
        return int(QMessageBox.StandardButton.Ok.value)

    for name in ("warning", "information", "critical", "question"):
        monkeypatch.setattr(QMessageBox, name, record)
    monkeypatch.setattr(QMessageBox, "exec", record_box)
    return shown


@pytest.fixture(autouse=True)
def windows_deleted_after_the_test() -> Iterator[None]:
    """The windows open_window made are deleted once the test and pytest-qt are done."""
    yield
    from PySide6.QtCore import QEvent
    from PySide6.QtWidgets import QApplication
    from shiboken6 import isValid

    for made in windows.KEPT:
        if isValid(made):  # a test may have deleted its window itself
            made.close()
            made.deleteLater()
    windows.KEPT.clear()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


@pytest.fixture
def window(qtbot: QtBot, project_path: Path) -> Iterator[MainWindow]:
    main = open_window(qtbot, project_path)
    yield main
    main.close()
