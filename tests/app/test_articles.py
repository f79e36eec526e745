from __future__ import annotations

import gc

import pytest

from sourcemark.app import articles, claims, codebook
from sourcemark.app.claims import ClaimFields
from sourcemark.app.errors import DuplicateArticleError, NotFoundError, ValidationError
from sourcemark.app.projects import Project
from sourcemark.app.textspan import Span

RTL_AND_EMOJI = "Officials 🚁 in أربيل said\r\nשרה Cohen said “no”.\r\n"


def test_import_text_normalises_line_endings_and_takes_the_title(project: Project) -> None:
    info = articles.import_text(project, "\ufeffDrone strike on Erbil\r\n\r\nBody text.  \r\n")
    assert info.title == "Drone strike on Erbil"
    assert articles.get_article_text(project, info.id) == "Drone strike on Erbil\n\nBody text."
    assert info.length == len("Drone strike on Erbil\n\nBody text.")


def test_text_is_stored_exactly_with_non_ascii(project: Project) -> None:
    info = articles.import_text(project, RTL_AND_EMOJI, title="  Erbil  ")
    assert info.title == "Erbil"
    stored = articles.get_article_text(project, info.id)
    assert stored == "Officials 🚁 in أربيل said\nשרה Cohen said “no”."


def test_a_new_article_is_returned_exactly_as_stored(project: Project) -> None:
    from sourcemark.app.importing.draft import ArticleDraft

    draft = ArticleDraft(
        text=RTL_AND_EMOJI,
        title=" Erbil ",
        outlet="Wire",
        author="A. Writer",
        url="https://example.org/a",
        published="2023-11",
        source_filename="erbil.txt",
        source_format="text",
    )
    made = articles.add_article(project, draft)
    assert made == articles.get_article(project, made.id)
    assert (made.title, made.length) == ("Erbil", len(articles.get_article_text(project, made.id)))
    assert articles.read_article_text(project, made.id).uuid == made.uuid


def test_duplicates_are_refused_unless_asked(project: Project) -> None:
    first = articles.import_text(project, "Same text.")
    with pytest.raises(DuplicateArticleError, match="Already imported as article") as error:
        articles.import_text(project, "Same text.\r\n")
    assert error.value.existing_id == first.id
    from sourcemark.app.importing.draft import ArticleDraft

    again = articles.add_article(project, ArticleDraft(text="Same text."), allow_duplicate=True)
    assert again.id != first.id
    assert articles.count_articles(project) == 2


def test_empty_text_is_refused(project: Project) -> None:
    with pytest.raises(ValidationError, match="no text"):
        articles.import_text(project, " \r\n\t")
    assert articles.count_articles(project) == 0


def test_list_counts_claims_and_review_progress(project: Project) -> None:
    info = articles.import_text(project, "Officials said the drone failed. Experts worried.")
    tag = codebook.list_tags(project)[0]
    first = claims.create_claim(project, info.id, Span(0, 9), [tag.id])
    claims.create_claim(project, info.id, Span(33, 40), [tag.id])
    claims.review_claim(project, first.id, status="confirmed")
    other = articles.import_text(project, "Another article, by Reuters.")
    summaries = {s.article.id: s for s in articles.list_articles(project)}
    assert (summaries[info.id].claims, summaries[info.id].reviewed) == (2, 1)
    assert (summaries[other.id].claims, summaries[other.id].reviewed) == (0, 0)
    found = articles.list_articles(project, search="reuters")
    assert [s.article.id for s in found] == [other.id]


def test_listed_articles_are_those_get_article_returns(project: Project) -> None:
    """The list builds its rows its own (faster) way: the values must be the same."""
    first = articles.import_text(project, RTL_AND_EMOJI, title="Erbil")
    articles.update_article(project, first.id, outlet="Rudaw", author="A. B.", url="https://x.y")
    articles.import_text(project, "Second piece.", title="Second")
    for summary in articles.list_articles(project):
        stored = articles.get_article(project, summary.article.id)
        assert summary.article == stored
        assert type(summary.article.imported_at) is type(stored.imported_at)
    with pytest.raises(AttributeError):
        summary.article.title = "changed"  # type: ignore[misc]


def test_list_counts_suggestions_apart_from_claims(project: Project) -> None:
    info = articles.import_text(project, "Officials said the drone failed. Experts worried.")
    for span, origin in (
        (Span(0, 9), "manual"),
        (Span(10, 14), "accepted"),
        (Span(15, 18), "suggested"),
        (Span(19, 24), "rejected"),
    ):
        claims.create_claim(project, info.id, span, [], ClaimFields(origin=origin))
    [summary] = articles.list_articles(project)
    assert (summary.claims, summary.reviewed, summary.suggestions) == (2, 0, 1)


def test_list_rows_are_the_lists_columns_of_list_articles(project: Project) -> None:
    first = articles.import_text(project, "Officials said the drone failed.", title="Drone")
    articles.update_article(project, first.id, outlet="AP", author="Kim", published="2024-01")
    claims.create_claim(project, first.id, Span(0, 9), [], ClaimFields(origin="suggested"))
    claims.review_claim(
        project, claims.create_claim(project, first.id, Span(10, 14), []).id, status="disputed"
    )
    articles.import_text(project, "Nothing marked here.", title="Quiet")
    expected = [
        (a.id, a.title, a.outlet, a.author, a.published, s.claims, s.reviewed, s.suggestions)
        for s in articles.list_articles(project)
        for a in [s.article]
    ]
    assert [tuple(row) for row in articles.list_rows(project)] == expected
    assert expected[1][1:] == ("Drone", "AP", "Kim", "2024-01", 1, 1, 1)


def test_update_and_delete(project: Project) -> None:
    info = articles.import_text(project, "Text of the piece.")
    updated = articles.update_article(
        project, info.id, outlet="Al-Monitor", author="Jane Roe", published="2023-11-05"
    )
    assert (updated.outlet, updated.author, updated.published) == (
        "Al-Monitor",
        "Jane Roe",
        "2023-11-05",
    )
    cleared = articles.update_article(project, info.id, outlet="")
    assert cleared.outlet is None
    with pytest.raises(ValidationError, match="needs a title"):
        articles.update_article(project, info.id, title=" ")
    tag = codebook.list_tags(project)[0]
    claim = claims.create_claim(project, info.id, Span(0, 4), [tag.id])
    articles.delete_article(project, info.id)
    with pytest.raises(NotFoundError, match="No article has the id"):
        articles.get_article(project, info.id)
    with pytest.raises(NotFoundError):
        claims.get_claim(project, claim.id)


def test_list_rows_on_two_threads_are_the_same_rows(project: Project) -> None:
    # The counts are split at the article of the claim a third of the way through: every
    # article counted once, on whichever side, and none when there are no claims.
    gc.disable()  # as the window's list reads (ui/panels/article_list.py): it needs it
    try:
        assert articles.list_rows(project, two_threads=True) == []
        made = []
        for number in range(7):
            text = " ".join(f"Sentence {i}." for i in range(12))
            article = articles.import_text(project, f"{number}: {text}", title=f"Article {number}")
            made.append(article.id)
            for i in range(number * 2 % 5):
                claim = claims.create_claim(project, article.id, Span(3 + 12 * i, 12 + 12 * i), [])
                if i == 1:
                    claims.review_claim(project, claim.id, status="confirmed")
        claims.update_claim(project, claim.id, origin="suggested")
        rows = articles.list_rows(project, two_threads=True)
        assert rows == articles.list_rows(project)
        assert {row.id for row in rows if row.claims} == {made[i] for i in (1, 2, 3, 4, 6)}
    finally:
        gc.enable()
