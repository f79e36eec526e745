"""Suggested claims in the real window, by keyboard: suggest, walk, accept, reject, undo, export.

The example article yields three suggestions, in text order: the anonymous officials
("according to"), David Schenker's quote (expert, "noted") and Tehran's position.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from sourcemark.app import articles, claims, codebook
from sourcemark.app.claims import ClaimFilter, ClaimInfo
from sourcemark.app.exporting.csv_export import ExportOptions
from sourcemark.app.textspan import Span
from sourcemark.ui import file_actions
from sourcemark.ui.main_window import MainWindow
from sourcemark.ui.review_mode import PENDING
from tests.ui.windows import assert_painted_in, import_example, moved_on, press, walk_shown

WASHINGTON = "Washington Institute for Near East Policy"


def everything(window: MainWindow) -> dict[int, ClaimInfo]:
    found = claims.list_claims(window.context.project, ClaimFilter(include_suggestions=True))
    return {claim.id: claim for claim in found}


def drawn(window: MainWindow, claim_id: int) -> str:
    """How the reader shows a claim: "pending" (dashed), "solid", or "hidden"."""
    highlight = window.reader.highlight(claim_id)
    if highlight is None:
        return "hidden"
    return "pending" if highlight.pending else "solid"


def suggest_by_keyboard(window: MainWindow, qtbot: QtBot) -> list[ClaimInfo]:
    window.reader.setFocus()
    press(window, qtbot, "Ctrl+Shift+G")
    return sorted(everything(window).values(), key=lambda c: c.start)


def test_walk_suggestions_with_the_keyboard(window: MainWindow, qtbot: QtBot) -> None:
    project = window.context.project
    article_id = import_example(window)
    officials, expert, tehran = suggest_by_keyboard(window, qtbot)
    assert {c.origin for c in (officials, expert, tehran)} == {"suggested"}
    reader = window.reader
    assert {drawn(window, c.id) for c in (officials, expert, tehran)} == {"pending"}
    # The first suggestion is selected, ready to decide; the inspector says why it was tagged.
    assert window.context.claim_id == officials.id
    assert window.action_map["accept_suggestion"].isEnabled()
    assert "Origin: suggested" in window.inspector.origin_label.text()
    assert "anonymity granted" in window.inspector.origin_label.text()
    assert window.inspector.suggestion_row.isVisible()
    # A pending suggestion is outlined, not filled.
    expert_tag = codebook.find_tag(project, "expert")
    with pytest.raises(AssertionError):
        assert_painted_in(window, expert.start + 5, QColor(expert_tag.colour))

    # Skip to the next suggestion, accept it: it becomes a solid claim with its details.
    reader.setFocus()
    press(window, qtbot, "Alt+Shift+Down")
    assert window.context.claim_id == expert.id
    press(window, qtbot, "Ctrl+Return")
    accepted = claims.get_claim(project, expert.id)
    assert accepted.origin == "accepted"
    assert accepted.tag_ids == (expert_tag.id,)
    assert (accepted.speaker, accepted.affiliation, accepted.cue) == (
        "David Schenker",
        WASHINGTON,
        "noted",
    )
    assert drawn(window, expert.id) == "solid"
    moved_on(window, qtbot)
    assert window.context.claim_id == tehran.id  # moved on to the next pending one
    reader.setFocus()

    # Reject Tehran's: it disappears from the reader; the walk wraps to the first pending one.
    press(window, qtbot, "Ctrl+Backspace")
    assert claims.get_claim(project, tehran.id).origin == "rejected"
    assert drawn(window, tehran.id) == "hidden"
    moved_on(window, qtbot)
    assert window.context.claim_id == officials.id
    assert_painted_in(window, expert.start + 5, QColor(expert_tag.colour))

    # Asking again proposes nothing new: the rejected passage stays rejected.
    suggest_by_keyboard(window, qtbot)
    assert len(everything(window)) == 3
    assert claims.get_claim(project, tehran.id).origin == "rejected"
    assert "No new suggestions" in window.statusBar().currentMessage()

    # Undo the rejection, then the acceptance; redo the acceptance.
    reader.setFocus()
    press(window, qtbot, "Ctrl+Z")
    assert claims.get_claim(project, tehran.id).origin == "suggested"
    assert drawn(window, tehran.id) == "pending"
    assert window.context.claim_id == tehran.id
    press(window, qtbot, "Ctrl+Z")
    assert claims.get_claim(project, expert.id).origin == "suggested"
    assert drawn(window, expert.id) == "pending"
    press(window, qtbot, "Ctrl+Shift+Z")
    assert claims.get_claim(project, expert.id).origin == "accepted"
    assert articles.get_article(project, article_id).id == article_id


def test_the_suggestion_walk_goes_both_ways_round_the_article(
    window: MainWindow, qtbot: QtBot
) -> None:
    import_example(window)
    officials, expert, tehran = suggest_by_keyboard(window, qtbot)
    hand_made = claims.create_claim(
        window.context.project, officials.article_id, Span(expert.end, expert.end + 9), []
    )
    window.context.set_claim(None)
    window.reader.setFocus()
    walked = []
    for _ in range(4):
        press(window, qtbot, "Alt+Shift+Up")  # with no claim current: from the last one back
        walked.append(window.context.claim_id)
    assert walked == [tehran.id, expert.id, officials.id, tehran.id]
    # From a claim that is not a suggestion, on to the next suggestion after it.
    window.context.set_claim(hand_made.id)
    press(window, qtbot, "Alt+Shift+Down")
    assert window.context.claim_id == tehran.id


def test_undo_takes_a_whole_suggest_back(window: MainWindow, qtbot: QtBot) -> None:
    import_example(window)
    created = suggest_by_keyboard(window, qtbot)
    assert len(created) == 3 and len(window.reader.highlights()) == 3
    press(window, qtbot, "Ctrl+Z")
    assert everything(window) == {}
    assert window.reader.highlights() == []
    assert window.context.claim_id is None
    press(window, qtbot, "Ctrl+Shift+Z")
    assert sorted(everything(window)) == sorted(c.id for c in created)
    assert len(window.reader.highlights()) == 3


def test_accept_and_reject_do_nothing_on_a_hand_made_claim(
    window: MainWindow, qtbot: QtBot
) -> None:
    article_id = import_example(window)
    text = articles.get_article_text(window.context.project, article_id)
    start = text.index("Antony Blinken")
    window.reader.setFocus()
    window.reader.select_span(start, start + len("Antony Blinken"))
    QTest.keyClick(window.reader, Qt.Key.Key_3)
    [manual] = everything(window).values()
    assert window.context.claim_id == manual.id
    assert not window.action_map["accept_suggestion"].isEnabled()
    assert not window.inspector.suggestion_row.isVisible()
    press(window, qtbot, "Ctrl+Return")
    press(window, qtbot, "Ctrl+Backspace")
    assert claims.get_claim(window.context.project, manual.id).origin == "manual"


def test_inspector_buttons_accept_and_reject(window: MainWindow, qtbot: QtBot) -> None:
    import_example(window)
    officials, expert, _ = suggest_by_keyboard(window, qtbot)
    inspector = window.inspector
    assert "Ctrl+Return" in inspector.accept_button.toolTip()
    assert "Ctrl+Backspace" in inspector.reject_button.toolTip()
    inspector.accept_button.click()
    assert claims.get_claim(window.context.project, officials.id).origin == "accepted"
    moved_on(window, qtbot)
    assert window.context.claim_id == expert.id
    inspector.reject_button.click()
    assert claims.get_claim(window.context.project, expert.id).origin == "rejected"


def test_review_mode_walks_pending_suggestions(window: MainWindow, qtbot: QtBot) -> None:
    import_example(window)
    officials, expert, tehran = suggest_by_keyboard(window, qtbot)
    window.reader.setFocus()
    press(window, qtbot, "F7")
    bar = window.review_bar
    bar.status_filter.setCurrentIndex(bar.status_filter.findData(PENDING))
    walk_shown(window, qtbot)
    assert bar.claim_ids == [officials.id, expert.id, tehran.id]
    assert window.context.claim_id == officials.id
    window.reader.setFocus()
    press(window, qtbot, "Ctrl+Backspace")  # reject: leaves the walk, the next takes its place
    assert bar.claim_ids == [expert.id, tehran.id]
    moved_on(window, qtbot)
    assert window.context.claim_id == expert.id
    press(window, qtbot, "Ctrl+Return")
    assert bar.claim_ids == [tehran.id]
    moved_on(window, qtbot)
    assert window.context.claim_id == tehran.id
    press(window, qtbot, "Ctrl+Return")
    assert bar.claim_ids == []
    assert "No claims match" in bar.position_label.text()
    origins = {c.id: c.origin for c in everything(window).values()}
    assert origins == {officials.id: "rejected", expert.id: "accepted", tehran.id: "accepted"}


def test_suggest_for_all_articles_and_undo(window: MainWindow, qtbot: QtBot) -> None:
    project = window.context.project
    import_example(window)
    second = articles.import_text(
        project, "Harbour reopens\n\nThe harbour will reopen, the port authority said."
    )
    window.action_map["suggest_all"].trigger()
    by_article = {c.article_id for c in everything(window).values()}
    assert by_article == {window.context.article_id, second.id}
    assert "New suggestions: 4, in 2 of 2 articles" in window.statusBar().currentMessage()
    window.reader.setFocus()
    press(window, qtbot, "Ctrl+Z")
    assert everything(window) == {}


def test_export_leaves_suggestions_out_unless_asked(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    import_example(window)
    officials, expert, tehran = suggest_by_keyboard(window, qtbot)
    window.reader.setFocus()
    press(window, qtbot, "Ctrl+Return")  # officials accepted, on to the expert
    press(window, qtbot, "Alt+Shift+Down")  # skip the expert: still pending
    press(window, qtbot, "Ctrl+Backspace")  # tehran rejected

    def export(options: ExportOptions) -> dict[str, str]:
        out = tmp_path / "claims.csv"
        assert file_actions.export_csv(window, window.context, options, out) is not None
        with out.open(encoding="utf-8", newline="") as file:
            return {row["claim_number"]: row["origin"] for row in csv.DictReader(file)}

    assert export(ExportOptions()) == {str(officials.id): "accepted"}
    assert export(ExportOptions(ClaimFilter(include_suggestions=True))) == {
        str(officials.id): "accepted",
        str(expert.id): "suggested",
        str(tehran.id): "rejected",
    }


def test_in_a_text_field_ctrl_backspace_deletes_a_word(window: MainWindow, qtbot: QtBot) -> None:
    import_example(window)
    officials, _, _ = suggest_by_keyboard(window, qtbot)
    press(window, qtbot, "Ctrl+K")
    speaker = window.inspector.speaker_edit
    assert speaker.hasFocus()
    speaker.end(False)
    press(window, qtbot, "Ctrl+Backspace")
    assert speaker.text() == "two anonymous U.S. officials familiar with the "
    assert claims.get_claim(window.context.project, officials.id).origin != "rejected"


def test_right_click_on_a_suggestion_offers_accept_and_reject(
    window: MainWindow, qtbot: QtBot
) -> None:
    import_example(window)
    _, expert, _ = suggest_by_keyboard(window, qtbot)
    reader = window.reader
    cursor = reader.textCursor()
    cursor.setPosition(reader.offsets.to_utf16(expert.start + 5))
    menu = reader.build_context_menu(reader.cursorRect(cursor).center())
    try:
        offered = {action.objectName() for action in menu.actions()}
    finally:
        menu.deleteLater()
    assert {"accept_suggestion", "reject_suggestion"} <= offered
    assert window.context.claim_id == expert.id
