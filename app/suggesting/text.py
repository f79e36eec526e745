"""Quotations and sentences of an article, as code-point spans of its text.

Quotations are found first so that sentences never split inside one: “First. Second,” she said
is one sentence whose attribution covers both. Sentences know abbreviations (U.S., Mr., Dr.),
initials, and curly and straight quotation marks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sourcemark.app.suggesting.lexicon import NAME_TITLES, words

OPENING_QUOTES = "“\"‘'«„"
CLOSING_QUOTES = "”\"’'»“"
# Stands in for quoted words in a masked sentence: not a letter, digit, space or comma.
MASK = "\ue000"

# Words that start a sentence after an abbreviation such as "U.S." or "p.m.".
_SENTENCE_STARTERS = words(
    """
    The A An He She It They We I But And In On At This That These Those There His Her Its Their
    Our After Before When While As However Meanwhile If Some Many Most Officials Police
    """
)
_MONTHS = words(
    """
    jan feb mar apr jun jul aug sep sept oct nov dec
    """
)
_TERMINATOR = re.compile(r"(?:[.!?]+|…)[”\"’')\]]*(?=\s)")


@dataclass(frozen=True)
class Quotation:
    """A quotation: ``start``/``end`` include the marks, ``inner_*`` the quoted words."""

    start: int
    end: int
    inner_start: int
    inner_end: int
    closed: bool

    def contains(self, position: int) -> bool:
        return self.start < position < self.end


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    paragraph: int


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Spans of the non-blank lines; a line break always ends a paragraph."""
    spans = []
    for match in re.finditer(r"[^\n]+", text):
        if match.group().strip():
            spans.append((match.start(), match.end()))
    return spans


def find_quotations(text: str) -> list[Quotation]:
    """Double-quoted passages, then single-quoted ones (British style) outside them."""
    found: list[Quotation] = []
    for start, end in paragraphs(text):
        doubles = _double_quotes(text, start, end)
        found.extend(doubles)
        found.extend(_single_quotes(text, start, end, doubles))
    return sorted(found, key=lambda q: q.start)


def _double_quotes(text: str, start: int, end: int) -> list[Quotation]:
    quotes = []
    opened: int | None = None
    for index in range(start, end):
        char = text[index]
        if char not in '“”"«»„':
            continue
        if opened is None:
            if char in '“"«„':
                opened = index
        elif char in '”"»“':
            quotes.append(Quotation(opened, index + 1, opened + 1, index, True))
            opened = None
    if opened is not None:
        # A quotation that runs on into the next paragraph, as news style allows.
        quotes.append(Quotation(opened, end, opened + 1, end, False))
    return quotes


def _single_quotes(text: str, start: int, end: int, doubles: list[Quotation]) -> list[Quotation]:
    """‘…’ and '…' outside double quotes; an apostrophe inside a word never closes one."""
    quotes: list[Quotation] = []
    resume = start
    for mark in re.finditer(r"[‘']", text[start:end]):
        index = start + mark.start()
        if index < resume or any(q.start <= index < q.end for q in doubles):
            continue
        if not _opens(text, index, start):
            continue
        close = _single_close(text, index + 1, end)
        if close is not None and " " in text[index + 1 : close]:
            quotes.append(Quotation(index, close + 1, index + 1, close, True))
            resume = close + 1
    return quotes


def _opens(text: str, index: int, paragraph_start: int) -> bool:
    before = text[index - 1] if index > paragraph_start else " "
    after = text[index + 1] if index + 1 < len(text) else " "
    return (before.isspace() or before in "([—–-:") and (after.isalnum() or after in '“"')


def _single_close(text: str, index: int, end: int) -> int | None:
    for position in range(index, end):
        if text[position] in "’'":
            before = text[position - 1]
            after = text[position + 1] if position + 1 < len(text) else " "
            if before.isspace() or after.isalpha():
                continue  # an apostrophe: "isn’t", "’90s"
            if (
                before == "s"
                and after == " "
                and position + 2 < end
                and text[position + 2].islower()
            ):
                continue  # a plural possessive: "the farmers’ union"
            return position
    return None


def split_sentences(text: str, quotations: list[Quotation] | None = None) -> list[Sentence]:
    """Sentences of every paragraph, never split inside a quotation or after an abbreviation."""
    quotes = find_quotations(text) if quotations is None else quotations
    sentences: list[Sentence] = []
    for number, (p_start, p_end) in enumerate(paragraphs(text)):
        inside = [q for q in quotes if p_start <= q.start < p_end]
        begin = p_start
        for match in _TERMINATOR.finditer(text, p_start, p_end):
            boundary = match.end()
            if any(q.contains(boundary) for q in inside):
                continue
            if not _ends_sentence(text, match.start(), boundary, p_end):
                continue
            sentences.append(_trimmed(text, begin, boundary, number))
            begin = boundary
        if text[begin:p_end].strip():
            sentences.append(_trimmed(text, begin, p_end, number))
    return sentences


def _trimmed(text: str, start: int, end: int, paragraph: int) -> Sentence:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Sentence(start, end, paragraph)


def _ends_sentence(text: str, stop: int, boundary: int, p_end: int) -> bool:
    """Is the terminator at ``stop`` a sentence end, given the word before and after it?"""
    following = re.match(r"\s+([^\s]+)", text[boundary:p_end])
    if following is None:
        return True
    next_word = following.group(1)
    next_char = next_word[0]
    if not (next_char.isupper() or next_char.isdigit() or next_char in "“\"‘'«(["):
        return False
    if text[stop] != ".":
        return True
    word = re.search(r"([\w.]+)$", text[max(0, stop - 40) : stop])
    before = word.group(1) if word else ""
    bare = before.rstrip(".").lower()
    if bare in NAME_TITLES:
        return False
    if bare in _MONTHS or bare == "no":
        return not next_char.isdigit()
    if len(before) == 1 and before.isupper():
        return False  # an initial: "John F. Kennedy"
    if "." in before or bare in {"inc", "ltd", "corp", "co", "etc", "vs", "approx"}:
        # "U.S.", "a.m.", "Inc.": a boundary only before a word that typically starts one.
        return next_word.strip("“\"‘'«([") in _SENTENCE_STARTERS
    return True


def masked(text: str, start: int, end: int, quotations: list[Quotation]) -> str:
    """``text[start:end]`` with quoted words replaced by MASK, offsets unchanged.

    Cue words and commas inside a quotation then never look like the article's own syntax.
    """
    chars = list(text[start:end])
    for quote in quotations:
        if quote.end <= start or quote.start >= end:
            continue
        for index in range(max(quote.inner_start, start), min(quote.inner_end, end)):
            chars[index - start] = MASK
    return "".join(chars)
