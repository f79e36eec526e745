"""Small helpers that cut a sentence into claim, subject and cue (offsets within a sentence)."""

from __future__ import annotations

import re

from sourcemark.app.suggesting import lexicon as lx
from sourcemark.app.suggesting.patterns import ANONYMITY_SEGMENT, INTRO_WORDS, PREPOSITIONS
from sourcemark.app.suggesting.text import Quotation


def content_end(raw: str, end: int) -> int:
    while end > 0 and (raw[end - 1].isspace() or raw[end - 1] in ".!?…;:,"):
        end -= 1
    return end


def trim(raw: str, start: int, end: int) -> tuple[int, int]:
    while start < end and (raw[start].isspace() or raw[start] in ",;:—–"):
        start += 1
    while end > start and (raw[end - 1].isspace() or raw[end - 1] in ",;:.—–"):
        end -= 1
    return start, end


def trim_quote(raw: str, quote: Quotation) -> tuple[int, int]:
    start, end = quote.inner_start, quote.inner_end
    while start < end and raw[start].isspace():
        start += 1
    while end > start and (raw[end - 1].isspace() or raw[end - 1] == ","):
        end -= 1
    return start, end


def strip_verb_prefixes(left: str) -> str:
    """ "X has also said": the subject ends before "has also"."""
    while True:
        match = re.search(r"(\s+)([\w’'-]+)\s*$", left)
        if not match or match.group(2).lower() not in lx.VERB_PREFIXES:
            return left
        left = left[: match.start()] + " "


def trailing_subject(left: str) -> tuple[int, int] | None:
    """Split "CLAIM, SUBJECT" into (subject start, claim end), keeping appositives together."""
    stripped = left.rstrip()
    core = stripped.rstrip(",").rstrip()
    # (where the claim ends, where the subject starts): at a comma, or after a closing quote.
    separators = [
        (m.start() + (0 if m.group().startswith(",") else 1), m.end())
        for m in re.finditer(r",\s+|[”\"’'»](?=\s)\s*", core)
        if m.end() < len(core)
    ]
    if not separators:
        return None
    cut, subject_start = separators[-1]
    subject = core[subject_start:]
    if len(separators) > 1:
        previous_cut, previous_start = separators[-2]
        previous = core[previous_start:cut]
        # "…, the launch company, Vector Orbital," and "…, David Smith, a professor at Yale,".
        if (looks_like_name(subject) and looks_like_role(previous)) or (
            looks_like_name(previous) and re.match(r"(?:a|an|the)\s|\d", subject)
        ):
            cut, subject_start = previous_cut, previous_start
    if len(subject.split()) > 20 or not subject.strip():
        return None
    return subject_start, cut


def subject_span(masked_text: str, clause: int, end: int) -> tuple[int, int]:
    """The subject's span without anonymity asides: "A neighbour[, who spoke on condition …]"."""
    subject = masked_text[clause:end]
    kept_end = clause
    offset = clause
    for index, segment in enumerate(re.split(r"(,\s+)", subject)):
        if index % 2 == 0:
            if index > 0 and ANONYMITY_SEGMENT.match(segment.strip()):
                break
            if segment.strip():
                kept_end = offset + len(segment.rstrip())
        offset += len(segment)
    return clause, max(kept_end, clause)


def adjunct_tail(rest: str) -> bool:
    """ "… told reporters [after the vote]." — a short phrase with no verb ends the sentence."""
    words = re.findall(r"[\w’'-]+", rest)
    if not 1 < len(words) <= 7 or words[0] not in PREPOSITIONS:
        return False
    if re.search(r"[,;:“\"‘]", rest.strip(" .!?…")):
        return False
    return not any(w in lx.AUXILIARIES or (w.islower() and w.endswith("ed")) for w in words)


def initial_subject(masked_text: str, clause: int, limit: int) -> tuple[int, int] | None:
    """The noun phrase a clause opens with: its words up to the first verb."""
    for word in re.finditer(r"[\w’'-]+", masked_text[clause:limit]):
        token = word.group()
        verbish = (
            token in lx.AUXILIARIES
            or token in lx.SPEECH_VERBS
            or (token.islower() and token.endswith("ed"))
        )
        if verbish:
            end = clause + word.start()
            return (clause, end) if masked_text[clause:end].strip() else None
    return None


def has_clause_verb(content: str) -> bool:
    words = re.findall(r"[\w’'-]+", content)
    return any(
        w in lx.AUXILIARIES or w in lx.IRREGULAR_PAST or (w.islower() and w.endswith("ed"))
        for w in words
    )


def looks_like_name(text: str) -> bool:
    words = text.split()
    return 1 <= len(words) <= 4 and all(w[:1].isupper() for w in words)


def looks_like_role(text: str) -> bool:
    words = text.split()
    return 1 <= len(words) <= 6 and bool(re.match(r"(?:the|a|an|its|his|her|their)\b", text, re.I))


def is_intro_only(left: str) -> bool:
    if not left:
        return True
    words = left.split()
    return (len(words) <= 3 and words[0].lower() in INTRO_WORDS) or left.endswith((".", ":"))


def bare_head(phrase: str) -> str:
    words = re.sub(r"^(?:the|a|an)\s+", "", phrase.strip().lower()).split()
    return words[0] if words else ""
