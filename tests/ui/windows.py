"""Helpers for tests that drive the real main window."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any, cast

from PySide6.QtCore import QKeyCombination, QPoint, Qt
from PySide6.QtGui import QColor, QKeySequence
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from sourcemark.app.projects import open_project
from sourcemark.app.settings import load_settings
from sourcemark.ui import file_actions
from sourcemark.ui.main_window import MainWindow

EXAMPLE = Path(str(resources.files("sourcemark.resources").joinpath("erbil-drone.txt")))
ANONYMOUS = "two anonymous U.S. officials familiar with the matter"
EXPERT_QUOTE = (
    "“The possibility of a major strike that draws America into a conflict is a very "
    "realistic concern.”"
)


# Every window open_window made, until the test's teardown deletes it (tests/ui/conftest.py).
KEPT: list[MainWindow] = []


def open_window(qtbot: QtBot, path: Path) -> MainWindow:
    window = MainWindow(open_project(path), load_settings())
    qtbot.addWidget(window)
    # Held here, not only by the test: a window nobody holds is freed by Python's collector
    # whenever it runs, which can be in the middle of that window's own layout (a crash).
    KEPT.append(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    return window


def import_example(window: MainWindow) -> int:
    report = file_actions.import_files(window, window.context, [EXAMPLE])
    assert report is not None
    [outcome] = report.outcomes
    assert outcome.status == "imported", outcome.message
    assert outcome.article_id is not None
    return outcome.article_id


def select_by_keyboard(window: MainWindow, qtbot: QtBot, start: int, length: int) -> None:
    """Put the caret at ``start`` and extend the selection with Shift+Right, as a person would."""
    reader = window.reader
    reader.setFocus()
    reader.select_span(start, start)
    for _ in range(length):
        QTest.keyClick(reader, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)


def assert_painted_in(window: MainWindow, codepoint: int, colour: QColor) -> None:
    """Some pixel of the character at ``codepoint`` has the colour's hue (the fill is blended)."""
    reader = window.reader
    reader.clear_selection()  # the selection colour would hide the highlight
    QTest.qWait(20)
    cursor = reader.textCursor()
    cursor.setPosition(reader.offsets.to_utf16(codepoint))
    rect = reader.cursorRect(cursor)
    image = reader.viewport().grab().toImage()
    hues = set()
    for dx in range(1, 8):
        pixel = image.pixelColor(QPoint(rect.left() + dx, rect.center().y()))
        if pixel.saturation() > 20:
            hues.add(pixel.hue())
    assert any(abs(h - colour.hue()) < 20 for h in hues), (hues, colour.hue())


def press(window: MainWindow, qtbot: QtBot, keys: str) -> None:
    combo: QKeyCombination = cast(Any, QKeySequence(keys))[0]
    target = window.focusWidget() or window
    QTest.keyClick(target, combo.key(), combo.keyboardModifiers())


def moved_on(window: MainWindow, qtbot: QtBot) -> None:
    """Wait until the window has gone on to the next claim after a verdict or a decided
    suggestion, which it does once it has shown the decision (``AppContext.move_on``)."""
    qtbot.waitUntil(lambda: not window.context.moving)


def walk_shown(window: MainWindow, qtbot: QtBot) -> None:
    """Wait until review mode's walk, read on a worker thread, is in the bar, and the window
    has gone to the claim the bar chose."""
    qtbot.waitUntil(lambda: not window.review_bar.loading and not window.context.moving)
