"""Vertical scroll bars whose groove is painted once per size, not on every scroll.

Qt's Fusion style (the usual one on Linux) paints a vertical scroll bar's groove ~6 times
slower than a horizontal one: 1.4-1.8 ms for the reader's bar, 516 px tall, measured here, on
every scroll and every move to another claim. The groove does not change as the bar moves, so
this style keeps it as a picture for each size, colours and state, and paints the rest (the
handle, the arrows) as Fusion does. Other styles are left alone: some (macOS's) fade their
bars in and out, which a kept picture would freeze.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPainter, QPixmap
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QApplication,
    QProxyStyle,
    QStyle,
    QStyleOptionComplex,
    QStyleOptionSlider,
    QWidget,
)

# Pictures kept: a few sizes of a few bars, in light and dark.
_KEPT = 16


class _KeptGrooves(QProxyStyle):
    def __init__(self) -> None:
        super().__init__("fusion")
        self._grooves: dict[tuple[int, int, int, int, float], QPixmap] = {}

    def drawComplexControl(
        self,
        control: QStyle.ComplexControl,
        option: QStyleOptionComplex,
        painter: QPainter,
        widget: QWidget | None = None,
    ) -> None:
        groove = QStyle.SubControl.SC_ScrollBarGroove
        if (
            control != QStyle.ComplexControl.CC_ScrollBar
            or not isinstance(option, QStyleOptionSlider)
            or option.orientation != Qt.Orientation.Vertical
            or not option.subControls & groove
            or option.rect.isEmpty()
        ):
            super().drawComplexControl(control, option, painter, widget)
            return
        painter.drawPixmap(option.rect.topLeft(), self._groove(option, painter, widget))
        rest = QStyleOptionSlider(option)
        rest.subControls = option.subControls & ~groove
        super().drawComplexControl(control, rest, painter, widget)

    def _groove(
        self, option: QStyleOptionSlider, painter: QPainter, widget: QWidget | None
    ) -> QPixmap:
        ratio = painter.device().devicePixelRatioF() if painter.device() else 1.0
        size = option.rect.size()
        key = (size.width(), size.height(), option.palette.cacheKey(), option.state.value, ratio)
        picture = self._grooves.get(key)
        if picture is None:
            if len(self._grooves) >= _KEPT:
                self._grooves.clear()
            picture = QPixmap(size * ratio)
            picture.setDevicePixelRatio(ratio)
            picture.fill(Qt.GlobalColor.transparent)
            only = QStyleOptionSlider(option)
            only.rect = option.rect.translated(-option.rect.topLeft())
            only.subControls = QStyle.SubControl.SC_ScrollBarGroove
            only.activeSubControls = QStyle.SubControl.SC_None
            onto = QPainter(picture)
            super().drawComplexControl(QStyle.ComplexControl.CC_ScrollBar, only, onto, widget)
            onto.end()
            self._grooves[key] = picture
        return picture


_STYLE: list[_KeptGrooves] = []


def keep_grooves(area: QAbstractScrollArea) -> None:
    """Paint ``area``'s vertical scroll bar with its groove kept, when the style is Fusion."""
    application = QApplication.instance()
    if not isinstance(application, QApplication):
        return
    if application.style().name().lower() != "fusion":
        return
    if not _STYLE:
        _STYLE.append(_KeptGrooves())  # shared, and alive as long as the bars using it
    area.verticalScrollBar().setStyle(_STYLE[0])
