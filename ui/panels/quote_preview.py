"""The inspector's preview of a claim's quote: always the same few lines tall.

Walking claims with the keyboard (next claim, review mode, suggestions), the fields below the
quote stayed put only while the quotes were as long as each other: a quote of one line and
one of six moved the whole form by ~70 px, so the eye had to find the status again, and the
form was laid out and painted again whole at every step. The preview now holds ``LINES``
lines whatever the quote: a longer one ends in "…" at a word, and shows whole in the
tooltip.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QResizeEvent, QShowEvent, QTextLayout, QTextOption
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

from sourcemark.ui.panels.common import one_line

LINES = 3
# The most of a quote laid out: a few lines' worth, whatever the quote's length.
PREVIEW_CHARS = 280
ELLIPSIS = "…"
# A cut this close to a space moves back to it, so a word is not cut in two.
WORD_ROOM = 16


class QuotePreview(QLabel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self._full = ""
        self._quote = ""  # on one line, at most PREVIEW_CHARS
        self._laid_out_at = -1

    def set_quote(self, quote: str) -> None:
        if quote != self._full:
            self._full = quote
            self._quote = one_line(quote, PREVIEW_CHARS)
            self._laid_out_at = -1
            self._fit()

    def sizeHint(self) -> QSize:
        margins = self.contentsMargins()
        height = self.fontMetrics().lineSpacing() * LINES + margins.top() + margins.bottom()
        return QSize(self.fontMetrics().averageCharWidth() * 20, height)

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()

    def hasHeightForWidth(self) -> bool:
        return False  # as tall at any width: layouts need not ask (each ask lays text out)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def showEvent(self, event: QShowEvent) -> None:
        self._fit()  # hidden, it waited for the width it is shown at
        super().showEvent(event)

    def _fit(self) -> None:
        if not self.isVisible():
            return  # its width is not known yet: fitting now would set the text twice
        width = self.contentsRect().width()
        if width == self._laid_out_at:
            return
        self._laid_out_at = width
        shown = self._quote if width <= 0 else self._fitting(width)
        self.setText(shown)
        self.setToolTip(self._full if shown != self._full else "")
        # A selectable label lays its text out at the width it is asked a height for; else
        # its first paint does, and asks for a second paint.
        super().heightForWidth(self.width())

    def _fitting(self, width: int) -> str:
        """The quote, or as much of it as fits in ``LINES`` lines at ``width`` with "…"."""
        quote = self._quote
        if self._lines(quote, width) <= LINES:
            return quote
        low, high = 0, len(quote)  # the longest start of the quote that fits with "…"
        while low < high:
            middle = (low + high + 1) // 2
            if self._lines(quote[:middle].rstrip() + ELLIPSIS, width) <= LINES:
                low = middle
            else:
                high = middle - 1
        cut = quote[:low]
        space = cut.rfind(" ")
        if space > 0 and len(cut) - space <= WORD_ROOM:
            cut = cut[:space]
        return cut.rstrip() + ELLIPSIS

    def _lines(self, text: str, width: int) -> int:
        """How many lines ``text`` takes at ``width``, as the label wraps it (up to LINES + 1)."""
        layout = QTextLayout(text, self.font())
        option = QTextOption()
        option.setWrapMode(QTextOption.WrapMode.WordWrap)
        layout.setTextOption(option)
        layout.beginLayout()
        count = 0
        while count <= LINES:
            line = layout.createLine()
            if not line.isValid():
                break
            line.setLineWidth(width)
            count += 1
        layout.endLayout()
        return count
