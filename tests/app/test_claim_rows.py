"""Claims as table rows: sorted, filtered ids, then the rows' display fields, in one query each."""

from __future__ import annotations

import functools
import gc
from collections.abc import Iterator

import pytest

from sourcemark.app import articles, claim_rows, claims, codebook
from sourcemark.app.claim_rows import QUOTE_PREVIEW_CHARS
from sourcemark.app.claims import ClaimFields, ClaimFilter
from sourcemark.app.errors import ValidationError
from sourcemark.app.projects import Project
from sourcemark.app.textspan import Span, find_quote

TEXT = (
    "Two U.S. officials said the drone failed. David Schenker said the risk is real. "
    "The ministry declined to comment."
)


@pytest.fixture
def made(project: Project) -> dict[str, int]:
    tag = {key: codebook.find_tag(project, key).id for key in ("expert", "anonymous-official")}
    first = articles.import_text(project, TEXT, title="Zebra headline")
    second = articles.import_text(project, "Another text where officials spoke.", title="Alpha")
    ids = {
        "schenker": claims.create_claim(
            project,
            first.id,
            find_quote(TEXT, "David Schenker said"),
            [tag["expert"]],
            ClaimFields(speaker="David Schenker"),
        ).id,
        "officials": claims.create_claim(
            project,
            first.id,
            find_quote(TEXT, "Two U.S. officials"),
            [tag["anonymous-official"], tag["expert"]],
            ClaimFields(speaker="officials"),
        ).id,
        "ministry": claims.create_claim(project, first.id, find_quote(TEXT, "The ministry"), []).id,
        "alpha": claims.create_claim(project, second.id, Span(0, 7), [tag["expert"]]).id,
    }
    claims.review_claim(project, ids["ministry"], status="disputed")
    return ids


def test_position_is_the_order_of_the_text(project: Project, made: dict[str, int]) -> None:
    ids = claim_rows.sorted_claim_ids(project)
    assert ids == [made["officials"], made["schenker"], made["ministry"], made["alpha"]]
    assert claim_rows.sorted_claim_ids(project, descending=True) == ids[::-1]


def test_sort_keys(project: Project, made: dict[str, int]) -> None:
    by = claim_rows.sorted_claim_ids
    # Speaker, without case; the two empty speakers keep the text order.
    assert by(project, sort="speaker") == [
        made["ministry"],
        made["alpha"],
        made["schenker"],
        made["officials"],
    ]
    # The first tag in codebook order; the untagged claim last.
    assert by(project, sort="tags")[0] == made["officials"]
    assert by(project, sort="tags")[-1] == made["ministry"]
    assert by(project, sort="article")[0] == made["alpha"]
    assert by(project, sort="status", descending=True)[-1] == made["ministry"]
    assert by(project, sort="quote")[0] == made["alpha"]  # "Another" < "David" < ...


def test_filters_apply(project: Project, made: dict[str, int]) -> None:
    expert = codebook.find_tag(project, "expert").id
    first = articles.list_articles(project)[-1].article.id
    assert set(claim_rows.sorted_claim_ids(project, ClaimFilter(tag_ids=[expert]))) == {
        made["schenker"],
        made["officials"],
        made["alpha"],
    }
    assert claim_rows.sorted_claim_ids(project, ClaimFilter(statuses=["disputed"])) == [
        made["ministry"]
    ]
    assert len(claim_rows.sorted_claim_ids(project, ClaimFilter(article_id=first))) == 3


def test_statuses_in_reading_order(project: Project, made: dict[str, int]) -> None:
    ids, statuses = claim_rows.statuses_in_reading_order(project)
    assert ids == claim_rows.sorted_claim_ids(project)
    assert statuses == ["unreviewed", "unreviewed", "disputed", "unreviewed"]
    assert claim_rows.statuses_in_reading_order(project, ClaimFilter(statuses=["disputed"])) == (
        [made["ministry"]],
        ["disputed"],
    )
    assert claim_rows.statuses_in_reading_order(project, ClaimFilter(text="nowhere")) == ([], [])


def test_unknown_sort_is_refused(project: Project) -> None:
    with pytest.raises(ValidationError, match="sort order"):
        claim_rows.sorted_claim_ids(project, sort="colour")


