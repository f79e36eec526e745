from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import event

from sourcemark.app import articles, claims, codebook
from sourcemark.app.claims import ClaimFields, ClaimFilter
from sourcemark.app.errors import NotFoundError, ValidationError
from sourcemark.app.projects import Project, open_project
from sourcemark.app.textspan import Span, context, find_quote

TEXT = (
    "A drone 🚁 crashed, according to two anonymous U.S. officials familiar with the matter.\n"
    "David Schenker from the Washington Institute said “the risk is real”.\n"
    "שרה כהן, a resident, said she heard it."
)


@pytest.fixture
def article_id(project: Project) -> int:
    return articles.import_text(project, TEXT, title="Erbil").id


def tag_id(project: Project, name: str) -> int:
    return codebook.find_tag(project, name).id


def test_create_claim_stores_code_point_span_quote_and_context(
    project: Project, article_id: int
) -> None:
    span = find_quote(TEXT, "two anonymous U.S. officials familiar with the matter")
    claim = claims.create_claim(
        project,
        article_id,
        span,
        [tag_id(project, "anonymous-official")],
        ClaimFields(cue="according to", quote_form="indirect", note="unnamed"),
    )
    assert claim.quote == TEXT[span.start : span.end]
    assert claim.start == TEXT.index("two anonymous")  # code points, the emoji counts once
    assert claim.prefix.endswith("according to ")
    assert claim.suffix.startswith(".\nDavid")
    assert (claim.annotator, claim.status, claim.origin) == ("tester", "unreviewed", "manual")
    assert claim.uuid and claim.created_at <= claim.updated_at


@pytest.mark.parametrize("filler", ["plain words ", "🚁 é ", "a\x00b "])
def test_quote_and_context_of_a_long_article_read_from_a_window_of_it(
    project: Project, filler: str
) -> None:
    """Tagging reads only the passage and its context; it must agree with the whole text.

    Emoji count as one character in SQLite's substr() as in Python; a NUL character stops
    SQLite's string functions, so such an article is read whole instead.
    """
    text = filler * 5000 + "the minister said so." + filler * 3
    article = articles.import_text(project, text, title="Long")
    stored = articles.get_article_text(project, article.id)
    assert ("\x00" in stored) == ("\x00" in filler)
    start = stored.index("the minister")
    claim = claims.create_claim(project, article.id, Span(start, start + 12), [])
    assert claim.quote == "the minister"
    assert (claim.prefix, claim.suffix) == context(stored, Span(start, start + 12))
    moved = claims.set_span(project, claim.id, Span(len(stored) - 5, len(stored)))
    assert moved.quote == stored[-5:]
    assert moved.suffix == ""
    with pytest.raises(ValidationError, match=f"has {len(stored)} characters"):
        claims.create_claim(project, article.id, Span(len(stored) - 2, len(stored) + 1), [])


def test_claims_may_overlap_and_nest(project: Project, article_id: int) -> None:
    expert = tag_id(project, "expert")
    outer = claims.create_claim(project, article_id, find_quote(TEXT, "David Schenker"), [expert])
    inner = claims.create_claim(project, article_id, find_quote(TEXT, "Schenker"), [expert])
    listed = claims.list_claims(project, ClaimFilter(article_id=article_id))
    assert [c.id for c in listed] == [outer.id, inner.id]


@pytest.mark.parametrize(("start", "end"), [(0, 0), (-1, 4), (10, 5), (0, len(TEXT) + 1)])
def test_bad_spans_are_refused(project: Project, article_id: int, start: int, end: int) -> None:
    with pytest.raises(ValidationError):
        claims.create_claim(project, article_id, Span(start, end), [])
    assert claims.count_claims(project) == 0


def test_whitespace_only_span_is_refused(project: Project, article_id: int) -> None:
    newline = TEXT.index("\n")
    with pytest.raises(ValidationError, match="only whitespace"):
        claims.create_claim(project, article_id, Span(newline, newline + 1), [])


def test_unknown_article_or_tag_is_refused(project: Project, article_id: int) -> None:
    with pytest.raises(NotFoundError, match="No article"):
        claims.create_claim(project, 999, Span(0, 1), [])
    with pytest.raises(NotFoundError, match="No tag"):
        claims.create_claim(project, article_id, Span(0, 1), [12345])


