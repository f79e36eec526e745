"""A wrapped label that keeps its heights gives the heights a plain wrapped label gives."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from sourcemark.ui.panels.wrapping_label import WrappingLabel

QUOTE = (
    "A malfunctioning drone launched by an Iranian-backed militia in Iraq on October 26 may "
    "have played a crucial role, according to two anonymous U.S. officials."
)


def test_heights_follow_the_text_the_width_and_the_font(qtbot: QtBot) -> None:
    kept, plain = WrappingLabel(), QLabel()
    plain.setWordWrap(True)
    for label in (kept, plain):
        qtbot.addWidget(label)

    def same_heights() -> None:
        for width in (80, 160, 320, 160, 80):  # asked again: from what was kept
            assert kept.heightForWidth(width) == plain.heightForWidth(width), width

    for text in (QUOTE, "Short.", QUOTE + " " + QUOTE):
        kept.setText(text)
        plain.setText(text)
        same_heights()
    heights = [kept.heightForWidth(w) for w in (80, 160)]
    for label in (kept, plain):
        font = label.font()
        font.setPointSizeF(font.pointSizeF() * 2)
        label.setFont(font)
    same_heights()
    assert [kept.heightForWidth(w) for w in (80, 160)] != heights  # a larger font: taller
