"""Attribution frames in one sentence: where the claim is, where its source is, and the cue.

The shapes news copy uses, each read on a *masked* sentence (quoted words hidden, so a "said"
inside a quotation is never a cue):

- subject first: "X said (that) …", "X told reporters …", "X said: “…”", "X confirmed …"
- subject after: "…, X said.", "“…,” she said."      inverted: "…, said X, a …"
- parenthetical: "The transfers, the filing alleges, were approved …"
- "according to X, …" and "…, according to X."
- refusals: "X declined to comment", "did not respond to a request for comment"
- hedges with no source: "reportedly", "is said to", "is believed to", "allegedly"

Whether the subject really is a source is decided by the ``reader`` the engine passes in, so a
frame is only kept when its source phrase reads as a person, organisation, record or outlet.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Literal

from sourcemark.app.suggesting import lexicon as lx
from sourcemark.app.suggesting.clauses import (
    adjunct_tail,
    bare_head,
    content_end,
    has_clause_verb,
    initial_subject,
    is_intro_only,
    strip_verb_prefixes,
    subject_span,
    trailing_subject,
    trim,
    trim_quote,
)
from sourcemark.app.suggesting.memory import SourceReading
from sourcemark.app.suggesting.patterns import (
    ACCORDING,
    ADJUNCT,
    ADJUNCT_THEN_THAT,
    CONTENT_CUT,
    CUE,
    DECLINED,
    HEDGE,
    INTRO_WORDS,
    LABELLED,
    NOT_A_CLAIM,
    PARTICIPLE,
    PUT_IT,
    RECIPIENT,
    TAIL,
    WORD,
)
from sourcemark.app.suggesting.text import CLOSING_QUOTES, MASK, Quotation, Sentence, masked

FrameKind = Literal["speech", "according", "declined", "hedge"]

Reader = Callable[[str, str], SourceReading | None]


@dataclass(frozen=True)
class Frame:
    """Offsets are code points into the article; ``reading`` is None only for hedges."""

    start: int
    end: int
    source_start: int | None
    source_end: int | None
    cue: str
    cue_start: int
    cue_end: int
    kind: FrameKind
    reading: SourceReading | None
    statement: bool = False


def find_frames(
    text: str, sentence: Sentence, quotations: list[Quotation], reader: Reader
) -> list[Frame]:
    """Every attribution frame of ``sentence``, overlapping readings resolved."""
    quotes = [q for q in quotations if q.start < sentence.end and q.end > sentence.start]
    finder = _SentenceFrames(text, sentence, quotes, reader)
    return finder.run()


class _SentenceFrames:
    """One sentence's frames; offsets inside are relative to the sentence start."""

    def __init__(
        self, text: str, sentence: Sentence, quotes: list[Quotation], reader: Reader
    ) -> None:
        self.text = text
        self.base = sentence.start
        self.raw = text[sentence.start : sentence.end]
        self.masked = masked(text, sentence.start, sentence.end, quotes)
        self.quotes = [
            replace(
                q,
                start=q.start - self.base,
                end=min(q.end, sentence.end) - self.base,
                inner_start=q.inner_start - self.base,
                inner_end=min(q.inner_end, sentence.end) - self.base,
            )
            for q in quotes
        ]
        self.reader = reader
        self.frames: list[Frame] = []
        self.end = content_end(self.raw, len(self.raw))

    def run(self) -> list[Frame]:
        self._as_put_it()
        self._according()
        self._speech()
        self._participial()
        self._labelled()
        self._declined()
        self._hedges()
        return _resolve(self.frames)

    # -- "according to" -----------------------------------------------------------------------

    def _according(self) -> None:
        m = self.masked
        for match in ACCORDING.finditer(m):
            source_start = match.end()
            comma = m.find(",", source_start)
            source_end = comma if comma != -1 else self.end
            phrase = m[source_start:source_end].strip()
            if bare_head(phrase) in lx.NOT_SOURCES_AFTER_ACCORDING:
                continue
            guess = self.reader(phrase, "")
            if guess is None or guess.guessed:
                continue  # "according to the timetable": not a source
            left = m[: match.start()].strip()
            if is_intro_only(left):
                content_start = source_end + 1 if comma != -1 else self.end
                # "According to the indictment, unsealed on Friday, Kline …": skip the aside.
                aside = re.match(
                    r"\s*(?:[a-z]+(?:ed|en)|which|who|published|released)\b[^,]*,",
                    m[content_start:],
                )
                if aside:
                    content_start += aside.end()
                start, end = trim(self.raw, content_start, self.end)
            else:
                start, end = trim(self.raw, self._clause_start(match.start()), match.start())
            if end - start < 3:
                continue
            self._add(start, end, source_start, source_end, "according to", match, "according")

    def _as_put_it(self) -> None:
        """ "As the mayor put it, …" and "…, as one resident put it."."""
        m = self.masked
        for match in PUT_IT.finditer(m):
            source_start, source_end = match.start("source"), match.end("source")
            if match.start() == 0 or m[: match.start()].strip() in {"But", "And", "Or"}:
                start, end = trim(self.raw, match.end(), self.end)
            else:
                start, end = trim(self.raw, 0, match.start())
            if len(self.raw[start:end].split()) < 2:
                continue
            self._add(start, end, source_start, source_end, "put it", match, "speech")

    def _labelled(self) -> None:
        """ "X called the vote “a historic night”": a quotation the subject applied to something."""
        m = self.masked
        for match in LABELLED.finditer(m):
            quote = self._quote_at(match.end() - 1)
            if quote is None or not quote.closed or quote.end < self.end - 2:
                continue
            if any(f.start - self.base <= match.start() < f.end - self.base for f in self.frames):
                continue
            left = strip_verb_prefixes(m[: match.start()])
            clause = self._clause_start(len(left))
            if not m[clause : len(left)].strip():
                continue
            source_start, source_end = subject_span(m, clause, len(left))
            start, end = trim_quote(self.raw, quote)
            self._add(start, end, source_start, source_end, match.group(1), match, "speech")

    # -- reporting verbs ----------------------------------------------------------------------

    def _speech(self) -> None:
        m = self.masked
        for match in CUE.finditer(m):
            verb = match.group(1)
            if self._not_a_cue(match):
                continue
            rest_at, statement = self._after_cue(match.end(), verb)
            rest = m[rest_at:]
            left = strip_verb_prefixes(m[: match.start()])
            ends_open = left.rstrip().endswith((",", *CLOSING_QUOTES))
            if (
                ends_open
                and not rest.lstrip().startswith("that")
                and self._left_is_content(left)
                and self._inverted(match, left, rest_at, statement)
            ):
                continue
            if not rest.strip(" .!?…") or TAIL.match(rest) or adjunct_tail(rest):
                self._subject_after(match, left, statement)
            elif rest.startswith(",") and not self._quote_at(
                rest_at + len(rest) - len(rest.lstrip(", :"))
            ):
                self._parenthetical(match, left, statement)
            else:
                self._subject_first(match, left, rest_at, statement)

    def _not_a_cue(self, match: re.Match[str]) -> bool:
        m = self.masked
        verb = match.group(1)
        before = re.findall(r"[\w’'-]+", m[: match.start()].lower())
        after = m[match.end() :]
        previous = before[-1] if before else ""
        if previous in lx.BE_FORMS or (
            len(before) > 1 and before[-2] in lx.BE_FORMS and previous in lx.VERB_PREFIXES
        ):
            return True  # passive: "were told to leave", "is said to have"
        if previous in {"the", "a", "an", "this", "that", "which", "who", "these", "those"}:
            return True  # "the said transfers", "That said,", "signs that said"
        if verb == "told" and previous == "all":
            return True
        if re.match(r"\s+than\b", after) or (
            verb in {"said", "say"} and re.match(r"\s+to\b", after)
        ):
            return True
        # An instruction, not a report: "told him to drop the knife".
        return bool(
            verb in {"told", "tells", "tell"}
            and re.match(rf"\s+(?:{WORD}\s+){{1,3}}?to\s+[a-z]", after)
            and not re.match(rf"\s+(?:{WORD}\s+){{0,6}}?that\b", after)
        )

    def _after_cue(self, position: int, verb: str) -> tuple[int, bool]:
        """Skip the recipient and adjuncts after a cue; report "in a statement"."""
        m = self.masked
        statement = False
        if verb in {"told", "tells", "tell"}:
            recipient = RECIPIENT.match(m[position:])
            if recipient:
                position += recipient.end()
        for _ in range(6):
            adjunct = ADJUNCT.match(m[position:])
            if not adjunct:
                break
            statement = statement or bool(adjunct.group("statement"))
            position += adjunct.end()
        return position, statement

    def _inverted(self, match: re.Match[str], left: str, rest_at: int, statement: bool) -> bool:
        """ "“…,” said Ana Ferreira, a crane operator": the source follows its cue."""
        verb = match.group(1)
        source_start = (
            rest_at + len(self.masked[rest_at:]) - len(self.masked[rest_at:].lstrip(" ,"))
        )
        tail = TAIL.search(self.masked[source_start:])
        source_end = source_start + tail.start() if tail else self.end
        source_end = min(source_end, self.end)
        if source_end <= source_start:
            return False
        content = self._left_content(left)
        if content is None:
            return False
        start, end, is_quote = content
        if verb in lx.QUOTE_ONLY_VERBS and not is_quote:
            return False
        guess = self.reader(self.raw[source_start:source_end], "")
        if guess is None or guess.guessed:
            return False
        return self._add(start, end, source_start, source_end, verb, match, "speech", statement)

    def _subject_after(self, match: re.Match[str], left: str, statement: bool) -> None:
        """ "…, the officials said." and "“…,” she said.": the claim comes first."""
        verb = match.group(1)
        split = trailing_subject(left)
        if split is None:
            return
        source_start, content_end = split
        content = self._left_content(left[:content_end] + " ")
        if content is None:
            return
        start, end, is_quote = content
        if verb in lx.QUOTE_ONLY_VERBS and not is_quote:
            return
        source_end = len(left.rstrip(" ,"))
        self._add(start, end, source_start, source_end, verb, match, "speech", statement)

    def _parenthetical(self, match: re.Match[str], left: str, statement: bool) -> None:
        """ "The transfers, the filing alleges, were approved …": the claim surrounds the cue."""
        split = trailing_subject(left)
        if split is None or match.group(1) in lx.QUOTE_ONLY_VERBS:
            return
        source_start, content_end = split
        if not self.masked[:content_end].strip():
            return
        start, end = trim(self.raw, 0, self.end)
        source_end = len(left.rstrip(" ,"))
        self._add(start, end, source_start, source_end, match.group(1), match, "speech", statement)

    def _subject_first(
        self, match: re.Match[str], left: str, rest_at: int, statement: bool
    ) -> None:
        """ "X said (that) …", "X told reporters …", "He added: “…”"."""
        verb = match.group(1)
        m = self.masked
        clause = self._clause_start(len(left))
        intro_statement = bool(re.search(r"\bin a statement\b", m[: len(left)], re.I))
        subject = m[clause : len(left)]
        coordinated = re.search(r"\s(?:and|but)\s*$", subject)
        if coordinated and self._previous_source() is not None:
            previous = self._previous_source()
            assert previous is not None
            source_start, source_end = previous
        elif coordinated:
            # "Mr. Alvarez called the decision absurd and said …": the clause's own subject.
            opening = initial_subject(m, clause, coordinated.start())
            if opening is None:
                return
            source_start, source_end = subject_span(m, opening[0], opening[1])
        elif not subject.strip():
            previous = self._previous_source()
            if previous is None:
                return
            source_start, source_end = previous
        else:
            source_start, source_end = subject_span(m, clause, len(left))
        lead = re.match(r"\s*[:,]?\s*", m[rest_at:])
        content_at = rest_at + (lead.end() if lead else 0)
        quote = self._quote_at(content_at)
        had_that = False
        if quote is not None and quote.end >= self.end - 1:
            start, end = trim_quote(self.raw, quote)
            is_quote = True
        else:
            that = re.match(r"\s*that\s+", m[rest_at:]) or ADJUNCT_THEN_THAT.match(m[rest_at:])
            had_that = that is not None
            content_at = rest_at + (that.end() if that else 0)
            cut = CONTENT_CUT.search(m, content_at, self.end)
            start, end = trim(self.raw, content_at, cut.start() if cut else self.end)
            quote = self._quote_at(start)
            is_quote = quote is not None and (start, end) == trim_quote(self.raw, quote)
        if verb in lx.QUOTE_ONLY_VERBS and not is_quote:
            return
        if not is_quote and len(self.raw[start:end].split()) < 2:
            return
        if not (had_that or is_quote) and NOT_A_CLAIM.match(self.raw[start:end]):
            return  # "said goodbye", "said a prayer"
        clause_needed = verb in lx.OBJECT_PRONE_VERBS and not (had_that or is_quote)
        if clause_needed and not has_clause_verb(m[start:end]):
            return
        if verb in lx.EVIDENCE_VERBS and not had_that:
            reading = self.reader(self.raw[source_start:source_end], "")
            if reading is None or not (
                reading.kind in {"document", "data", "media"} or reading.expert
            ):
                return
        self._add(
            start,
            end,
            source_start,
            source_end,
            verb,
            match,
            "speech",
            statement or intro_statement,
        )

    def _participial(self) -> None:
        """ "The council scrapped breakfasts, saying it can no longer afford them"."""
        m = self.masked
        for match in PARTICIPLE.finditer(m):
            that = re.match(r"that\s+", m[match.end() :])
            if match.group(1) == "telling":
                recipient = RECIPIENT.match(" " + m[match.end() :])
                told = re.match(r"(?:[^,;]{0,80}?\s)?that\s+", m[match.end() :])
                if told is None:
                    continue
                that = told if recipient else None
            content_at = match.end() + (that.end() if that else 0)
            cut = CONTENT_CUT.search(m, content_at, self.end)
            start, end = trim(self.raw, content_at, cut.start() if cut else self.end)
            if len(self.raw[start:end].split()) < 3:
                continue
            previous = self._previous_source()
            if previous is None:
                clause = self._clause_start(match.start())
                previous = initial_subject(m, clause, match.start())
            if previous is None:
                continue
            self._add(start, end, previous[0], previous[1], match.group(1), match, "speech")

    # -- refusals and hedges ------------------------------------------------------------------

    def _declined(self) -> None:
        m = self.masked
        for match in DECLINED.finditer(m):
            if any(f.start - self.base <= match.start() < f.end - self.base for f in self.frames):
                continue  # "said he would not comment on …": the speech frame carries it
            cut = CONTENT_CUT.search(m, match.end(), self.end)
            start, end = trim(self.raw, match.start(), cut.start() if cut else self.end)
            left = m[: match.start()]
            left = re.sub(r"(?:,?\s+(?:but|and)|\s+also|\s+immediately)\s*$", " ", left.rstrip())
            clause = self._clause_start(len(left.rstrip()))
            subject = m[clause : len(left.rstrip())]
            verb_before = CUE.search(subject)
            if verb_before:
                subject = subject[: verb_before.start()]
            if not subject.strip() or re.search(r"\b(?:but|and)\s*$", m[: match.start()]):
                previous = self._previous_source()
                if previous is not None:
                    self._add_declined(start, end, previous, match)
                    continue
            if subject.strip():
                span = subject_span(m, clause, clause + len(subject.rstrip()))
                self._add_declined(start, end, span, match)
            else:
                self._add_declined(start, end, None, match)

    def _add_declined(
        self, start: int, end: int, span: tuple[int, int] | None, match: re.Match[str]
    ) -> None:
        reading = None
        if span is not None:
            reading = self.reader(self.raw[span[0] : span[1]], self._around(start, end))
        cue = re.sub(r"\s+", " ", match.group())
        self.frames.append(
            Frame(
                start + self.base,
                end + self.base,
                span[0] + self.base if span else None,
                span[1] + self.base if span else None,
                cue,
                match.start() + self.base,
                match.end() + self.base,
                "declined",
                reading,
            )
        )

    def _hedges(self) -> None:
        m = self.masked
        for match in HEDGE.finditer(m):
            inside = any(
                f.start - self.base <= match.start() < f.end - self.base for f in self.frames
            )
            if inside:
                continue
            before = m[: match.start()]
            boundary = 0
            for cut in re.finditer(
                r"(?:,\s+|\b(?:after|because|when|while|since|although|though|whereas|but|that)\s+)",
                before,
            ):
                boundary = cut.end()
            start, end = trim(self.raw, boundary, self.end)
            if end - start < 3:
                continue
            cue = re.sub(r"\s+", " ", match.group())
            self.frames.append(
                Frame(
                    start + self.base,
                    end + self.base,
                    None,
                    None,
                    cue,
                    match.start() + self.base,
                    match.end() + self.base,
                    "hedge",
                    None,
                )
            )

    # -- shared pieces ------------------------------------------------------------------------

    def _add(
        self,
        start: int,
        end: int,
        source_start: int,
        source_end: int,
        cue: str,
        match: re.Match[str],
        kind: FrameKind,
        statement: bool = False,
    ) -> bool:
        source_start, source_end = trim(self.raw, source_start, source_end)
        if end <= start or source_end <= source_start:
            return False
        phrase = self.raw[source_start:source_end]
        reading = self.reader(phrase, self._around(start, end))
        earlier = [f.reading for f in self.frames if f.reading is not None]
        if phrase.lower() in lx.PRONOUNS and earlier:
            # "The UN says …, though it cautions …": the pronoun means this sentence's source.
            reading = replace(
                earlier[-1], evidence=f'"{phrase}" = {earlier[-1].speaker}; {earlier[-1].evidence}'
            )
        if reading is None:
            return False
        self.frames.append(
            Frame(
                start + self.base,
                end + self.base,
                source_start + self.base,
                source_end + self.base,
                cue,
                match.start() + self.base,
                match.end() + self.base,
                kind,
                reading,
                statement,
            )
        )
        return True

    def _around(self, start: int, end: int) -> str:
        return self.raw[:start] + " " + self.raw[end:]

    def _previous_source(self) -> tuple[int, int] | None:
        for frame in reversed(self.frames):
            if frame.source_start is not None and frame.source_end is not None:
                return frame.source_start - self.base, frame.source_end - self.base
        return None

    def _quote_at(self, position: int) -> Quotation | None:
        for quote in self.quotes:
            if quote.start == position:
                return quote
        return None

    def _left_is_content(self, left: str) -> bool:
        """Is the text before a cue a claim (inverted order) rather than a subject with an aside?"""
        stripped = left.rstrip().rstrip(",").rstrip()
        if stripped.endswith(tuple(CLOSING_QUOTES)) or stripped.endswith(MASK):
            return True
        segment = self.masked[self._clause_start(len(stripped)) : len(stripped)]
        return self.reader(segment, "") is None

    def _left_content(self, left: str) -> tuple[int, int, bool] | None:
        """The claim before a cue: a quotation's words, or the clause up to the comma."""
        stripped = left.rstrip()
        core = stripped.rstrip(",").rstrip()
        for quote in self.quotes:
            if (quote.closed and quote.end == len(core)) or (
                quote.closed and quote.end == len(stripped) and stripped.endswith(",")
            ):
                before = self.masked[: quote.start].strip()
                if not before or before.endswith((":", ".")):
                    start, end = trim_quote(self.raw, quote)
                    return start, end, True
        start, end = trim(self.raw, 0, len(core))
        if end - start < 3 or len(self.raw[start:end].split()) < 2:
            return None
        return start, end, False

    def _clause_start(self, position: int) -> int:
        """Where the clause holding ``position`` begins: after "; ", ", and ", an intro phrase."""
        m = self.masked[:position]
        start = 0
        for cut in re.finditer(
            r"[;:]\s+|—\s*|,\s+(?:and|but|while|whereas|although|though|because|so|yet|since)\s+",
            m,
        ):
            start = cut.end()
        # "In a statement, the company said": drop leading intro segments.
        while True:
            segment = re.match(r"([^,]+),\s+", m[start:])
            if not segment:
                break
            first = segment.group(1).split()
            word = first[0].lower() if first else ""
            participle = word.endswith(("ing", "ed")) and word not in lx.PRONOUNS
            if word in INTRO_WORDS or (participle and first[0][:1].islower()):
                start += segment.end()
                continue
            break
        lead = re.match(r"(?:But|And|Yet|So|Still)\s+", m[start:])
        if lead:
            start += lead.end()
        return start


def _resolve(frames: list[Frame]) -> list[Frame]:
    """Drop a frame whose cue sits inside another frame's claim: "X said [the data showed …]"."""
    kept: list[Frame] = []
    for frame in frames:
        swallowed = any(
            other is not frame
            and other.start <= frame.cue_start < other.end
            and (
                not (frame.start <= other.cue_start < frame.end)
                # Each inside the other: "X told staff that …, according to a recording".
                or (frame.kind == "according" and other.kind != "according")
            )
            for other in frames
        )
        duplicate = any(k.start == frame.start and k.end == frame.end for k in kept)
        if not swallowed and not duplicate:
            kept.append(frame)
    return sorted(kept, key=lambda f: (f.start, f.end))
