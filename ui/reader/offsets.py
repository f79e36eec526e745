"""Code points of an article's stored text <-> positions in the Qt document that shows it.

Claims are stored as Python ``str`` indexes (code points). Qt counts UTF-16 code units, so
every character outside the Basic Multilingual Plane (emoji, some CJK, historic scripts)
takes two positions in the document and one in Python. The reader may also show each
single paragraph break as a break plus an empty line (``paragraph_gaps``), because
``QPlainTextEdit`` ignores paragraph spacing; that break then takes two positions too.

Both cases are the same thing: a few code points are two units wide. :class:`OffsetMap`
keeps the sorted code-point indexes of those "wide" characters and converts either way
with one ``bisect`` (identity, with no search at all, for the common plain-BMP text).

Pure Python on purpose: no Qt import, so it can be property-tested on its own.
:func:`document_text` builds the exact string handed to ``QTextDocument.setPlainText``;
the two must agree, and the tests check that they do against a real document.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator

# Qt turns each of these into a block break (U+2029) in setPlainText.
_BREAKS = ("\n", "\r", "\u2029")
PARAGRAPH_SEPARATOR = "\u2029"
LINE_SEPARATOR = "\u2028"
# A single break shown with an empty line after it: the U+2028 ends the paragraph's
# last line inside the block, leaving an empty line before the U+2029 block break.
_GAP_BREAK = LINE_SEPARATOR + PARAGRAPH_SEPARATOR
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def has_astral(text: str) -> bool:
    """Whether ``text`` holds any character outside the BMP (two UTF-16 units)."""
    if text.isascii():  # O(1) in CPython: the string object knows
        return False
    return len(text.encode("utf-16-le", "surrogatepass")) != 2 * len(text)


def astral_positions(text: str) -> list[int]:
    """Sorted code-point indexes of the characters outside the BMP.

    Encodes to UTF-16 (a C loop, ~8 ms for 5 MB) and looks for high-surrogate bytes with
    ``bytes.find`` (memchr speed) rather than running a regex over the string, which costs
    several times more on the 4-byte-per-character strings that hold such characters.
    """
    if text.isascii():
        return []
    data = text.encode("utf-16-le", "surrogatepass")
    expected = len(data) // 2 - len(text)
    if not expected:
        return []
    units: list[int] = []
    for lead in (b"\xd8", b"\xd9", b"\xda", b"\xdb"):  # the high byte of a high surrogate
        at = data.find(lead, 1)
        while at != -1:
            if at & 1:  # odd offset: the high byte of a UTF-16 unit
                units.append(at >> 1)
            at = data.find(lead, at + 1)
    units.sort()
    # Each astral character before a unit adds one unit: subtract them to get code points.
    found = [unit - i for i, unit in enumerate(units)]
    if len(found) != expected or any(
        not 0 <= c < len(text) or ord(text[c]) <= 0xFFFF for c in found
    ):
        # Lone surrogates in the string can mimic a pair: count the slow, sure way.
        return [match.start() for match in _ASTRAL.finditer(text)]
    return found


def break_positions(text: str) -> list[int]:
    """Sorted code-point indexes of every paragraph break (``\\n``, ``\\r``, U+2029)."""
    found: list[int] = []
    for char in _BREAKS:
        position = text.find(char)
        while position != -1:
            found.append(position)
            position = text.find(char, position + 1)
    found.sort()
    return found


def isolated_breaks(breaks: list[int]) -> list[int]:
    """The breaks with no other break right before or after them: single paragraph ends.

    A run of two or more breaks already shows an empty line, so it is left alone.
    """
    isolated: list[int] = []
    count = len(breaks)
    for i, position in enumerate(breaks):
        if i > 0 and breaks[i - 1] == position - 1:
            continue
        if i + 1 < count and breaks[i + 1] == position + 1:
            continue
        isolated.append(position)
    return isolated


def document_text(
    text: str, *, paragraph_gaps: bool = False, breaks: list[int] | None = None
) -> str:
    """The string to give ``QTextDocument.setPlainText`` so positions match :class:`OffsetMap`.

    ``\\r`` becomes U+2029 first: Qt would merge ``\\r\\n`` into one break, which would
    make every later position one short. With ``paragraph_gaps`` each isolated break
    becomes U+2028 U+2029 (an empty line inside the block, then the block break).
    ``breaks`` may pass :func:`break_positions` already computed for ``text``.
    """
    shown = text.replace("\r", PARAGRAPH_SEPARATOR) if "\r" in text else text
    if not paragraph_gaps:
        return shown
    if breaks is None:
        breaks = break_positions(text)
    gaps = isolated_breaks(breaks)
    if not gaps:
        return shown
    if len(gaps) == len(breaks) and shown is text and PARAGRAPH_SEPARATOR not in text:
        # Every break is a lone "\n" (the usual article): one C-level replace.
        return text.replace("\n", _GAP_BREAK)
    pieces: list[str] = []
    previous = 0
    for position in gaps:
        pieces.append(shown[previous:position])
        pieces.append(_GAP_BREAK)
        previous = position + 1
    pieces.append(shown[previous:])
    return "".join(pieces)


class OffsetMap:
    """Convert between code-point indexes of ``text`` and positions in its Qt document.

    Built once per article (O(n) C-speed scans; a few ms for 5 MB of BMP text). Each
    conversion is O(log w) for w wide characters, and O(1) when there are none.

    A document position that falls *inside* a wide character (between the two halves of a
    surrogate pair, or between the U+2028 and U+2029 of a paragraph gap) has no code point
    of its own. :meth:`to_codepoint` snaps it to the start of that character by default, and
    to its end with ``round_up=True``: use the default for the start of a selection and
    ``round_up`` for its end, so a selection that touches half a character includes it.
    """

    __slots__ = ("_document_starts", "_wide", "document_length", "length")

    def __init__(
        self, text: str, *, paragraph_gaps: bool = False, breaks: list[int] | None = None
    ) -> None:
        wide = astral_positions(text)
        if paragraph_gaps:
            gaps = isolated_breaks(break_positions(text) if breaks is None else breaks)
            # Two sorted runs: Timsort merges them in linear time.
            wide = sorted(wide + gaps) if wide else gaps
        self._wide: list[int] = wide
        # Where each wide character starts in the document: its index plus one extra
        # unit for every wide character before it.
        self._document_starts: list[int] = [position + i for i, position in enumerate(wide)]
        self.length: int = len(text)
        self.document_length: int = len(text) + len(wide)

    @property
    def is_identity(self) -> bool:
        """True when every code point is one document unit (positions are equal)."""
        return not self._wide

    def to_utf16(self, codepoint: int) -> int:
        """The document position (UTF-16 units, gaps included) of code point ``codepoint``.

        ``codepoint`` may equal the text length (the end). Out-of-range values are clamped.
        """
        codepoint = min(max(codepoint, 0), self.length)
        if not self._wide:
            return codepoint
        return codepoint + bisect_left(self._wide, codepoint)

    def to_codepoint(self, position: int, *, round_up: bool = False) -> int:
        """The code-point index at document ``position``; see the class note on snapping."""
        position = min(max(position, 0), self.document_length)
        if not self._wide:
            return position
        before = bisect_left(self._document_starts, position)
        codepoint = position - before
        if round_up and before and self._document_starts[before - 1] + 1 == position:
            codepoint += 1
        return codepoint

    def wide_codepoints(self) -> Iterator[int]:
        """Code-point indexes of the characters that take two document positions."""
        return iter(self._wide)
