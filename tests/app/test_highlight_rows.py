"""highlight_rows: the reader's cheap view of an article's claims agrees with list_claims,
read at once or on a worker thread."""

from __future__ import annotations

import gc
import sqlite3
from collections.abc import Iterator

import pytest

from sourcemark.app import articles, claims, codebook
from sourcemark.app.claims import ClaimFields, ClaimFilter
from sourcemark.app.highlight_rows import HighlightRow, HighlightRowsReading, highlight_rows
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

    rows = highlight_rows(project, article.id)

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
    rows = highlight_rows(project, article.id, origins=("manual", "suggested"))
    assert [r.id for r in rows] == [kept.id]
    assert highlight_rows(project, article.id + 99) == []


@pytest.fixture
def collection_off() -> Iterator[None]:
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def test_a_reading_on_a_worker_thread_gives_the_same_rows(
    project: Project, collection_off: None
) -> None:
    article = articles.import_text(project, TEXT, title="A")
    tags = codebook.list_tags(project)
    for start in range(0, 600, 7):
        tag_ids = [tags[start % 3].id, tags[-1].id] if start % 2 else [tags[0].id]
        claims.create_claim(project, article.id, Span(start, start + 30), tag_ids)

    with HighlightRowsReading(project, article.id, meanwhile=True) as reading:
        # The caller goes on meanwhile, here reading the same project on its own thread.
        text = articles.read_article_text(project, article.id).text
        rows = reading.rows()

    assert text == TEXT.strip()
    assert len(rows) == 86
    assert rows == highlight_rows(project, article.id)


def test_a_worker_thread_reading_needs_collection_paused(project: Project) -> None:
    article = articles.import_text(project, TEXT, title="A")
    with pytest.raises(RuntimeError, match="garbage collection"):
        HighlightRowsReading(project, article.id, meanwhile=True)


def test_what_a_worker_thread_reading_raised_is_raised_on_the_callers_thread(
    project: Project, collection_off: None
) -> None:
    article = articles.import_text(project, TEXT, title="A")
    assert project.db.path is not None
    with sqlite3.connect(project.db.path) as damage:
        damage.execute("DROP TABLE claim_tags")
    with pytest.raises(Exception) as at_once:
        highlight_rows(project, article.id)
    with (
        HighlightRowsReading(project, article.id, meanwhile=True) as reading,
        pytest.raises(type(at_once.value), match="claim_tags") as meanwhile,
    ):
        reading.rows()
    assert str(meanwhile.value) == str(at_once.value)
