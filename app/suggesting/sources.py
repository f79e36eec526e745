"""Who a source phrase names, and which codebook tag that makes it.

``read_source("David Schenker from the Washington Institute for Near East Policy", …)`` gives
speaker "David Schenker", affiliation "Washington Institute for Near East Policy", tag "expert"
and the words that decided it. People named earlier are remembered in a ``Memory`` so that "he",
"she" and surnames ("Schenker said") take the tag of the person they refer to.
"""

from __future__ import annotations

import re
from dataclasses import replace

from sourcemark.app.suggesting import lexicon as lx
from sourcemark.app.suggesting.lexicon import words
from sourcemark.app.suggesting.memory import Memory, Person, SourceReading
from sourcemark.app.suggesting.names import (
    is_institution,
    is_person_role,
    is_role_word,
    name_runs,
    person_name,
)

_TOKEN = re.compile(r"[\w’'.&-]+")

# Words that end the head of a source phrase: "officials [at the ministry]", "data [compiled by …]".
_HEAD_STOP = re.compile(
    r"\s+(?:of|by|from|for|at|in|on|with|near|to|between|among|under|inside|within|across|"
    r"who|whom|whose|which|that|familiar|close|briefed|aware|knowledgeable|speaking|seen|"
    r"reviewed|obtained|viewed|examined|published|released|compiled|commissioned|analy[sz]ed|"
    r"conducted|cited|sent|filed|unsealed|made|prepared|issued|presented|submitted|"
    r"involved|based|quoted|posted|paid|funded|carried|led|run|done|written|produced|ordered|"
    r"requested|sponsored|backed|shared|leaked|provided|gathered|collected|"
    r"\d[\d,.]*)\b"
)

_CAPITALISED = re.compile(r"[A-ZÀ-ÖØ-Þ]")

# "of the Washington Institute for Near East Policy": an organisation after a preposition.
_AFFILIATION = re.compile(
    r"\b(?:from|of|at|with|for)\s+(?:the\s+)?(?:[a-z-]+\s+){0,3}?"
    r"((?:[A-ZÀ-ÖØ-Þ][\w’'&.-]*)(?:\s+(?:(?:of|for|and|on|the|de|du|la)\s+)*[A-ZÀ-ÖØ-Þ][\w’'&.-]*)*)"
)


def read_source(phrase: str, around: str, memory: Memory) -> SourceReading | None:
    """Classify the source ``phrase``; ``around`` is the rest of its clause (for anonymity).

    Returns None when the phrase does not look like a source at all (a verb phrase, an object).
    """
    phrase = phrase.strip(" ,;:—–-\n")
    if not phrase or len(phrase.split()) > 40:
        return None
    lowered = phrase.lower()
    if lowered in lx.PRONOUNS:
        return _pronoun(lowered, memory)
    segments = [s.strip() for s in _split_segments(phrase)]
    head_segment = segments[0]
    if _has_verb(re.split(r"\s+(?:who|whom|whose|which|that)\s+", head_segment)[0]):
        return None
    chunk = _head_chunk(head_segment)
    words = [w.strip("’'.,") for w in _TOKEN.findall(chunk)]
    if not words:
        return None
    head = _bare(words[-1])
    head_is_common = words[-1][:1].islower() or len(words) == 1 or words[-1] == words[0]

    document = _record_reading(phrase, chunk, head, head_is_common)
    if document is not None:
        return document
    media = _media_reading(chunk, phrase)
    if media is not None and _bare(words[-1]) not in lx.SPOKES_ROLES:
        return media

    name = person_name(chunk, memory)
    unknown_head = head.isalpha() and words[-1].islower() and not is_institution(head)
    appositive = len(segments) > 1 and segments[1][:1].isupper()
    if name is None and appositive and (is_person_role(head) or unknown_head):
        name = person_name(segments[1], memory)
    if name is not None:
        return _named_person(name, phrase, memory)
    return _unnamed(phrase, chunk, head, head_is_common, around, words, memory)


def describe_person(name: str, context: str, memory: Memory) -> Person:
    """A person mentioned (not quoted) in ``context``: their tag from the words around them."""
    return _named_person(name, context, memory).person or Person(name, "named-participant", "", "")


