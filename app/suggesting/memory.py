"""What the suggester remembers while it reads an article: people, organisations, speakers."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

SourceKind = Literal["person", "unnamed", "organisation", "document", "data", "media"]


@dataclass(frozen=True)
class Person:
    name: str
    tag: str
    affiliation: str
    evidence: str
    # Lower-case words of their description, so that "the minister" can find them later.
    roles: frozenset[str] = frozenset()


@dataclass(frozen=True)
class SourceReading:
    kind: SourceKind
    tag: str
    speaker: str
    affiliation: str
    evidence: str
    person: Person | None = None
    # True when the role was not in the lexicon and "a source" is only the likeliest reading.
    guessed: bool = False
    # One unnamed person ("a spokeswoman", "an official"): a later "she" may mean them.
    individual: bool = False
    # An expert, named or not ("researchers"): "estimated", "found" attribute for them too.
    expert: bool = False


@dataclass
class Memory:
    """What the article has said so far about its people and organisations."""

    people: dict[str, Person] = field(default_factory=dict)
    order: list[Person] = field(default_factory=list)
    last_subject: Person | None = None
    last_person: Person | None = None
    last_individual: SourceReading | None = None
    # Which came last, a named person or an unnamed individual: the counter at each mention.
    subject_seen: int = 0
    individual_seen: int = 0
    counter: int = 0
    last_organisation: SourceReading | None = None
    last_group: SourceReading | None = None

    def person(self, name: str) -> Person | None:
        return self.people.get(name.lower())

    def person_with_role(self, role: str) -> Person | None:
        """The person most recently described by ``role``: "the minister" after "Minister X"."""
        return next((p for p in reversed(self.order) if role in p.roles), None)

    def remember(self, person: Person, *, subject: bool) -> None:
        known = self.people.get(person.name.lower())
        # A later, vaguer mention ("Kline") never overwrites what a fuller one established.
        if known is not None and person.evidence.startswith("named, no role"):
            person = known
        self.people[person.name.lower()] = person
        self.order.append(person)
        surname = person.name.split()[-1]
        if surname.lower() != person.name.lower():
            self.people[surname.lower()] = person
        self.last_person = person
        if subject:
            self.last_subject = person
            self.counter += 1
            self.subject_seen = self.counter

    def note_source(self, reading: SourceReading) -> None:
        if reading.person is not None:
            self.remember(reading.person, subject=True)
        elif reading.kind == "organisation":
            self.last_organisation = reading
        elif reading.kind == "unnamed":
            self.last_group = reading
        if reading.individual:
            self.last_individual = reading
            self.counter += 1
            self.individual_seen = self.counter
