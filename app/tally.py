"""The counts an open article shows: its claims, how many are reviewed, and each tag's uses.

The article list and the codebook show these for the article being read. Recounting them
with queries after every tag costs 10-60 ms in an article of 50,000 claims; the reader
already holds every claim's origin, status and tags, so the counts follow each change by
subtracting the claim as it was and adding it as it is. The rules are the ones
``articles.list_articles`` and ``codebook.tag_counts`` apply in SQL: suggestions that are
pending or rejected are not the analyst's claims.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import chain

from sourcemark.app.highlight_rows import HighlightRow
from sourcemark.db.vocabulary import NOT_CLAIMED_ORIGINS


@dataclass
class ClaimTally:
    claims: int = 0
    reviewed: int = 0
    suggestions: int = 0
    tags: Counter[int] = field(default_factory=Counter)

    @classmethod
    def of(cls, rows: Iterable[HighlightRow]) -> ClaimTally:
        # One plain loop, and the tags counted in C: 50,000 rows in ~10 ms (add() per row
        # took ~40, a Counter over (origin, status) pairs ~30).
        reviewed = suggestions = 0
        counted: list[tuple[int, ...]] = []
        for row in rows:
            origin = row.origin
            if origin in NOT_CLAIMED_ORIGINS:
                suggestions += origin == "suggested"
                continue
            counted.append(row.tag_ids)
            reviewed += row.status != "unreviewed"
        tags = Counter(chain.from_iterable(counted))
        return cls(claims=len(counted), reviewed=reviewed, suggestions=suggestions, tags=tags)

    def add(self, row: HighlightRow, sign: int = 1) -> None:
        if row.origin == "suggested":
            self.suggestions += sign
        if row.origin in NOT_CLAIMED_ORIGINS:
            return
        self.claims += sign
        if row.status != "unreviewed":
            self.reviewed += sign
        for tag_id in row.tag_ids:
            self.tags[tag_id] += sign

    def remove(self, row: HighlightRow) -> None:
        self.add(row, -1)