def _pronoun(pronoun: str, memory: Memory) -> SourceReading | None:
    kind = lx.PRONOUNS[pronoun]
    individual = memory.last_individual
    if kind == "person" and individual is not None and memory.individual_seen > memory.subject_seen:
        return replace(
            individual, evidence=f'"{pronoun}" = {individual.speaker}; {individual.evidence}'
        )
    if kind == "person":
        person = memory.last_subject or memory.last_person
        if person is None:
            return SourceReading(
                "person", "named-participant", pronoun, "", f'"{pronoun}", speaker not found'
            )
        return SourceReading(
            "person",
            person.tag,
            person.name,
            person.affiliation,
            f'"{pronoun}" = {person.name}; {person.evidence}',
            person,
        )
    if kind == "organisation" and memory.last_organisation is not None:
        org = memory.last_organisation
        return SourceReading(
            "organisation", org.tag, org.speaker, org.affiliation, f'"it" = {org.speaker}'
        )
    if kind == "group" and memory.last_group is not None:
        group = memory.last_group
        return SourceReading(
            "unnamed", group.tag, group.speaker, group.affiliation, f'"{pronoun}" = {group.speaker}'
        )
    return None


def _record_reading(
    phrase: str, chunk: str, head: str, head_is_common: bool
) -> SourceReading | None:
    """Documents and data: "court filings", "a poll by Gallup", "figures from the office"."""
    if not head_is_common:
        return None
    if head in lx.DATA_NOUNS:
        return SourceReading(
            "data", "data-poll", phrase, _organisation_in(phrase), f'data: "{chunk}"'
        )
    if head in lx.DOCUMENT_NOUNS:
        by_media = re.search(r"\b(?:by|from|in)\s+(.+)$", phrase)
        if head in {"report", "reports"} and by_media and _media_reading(by_media.group(1), ""):
            return SourceReading(
                "media",
                "other-media",
                phrase,
                by_media.group(1).strip(),
                f'report by a news outlet: "{phrase}"',
            )
        return SourceReading(
            "document", "document", phrase, _organisation_in(phrase), f'document: "{chunk}"'
        )
    return None


def _media_reading(chunk: str, phrase: str) -> SourceReading | None:
    lowered = f" {chunk.lower()} "
    found = lx.MEDIA_OUTLET_NAMES.search(chunk)
    outlet = found.group() if found else None
    noun = next((n for n in lx.MEDIA_PHRASES if f" {n} " in lowered), None) or next(
        (w for w in _TOKEN.findall(chunk) if w[:1].islower() and w.lower() in lx.MEDIA_NOUNS),
        None,
    )
    named = None
    runs = [m.group() for m in name_runs(chunk)]
    if runs and runs[-1].split()[-1].lower() in lx.MEDIA_NAME_WORDS and len(runs[-1].split()) > 1:
        named = runs[-1]
    trigger = outlet or named or noun
    if trigger is None:
        return None
    source = phrase or chunk
    return SourceReading(
        "media", "other-media", source, outlet or named or "", f'news outlet: "{trigger}"'
    )


def _named_person(name: str, phrase: str, memory: Memory) -> SourceReading:
    known = memory.person(name)
    role_text = phrase.replace(name, " ")
    tag, evidence = _person_tag(role_text)
    affiliation = _organisation_in(role_text) or _role_of(role_text)
    if known is not None and evidence.startswith("named, no role"):
        # "Jansen said": the person's earlier, fuller description decides.
        person = known
        return SourceReading(
            "person",
            person.tag,
            person.name,
            person.affiliation,
            f"{person.name} as introduced earlier; {person.evidence}",
            person,
        )
    full_name = known.name if known is not None and len(name.split()) == 1 else name
    roles = frozenset(
        w for w in (t.strip("’'.,").lower() for t in _TOKEN.findall(role_text)) if is_role_word(w)
    )
    person = Person(full_name, tag, affiliation, evidence, roles)
    return SourceReading(
        "person", tag, full_name, affiliation, evidence, person, expert=tag == "expert"
    )


