"""ClaimTally: counts kept one change at a time agree with the counts the services query."""

from __future__ import annotations

from sourcemark.app import articles, claims, codebook
from sourcemark.app.claims import ClaimFields
from sourcemark.app.highlight_rows import highlight_rows
from sourcemark.app.projects import Project
from sourcemark.app.tally import ClaimTally
from sourcemark.app.textspan import Span

TEXT = "Officials said 🚁 the talks, which began on Monday, would resume next week. " * 5


def queried(project: Project, article_id: int) -> tuple[int, int, int, dict[int, int]]:
    [summary] = [s for s in articles.list_articles(project) if s.article.id == article_id]
    tags = {c.tag.id: c.claims for c in codebook.tag_counts(project, article_id) if c.claims}
    return summary.claims, summary.reviewed, summary.suggestions, tags


def kept(tally: ClaimTally) -> tuple[int, int, int, dict[int, int]]:
    tags = {tag_id: n for tag_id, n in tally.tags.items() if n}
    return tally.claims, tally.reviewed, tally.suggestions, tags


def test_counts_follow_each_change_like_the_queries(project: Project) -> None:
    article = articles.import_text(project, TEXT, title="A")
    other = articles.import_text(project, TEXT + " More.", title="B")
    first, second = (tag.id for tag in codebook.list_tags(project)[:2])
    rows = {row.id: row for row in highlight_rows(project, article.id)}
    tally = ClaimTally.of(rows.values())

    def apply(claim_id: int) -> None:
        """What the reader's controller does with a changed claim: out as it was, in as it is."""
        before = rows.pop(claim_id, None)
        if before is not None:
            tally.remove(before)
        now = {row.id: row for row in highlight_rows(project, article.id)}.get(claim_id)
        if now is not None:
            rows[claim_id] = now
            tally.add(now)
        assert kept(tally) == queried(project, article.id)
        assert kept(ClaimTally.of(rows.values())) == kept(tally)

    a = claims.create_claim(project, article.id, Span(0, 14), [first, second])
    apply(a.id)
    b = claims.create_claim(project, article.id, Span(20, 40), [second])
    apply(b.id)
    claims.create_claim(project, other.id, Span(0, 14), [first])  # another article: not counted
    pending = claims.create_claim(
        project, article.id, Span(50, 70), [first], ClaimFields(origin="suggested")
    )
    apply(pending.id)
    assert tally.suggestions == 1 and tally.claims == 2
    claims.update_claim(project, pending.id, origin="accepted")
    apply(pending.id)
    claims.review_claim(project, a.id, status="confirmed")
    apply(a.id)
    claims.remove_tag(project, a.id, second)
    apply(a.id)
    claims.delete_claim(project, b.id)
    apply(b.id)
    assert kept(tally) == (2, 1, 0, {first: 2})