def test_rows_in_the_order_asked_with_titles_and_tags(
    project: Project, made: dict[str, int]
) -> None:
    wanted = [made["alpha"], made["officials"], 999_999]
    rows = claim_rows.claim_rows(project, wanted)
    assert [row.id for row in rows] == wanted[:2]  # the unknown id is left out
    alpha, officials = rows
    assert (alpha.article_title, alpha.quote) == ("Alpha", "Another")
    expert, official = (codebook.find_tag(project, k).id for k in ("expert", "anonymous-official"))
    assert officials.tag_ids == (official, expert)  # codebook order
    assert (officials.speaker, officials.status, officials.annotator) == (
        "officials",
        "unreviewed",
        "tester",
    )


def test_long_quotes_are_cut_for_the_table(project: Project) -> None:
    text = "word " * 200
    article = articles.import_text(project, text, title="Long")
    claim = claims.create_claim(project, article.id, Span(0, len(text.rstrip())), [])
    [row] = claim_rows.claim_rows(project, [claim.id])
    assert len(row.quote) == QUOTE_PREVIEW_CHARS


def test_more_ids_than_sqlite_takes_parameters_come_back_in_the_order_asked(
    project: Project,
) -> None:
    # The ids travel as one JSON array: more of them than SQLite's old cap of 999 bound
    # parameters, asked for in an order of their own, with unknown ids left out.
    article = articles.import_text(project, "x" * 1200, title="Many")
    items: list[tuple[Span, list[int], ClaimFields]] = [
        (Span(i, i + 1), [], ClaimFields()) for i in range(1200)
    ]
    ids = [claim.id for claim in claims.create_claims(project, article.id, items)]
    asked = [*ids[::-1], max(ids) + 1]
    rows = claim_rows.claim_rows(project, asked)
    assert [row.id for row in rows] == ids[::-1]
    assert {row.start for row in rows} == set(range(1200))


@pytest.mark.parametrize("sort", claim_rows.SORT_KEYS)
@pytest.mark.parametrize("descending", [False, True])
def test_place_of_agrees_with_the_sorted_ids(
    project: Project, made: dict[str, int], sort: str, descending: bool
) -> None:
    # Ties on every key: two more claims with the same speaker, status and tags.
    first = articles.list_articles(project)[-1].article.id
    expert = codebook.find_tag(project, "expert").id
    for quote in ("the risk is real", "failed"):
        claims.create_claim(
            project, first, find_quote(TEXT, quote), [expert], ClaimFields(speaker="officials")
        )
    suggested = claims.create_claim(project, first, find_quote(TEXT, "drone"), [expert])
    claims.update_claim(project, suggested.id, origin="suggested")
    for criteria in (
        ClaimFilter(),
        ClaimFilter(article_id=first),
        ClaimFilter(tag_ids=[expert]),
        ClaimFilter(text="officials"),
    ):
        ids = claim_rows.sorted_claim_ids(project, criteria, sort=sort, descending=descending)
        places = [
            claim_rows.place_of(project, claim_id, criteria, sort=sort, descending=descending)
            for claim_id in ids
        ]
        assert places == list(range(len(ids))), criteria
        left_out = set(made.values()) - set(ids) | {suggested.id}
        for claim_id in left_out:
            assert claim_rows.place_of(project, claim_id, criteria, sort=sort) is None


def test_place_of_an_unknown_sort_is_refused(project: Project, made: dict[str, int]) -> None:
    with pytest.raises(ValidationError, match="sort order"):
        claim_rows.place_of(project, made["alpha"], sort="colour")


@pytest.mark.parametrize("descending", [False, True])
@pytest.mark.parametrize("fanout", [2, 3, 32, 1000])
def test_place_in_reading_order_finds_the_row_a_reload_would_give(
    project: Project, descending: bool, fanout: int
) -> None:
    text = "word " * 400
    article = articles.import_text(project, text, title="Words")
    other = articles.import_text(project, text + "more", title="Other")
    # Nested and equal spans, so ties on start and end are broken by id.
    spans = [(s, s + 4 + (s % 3) * 5) for s in range(0, 1500, 35)] + [(70, 74), (70, 74)]
    for start, end in spans:
        claims.create_claim(project, article.id, Span(start, end), [])
        claims.create_claim(project, other.id, Span(start, end), [])
    for criteria in (ClaimFilter(article_id=article.id), ClaimFilter()):
        ids = claim_rows.sorted_claim_ids(project, criteria, descending=descending)
        for index, claim_id in enumerate(ids):
            rest = ids[:index] + ids[index + 1 :]
            place = claim_rows.place_in_reading_order(
                project,
                claim_id,
                rest,
                criteria,
                descending=descending,
                fanout=fanout,
            )
            assert place == index, (criteria, claim_id)
    # A claim of another article is not in this article's table.
    outside = claim_rows.sorted_claim_ids(project, ClaimFilter(article_id=other.id))[0]
    shown = claim_rows.sorted_claim_ids(project, ClaimFilter(article_id=article.id))
    assert (
        claim_rows.place_in_reading_order(
            project, outside, shown, ClaimFilter(article_id=article.id)
        )
        is None
    )


