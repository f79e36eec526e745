"""Undoable commands: each step is committed at once, and undo/redo replay it exactly."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from pytestqt.qtbot import QtBot

from sourcemark.app import articles, claims, codebook
from sourcemark.app.claims import ClaimFields, ClaimInfo
from sourcemark.app.projects import Project
from sourcemark.app.textspan import Span
from sourcemark.ui.changes import Change
from sourcemark.ui.commands import (
    ClaimTagCommand,
    DeleteClaimCommand,
    EditClaimCommand,
    ReviewCommand,
    ServiceCommand,
    SetSpanCommand,
    TagSpanCommand,
    run,
)
from sourcemark.ui.context import AppContext
from sourcemark.ui.suggestions import AcceptSuggestionCommand, RejectSuggestionCommand

TEXT = "Two officials said the drone 🚁 failed. An expert disagreed."


@pytest.fixture
def context(project: Project, qtbot: QtBot) -> Iterator[AppContext]:
    opened = AppContext(project)
    yield opened
    opened.close()


@pytest.fixture
def article_id(project: Project) -> int:
    return articles.import_text(project, TEXT, title="Drone").id


def test_tagging_undo_redo_keeps_the_same_claim(
    context: AppContext, project: Project, article_id: int, qtbot: QtBot
) -> None:
    tag = codebook.find_tag(project, "anonymous-official")
    with qtbot.waitSignal(context.changed) as signal:
        assert run(context, TagSpanCommand(context, article_id, Span(0, 13), tag))
    change = signal.args[0]
    assert isinstance(change, Change) and article_id in change.claims_of
    [claim] = claims.list_claims(project)
    assert claim.tag_ids == (tag.id,)
    assert context.claim_id == claim.id

    context.undo_stack.undo()
    assert claims.count_claims(project) == 0
    context.undo_stack.redo()
    assert claims.get_claim(project, claim.id) == claim


def test_second_tag_on_the_same_span_is_added_then_undone(
    context: AppContext, project: Project, article_id: int
) -> None:
    official = codebook.find_tag(project, "anonymous-official")
    other = codebook.find_tag(project, "anonymous-other")
    run(context, TagSpanCommand(context, article_id, Span(0, 13), official))
    run(context, TagSpanCommand(context, article_id, Span(0, 13), other))
    [claim] = claims.list_claims(project)
    assert set(claim.tag_ids) == {official.id, other.id}
    context.undo_stack.undo()
    assert claims.get_claim(project, claim.id).tag_ids == (official.id,)


def test_refused_edit_reports_and_stays_out_of_history(
    context: AppContext, project: Project, article_id: int, qtbot: QtBot
) -> None:
    tag = codebook.find_tag(project, "expert")
    whitespace = Span(TEXT.index(" "), TEXT.index(" ") + 1)
    with qtbot.waitSignal(context.errorRaised) as signal:
        assert not run(context, TagSpanCommand(context, article_id, whitespace, tag))
    assert "whitespace" in signal.args[0]
    assert context.undo_stack.count() == 0


def test_typing_merges_into_one_undo_step(
    context: AppContext, project: Project, article_id: int
) -> None:
    claim = claims.create_claim(project, article_id, Span(0, 13), [])
    for partial in ("D", "Da", "David"):
        current = claims.get_claim(project, claim.id)
        run(context, EditClaimCommand(context, current, "speaker", partial))
    assert context.undo_stack.count() == 1
    assert claims.get_claim(project, claim.id).speaker == "David"
    context.undo_stack.undo()
    assert claims.get_claim(project, claim.id).speaker == ""


def test_delete_and_tag_removal_undo(
    context: AppContext, project: Project, article_id: int
) -> None:
    tag = codebook.find_tag(project, "expert")
    claim = claims.create_claim(project, article_id, Span(41, 50), [tag.id])
    run(context, ClaimTagCommand(context, claim, tag, add=False))
    assert claims.get_claim(project, claim.id).tag_ids == ()
    run(context, DeleteClaimCommand(context, claims.get_claim(project, claim.id)))
    assert claims.count_claims(project) == 0
    context.undo_stack.undo()
    context.undo_stack.undo()
    assert claims.get_claim(project, claim.id).tag_ids == (tag.id,)


def test_review_undo_restores_status_and_note(
    context: AppContext, project: Project, article_id: int
) -> None:
    claim = claims.create_claim(project, article_id, Span(0, 13), [])
    run(context, ReviewCommand(context, claim, "disputed", "who are they?"))
    reviewed = claims.get_claim(project, claim.id)
    assert (reviewed.status, reviewed.reviewer_note) == ("disputed", "who are they?")
    context.undo_stack.undo()
    back = claims.get_claim(project, claim.id)
    assert (back.status, back.reviewer_note) == ("unreviewed", "")


def test_undo_of_a_command_whose_article_vanished_reports_instead_of_crashing(
    context: AppContext, project: Project, article_id: int, qtbot: QtBot
) -> None:
    tag = codebook.find_tag(project, "expert")
    run(context, TagSpanCommand(context, article_id, Span(0, 3), tag))
    context.undo_stack.undo()
    articles.delete_article(project, article_id)
    with qtbot.waitSignal(context.errorRaised) as signal:
        context.undo_stack.redo()
    assert "deleted" in signal.args[0]


def test_what_every_claim_command_tells_the_views_is_what_a_fresh_read_gives(
    context: AppContext, project: Project, article_id: int
) -> None:
    """Views take a command's claim as written (``Change.known``) instead of reading it: it
    must be the stored claim, after applying, undoing and redoing alike."""
    official = codebook.find_tag(project, "anonymous-official")
    expert = codebook.find_tag(project, "expert")
    told: list[Change] = []
    context.changed.connect(told.append)
    run(context, TagSpanCommand(context, article_id, Span(0, 13), official))
    [claim_id] = told[-1].claim_ids
    suggested = claims.create_claim(
        project, article_id, Span(24, 29), [expert.id], ClaimFields(origin="suggested")
    )

    def now(claim_id: int = claim_id) -> ClaimInfo:
        return claims.get_claim(project, claim_id)

    commands: list[Callable[[], ServiceCommand]] = [
        lambda: ClaimTagCommand(context, now(), expert, add=True),
        lambda: EditClaimCommand(context, now(), "speaker", "Aide"),
        lambda: SetSpanCommand(context, now(), Span(0, 18)),
        lambda: ReviewCommand(context, now(), "disputed", " why "),
        lambda: ClaimTagCommand(context, now(), official, add=False),
        lambda: DeleteClaimCommand(context, now()),
        lambda: AcceptSuggestionCommand(context, now(suggested.id)),
        lambda: RejectSuggestionCommand(context, now(suggested.id)),
    ]

    def agrees() -> None:
        change = told[-1]
        assert change.known, "the command told nothing"
        for claim_id, known in change.known.items():
            fresh = claims.claims_by_id(project, [claim_id])
            assert known == (fresh[0] if fresh else None)

    for make in commands:
        run(context, make())
        agrees()
        context.undo_stack.undo()
        agrees()
        context.undo_stack.redo()
        agrees()
