"""Suggest the claims of an article: its attributions, their sources and a codebook tag each.

``suggest(text)`` reads the text once, sentence by sentence, remembering the people it has met so
that "he said" and "Schenker said" take the tag of the person they refer to. It is rule-based,
pure Python and offline; see docs/suggesting.md for the rules and their measured quality.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from sourcemark.app.suggesting.frames import Frame, find_frames
from sourcemark.app.suggesting.memory import Memory, SourceReading
from sourcemark.app.suggesting.names import person_mentions
from sourcemark.app.suggesting.sources import describe_person, read_source
from sourcemark.app.suggesting.text import (
    OPENING_QUOTES,
    Quotation,
    Sentence,
    find_quotations,
    split_sentences,
)

QuoteForm = Literal["direct", "indirect"]

# "said he would not comment": a refusal reported as speech.
_REFUSAL_CONTENT = re.compile(
    r"^(?:he|she|they|it|we)\s+(?:would|will|could|did)\s+not\s+(?:comment|say|discuss|confirm)"
    r"|^(?:he|she|they|it|we)\s+(?:had|has)\s+no\s+(?:immediate\s+)?comment",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Suggestion:
    """A proposed claim; offsets are code points into the text, ends exclusive."""

    start: int
    end: int
    source_start: int | None
    source_end: int | None
    cue: str
    quote_form: QuoteForm
    tag_key: str
    speaker: str
    affiliation: str
    evidence: str


def suggest(text: str) -> list[Suggestion]:
    """Every attribution the rules find in ``text``, in text order."""
    quotations = find_quotations(text)
    sentences = split_sentences(text, quotations)
    memory = Memory()
    found: list[Suggestion] = []
    last_speaker: tuple[int, SourceReading] | None = None  # (sentence index, reading)
    for index, sentence in enumerate(sentences):

        def reader(phrase: str, around: str) -> SourceReading | None:
            return read_source(phrase, around, memory)

        frames = find_frames(text, sentence, quotations, reader)
        if not frames:
            floating = _floating_quote(text, sentence, quotations, last_speaker, index)
            if floating is not None:
                found.append(floating)
                continue
        _remember_mentions(text, sentence, memory)
        for frame in frames:
            suggestion = _suggestion(text, frame, quotations)
            found.append(suggestion)
            if frame.reading is not None:
                memory.note_source(frame.reading)
                if _speaks_alone(frame.reading):
                    last_speaker = (index, frame.reading)
        if frames and not any(f.reading is not None and _speaks_alone(f.reading) for f in frames):
            last_speaker = None
    return sorted(found, key=lambda s: (s.start, s.end))


def _suggestion(text: str, frame: Frame, quotations: list[Quotation]) -> Suggestion:
    reading = frame.reading
    cue = frame.cue + (" in a statement" if frame.statement else "")
    if frame.kind == "hedge" or (reading is None and frame.kind != "declined"):
        return Suggestion(
            frame.start,
            frame.end,
            None,
            None,
            frame.cue,
            _form(frame, quotations),
            "unattributed",
            "",
            "",
            f'hedged, no source named: "{frame.cue}"',
        )
    content = text[frame.start : frame.end]
    if frame.kind == "declined" or _REFUSAL_CONTENT.match(content):
        refusal = frame.cue if frame.kind == "declined" else content.split(" on ")[0]
        evidence = f'declined: "{refusal}"'
        if reading is not None:
            evidence += f"; source: {reading.evidence}"
        return Suggestion(
            frame.start,
            frame.end,
            frame.source_start,
            frame.source_end,
            cue,
            "indirect",
            "declined-to-comment",
            reading.speaker if reading else "",
            reading.affiliation if reading else "",
            evidence,
        )
    assert reading is not None
    evidence = reading.evidence + ('; "in a statement"' if frame.statement else "")
    return Suggestion(
        frame.start,
        frame.end,
        frame.source_start,
        frame.source_end,
        cue,
        _form(frame, quotations),
        reading.tag,
        reading.speaker,
        reading.affiliation,
        evidence,
    )


def _form(frame: Frame, quotations: list[Quotation]) -> QuoteForm:
    for quote in quotations:
        if quote.inner_start <= frame.start and frame.end <= quote.inner_end:
            return "direct"
    return "indirect"


def _floating_quote(
    text: str,
    sentence: Sentence,
    quotations: list[Quotation],
    last_speaker: tuple[int, SourceReading] | None,
    index: int,
) -> Suggestion | None:
    """A sentence that is only a quotation, right after a person spoke: more of their words."""
    if last_speaker is None or last_speaker[0] != index - 1:
        return None
    if text[sentence.start] not in OPENING_QUOTES:
        return None
    quote = next((q for q in quotations if q.start == sentence.start), None)
    if quote is None or text[quote.end : sentence.end].strip(" .!?…"):
        return None
    if len(text[quote.inner_start : quote.inner_end].split()) < 2:
        return None
    reading = last_speaker[1]
    start, end = quote.inner_start, quote.inner_end
    while end > start and text[end - 1] in " ,":
        end -= 1
    return Suggestion(
        start,
        end,
        None,
        None,
        "",
        "direct",
        reading.tag,
        reading.speaker,
        reading.affiliation,
        f"continues the quotation of {reading.speaker}; {reading.evidence}",
    )


def _speaks_alone(reading: SourceReading) -> bool:
    """One person, named or not, whose next bare quotation is more of their words."""
    return reading.kind == "person" or reading.individual


def _remember_mentions(text: str, sentence: Sentence, memory: Memory) -> None:
    """People named in a sentence, so that a later "he" or surname can find them."""
    body = text[sentence.start : sentence.end]
    for offset, name in person_mentions(body, memory):
        window = body[max(0, offset - 50) : offset + len(name) + 80]
        leading = body[:offset].split()
        subject = len(leading) <= 6 and not any(w.islower() and w.endswith("ed") for w in leading)
        known = memory.person(name)
        if known is not None:
            memory.remember(known, subject=subject)
        else:
            memory.remember(describe_person(name, window, memory), subject=subject)