def test_place_in_reading_order_skips_rows_whose_claims_are_gone(project: Project) -> None:
    article = articles.import_text(project, "word " * 100, title="Words")
    made = [
        claims.create_claim(project, article.id, Span(s, s + 4), []).id for s in range(0, 100, 5)
    ]
    for gone in made[3:9]:
        claims.delete_claim(project, gone)
    new = claims.create_claim(project, article.id, Span(31, 33), []).id  # between 30 and 35
    place = claim_rows.place_in_reading_order(project, new, made, fanout=4)
    # The rows of the deleted claims (starts 15-40) are still in the table until it reloads:
    # the new claim goes right before the next row whose claim is left (start 45).
    assert place == 9


def test_place_in_reading_order_when_the_sampled_rows_are_gone(project: Project) -> None:
    article = articles.import_text(project, "word " * 100, title="Words")
    made = [
        claims.create_claim(project, article.id, Span(s, s + 4), []).id for s in range(0, 100, 5)
    ]
    # With four rows read at a time, the rows read first are every fifth: all but the first
    # are gone, so they cannot narrow the search.
    for gone in made[5::5]:
        claims.delete_claim(project, gone)
    new = claims.create_claim(project, article.id, Span(86, 88), []).id  # between 85 and 90
    assert claim_rows.place_in_reading_order(project, new, made, fanout=4) == 18


def _reference(project: Project, sort: str, criteria: ClaimFilter | None = None) -> list[int]:
    """The order as SQLite sorts it from the sort keys: what every faster way must give."""
    from sourcemark.app.claims import filtered_query
    from sourcemark.db.models import Claim

    query = filtered_query(criteria or ClaimFilter()).with_only_columns(Claim.id)
    query, keys = claim_rows._with_sort_keys(query, sort)
    with project.db.read() as session:
        statement = query.order_by(*keys, *claim_rows._natural_order(sort))
        return list(session.execute(statement).scalars())


@pytest.fixture
def crowd(project: Project) -> list[int]:
    """Claims across articles, out of id order, with shared and case-different keys."""
    tags = [tag.id for tag in codebook.list_tags(project)]
    text = "Alpha beta gamma delta. " * 12
    ids = []
    for title in ("zeta", "Eta", "eta", "Émile"):
        article = articles.import_text(project, f"{title}: {text}", title=title)
        for number, start in enumerate((40, 8, 40, 100, 8)):  # two equal spans, out of order
            fields = ClaimFields(speaker=("Bob", "alice", "", "Émile", "bob")[number])
            chosen = [tags[(number * 3) % 5], tags[number]] if number % 2 else []
            claim = claims.create_claim(project, article.id, Span(start, start + 5), chosen, fields)
            ids.append(claim.id)
    for claim_id, person in zip(ids, ("Ben", "amira", "ben", "Zoë", "chloé") * 4, strict=True):
        with project.db.write() as session:
            from sourcemark.db.models import Claim

            session.get_one(Claim, claim_id).annotator = person
    return ids


@pytest.fixture
def collection_paused() -> Iterator[None]:
    gc.disable()  # as the window's worker reads run (ui/background.py): two_threads needs it
    try:
        yield
    finally:
        gc.enable()


@pytest.mark.parametrize("two_threads", [False, True])
@pytest.mark.parametrize("sort", claim_rows.SORT_KEYS)
def test_every_order_is_the_sort_keys_order_and_descending_reverses_it(
    project: Project, crowd: list[int], sort: str, two_threads: bool, collection_paused: None
) -> None:
    tag = codebook.list_tags(project)[1].id
    first = articles.list_articles(project)[-1].article.id
    for criteria in (
        None,  # whole orders: the sort's index, the annotators' ranges, the tags' lists
        ClaimFilter(annotators=["ben", "Ben"]),
        ClaimFilter(tag_ids=[tag]),  # sorted by SQLite, without walking an index
        ClaimFilter(text="GAMM"),
        ClaimFilter(article_id=first),
    ):
        expected = _reference(project, sort, criteria)
        by = functools.partial(claim_rows.sorted_claim_ids, two_threads=two_threads)
        assert by(project, criteria, sort=sort) == expected
        assert by(project, criteria, sort=sort, descending=True) == expected[::-1]
    assert len(_reference(project, sort)) == len(crowd)
    assert 0 < len(_reference(project, sort, ClaimFilter(text="GAMM"))) < len(crowd)