def test_tag_span_adds_to_an_existing_claim_instead_of_duplicating(
    project: Project, article_id: int
) -> None:
    span = find_quote(TEXT, "David Schenker")
    first = claims.tag_span(project, article_id, span, tag_id(project, "expert"))
    assert first.created and first.tag_added
    second = claims.tag_span(project, article_id, span, tag_id(project, "named-official"))
    assert not second.created and second.tag_added
    assert second.claim.id == first.claim.id
    again = claims.tag_span(project, article_id, span, tag_id(project, "expert"))
    assert not again.created and not again.tag_added
    assert claims.count_claims(project) == 1
    assert set(claims.get_claim(project, first.claim.id).tag_ids) == {
        tag_id(project, "expert"),
        tag_id(project, "named-official"),
    }


def test_tagging_with_the_text_the_reader_holds_reads_no_text_and_stores_the_same(
    project: Project, article_id: int
) -> None:
    held = articles.read_article_text(project, article_id)
    assert held.text == TEXT
    statements: list[str] = []
    engine = project.db.engine

    def record(*args: object) -> None:
        statements.append(str(args[2]))

    event.listen(engine, "before_cursor_execute", record)
    try:
        span = find_quote(TEXT, "the risk is real")
        result = claims.tag_span(
            project, article_id, span, tag_id(project, "expert"), known_text=held
        )
    finally:
        event.remove(engine, "before_cursor_execute", record)
    assert not [s for s in statements if "articles.text" in s]
    stored = claims.get_claim(project, result.claim.id)
    assert stored.quote == "the risk is real"
    assert (stored.prefix, stored.suffix) == context(TEXT, span)
    assert stored == result.claim


def test_a_held_text_of_another_article_under_the_same_id_is_not_used(
    project: Project, article_id: int
) -> None:
    """An article deleted and another imported with its id: the held text is not its text."""
    stale = articles.read_article_text(project, article_id)
    articles.delete_article(project, article_id)
    other = articles.import_text(project, "Officials said nothing at all today.", title="New")
    assert other.id == article_id  # SQLite gave the freed id again
    span = find_quote("Officials said nothing at all today.", "said nothing")
    made = claims.create_claim(project, other.id, span, [], known_text=stale)
    assert made.quote == "said nothing"
    with pytest.raises(ValidationError):
        # Past the end of the new text, though inside the held one.
        claims.create_claim(project, other.id, Span(100, 120), [], known_text=stale)


def test_update_remove_tag_set_span(project: Project, article_id: int) -> None:
    claim = claims.create_claim(
        project, article_id, find_quote(TEXT, "David"), [tag_id(project, "expert")]
    )
    updated = claims.update_claim(
        project, claim.id, speaker=" David Schenker ", affiliation="Washington Institute"
    )
    assert (updated.speaker, updated.affiliation) == ("David Schenker", "Washington Institute")
    assert updated.cue == ""
    wider = claims.set_span(project, claim.id, find_quote(TEXT, "David Schenker"))
    assert wider.quote == "David Schenker"
    bare = claims.remove_tag(project, claim.id, tag_id(project, "expert"))
    assert bare.tag_ids == ()
    with pytest.raises(ValidationError, match="not a quote form"):
        claims.update_claim(project, claim.id, quote_form="paraphrase")


