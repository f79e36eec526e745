"""Scroll bars whose groove is kept as a picture look as Fusion paints them, at any size."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication, QPlainTextEdit, QStyleFactory
from pytestqt.qtbot import QtBot

from sourcemark.ui.scroll_grooves import keep_grooves


@pytest.fixture
def fusion(qapp: QApplication) -> Iterator[None]:
    before = qapp.style().name()
    qapp.setStyle(QStyleFactory.create("Fusion"))
    yield
    qapp.setStyle(QStyleFactory.create(before))


def editor(qtbot: QtBot, *, kept: bool) -> QPlainTextEdit:
    shown = QPlainTextEdit()
    qtbot.addWidget(shown)
    shown.setPlainText("line\n" * 3000)
    if kept:
        keep_grooves(shown)
    shown.resize(300, 400)
    shown.show()
    qtbot.waitExposed(shown)
    return shown


def largest_difference(one: QImage, other: QImage) -> int:
    assert one.size() == other.size()
    worst = 0
    for y in range(one.height()):
        for x in range(one.width()):
            a, b = QColor(one.pixel(x, y)), QColor(other.pixel(x, y))
            channels = (a.red(), a.green(), a.blue()), (b.red(), b.green(), b.blue())
            worst = max(worst, *(abs(p - q) for p, q in zip(*channels, strict=True)))
    return worst


@pytest.mark.usefixtures("fusion")
def test_a_kept_groove_looks_as_fusion_paints_it(qtbot: QtBot) -> None:
    plain, kept = editor(qtbot, kept=False), editor(qtbot, kept=True)
    assert kept.verticalScrollBar().style() is not plain.verticalScrollBar().style()
    for size in ((300, 400), (300, 250)):  # a new size: a new picture of the groove
        for value in (0, 1500, plain.verticalScrollBar().maximum()):
            for shown in (plain, kept):
                shown.resize(*size)
                shown.verticalScrollBar().setValue(value)
            QApplication.processEvents()
            images = [shown.verticalScrollBar().grab().toImage() for shown in (plain, kept)]
            # Drawn onto a picture first, one line's blending can round one level apart.
            assert largest_difference(*images) <= 1, (size, value)


def test_other_styles_keep_their_own_bars(qapp: QApplication, qtbot: QtBot) -> None:
    before = qapp.style().name()
    qapp.setStyle(QStyleFactory.create("Windows"))
    try:
        shown = editor(qtbot, kept=True)
        assert shown.verticalScrollBar().style() is qapp.style()
    finally:
        qapp.setStyle(QStyleFactory.create(before))
