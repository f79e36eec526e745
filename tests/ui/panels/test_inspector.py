"""The inspector: showing the current claim and editing it in place through undoable commands."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from sourcemark.app import claims, codebook
from sourcemark.app.claims import ClaimInfo
from sourcemark.app.codebook import TagInfo
from sourcemark.app.projects import Project
from sourcemark.ui import commands
from sourcemark.ui.context import AppContext
from sourcemark.ui.panels.inspector import InspectorPanel
from sourcemark.ui.panels.tag_chip import TagChip

from .conftest import Paints, tag_id

QUOTE = "two anonymous U.S. officials familiar with the matter"


@pytest.fixture
def panel(context: AppContext, qtbot: QtBot) -> InspectorPanel:
    widget = InspectorPanel(context)
    qtbot.addWidget(widget)
    widget.resize(320, 560)
    widget.show()
    return widget


@pytest.fixture
def claim(context: AppContext, article_id: int, make_claim: Callable[..., ClaimInfo]) -> ClaimInfo:
    made: ClaimInfo = make_claim(article_id, QUOTE, "anonymous-official", cue="according to")
    context.set_article(article_id)
    context.set_claim(made.id)
    return made


def stored(project: Project, claim: ClaimInfo) -> ClaimInfo:
    return claims.get_claim(project, claim.id)


def chip_names(panel: InspectorPanel) -> list[str]:
    chips = panel.chips.findChildren(TagChip)
    return [chip.label.text() for chip in chips if not chip.isHidden()]


def type_into(qtbot: QtBot, panel: InspectorPanel, widget: QWidget, text: str) -> None:
    panel.activateWindow()
    widget.setFocus()
    QTest.keyClicks(widget, text)


def test_empty_state_until_a_claim_is_selected(panel: InspectorPanel) -> None:
    assert panel.stack.currentWidget() is panel.empty_label
    assert "press a tag's key" in panel.empty_label.text()


def test_shows_the_claim(panel: InspectorPanel, claim: ClaimInfo) -> None:
    assert panel.stack.currentIndex() == 1
    assert panel.quote_label.text() == QUOTE
    assert panel.cue_edit.text() == "according to"
    assert panel.status_combo.currentData() == "unreviewed"
    assert "By tester" in panel.meta_label.text()
    assert not panel.origin_label.isVisibleTo(panel)
    assert [c for c in chip_names(panel) if c] == ["Anonymous official"]


def test_typing_a_speaker_saves_on_leaving_the_field_and_undo_restores(
    panel: InspectorPanel, context: AppContext, project: Project, claim: ClaimInfo, qtbot: QtBot
) -> None:
    type_into(qtbot, panel, panel.speaker_edit, "two U.S. officials")
    assert stored(project, claim).speaker == ""  # nothing saved while typing
    panel.speaker_edit.editingFinished.emit()
    assert stored(project, claim).speaker == "two U.S. officials"
    context.undo_stack.undo()
    assert stored(project, claim).speaker == ""
    assert panel.speaker_edit.text() == ""
    context.undo_stack.redo()
    assert panel.speaker_edit.text() == "two U.S. officials"


def test_a_pause_in_typing_saves_and_edits_merge_into_one_undo_step(
    panel: InspectorPanel, context: AppContext, project: Project, claim: ClaimInfo, qtbot: QtBot
) -> None:
    panel._commit_timer.setInterval(50)  # the pause that saves, shortened for the test
    type_into(qtbot, panel, panel.affiliation_edit, "U.S. ")
    qtbot.waitUntil(lambda: stored(project, claim).affiliation == "U.S.", timeout=3000)
    # Saved while typing: the trailing space the analyst just typed is kept in the field.
    assert panel.affiliation_edit.text() == "U.S. "
    QTest.keyClicks(panel.affiliation_edit, "government")
    panel.affiliation_edit.editingFinished.emit()
    assert stored(project, claim).affiliation == "U.S. government"
    assert context.undo_stack.count() == 1
    context.undo_stack.undo()
    assert stored(project, claim).affiliation == ""


def test_a_change_underneath_does_not_clobber_typing(
    panel: InspectorPanel, context: AppContext, project: Project, claim: ClaimInfo, qtbot: QtBot
) -> None:
    type_into(qtbot, panel, panel.speaker_edit, "Officials")
    # Meanwhile (review mode, another panel) the claim is reviewed.
    commands.run(context, commands.ReviewCommand(context, stored(project, claim), "confirmed"))
    assert panel.status_combo.currentData() == "confirmed"
    assert panel.speaker_edit.text() == "Officials"
    panel.commit_pending()
    assert stored(project, claim).speaker == "Officials"
    assert stored(project, claim).status == "confirmed"


def test_pending_typing_is_saved_before_showing_another_claim(
    panel: InspectorPanel,
    context: AppContext,
    project: Project,
    claim: ClaimInfo,
    article_id: int,
    make_claim: Callable[..., ClaimInfo],
    qtbot: QtBot,
) -> None:
    other = make_claim(article_id, "David Schenker", "expert")
    panel.note_edit.setFocus()
    QTest.keyClicks(panel.note_edit, "Check the wire copy.")
    context.set_claim(other.id)
    assert stored(project, claim).note == "Check the wire copy."
    assert panel.note_edit.toPlainText() == ""
    assert panel.quote_label.text() == "David Schenker"


def test_quote_form_status_and_reviewer_note(
    panel: InspectorPanel, context: AppContext, project: Project, claim: ClaimInfo, qtbot: QtBot
) -> None:
    panel.form_combo.setCurrentIndex(panel.form_combo.findData("indirect"))
    panel.form_combo.activated.emit(panel.form_combo.currentIndex())
    assert stored(project, claim).quote_form == "indirect"

    type_into(qtbot, panel, panel.reviewer_note_edit, "Matches Reuters.")
    panel.reviewer_note_edit.editingFinished.emit()
    index = panel.status_combo.findData("disputed")
    panel.status_combo.setCurrentIndex(index)
    panel.status_combo.activated.emit(index)
    after = stored(project, claim)
    assert (after.status, after.reviewer_note, after.reviewer) == (
        "disputed",
        "Matches Reuters.",
        "tester",
    )
    assert "reviewed by tester" in panel.meta_label.text()
    context.undo_stack.undo()
    assert stored(project, claim).status == "unreviewed"
    assert panel.status_combo.currentData() == "unreviewed"


def test_cue_from_the_list(panel: InspectorPanel, project: Project, claim: ClaimInfo) -> None:
    index = panel.cue_combo.findText("told")
    panel.cue_combo.setCurrentIndex(index)
    panel.cue_combo.activated.emit(index)
    assert stored(project, claim).cue == "told"


def test_tag_chips_remove_and_add_with_undo(
    panel: InspectorPanel, context: AppContext, project: Project, claim: ClaimInfo, qtbot: QtBot
) -> None:
    official, expert = tag_id(project, "anonymous-official"), tag_id(project, "expert")
    index = panel.add_tag_combo.findData(expert)
    assert panel.add_tag_combo.findData(official) == -1  # already on the claim
    panel.add_tag_combo.activated.emit(index)
    assert stored(project, claim).tag_ids == (official, expert)
    assert "Expert" in chip_names(panel)

    [chip] = [
        c for c in panel.chips.findChildren(TagChip) if c.tag_id == official and not c.isHidden()
    ]
    QTest.mouseClick(chip.remove_button, Qt.MouseButton.LeftButton)
    assert stored(project, claim).tag_ids == (expert,)
    context.undo_stack.undo()
    assert stored(project, claim).tag_ids == (official, expert)


def shown_chips(panel: InspectorPanel) -> list[TagChip]:
    return [chip for chip in panel.chips.findChildren(TagChip) if not chip.isHidden()]


def test_each_claim_shows_its_own_tags_and_removes_the_right_one(
    panel: InspectorPanel,
    context: AppContext,
    project: Project,
    article_id: int,
    make_claim: Callable[..., ClaimInfo],
) -> None:
    one = make_claim(article_id, QUOTE, "anonymous-official")
    two = make_claim(article_id, "David Schenker", "expert", "document")
    context.set_article(article_id)
    for shown in (one, two, one, two):
        context.set_claim(shown.id)
        names = [codebook.get_tag(project, t).name for t in shown.tag_ids]
        assert [chip.label.text() for chip in shown_chips(panel)] == names
        assert [chip.tag_id for chip in shown_chips(panel)] == list(shown.tag_ids)
    # The chip that showed "Anonymous official" now shows "Expert": its × takes that off.
    first = shown_chips(panel)[0]
    assert first.remove_button.toolTip() == "Remove the tag “Expert” from this claim"
    QTest.mouseClick(first.remove_button, Qt.MouseButton.LeftButton)
    assert stored(project, two).tag_ids == (tag_id(project, "document"),)
    assert stored(project, one).tag_ids == (tag_id(project, "anonymous-official"),)


def test_a_tag_is_removed_from_the_keyboard(
    panel: InspectorPanel, project: Project, claim: ClaimInfo, qtbot: QtBot
) -> None:
    panel.activateWindow()
    qtbot.waitUntil(panel.isActiveWindow)
    panel.speaker_edit.setFocus()
    [chip] = shown_chips(panel)
    for _ in range(30):  # Tab along the panel to the chip's ×
        if chip.remove_button.hasFocus():
            break
        focused = QApplication.focusWidget()
        assert focused is not None
        QTest.keyClick(focused, Qt.Key.Key_Tab)
    assert chip.remove_button.hasFocus()
    QTest.keyClick(chip.remove_button, Qt.Key.Key_Space)
    assert stored(project, claim).tag_ids == ()


def test_suggested_claims_show_origin_and_evidence(
    panel: InspectorPanel,
    context: AppContext,
    article_id: int,
    make_claim: Callable[..., ClaimInfo],
) -> None:
    suggested = make_claim(
        article_id, "David Schenker", "expert", origin="suggested", evidence="noted"
    )
    context.set_claim(suggested.id)
    assert panel.origin_label.isVisibleTo(panel)
    assert "suggested" in panel.origin_label.text() and "noted" in panel.origin_label.text()


def test_a_deleted_claim_leaves_the_empty_state(
    panel: InspectorPanel, context: AppContext, project: Project, claim: ClaimInfo
) -> None:
    commands.run(context, commands.DeleteClaimCommand(context, stored(project, claim)))
    assert panel.stack.currentWidget() is panel.empty_label
    context.undo_stack.undo()
    assert panel.stack.currentIndex() == 1
    assert panel.quote_label.text() == QUOTE


def test_focus_speaker(panel: InspectorPanel, claim: ClaimInfo, qtbot: QtBot) -> None:
    panel.activateWindow()
    qtbot.waitUntil(panel.isActiveWindow)
    panel.focus_speaker()
    assert panel.speaker_edit.hasFocus()


def test_showing_a_claim_paints_each_field_once(
    panel: InspectorPanel,
    context: AppContext,
    article_id: int,
    make_claim: Callable[..., ClaimInfo],
    qtbot: QtBot,
) -> None:
    # Tagging a passage shows the form again; Qt painted an opaque form's fields twice in
    # that frame, a few ms of each tagging.
    made: ClaimInfo = make_claim(article_id, QUOTE, "anonymous-official")
    qtbot.waitExposed(panel)
    assert panel.stack.currentWidget() is panel.empty_label
    fields = {
        "quote": panel.quote_label,
        "speaker": panel.speaker_edit,
        "cue": panel.cue_edit,
        "note": panel.note_edit,
        "status": panel.status_combo,
    }
    paints = {name: Paints(widget) for name, widget in fields.items()}
    context.set_article(article_id)
    context.set_claim(made.id)
    qtbot.waitUntil(lambda: all(p.count for p in paints.values()))
    for _ in range(3):
        QApplication.processEvents()
    assert {name: p.count for name, p in paints.items()} == dict.fromkeys(paints, 1)


def test_a_chip_that_cannot_be_removed_keeps_its_name_centred(qtbot: QtBot) -> None:
    # A read-only project shows no "×"; the name then has the same room on both sides.
    tag = TagInfo(1, "u", "Expert", None, "", "#f4c7c3", None, None, 0, False)
    chip = TagChip(tag)
    qtbot.addWidget(chip)
    chip.show()
    for removable in (True, False):
        chip.set_removable(removable)
        chip.adjustSize()
        QApplication.processEvents()
        name = chip.label.geometry()
        left, right = name.left(), chip.width() - name.right() - 1
        assert chip.remove_button.isVisible() == removable
        assert (right > left) if removable else (right == left)
