"""Spans of an article's text: code-point offsets, validation, context and word snapping.

A claim's ``start`` and ``end`` are Python ``str`` indexes (code points) into the stored text,
end exclusive. Qt's UTF-16 positions are converted at the UI boundary, never here.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from sourcemark.app.errors import ValidationError

CONTEXT_WIDTH = 32


@dataclass(frozen=True)
class Span:
    start: int
    end: int

    def __len__(self) -> int:
        return self.end - self.start


@dataclass(frozen=True)
class TextWindow:
    """A stretch of a long text that measures and slices like the whole of it.

    Tagging a passage needs the article's length, the passage and a little context around
    it; reading a 5 MB article whole for that took 20 ms per tag. Offsets are those of the
    whole text; slicing outside the stretch read is a bug, so it raises.
    """

    piece: str
    offset: int
    length: int

    def __len__(self) -> int:
        return self.length

    def __getitem__(self, part: slice) -> str:
        start, stop = part.start or 0, min(self.length, part.stop)
        if start >= stop:
            return ""
        if start < self.offset or stop > self.offset + len(self.piece):
            raise IndexError(f"{start}-{stop} is outside the window read ({self.offset}+)")
        return self.piece[start - self.offset : stop - self.offset]


def validate_span(text: str | TextWindow, start: int, end: int) -> Span:
    """Check that [start, end) lies in ``text`` and holds more than whitespace."""
    if not 0 <= start < end <= len(text):
        raise ValidationError(
            f"The span {start}–{end} is outside the article, which has {len(text)} characters. "
            "Give a start below the end, both between 0 and the article's length."
        )
    if not text[start:end].strip():
        raise ValidationError("The selected passage is only whitespace; select some words.")
    return Span(start, end)


def context(text: str | TextWindow, span: Span, width: int = CONTEXT_WIDTH) -> tuple[str, str]:
    """The text just before and after a span, kept with a claim to re-anchor it later."""
    return text[max(0, span.start - width) : span.start], text[span.end : span.end + width]


def find_quote(text: str, quote: str, occurrence: int | None = None) -> Span:
    """Locate ``quote`` in ``text``; ``occurrence`` (1-based) picks one of several matches."""
    if not quote.strip():
        raise ValidationError("The quote is empty; give the words of the passage to tag.")
    starts: list[int] = []
    position = text.find(quote)
    while position != -1:
        starts.append(position)
        position = text.find(quote, position + 1)
    if not starts:
        raise ValidationError(
            f"The quote {_shorten(quote)!r} does not occur in the article. "
            "Check its spelling, quotation marks and apostrophes."
        )
    if occurrence is None:
        if len(starts) > 1:
            raise ValidationError(
                f"The quote {_shorten(quote)!r} occurs {len(starts)} times in the article; "
                f"say which with --occurrence 1 to {len(starts)}, or quote more words."
            )
        occurrence = 1
    if not 1 <= occurrence <= len(starts):
        raise ValidationError(
            f"The quote occurs {len(starts)} time(s); --occurrence must be 1 to {len(starts)}."
        )
    start = starts[occurrence - 1]
    return Span(start, start + len(quote))


def snap_to_words(text: str, start: int, end: int) -> Span:
    """Widen a span to whole words and trim the whitespace around it.

    A selection that starts or ends inside a word grows to include that word; one that
    starts or ends in whitespace shrinks to the first and last non-space characters.
    Combining marks count as part of the word they follow.
    """
    start = max(0, min(start, len(text)))
    end = max(start, min(end, len(text)))
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start == end:
        return Span(start, end)
    while start > 0 and _is_word_char(text[start - 1]) and _is_word_char(text[start]):
        start -= 1
    while end < len(text) and _is_word_char(text[end]) and _is_word_char(text[end - 1]):
        end += 1
    return Span(start, end)


def _is_word_char(char: str) -> bool:
    if char.isalnum() or char in "_'’-":
        return True
    # Combining marks (accents, Arabic harakat), joiners and emoji modifiers stay with
    # the character before them.
    return unicodedata.category(char) in {"Mn", "Mc", "Me", "Cf", "Sk"}


def _shorten(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
