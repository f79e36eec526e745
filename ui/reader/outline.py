"""The outline drawn around one claim: the line fragments of a text span, united in one shape.

Painted over the text for the current and the hovered claim, instead of an extra selection:
a few rectangles per paint, whatever the number of claims.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QPainterPath, QTextBlock, QTextLine

PAD = 1.5  # pixels of air between the text and the outline, left and right
RADIUS = 3.0


def span_outline(
    visible: Sequence[tuple[QTextBlock, QPointF]], start: int, end: int
) -> QPainterPath:
    """One rounded shape around ``[start, end)`` (document positions) in the visible blocks.

    ``visible`` pairs each laid-out block with its top-left corner on the viewport. Each line
    fragment is a rounded rectangle; they overlap by a pixel between lines and are united, so
    a span over three lines reads as one shape. In right-to-left text each fragment runs from
    the leftmost to the rightmost edge of its characters.
    """
    shape = QPainterPath()
    for block, origin in visible:
        position = block.position()
        if position >= end or position + block.length() <= start:
            continue
        layout = block.layout()
        local_start = max(start - position, 0)
        local_end = min(end - position, block.length() - 1)
        for number in range(layout.lineCount()):
            line = layout.lineAt(number)
            line_start = line.textStart()
            line_end = line_start + line.textLength()
            if line_end <= local_start or line_start >= local_end:
                continue
            rect = line_fragment(line, max(local_start, line_start), min(local_end, line_end))
            if rect is not None:
                rect.translate(origin)
                shape.addRoundedRect(rect.adjusted(-PAD, -0.5, PAD, 0.5), RADIUS, RADIUS)
    return shape.simplified()


def line_fragment(line: QTextLine, start: int, end: int) -> QRectF | None:
    """The rectangle of ``[start, end)`` (positions in the block, within the line) on the
    line, in the block's coordinates; None if under a pixel wide. In right-to-left text it
    runs from the leftmost to the rightmost edge of those characters."""
    x1, x2 = cursor_x(line, start), cursor_x(line, end)
    left, right = min(x1, x2), max(x1, x2)
    if right - left < 1:
        return None
    return QRectF(left, line.y(), right - left, line.height())


def cursor_x(line: QTextLine, position: int) -> float:
    """The x of a cursor position on a line (PySide6 returns ``(x, position)``; stubs: object)."""
    result = line.cursorToX(position)
    return float(result[0] if isinstance(result, tuple) else result)  # type: ignore[arg-type]