def test_tags_sort_reads_tag_lists_for_many_claims_with_the_same_order(
    project: Project, crowd: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Under the threshold each claim's first tag is looked up; over it, every tag's list is read.
    first = articles.list_articles(project)[-1].article.id
    criteria_list = (None, ClaimFilter(article_id=first), ClaimFilter(text="GAMM"))
    few = [claim_rows.sorted_claim_ids(project, c, sort="tags") for c in criteria_list]
    monkeypatch.setattr(claim_rows, "_FEW_TO_SORT", 0)
    many = [claim_rows.sorted_claim_ids(project, c, sort="tags") for c in criteria_list]
    assert few == many == [_reference(project, "tags", c) for c in criteria_list]


def test_tags_sort_with_sparse_ids(
    project: Project, crowd: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Ids far beyond the number of claims (many deleted): positions kept in a dict instead.
    monkeypatch.setattr(claim_rows, "_FEW_TO_SORT", 0)
    monkeypatch.setattr(claim_rows, "_DENSE_IDS", 0)
    assert claim_rows.sorted_claim_ids(project, sort="tags") == _reference(project, "tags")
    only_ben = ClaimFilter(annotators=["ben"])
    expected = _reference(project, "tags", only_ben)
    assert claim_rows.sorted_claim_ids(project, only_ben, sort="tags") == expected


def test_annotators_differing_only_in_case_share_a_place(
    project: Project, crowd: list[int]
) -> None:
    order = claim_rows.sorted_claim_ids(project, sort="annotator")
    people = {c.id: c.annotator for c in claims.claims_by_id(project, order)}
    # amira, then Ben and ben mixed in text order, chloé, then Zoë (ASCII case only: "Z"=="z").
    assert [people[i] for i in order][:4] == ["amira"] * 4
    bens = [people[i] for i in order][4:12]
    assert set(bens) == {"Ben", "ben"} and bens != sorted(bens)
    assert [people[i] for i in order][-4:] == ["Zoë"] * 4


@pytest.mark.parametrize("sort", ["position", "tags"])
def test_two_threads_split_the_text_order_at_its_middle_claim(
    project: Project, crowd: list[int], sort: str, collection_paused: None
) -> None:
    # The two halves meet at the middle claim of the text order: every claim once, in order,
    # whichever side of the middle a filter's claims fall, and with no claims at all.
    first = articles.list_articles(project)[-1].article.id
    for criteria in (ClaimFilter(), ClaimFilter(text="GAMM"), ClaimFilter(statuses=["disputed"])):
        ids = claim_rows.sorted_claim_ids(project, criteria, sort=sort, two_threads=True)
        assert ids == _reference(project, sort, criteria)
    for claim_id in claim_rows.sorted_claim_ids(project, ClaimFilter(article_id=first)):
        claims.delete_claim(project, claim_id)
    assert claim_rows.sorted_claim_ids(project, sort=sort, two_threads=True) == _reference(
        project, sort
    )
    for claim_id in claim_rows.sorted_claim_ids(project, ClaimFilter(include_suggestions=True)):
        claims.delete_claim(project, claim_id)
    assert claim_rows.sorted_claim_ids(project, sort=sort, two_threads=True) == []


def test_two_threads_sort_by_tags_again_after_the_tags_change(
    project: Project, crowd: list[int], collection_paused: None
) -> None:
    # Each claim's first tag is kept between two sorts (``Database.remembered``) only until
    # something is committed.
    by_tags = functools.partial(claim_rows.sorted_claim_ids, sort="tags", two_threads=True)
    assert by_tags(project) == _reference(project, "tags")
    last_tag = codebook.list_tags(project)[-1].id
    first = by_tags(project)[0]
    claims.add_tag(project, by_tags(project)[-1], codebook.list_tags(project)[0].id)
    claims.remove_tag(project, first, claims.get_claim(project, first).tag_ids[0])
    claims.add_tag(project, first, last_tag)
    assert by_tags(project) == _reference(project, "tags")
    assert by_tags(project, ClaimFilter(text="GAMM")) == _reference(
        project, "tags", ClaimFilter(text="GAMM")
    )
