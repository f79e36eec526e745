"""The one notification every view listens to after a write: what changed.

Each widget looks only at the parts it shows and refreshes itself; nothing polls the database.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from sourcemark.app.claims import ClaimInfo


@dataclass(frozen=True)
class Change:
    # The list of articles or an article's metadata.
    articles: bool = False
    # The codebook: tags added, renamed, recoloured, reordered, merged, archived.
    codebook: bool = False
    # Articles whose claims were added, edited, re-tagged, reviewed or removed.
    claims_of: frozenset[int] = field(default_factory=frozenset)
    # The claims themselves, for views that can update one row or highlight in place.
    claim_ids: frozenset[int] = field(default_factory=frozenset)
    # Everything: a project was opened, restored or changed by another program.
    everything: bool = False
    # What the command already holds of ``claim_ids`` as the change left them (None: deleted),
    # so that no view reads them again.
    known: Mapping[int, ClaimInfo | None] = field(default_factory=dict, compare=False)

    @staticmethod
    def of_claim(
        article_id: int,
        claim_id: int | None,
        *,
        known: ClaimInfo | None = None,
        gone: bool = False,
    ) -> Change:
        """The change to one claim; ``known`` (as written) or ``gone`` spares views reading it."""
        ids = frozenset() if claim_id is None else frozenset({claim_id})
        told: dict[int, ClaimInfo | None] = {}
        if claim_id is not None and (known is not None or gone):
            told[claim_id] = known
        return Change(claims_of=frozenset({article_id}), claim_ids=ids, known=told)

    def touches_article(self, article_id: int | None) -> bool:
        return self.everything or (article_id is not None and article_id in self.claims_of)