def test_every_edit_returns_the_claim_as_stored_and_dates_only_real_changes(
    project: Project, article_id: int
) -> None:
    expert, official = tag_id(project, "expert"), tag_id(project, "named-official")
    claim = claims.create_claim(
        project, article_id, find_quote(TEXT, "David"), [expert], ClaimFields(origin="suggested")
    )

    def stored(returned: claims.ClaimInfo) -> claims.ClaimInfo:
        assert returned == claims.get_claim(project, claim.id)
        return returned

    same = stored(claims.update_claim(project, claim.id, speaker="", note=""))
    assert same == claim  # nothing changed: nothing written, not even the time
    named = stored(claims.update_claim(project, claim.id, speaker=" David "))
    assert (named.speaker, named.origin) == ("David", "edited")
    assert named.updated_at > claim.updated_at
    wider = stored(claims.set_span(project, claim.id, find_quote(TEXT, "David Schenker")))
    assert (wider.start, wider.end, wider.quote) == (
        named.start,
        named.start + 14,
        "David Schenker",
    )
    both = stored(claims.add_tag(project, claim.id, official))
    assert set(both.tag_ids) == {expert, official} and both.updated_at > wider.updated_at
    assert stored(claims.add_tag(project, claim.id, official)) == both  # had it already
    one = stored(claims.remove_tag(project, claim.id, expert))
    assert one.tag_ids == (official,)
    reviewed = stored(claims.review_claim(project, claim.id, status="confirmed", note=" ok "))
    assert (reviewed.status, reviewed.reviewer_note, reviewed.reviewer) == (
        "confirmed",
        "ok",
        "tester",
    )
    accepted = stored(claims.update_claim(project, claim.id, origin="accepted"))
    assert accepted.origin == "accepted"
    with pytest.raises(NotFoundError):
        claims.update_claim(project, claim.id + 99, note="x")


def test_review_records_reviewer_and_time(project: Project, article_id: int) -> None:
    claim = claims.create_claim(project, article_id, Span(0, 7), [])
    reviewed = claims.review_claim(project, claim.id, status="disputed", note="Check source")
    assert (reviewed.status, reviewed.reviewer_note, reviewed.reviewer) == (
        "disputed",
        "Check source",
        "tester",
    )
    assert reviewed.reviewed_at is not None
    with pytest.raises(ValidationError, match=r"not a status.*needs-check"):
        claims.review_claim(project, claim.id, status="wrong")
    reset = claims.review_claim(project, claim.id, status="unreviewed")
    assert reset.reviewed_at is None and reset.reviewer == ""


def test_delete_and_restore_give_back_the_same_claim(project: Project, article_id: int) -> None:
    claim = claims.create_claim(
        project, article_id, Span(0, 7), [tag_id(project, "unattributed")], ClaimFields(note="n")
    )
    snapshot = claims.delete_claim(project, claim.id)
    assert claims.count_claims(project) == 0
    restored = claims.restore_claim(project, snapshot)
    assert restored == claim
    assert claims.get_claim(project, claim.id) == claim


def test_a_new_claim_is_returned_exactly_as_stored(project: Project, article_id: int) -> None:
    details = ClaimFields(
        speaker=" Dana ",
        affiliation="Ministry",
        cue="said",
        quote_form="direct",
        note="check",
        origin="suggested",
        evidence="officials said",
    )
    first, second = (tag.id for tag in codebook.list_tags(project)[:2])
    made = claims.create_claim(project, article_id, Span(3, 12), [second, first, second], details)
    assert made == claims.get_claim(project, made.id)
    assert claims.claims_by_id(project, [made.id, made.id + 1]) == [made]
    # Tags in codebook order, each once, whatever order they were given in.
    assert (made.speaker, made.tag_ids, made.status) == ("Dana", (first, second), "unreviewed")
    assert made.created_at == made.updated_at and made.reviewed_at is None


def test_filters_by_tag_status_annotator_and_text(project_path: Path, article_id: int) -> None:
    alice = open_project(project_path, annotator="alice")
    bob = open_project(project_path, annotator="bob")
    try:
        expert, official = tag_id(alice, "expert"), tag_id(alice, "named-official")
        a = claims.create_claim(alice, article_id, find_quote(TEXT, "David Schenker"), [expert])
        b = claims.create_claim(bob, article_id, find_quote(TEXT, "שרה כהן"), [official])
        claims.review_claim(bob, a.id, status="confirmed")

        def ids(criteria: ClaimFilter) -> list[int]:
            return [c.id for c in claims.list_claims(alice, criteria)]

        assert ids(ClaimFilter(tag_ids=[expert])) == [a.id]
        assert ids(ClaimFilter(statuses=["confirmed"])) == [a.id]
        assert ids(ClaimFilter(annotators=["bob"])) == [b.id]
        assert ids(ClaimFilter(text="כהן")) == [b.id]
        assert ids(ClaimFilter(text="schenker")) == [a.id]
        assert claims.annotators(alice) == ["alice", "bob"]
    finally:
        alice.close()
        bob.close()


