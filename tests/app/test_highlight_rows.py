"""claims.highlight_rows: the reader's cheap view of an article's claims agrees with list_claims."""

from __future__ import annotations

from sourcemark.app import articles, claims, codebook
from sourcemark.app.claims import ClaimFields, ClaimFilter, HighlightRow
from sourcemark.app.projects import Project
from sourcemark.app.textspan import Span

TEXT = "Officials said 🚁 the talks, which began on Monday, would resume. " * 20


def test_rows_match_list_claims_in_position_order_with_tags_in_codebook_order(
    project: Project,
) -> None:
    article = articles.import_text(project, TEXT, title="A")
    other = articles.import_text(project, TEXT + " Other.", title="B")
    tags = codebook.list_tags(project)
    last, first = tags[-1].id, tags[0].id
    # Made out of position order, one with tags given last-first, one untagged, one nested.
    claims.create_claim(project, article.id, Span(40, 80), [last, first])
    claims.create_claim(project, article.id, Span(5, 30), [])
    claims.create_claim(project, article.id, Span(10, 20), [tags[1].id])
    claims.create_claim(project, article.id, Span(5, 30), [first], ClaimFields(origin="suggested"))
    claims.create_claim(project, other.id, Span(0, 10), [first])

    rows = claims.highlight_rows(project, article.id)

    expected = [
        HighlightRow(c.id, c.start, c.end, c.origin, c.tag_ids, c.status)
        for c in claims.list_claims(
            project, ClaimFilter(article_id=article.id, include_suggestions=True)
        )
    ]
    assert rows == expected
    assert [(r.start, r.end) for r in rows] == [(5, 30), (5, 30), (10, 20), (40, 80)]
    assert rows[-1].tag_ids == (first, last)


def test_origins_filter_the_rows(project: Project) -> None:
    article = articles.import_text(project, TEXT, title="A")
    tag = codebook.list_tags(project)[0].id
    kept = claims.create_claim(project, article.id, Span(0, 9), [tag])
    claims.create_claim(project, article.id, Span(10, 20), [tag], ClaimFields(origin="rejected"))
    rows = claims.highlight_rows(project, article.id, origins=("manual", "suggested"))
    assert [r.id for r in rows] == [kept.id]
    assert claims.highlight_rows(project, article.id + 99) == []
