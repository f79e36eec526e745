"""A word-wrapped label that remembers its height at each width.

Qt lays a wrapped label's text out again each time a layout asks its height for a width,
and a relayout of the inspector asks several times: ~0.1-0.3 ms a time for a quote of a few
lines, paid on every claim shown. The height depends only on the text, the font and the
width, so it is kept for those.

Only for text that cannot be selected: a selectable label's text control is set to the
width each height is asked for, and paints again when a kept height skipped that.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QLabel, QWidget

# Heights kept: a few widths of the last few texts.
_KEPT = 64
# What changes the height at a width besides the text: its font, its style (set when the
# label is first shown), its margins.
_RESIZING = (
    QEvent.Type.Polish,
    QEvent.Type.FontChange,
    QEvent.Type.StyleChange,
    QEvent.Type.ContentsRectChange,
)


class WrappingLabel(QLabel):
    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setWordWrap(True)
        self._heights: dict[tuple[int, str], int] = {}

    def heightForWidth(self, width: int) -> int:
        key = (width, self.text())
        height = self._heights.get(key)
        if height is None:
            if len(self._heights) >= _KEPT:
                self._heights.clear()
            height = self._heights[key] = super().heightForWidth(width)
        return height

    def event(self, event: QEvent) -> bool:
        if event.type() in _RESIZING:
            self._heights.clear()
        return super().event(event)
