"""Storing suggestions as claims in a real project, accepting and rejecting them."""

from __future__ import annotations

import pytest

from sourcemark.app import articles, claims, codebook
from sourcemark.app.claims import ClaimFilter
from sourcemark.app.errors import ValidationError
from sourcemark.app.projects import Project
from sourcemark.app.suggesting.service import (
    accept,
    pending_suggestions,
    reject,
    suggest_for_article,
    suggest_for_articles,
)
from sourcemark.app.textspan import Span

TEXT = (
    "The bridge will stay closed until March, officials said on Monday.\n\n"
    "“We were never told,” said Maria Lopez, who runs a café next to the bridge.\n\n"
    "The ministry declined to comment."
)


def add_article(project: Project, text: str = TEXT) -> int:
    return articles.import_text(project, text, title="Bridge").id


def tag_key(project: Project, claim: claims.ClaimInfo) -> str | None:
    (tag_id,) = claim.tag_ids
    return codebook.get_tag(project, tag_id).key


def test_suggestions_are_stored_as_pending_claims_with_their_details(project: Project) -> None:
    article_id = add_article(project)
    stored = suggest_for_article(project, article_id)
    assert [c.quote for c in stored] == [
        "The bridge will stay closed until March",
        "We were never told",
        "declined to comment",
    ]
    assert {c.origin for c in stored} == {"suggested"}
    assert [tag_key(project, c) for c in stored] == [
        "anonymous-official",
        "named-participant",
        "declined-to-comment",
    ]
    quote = stored[1]
    assert (quote.speaker, quote.cue, quote.quote_form) == ("Maria Lopez", "said", "direct")
    assert stored[0].evidence.startswith("unnamed, no anonymity stated")
    # Pending suggestions are not the analyst's claims until accepted.
    assert claims.list_claims(project, ClaimFilter(article_id=article_id)) == []
    assert pending_suggestions(project, article_id) == stored


def test_asking_again_proposes_nothing_new(project: Project) -> None:
    article_id = add_article(project)
    first = suggest_for_article(project, article_id)
    assert suggest_for_article(project, article_id) == []
    assert len(pending_suggestions(project, article_id)) == len(first)


def test_a_rejected_suggestion_is_never_proposed_again(project: Project) -> None:
    article_id = add_article(project)
    stored = suggest_for_article(project, article_id)
    rejected = reject(project, stored[0].id)
    assert rejected.origin == "rejected"
    assert suggest_for_article(project, article_id) == []
    assert [c.id for c in pending_suggestions(project, article_id)] == [c.id for c in stored[1:]]


def test_accepting_makes_the_suggestion_the_analysts_claim(project: Project) -> None:
    article_id = add_article(project)
    stored = suggest_for_article(project, article_id)
    accepted = accept(project, stored[1].id)
    assert accepted.origin == "accepted"
    assert accepted.tag_ids == stored[1].tag_ids
    assert (accepted.speaker, accepted.cue) == ("Maria Lopez", "said")
    mine = claims.list_claims(project, ClaimFilter(article_id=article_id))
    assert [c.id for c in mine] == [stored[1].id]
    # A rejected suggestion can still be accepted after all.
    reject(project, stored[0].id)
    assert accept(project, stored[0].id).origin == "accepted"


def test_a_passage_already_claimed_by_hand_is_not_proposed(project: Project) -> None:
    article_id = add_article(project)
    official = codebook.find_tag(project, "anonymous-official")
    # The analyst's span differs by the final words; it is still the same passage.
    claims.create_claim(project, article_id, Span(0, 30), [official.id])
    stored = suggest_for_article(project, article_id)
    assert [c.quote for c in stored] == ["We were never told", "declined to comment"]


def test_hand_made_claims_cannot_be_accepted_or_rejected(project: Project) -> None:
    article_id = add_article(project)
    official = codebook.find_tag(project, "anonymous-official")
    manual = claims.create_claim(project, article_id, Span(0, 30), [official.id])
    with pytest.raises(ValidationError, match="by hand"):
        accept(project, manual.id)
    with pytest.raises(ValidationError, match="delete it"):
        reject(project, manual.id)


def test_a_tag_missing_from_the_codebook_leaves_the_claim_untagged(project: Project) -> None:
    article_id = add_article(project)
    codebook.delete_tag(project, codebook.find_tag(project, "declined-to-comment").id)
    refusal = suggest_for_article(project, article_id)[-1]
    assert refusal.quote == "declined to comment"
    assert refusal.tag_ids == ()
    assert "'declined-to-comment' is not in this codebook" in refusal.evidence


def test_many_articles_report_progress(project: Project) -> None:
    ids = [add_article(project), add_article(project, "Nothing is attributed here at all.")]
    seen: list[tuple[int, int]] = []
    results = suggest_for_articles(
        project, ids, progress=lambda done, total: seen.append((done, total))
    )
    assert seen == [(1, 2), (2, 2)]
    assert [len(r.stored) for r in results] == [3, 0]
    assert results[0].skipped == 0