def test_suggestions_are_hidden_unless_asked(project: Project, article_id: int) -> None:
    claims.create_claim(project, article_id, Span(0, 7), [], ClaimFields(origin="suggested"))
    assert claims.count_claims(project) == 0
    assert claims.count_claims(project, ClaimFilter(include_suggestions=True)) == 1


def test_editing_a_suggestion_marks_it_edited(project: Project, article_id: int) -> None:
    claim = claims.create_claim(
        project, article_id, Span(0, 7), [], ClaimFields(origin="suggested")
    )
    assert claims.update_claim(project, claim.id, speaker="X").origin == "edited"


def test_annotators_are_every_distinct_name_in_code_point_order(
    project: Project, article_id: int
) -> None:
    for number, name in enumerate(("ben", "Zoë", "amira", "Ben", "ben", "amira")):
        as_them = Project(project.db, name)
        claims.create_claim(as_them, article_id, Span(number, number + 3), [])
    suggester = Project(project.db, "suggester")
    suggested = claims.create_claim(
        suggester, article_id, Span(9, 12), [], ClaimFields(origin="suggested")
    )
    assert suggested.annotator == "suggester"
    assert claims.annotators(project) == ["Ben", "Zoë", "amira", "ben", "suggester"]


def test_annotators_are_read_again_after_any_commit_even_another_programs(
    project_path: Path,
) -> None:
    project = open_project(project_path, annotator="amira")
    article = articles.import_text(project, TEXT).id
    claims.create_claim(project, article, Span(0, 3), [])
    assert claims.annotators(project) == ["amira"]
    reads: list[str] = []
    event.listen(project.db.engine, "before_cursor_execute", lambda *a: reads.append(a[2]))
    assert claims.annotators(project) == ["amira"]
    assert reads == []  # nothing committed since: kept
    other = open_project(project_path, annotator="sam")  # another window or program
    claims.create_claim(other, article, Span(4, 9), [])
    other.close()
    assert claims.annotators(project) == ["amira", "sam"]
    claims.delete_claim(project, claims.list_claims(project)[0].id)
    assert claims.annotators(project) == ["sam"]


def test_selects_agrees_with_the_query_for_every_filter_without_text(
    project_path: Path, article_id: int
) -> None:
    """``claims.selects`` answers in Python what ``filtered_query`` selects: checked for
    every combination of article, tags, statuses, annotators, origins and suggestions."""
    project = open_project(project_path)
    other = articles.import_text(project, "Another article. An official said little.").id
    expert, named = tag_id(project, "expert"), tag_id(project, "named-official")
    made = []
    for number, (tags, status, origin, person, article) in enumerate(
        [
            ([expert], "unreviewed", "manual", "ann", article_id),
            ([named], "confirmed", "accepted", "bo", article_id),
            ([expert, named], "disputed", "suggested", "ann", article_id),
            ([], "unreviewed", "rejected", "bo", other),
            ([named], "needs-check", "edited", "cy", other),
        ]
    ):
        at = Span(number * 3, number * 3 + 2)
        fields = ClaimFields(origin=origin)
        claim = claims.create_claims(Project(project.db, person), article, [(at, tags, fields)])[0]
        if status != "unreviewed":
            claim = claims.review_claim(project, claim.id, status=status)
        made.append(claim)
    options = [
        ClaimFilter(**values)
        for values in (
            {},
            {"article_id": other},
            {"tag_ids": [expert]},
            {"tag_ids": [expert, named], "statuses": ["confirmed", "disputed"]},
            {"annotators": ["bo"]},
            {"origins": ["suggested"]},
            {"include_suggestions": True},
            {"include_suggestions": True, "statuses": ["unreviewed"], "article_id": other},
            {"tag_ids": [named], "annotators": ["cy", "bo"]},
        )
    ]
    for criteria in options:
        listed = {c.id for c in claims.list_claims(project, criteria)}
        assert {c.id for c in made if claims.selects(criteria, c)} == listed, criteria
    assert claims.selects(ClaimFilter(text="official"), made[0]) is None
    project.close()
