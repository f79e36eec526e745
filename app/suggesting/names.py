"""People's names in news copy: capitalised words, titles stripped, organisations left out."""

from __future__ import annotations

import re

from sourcemark.app.suggesting import lexicon as lx
from sourcemark.app.suggesting.memory import Memory

_NAME_RUN = re.compile(
    r"(?:(?<=\s)|(?<=^)|(?<=[“\"(‘]))"
    r"[A-ZÀ-ÖØ-Þ][\w’'.-]*(?:\s+(?:(?:van|von|de|der|den|da|di|du|la|le|al|el|bin|ibn|ben|dos|"
    r"das|del|y)\s+)*[A-ZÀ-ÖØ-Þ][\w’'.-]*)*"
)


_APPOSITIVE_NAME = re.compile(r"\b([a-z][\w-]+),\s+([A-ZÀ-ÖØ-Þ][\w’'-]+),\s")


def name_runs(text: str) -> list[re.Match[str]]:
    return list(_NAME_RUN.finditer(text))


def person_name(chunk: str, memory: Memory) -> str | None:
    names = [n for n in (strip_titles(m.group().split(), memory) for m in name_runs(chunk)) if n]
    return names[-1] if names else None


def strip_titles(tokens: list[str], memory: Memory) -> str | None:
    """The person's name in a run of capitalised words, without titles; None if not a person."""
    if tokens and re.search(r"[’']s$", tokens[-1]):
        return None  # a possessor: "Kline's lawyer"
    while tokens and tokens[0].lower() in {"a", "an", "the", "this", "that", "its", "his", "her"}:
        tokens = tokens[1:]
    titled = False
    while tokens:
        bare = tokens[0].rstrip(".").lower()
        if bare in lx.NAME_TITLES or is_role_word(bare):
            titled = titled or bare in lx.NAME_TITLES or bare in lx.OFFICIAL_ROLES
            tokens = tokens[1:]
            continue
        break
    # Titles can also sit after a capitalised modifier: "Transport Minister Paulo Serrano".
    for index in range(len(tokens) - 1, -1, -1):
        bare = tokens[index].rstrip(".").lower()
        if bare in lx.NAME_TITLES or is_role_word(bare):
            tokens = tokens[index + 1 :]
            titled = True
            break
    capitals = [t for t in tokens if t[:1].isupper()]
    if not tokens or len(capitals) > 3:
        return None
    name = " ".join(tokens).rstrip(".,")
    for token in tokens:
        bare = token.strip("’'.,").lower()
        if bare in lx.ORGANISATION_NAME_WORDS or bare in lx.MEDIA_NAME_WORDS:
            return None
        if len(token) > 1 and token.replace(".", "").isupper():
            return None  # an acronym: KNA, NTV, U.S.
        if bare in lx.GOVERNMENT_METONYMS:
            return None
    if name in lx.MEDIA_OUTLETS:
        return None
    if len(tokens) == 1:
        return name if memory.person(name) is not None or titled else None
    return name


def is_role_word(bare: str) -> bool:
    return (
        bare in lx.OFFICIAL_ROLES
        or bare in lx.EXPERT_ROLES
        or bare in lx.SPOKES_ROLES
        or bare.endswith(lx.EXPERT_SUFFIXES)
    )


def is_institution(head: str) -> bool:
    return (
        head in lx.ORGANISATION_NOUNS
        or head in lx.DOCUMENT_NOUNS
        or head in lx.DATA_NOUNS
        or head in lx.MEDIA_NOUNS
    )


def is_person_role(head: str) -> bool:
    return is_role_word(head) or head in lx.PERSON_NOUNS


def person_mentions(text: str, memory: Memory) -> list[tuple[int, str]]:
    """Named people in ``text`` (start offset, name), e.g. to remember who "he" will be."""
    found = []
    for match in name_runs(text):
        name = strip_titles(match.group().split(), memory)
        if name is not None:
            found.append((match.start(), name))
    # A one-word name in apposition to a person word: "Brennan's son, Conor, quit …".
    for match in _APPOSITIVE_NAME.finditer(text):
        if is_person_role(match.group(1).lower()) and memory.person(match.group(2)) is None:
            found.append((match.start(2), match.group(2)))
    return found