def _person_tag(role_text: str) -> tuple[str, str]:
    lowered = role_text.lower()
    tokens = [t.strip("’'.,").lower() for t in _TOKEN.findall(role_text)]
    if any(p in lowered for p in lx.PARTICIPANT_PHRASES):
        phrase = next(p for p in lx.PARTICIPANT_PHRASES if p in lowered)
        return "named-participant", f'named, role: "{phrase}"'
    for word in tokens:
        if word in lx.SPOKES_ROLES:
            return "organisation-statement", f'named spokesperson: "{word}"'
    for word in tokens:
        if word in lx.EXPERT_ROLES or word.endswith(lx.EXPERT_SUFFIXES):
            return "expert", f'named, expert role: "{word}"'
    title = next((p for p in lx.OFFICIAL_PHRASES if p in lowered), None)
    if title is not None:
        return "named-official", f'named, official title: "{title}"'
    for word in tokens:
        if word in lx.OFFICIAL_ROLES and word not in {"member", "members"}:
            return "named-official", f'named, official title: "{word}"'
    for word in tokens:
        if word in lx.PERSON_NOUNS:
            return "named-participant", f'named, role: "{word}"'
    organisation = _organisation_in(role_text)
    if organisation and _is_academic(organisation):
        return "expert", f'named, expert affiliation: "{organisation}"'
    research = re.search(r"\b(?:research|think[- ]tank|consultancy)\b", lowered)
    if research:
        return "expert", f'named, expert affiliation: "{research.group()}"'
    if re.search(r"\b(?:Dr|Prof|Professor)\b", role_text):
        return "expert", 'named, title "Dr."/"Prof."'
    return "named-participant", "named, no role as official or expert"


_DEFINITE = re.compile(r"the\s+(?:[\w’'-]+\s+){0,2}[\w’'-]+")


def _unnamed(
    phrase: str,
    chunk: str,
    head: str,
    head_is_common: bool,
    around: str,
    words: list[str],
    memory: Memory,
) -> SourceReading | None:
    lowered_chunk = f" {chunk.lower()} "
    single = _is_singular_person(words)
    if head in lx.SPOKES_ROLES or any(p in lowered_chunk for p in lx.SPOKES_PHRASES):
        return SourceReading(
            "organisation",
            "organisation-statement",
            phrase,
            _organisation_in(phrase) or _proper_modifier(words),
            f'spokesperson: "{chunk}"',
            individual=single,
        )
    if head in {"statement", "statements", "communique", "announcement"}:
        return SourceReading(
            "organisation", "organisation-statement", phrase, "", f'statement: "{chunk}"'
        )
    official = head in lx.OFFICIAL_ROLES or any(
        f" {p} " in lowered_chunk for p in lx.OFFICIAL_PHRASES
    )
    other = head in lx.PERSON_NOUNS or head in lx.EXPERT_ROLES or head.endswith(lx.EXPERT_SUFFIXES)
    definite = _DEFINITE.fullmatch(chunk.strip().lower()) and chunk.strip().lower().endswith(head)
    if definite and (official or other) and memory.person_with_role(head) is not None:
        person = memory.person_with_role(head)
        assert person is not None
        return SourceReading(
            "person",
            person.tag,
            person.name,
            person.affiliation,
            f'"{chunk}" = {person.name}; {person.evidence}',
            person,
        )
    if head_is_common and (official or other):
        tag = "anonymous-official" if official else "anonymous-other"
        role = "official" if official else "source, not an official"
        anonymity = _anonymity(f"{phrase} {around}")
        return SourceReading(
            "unnamed",
            tag,
            phrase,
            _organisation_in(phrase) or _proper_modifier(words),
            f'{anonymity}; unnamed {role}: "{chunk}"',
            individual=single,
            expert=head in lx.EXPERT_ROLES or head.endswith(lx.EXPERT_SUFFIXES),
        )
    if head in lx.ORGANISATION_NOUNS and head_is_common:
        return SourceReading(
            "organisation",
            "organisation-statement",
            phrase,
            _proper_modifier(words) or _organisation_in(phrase),
            f'organisation speaking: "{chunk}"',
        )
    lowered_phrase = phrase.lower()
    if head in lx.GOVERNMENT_METONYMS or any(
        lowered_phrase.startswith(p) for p in lx.GOVERNMENT_PHRASES
    ):
        return SourceReading(
            "organisation",
            "organisation-statement",
            phrase,
            phrase,
            f'government, named by its seat: "{chunk}"',
        )
    if len(words) == 1 and head in lx.QUANTIFIER_SUBJECTS:
        return SourceReading(
            "unnamed",
            "anonymous-other",
            phrase,
            "",
            f'{_anonymity(f"{phrase} {around}")}; unnamed sources: "{chunk}"',
        )
    if words[-1][:1].isupper() or words[-1].isupper():
        return SourceReading(
            "organisation",
            "organisation-statement",
            phrase,
            _proper_run(chunk) or phrase,
            f'organisation by name: "{chunk}"',
        )
    if _looks_like_unknown_role(words):
        # "The striker told the BBC": a person whose role the lexicon does not list.
        return SourceReading(
            "unnamed",
            "anonymous-other",
            phrase,
            "",
            f'{_anonymity(f"{phrase} {around}")}; unnamed source, role "{head}" not in the lexicon',
            guessed=True,
        )
    return None


