"""Typography of the reader: the face, the measure, line spacing and reading direction.

Qt-aware but widget-free helpers, so the rules are in one place and the view stays about
showing claims. ``QPlainTextEdit`` (chosen for its lazy layout) ignores paragraph spacing,
line height and block margins; what it cannot do is made up for here and in
:mod:`.offsets` (paragraph gaps).
"""

from __future__ import annotations

import unicodedata

from PySide6.QtGui import QFont, QFontMetricsF, QTextCharFormat

DEFAULT_FONT_SIZE = 12.0
# Running text reads best with lines ~1.4-1.5 font sizes apart; most fonts bring ~1.15-1.2.
DEFAULT_LINE_SPACING = 1.3
MAX_LINE_SPACING = 2.5
MIN_FONT_SIZE = 7.0
MAX_FONT_SIZE = 40.0
# A comfortable measure for running text is 60-80 characters a line.
COLUMN_CHARACTERS = 74
# Widths of real prose, not of "x": used to turn a character count into pixels.
MEASURE_SAMPLE = "Officials said the drone, launched on October 26, failed to detonate. "
SERIF_FAMILIES = [
    "Charter",
    "Georgia",
    "Source Serif 4",
    "Source Serif Pro",
    "Noto Serif",
    "Liberation Serif",
    "DejaVu Serif",
    "Times New Roman",
]
# Characters between the spaces given the taller spacing font: well under the shortest line
# (the column holds ~74 characters; a narrow window still ~30), so every line gets one.
SPACING_STRIDE = 14


def is_mostly_right_to_left(text: str, sample: int = 4000) -> bool:
    """Whether the article's letters are mostly Arabic, Hebrew or another RTL script.

    Looks at the first ``sample`` characters only: enough to tell, and constant time.
    """
    rtl = ltr = 0
    for char in text[:sample]:
        kind = unicodedata.bidirectional(char)
        if kind == "L":
            ltr += 1
        elif kind in ("R", "AL"):
            rtl += 1
    return rtl > ltr


def reading_font(point_size: float = DEFAULT_FONT_SIZE) -> QFont:
    """A serif text face at ``point_size``: the first of a list of good reading fonts present."""
    font = QFont()
    font.setFamilies(SERIF_FAMILIES)
    font.setStyleHint(QFont.StyleHint.Serif)
    font.setPointSizeF(point_size)
    return font


def document_margin(font: QFont) -> float:
    """Padding around the text inside the page: a little under one line."""
    return round(QFontMetricsF(font).height() * 0.9)


def column_width(font: QFont) -> float:
    """Pixels for a line of :data:`COLUMN_CHARACTERS` characters of prose, padding included."""
    metrics = QFontMetricsF(font)
    per_character = metrics.horizontalAdvance(MEASURE_SAMPLE) / len(MEASURE_SAMPLE)
    return per_character * COLUMN_CHARACTERS + 2 * document_margin(font)


def spacing_format(font: QFont, factor: float) -> QTextCharFormat | None:
    """The format that, put on a few spaces of each line, makes lines ``factor`` times taller.

    ``QPlainTextEdit`` ignores ``QTextBlockFormat.lineHeight``, but a line is as tall as the
    largest font on it: a space in a font ``factor`` times larger, with negative word spacing
    so it keeps its width, raises the line without changing a glyph. None for ``factor`` 1.
    """
    if factor <= 1.0:
        return None
    taller = QFont(font)
    taller.setPointSizeF(font.pointSizeF() * factor)
    widening = QFontMetricsF(taller).horizontalAdvance(" ")
    widening -= QFontMetricsF(font).horizontalAdvance(" ")
    # Only size and word spacing: setFont() would also write "not underlined" and the like,
    # which would cut a claim's underline at every space.
    spacing = QTextCharFormat()
    spacing.setFontPointSize(taller.pointSizeF())
    spacing.setFontWordSpacing(-widening)
    return spacing
