"""Every match of the find bar on screen, marked as with a highlighter pen.

The match the bar stepped to is the reader's selection; the others are painted over the
visible blocks at each paint, from the matches of those blocks' text only: the cost is that
of a screenful, whatever the number of matches in the article (an extra selection for each
would cost ~150 ms per change at 10,000). Multiplied onto a light page (screened onto a dark
one), the colour tints the page and the claims' fills and leaves the letters as they are.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from typing import Protocol

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QTextBlock

from sourcemark.ui.reader.outline import line_fragment

# At most this many matches are marked in one paint ("a" in a small font fills a screen with
# a few thousand, which would be no help, and slow).
MAX_MARKED = 600
LIGHT_MARK = QColor("#ffd84d")  # multiplied: an amber marker on white, deeper on a fill
DARK_MARK = QColor("#7a5a00")  # screened: an amber glow on a dark page, light letters kept


class FoundSpans(Protocol):
    """The matches of a search, asked for a stretch of the text at a time."""

    def within(self, start: int, end: int, limit: int) -> list[tuple[int, int]]:
        """Up to ``limit`` matches overlapping ``[start, end)`` (code points), in order."""
        ...


def marked_shape(
    visible: Sequence[tuple[QTextBlock, QPointF]], spans: Sequence[tuple[int, int]]
) -> QPainterPath:
    """The line fragments of ``spans`` (document positions, in order) in the visible blocks,
    as one shape filled once where fragments overlap. Each block's lines are read once and
    each span looks up its own (a screen of "a" holds hundreds of matches)."""
    shape = QPainterPath()
    shape.setFillRule(Qt.FillRule.WindingFill)
    first = 0
    for block, origin in visible:
        position = block.position()
        block_end = position + block.length()
        while first < len(spans) and spans[first][1] <= position:
            first += 1
        index = first
        if index == len(spans) or spans[index][0] >= block_end:
            continue
        layout = block.layout()
        lines = [layout.lineAt(n) for n in range(layout.lineCount())]
        line_ends = [line.textStart() + line.textLength() for line in lines]
        while index < len(spans) and spans[index][0] < block_end:
            local_start = max(spans[index][0] - position, 0)
            local_end = min(spans[index][1] - position, block.length() - 1)
            number = bisect_right(line_ends, local_start)
            while number < len(lines) and lines[number].textStart() < local_end:
                line = lines[number]
                start = max(local_start, line.textStart())
                rect = line_fragment(line, start, min(local_end, line_ends[number]))
                if rect is not None:
                    shape.addRect(rect.translated(origin))
                number += 1
            index += 1
    return shape


def mark(painter: QPainter, shape: QPainterPath, *, dark: bool) -> None:
    painter.save()
    mode = QPainter.CompositionMode
    painter.setCompositionMode(
        mode.CompositionMode_Screen if dark else mode.CompositionMode_Multiply
    )
    painter.fillPath(shape, DARK_MARK if dark else LIGHT_MARK)
    painter.restore()
