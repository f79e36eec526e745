"""Plain-text tables for the command line: columns aligned by how wide text looks in a terminal.

A terminal gives CJK ideographs and most emoji two cells and combining accents none, so
``len()`` misaligns columns as soon as a quote holds anything but Latin text. Right-to-left
text (Arabic, Hebrew) takes as many cells as it has characters; its direction is the
terminal's business.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping, Sequence
from functools import lru_cache

ELLIPSIS = "…"


@lru_cache(maxsize=4096)
def char_width(char: str) -> int:
    """Terminal cells one code point takes: 0, 1 or 2."""
    if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return 0  # accents, zero-width joiners, variation selectors, bidi marks
    if ord(char) < 32 or 0x7F <= ord(char) < 0xA0:
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def display_width(text: str) -> int:
    if text.isascii() and text.isprintable():
        return len(text)
    return sum(char_width(char) for char in text)


def one_line(text: str) -> str:
    """Line breaks and runs of spaces become one space: a table row stays one line."""
    return " ".join(text.split())


def shorten(text: str, width: int) -> str:
    """``text`` cut to ``width`` cells, with … when something was cut."""
    if display_width(text) <= width:
        return text
    if width <= 0:
        return ""
    kept, used = [], 0
    for char in text:
        cells = char_width(char)
        if used + cells > width - 1:
            break
        kept.append(char)
        used += cells
    return "".join(kept).rstrip() + ELLIPSIS


def pad(text: str, width: int, *, right: bool = False) -> str:
    gap = " " * max(0, width - display_width(text))
    return gap + text if right else text + gap


def table(
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    total_width: int,
    flexible: int,
    right_aligned: frozenset[int] = frozenset(),
    max_widths: Mapping[int, int] | None = None,
    gap: str = "  ",
) -> list[str]:
    """Aligned lines, header first; column ``flexible`` is shortened to fit ``total_width``.

    Columns in ``max_widths`` are cut (with …) beyond their limit; the others keep their full
    width: they hold ids and statuses, which are short and useless when cut.
    """
    limits = dict(max_widths or {})
    rows = [
        [
            shorten(one_line(cell), limits[index]) if index in limits else one_line(cell)
            for index, cell in enumerate(row)
        ]
        for row in rows
    ]
    widths = [display_width(title) for title in header]
    for row in rows:
        for index, cell in enumerate(row):
            widths[index] = max(widths[index], display_width(cell))
    fixed = sum(w for i, w in enumerate(widths) if i != flexible) + len(gap) * (len(header) - 1)
    widths[flexible] = max(min(widths[flexible], total_width - fixed), 12)
    lines = []
    for row in [list(header), *rows]:
        cells = [
            pad(
                shorten(cell, widths[index]) if index == flexible else cell,
                widths[index],
                right=index in right_aligned,
            )
            for index, cell in enumerate(row)
        ]
        lines.append(gap.join(cells).rstrip())
    return lines