def _is_singular_person(words: list[str]) -> bool:
    """ "a spokeswoman", "one official": one unnamed person, not a group."""
    if len(words) < 2:
        return False
    first = words[0].lower()
    return first in {"a", "an", "one", "another"} or (
        first == "the" and not words[-1].endswith("s")
    )


_DETERMINERS = words(
    """
    the a an some several many two three four five six few most other one
    """
)


def _looks_like_unknown_role(words: list[str]) -> bool:
    """ "the striker", "local estate agents", "Engineers": a short common-noun phrase."""
    if words[0].lower().endswith("ing"):
        return False  # "adding names": a verb, not a person
    if len(words) == 1:
        return words[0].isalpha() and (words[0].islower() or words[0].endswith("s"))
    if not len(words) <= 4 or not words[-1].isalpha() or not words[-1].islower():
        return False
    return all(w.islower() for w in words[1:])


def _anonymity(clause: str) -> str:
    """Granted anonymity, only described access, or simply unnamed: kept apart on purpose."""
    granted = lx.ANONYMITY_GRANTED.search(clause)
    if granted:
        return f'anonymity granted: "{granted.group()}"'
    implied = lx.ANONYMITY_IMPLIED.search(clause)
    if implied:
        return f'unnamed, no anonymity stated, access described: "{implied.group()}"'
    return "unnamed, no anonymity stated"


def _split_segments(phrase: str) -> list[str]:
    return [s for s in re.split(r",\s+", phrase) if s.strip()] or [phrase]


_VERB_IN_SOURCE = words(
    """
    said says told tells added noted stated wrote argued insisted warned confirmed denied
    """
)


def _has_verb(segment: str) -> bool:
    """A verb in what should be a noun phrase: it is a clause, not a source."""
    words = _TOKEN.findall(segment)
    return any(w in lx.AUXILIARIES or w in _VERB_IN_SOURCE for w in words)


def _head_chunk(segment: str) -> str:
    match = _HEAD_STOP.search(segment)
    return segment[: match.start()] if match and match.start() > 0 else segment


def _bare(word: str) -> str:
    return re.sub(r"[’']s?$", "", word.strip(".,")).lower()


def _organisation_in(text: str) -> str:
    for match in _AFFILIATION.finditer(text):
        name = match.group(1).rstrip(".,’'")
        if name and not re.fullmatch(
            r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)", name
        ):
            return name
    return ""


def _proper_modifier(words: list[str]) -> str:
    """Capitalised words before the head: "A Brightline spokesperson" → "Brightline"."""
    caps = [w for w in words[1:-1] if w[:1].isupper()]
    return " ".join(caps)


def _proper_run(chunk: str) -> str:
    runs = [m.group() for m in name_runs(chunk)]
    return runs[-1] if runs else ""


def _role_of(role_text: str) -> str:
    """A readable role for a named person with no organisation: "Transport Minister"."""
    text = re.sub(r"\b(?:Mr|Mrs|Ms|Dr|Prof)\.?(?=\s|$)", " ", role_text)
    for segment in re.split(r",|\bwho\b|\bwhich\b", text):
        segment = re.sub(r"\s+", " ", segment).strip()
        segment = re.sub(r"^(?:a|an|the)\s+", "", segment, flags=re.IGNORECASE)
        if segment and not segment.isdigit():
            return segment if len(segment.split()) <= 6 else ""
    return ""


def _is_academic(organisation: str) -> bool:
    lowered = organisation.lower()
    return any(w in lowered.split() for w in lx.ACADEMIC_WORDS) or any(
        p in lowered for p in lx.ACADEMIC_PHRASES
    )
