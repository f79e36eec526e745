"""A colleague's claims come in though their project numbered the same articles otherwise.

Two projects that imported the same articles on their own give them different ids and
UUIDs. A row whose article_uuid and article_id do not fit here is matched by the export's URL
or title to one article of this project, and kept only when its quote is there.
"""

from __future__ import annotations

from pathlib import Path

from sourcemark.app import articles, claims, codebook
from sourcemark.app.claims import ClaimFields
from sourcemark.app.exporting.csv_export import export_claims_csv
from sourcemark.app.importing.claims_csv import import_claims_csv
from sourcemark.app.importing.draft import ArticleDraft
from sourcemark.app.projects import Project, open_project
from sourcemark.app.textspan import Span

STORIES = {
    "Drone strike near Erbil": (
        "https://news.example/erbil",
        "Two officials familiar with the matter said the drone came from the east. "
        "The ministry declined to comment.",
    ),
    "Talks stall in Vienna": (
        "https://news.example/vienna",
        "According to a diplomat, the talks stalled on Tuesday. Nobody else would say more.",
    ),
    "Markets calm": (
        None,
        "Analysts said markets were calm. “It is a quiet week,” said Dr. Lee of the institute.",
    ),
}


def add(project: Project, titles: list[str]) -> dict[str, int]:
    ids = {}
    for title in titles:
        url, text = STORIES[title]
        ids[title] = articles.add_article(project, ArticleDraft(text, title=title, url=url)).id
    return ids


def colleague_export(tmp_path: Path) -> Path:
    """A colleague imported the stories in another order (other ids, other UUIDs), tagged a
    passage of each and exported."""
    theirs = open_project(tmp_path / "colleague.sourcemark", annotator="sam")
    ids = add(theirs, ["Markets calm", "Talks stall in Vienna", "Drone strike near Erbil"])
    expert = codebook.find_tag(theirs, "expert").id
    for article_id in ids.values():
        fields = ClaimFields(speaker="someone")
        claims.create_claims(theirs, article_id, [(Span(4, 24), [expert], fields)])
    exported = tmp_path / "from-sam.csv"
    export_claims_csv(theirs, exported)
    theirs.close()
    return exported


def export_from_their_copy(tmp_path: Path, text: str, url: str | None, spans: list[Span]) -> Path:
    """A colleague's project with its own copy of the story at ``url``, a claim on each span."""
    theirs = open_project(tmp_path / "colleague.sourcemark", annotator="sam")
    article = articles.add_article(theirs, ArticleDraft(text, title="Their copy", url=url))
    claims.create_claims(theirs, article.id, [(span, [], ClaimFields()) for span in spans])
    exported = tmp_path / "from-sam.csv"
    export_claims_csv(theirs, exported)
    theirs.close()
    return exported


def test_claims_land_on_the_same_stories_numbered_otherwise(
    project: Project, tmp_path: Path
) -> None:
    ours = add(project, list(STORIES))
    exported = colleague_export(tmp_path)
    report = import_claims_csv(project, exported)
    # "Talks stall in Vienna" has the same id in both projects: found by it, the others not.
    assert (report.claims, report.problem_count, report.matched_by_url_or_title) == (3, 0, 2)
    assert "2 rows matched to an article by its URL or title" in report.summary()
    for title, article_id in ours.items():
        [claim] = claims.list_claims(project, claims.ClaimFilter(article_id=article_id))
        text = STORIES[title][1]
        assert (claim.start, claim.end, claim.quote) == (4, 24, text[4:24])
        assert (claim.speaker, claim.annotator) == ("someone", "sam")
    # Imported again: the claims (same claim ids) are there already.
    again = import_claims_csv(project, exported)
    assert (again.claims, again.already_there) == (0, 3)


def test_a_title_two_articles_share_matches_neither(project: Project, tmp_path: Path) -> None:
    add(project, ["Drone strike near Erbil", "Talks stall in Vienna"])
    # "Markets calm" has no URL, and here two articles have its title.
    for suffix in ("", " (updated)"):
        text = STORIES["Markets calm"][1] + suffix
        articles.add_article(project, ArticleDraft(text, title="Markets calm"))
    exported = colleague_export(tmp_path)
    report = import_claims_csv(project, exported)
    # Vienna by its id, Erbil by its URL; the row of "Markets calm" names article 1 (Erbil
    # here), and its title is two articles'.
    assert (report.claims, report.matched_by_url_or_title) == (2, 1)
    [problem] = report.problems
    assert problem.message.startswith("the quote 'ysts said markets we' is not the article")


