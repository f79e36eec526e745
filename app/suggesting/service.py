"""Suggested claims in a project: propose them for an article, then accept or reject each.

Suggestions are ordinary claims with ``origin="suggested"``; accepting makes them "accepted",
rejecting makes them "rejected". A rejected suggestion stays in the project so that the same
passage is never proposed again for that article, and neither is any passage an existing claim
(of any origin) already covers.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sourcemark.app import articles, claims, codebook
from sourcemark.app.claims import ClaimFields, ClaimFilter, ClaimInfo
from sourcemark.app.errors import ValidationError
from sourcemark.app.textspan import Span

if TYPE_CHECKING:
    from sourcemark.app.projects import Project
    from sourcemark.app.suggesting.engine import Suggestion

# A suggestion is not proposed when an existing claim covers at least this share of the
# shorter of the two passages: the same quote with or without its final full stop is one claim.
SAME_PASSAGE_OVERLAP = 0.5
# (articles done, articles in all) after each article, e.g. for a progress bar.
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class ArticleSuggestions:
    article_id: int
    stored: tuple[ClaimInfo, ...]
    # Found by the rules but not stored: a claim (or a rejected suggestion) covers the passage.
    skipped: int


def suggest_for_article(project: Project, article_id: int) -> list[ClaimInfo]:
    """Find the article's attributions and store the new ones as pending suggestions."""
    return list(_suggest_one(project, article_id, _tags_by_key(project)).stored)


def suggest_for_articles(
    project: Project, article_ids: Sequence[int], *, progress: Progress | None = None
) -> list[ArticleSuggestions]:
    """``suggest_for_article`` for many articles, reporting progress after each one."""
    tags = _tags_by_key(project)
    results = []
    for done, article_id in enumerate(article_ids, start=1):
        results.append(_suggest_one(project, article_id, tags))
        if progress is not None:
            progress(done, len(article_ids))
    return results


def pending_suggestions(project: Project, article_id: int | None = None) -> list[ClaimInfo]:
    """Suggestions not yet accepted or rejected, in text order."""
    return claims.list_claims(project, ClaimFilter(article_id=article_id, origins=("suggested",)))


def accept(project: Project, claim_id: int) -> ClaimInfo:
    """Make a suggestion (or a rejected one) the analyst's claim: origin "accepted"."""
    claim = claims.get_claim(project, claim_id)
    if claim.origin in {"accepted", "edited"}:
        return claim
    if claim.origin == "manual":
        raise ValidationError(
            f"Claim {claim_id} was made by hand, not suggested, so there is nothing to accept."
        )
    return claims.update_claim(project, claim_id, origin="accepted")


def reject(project: Project, claim_id: int) -> ClaimInfo:
    """Turn a suggestion down: origin "rejected"; the passage will not be proposed again."""
    claim = claims.get_claim(project, claim_id)
    if claim.origin == "rejected":
        return claim
    if claim.origin == "manual":
        raise ValidationError(
            f"Claim {claim_id} was made by hand, not suggested; delete it instead of rejecting it."
        )
    return claims.update_claim(project, claim_id, origin="rejected")


def _suggest_one(project: Project, article_id: int, tags: dict[str, int]) -> ArticleSuggestions:
    # Here, not at the top: accepting or rejecting in the window would otherwise load the
    # engine and compile its patterns (~100 ms, the first time a session accepts).
    from sourcemark.app.suggesting.engine import suggest

    text = articles.get_article_text(project, article_id)
    existing = claims.list_claims(
        project, ClaimFilter(article_id=article_id, include_suggestions=True)
    )
    taken = [(c.start, c.end) for c in existing]
    items: list[tuple[Span, list[int], ClaimFields]] = []
    skipped = 0
    for suggestion in suggest(text):
        if _covered(suggestion, taken):
            skipped += 1
            continue
        tag_id = tags.get(suggestion.tag_key)
        items.append(
            (
                Span(suggestion.start, suggestion.end),
                [tag_id] if tag_id is not None else [],
                _fields(suggestion, tagged=tag_id is not None),
            )
        )
        taken.append((suggestion.start, suggestion.end))
    # One transaction per article: an interrupted suggest stores all of it or nothing.
    stored = claims.create_claims(project, article_id, items) if items else []
    return ArticleSuggestions(article_id, tuple(stored), skipped)


def _covered(suggestion: Suggestion, taken: list[tuple[int, int]]) -> bool:
    for start, end in taken:
        overlap = min(end, suggestion.end) - max(start, suggestion.start)
        shorter = min(end - start, suggestion.end - suggestion.start)
        if (start, end) == (suggestion.start, suggestion.end) or (
            overlap > 0 and overlap >= SAME_PASSAGE_OVERLAP * shorter
        ):
            return True
    return False


def _fields(suggestion: Suggestion, *, tagged: bool) -> ClaimFields:
    evidence = suggestion.evidence
    if not tagged:
        # The project's codebook no longer has the tag: say which one the rules proposed.
        evidence = f"proposed tag {suggestion.tag_key!r} is not in this codebook; {evidence}"
    return ClaimFields(
        speaker=suggestion.speaker,
        affiliation=suggestion.affiliation,
        cue=suggestion.cue,
        quote_form=suggestion.quote_form,
        origin="suggested",
        evidence=evidence,
    )


def _tags_by_key(project: Project) -> dict[str, int]:
    """The project's tags by default-codebook key, archived ones left out."""
    return {
        tag.key: tag.id
        for tag in codebook.list_tags(project, include_archived=False)
        if tag.key is not None
    }