def test_a_story_whose_text_differs_a_little_is_matched_by_its_quote(
    project: Project, tmp_path: Path
) -> None:
    """Their copy of the story has a line more at the top (imported from another file):
    the offsets differ, the quote occurs once, and the URL says which article it is."""
    url, text = STORIES["Drone strike near Erbil"]
    articles.add_article(project, ArticleDraft("Other story.", title="Other"))
    ours = articles.add_article(
        project, ArticleDraft("By our correspondent\n" + text, title="Erbil drone", url=url)
    )
    exported = export_from_their_copy(tmp_path, text, url, [Span(4, 24)])
    report = import_claims_csv(project, exported)
    assert (report.claims, report.problem_count, report.matched_by_url_or_title) == (1, 0, 1)
    [claim] = claims.list_claims(project)
    shift = len("By our correspondent\n")
    assert (claim.article_id, claim.start, claim.quote) == (ours.id, 4 + shift, text[4:24])


def test_a_repeated_quote_lands_on_the_place_nearest_its_offsets(
    project: Project, tmp_path: Path
) -> None:
    """The words "officials said" are twice in each copy; ours has a line more at the top."""
    url = "https://news.example/twice"
    text = (
        "Two officials said the drone came from the east. The ministry declined to comment. "
        "Later, officials said the base was on alert."
    )
    ours = articles.add_article(
        project, ArticleDraft("By our correspondent\n" + text, title="Twice", url=url)
    )
    first, second = text.index("officials said"), text.rindex("officials said")
    length = len("officials said")
    spans = [Span(first, first + length), Span(second, second + length)]
    report = import_claims_csv(project, export_from_their_copy(tmp_path, text, url, spans))
    assert (report.claims, report.problem_count, report.matched_by_url_or_title) == (2, 0, 2)
    shift = len("By our correspondent\n")
    found = claims.list_claims(project, claims.ClaimFilter(article_id=ours.id))
    assert sorted((c.start, c.quote) for c in found) == [
        (first + shift, "officials said"),
        (second + shift, "officials said"),
    ]


def test_a_quote_whose_spaces_and_quotation_marks_differ_is_found(
    project: Project, tmp_path: Path
) -> None:
    """Their copy came from a file with straight quotes, a hyphen for the dash and a line
    break inside the passage; the claim takes our copy's own text."""
    url = "https://news.example/markets"
    ours_text = "Analysts said markets were calm. “It’s a quiet week – for now,” said Dr. Lee."
    theirs_text = 'Analysts said markets\nwere calm.\n"It\'s a quiet week - for\nnow," said Lee.'
    ours = articles.add_article(project, ArticleDraft(ours_text, title="Markets", url=url))
    start = theirs_text.index('"It')
    passage = Span(start, theirs_text.index(" said Lee."))
    exported = export_from_their_copy(tmp_path, theirs_text, url, [passage])
    report = import_claims_csv(project, exported)
    assert (report.claims, report.problem_count) == (1, 0)
    [claim] = claims.list_claims(project, claims.ClaimFilter(article_id=ours.id))
    assert claim.quote == "“It’s a quiet week – for now,”"
    assert ours_text[claim.start : claim.end] == claim.quote


def test_a_quote_not_in_our_copy_says_which_article_was_searched(
    project: Project, tmp_path: Path
) -> None:
    url = "https://news.example/edited"
    articles.add_article(
        project, ArticleDraft("The minister resigned on Friday.", title="Edited", url=url)
    )
    theirs_text = "The minister, under pressure, resigned on Friday."
    exported = export_from_their_copy(tmp_path, theirs_text, url, [Span(4, 28)])
    report = import_claims_csv(project, exported)
    [problem] = report.problems
    assert problem.message == (
        "the quote 'minister, under pressure' is not in 'Edited', the article here with the "
        "row's URL: its text may differ from the copy the claim was made in. Tag that passage "
        "by hand."
    )
    assert claims.list_claims(project) == []
