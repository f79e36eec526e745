"""The codebook panel: tags with counts, applying a tag, and every codebook edit (with undo)."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QColorDialog, QInputDialog, QTreeWidgetItem
from pytestqt.qtbot import QtBot

from sourcemark.app import codebook
from sourcemark.app.projects import Project
from sourcemark.app.textspan import Span
from sourcemark.ui import commands
from sourcemark.ui.changes import Change
from sourcemark.ui.context import AppContext
from sourcemark.ui.dialogs.merge_tag import MergeTagDialog
from sourcemark.ui.panels.codebook_panel import COUNT, KEY, NAME, TAG_ID_ROLE, CodebookPanel

from .conftest import tag_id


@pytest.fixture
def panel(context: AppContext, qtbot: QtBot) -> CodebookPanel:
    widget = CodebookPanel(context)
    qtbot.addWidget(widget)
    widget.resize(320, 400)
    return widget


def item_of(panel: CodebookPanel, tag: int) -> QTreeWidgetItem:
    item = panel._items[tag]
    assert int(item.data(NAME, TAG_ID_ROLE)) == tag
    return item


def names(panel: CodebookPanel) -> list[str]:
    return [panel._items[t].text(NAME) for t in panel.visible_tag_ids()]


def select(panel: CodebookPanel, project: Project, key: str) -> int:
    found = tag_id(project, key)
    panel.select_tag(found)
    assert panel.selected_tag() is not None
    return found


def answer_text(monkeypatch: pytest.MonkeyPatch, text: str, ok: bool = True) -> None:
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *a, **k: (text, ok)))


def test_tags_in_order_with_keys(panel: CodebookPanel, project: Project) -> None:
    tags = codebook.list_tags(project)
    assert names(panel) == [t.name for t in tags]
    first = item_of(panel, tags[0].id)
    assert first.text(KEY) == "1"
    assert first.text(COUNT) == ""  # no article open: no count


def test_counts_claims_in_the_current_article(
    panel: CodebookPanel, context: AppContext, project: Project, article_id: int
) -> None:
    context.set_article(article_id)
    expert = codebook.find_tag(project, "expert")
    assert item_of(panel, expert.id).text(COUNT) == "0"
    commands.run(context, commands.TagSpanCommand(context, article_id, Span(0, 12), expert))
    assert item_of(panel, expert.id).text(COUNT) == "1"
    context.undo_stack.undo()
    assert item_of(panel, expert.id).text(COUNT) == "0"


def test_clicking_or_pressing_enter_asks_to_apply_the_tag(
    panel: CodebookPanel, project: Project, qtbot: QtBot
) -> None:
    panel.show()
    expert = tag_id(project, "expert")
    rect = panel.tree.visualItemRect(item_of(panel, expert))
    with qtbot.waitSignal(panel.applyTagRequested) as clicked:
        QTest.mouseClick(panel.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert clicked.args == [expert]
    document = tag_id(project, "document")
    panel.select_tag(document)
    with qtbot.waitSignal(panel.applyTagRequested) as entered:
        QTest.keyClick(panel.tree, Qt.Key.Key_Return)
    assert entered.args == [document]


def test_add_tag_then_undo_hides_it(
    panel: CodebookPanel, context: AppContext, project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    answer_text(monkeypatch, "  Leaked memo ")
    panel.add_action.trigger()
    added = codebook.find_tag(project, "Leaked memo")
    assert names(panel)[-1] == "Leaked memo"
    assert panel.selected_tag() == added
    context.undo_stack.undo()
    assert "Leaked memo" not in names(panel)
    assert codebook.get_tag(project, added.id).archived


def test_rename_and_undo(
    panel: CodebookPanel, context: AppContext, project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    expert = select(panel, project, "expert")
    answer_text(monkeypatch, "Named expert")
    panel.rename_action.trigger()
    assert codebook.get_tag(project, expert).name == "Named expert"
    assert item_of(panel, expert).text(NAME) == "Named expert"
    context.undo_stack.undo()
    assert codebook.get_tag(project, expert).name == "Expert"
    assert item_of(panel, expert).text(NAME) == "Expert"


def test_rename_to_a_taken_name_reports_the_services_message(
    panel: CodebookPanel,
    project: Project,
    errors: list[str],
    monkeypatch: pytest.MonkeyPatch,
    context: AppContext,
) -> None:
    expert = select(panel, project, "expert")
    answer_text(monkeypatch, "document or record")
    panel.rename_action.trigger()
    assert errors and "already a tag called 'Document or record'" in errors[0]
    # Refused as a whole: the name and the key are as they were.
    assert codebook.get_tag(project, expert).name == "Expert"
    assert codebook.get_tag(project, expert).shortcut == "4"
    assert context.undo_stack.count() == 0


def test_recolour_and_undo(
    panel: CodebookPanel, context: AppContext, project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    expert = select(panel, project, "expert")
    before = codebook.get_tag(project, expert).colour
    monkeypatch.setattr(QColorDialog, "getColor", staticmethod(lambda *a: QColor("#123456")))
    panel.colour_action.trigger()
    assert codebook.get_tag(project, expert).colour == "#123456"
    context.undo_stack.undo()
    assert codebook.get_tag(project, expert).colour == before


def test_cancelled_colour_changes_nothing(
    panel: CodebookPanel, context: AppContext, project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    select(panel, project, "expert")
    monkeypatch.setattr(QColorDialog, "getColor", staticmethod(lambda *a: QColor()))
    panel.colour_action.trigger()
    assert context.undo_stack.count() == 0


def test_shortcut_set_clash_and_clear(
    panel: CodebookPanel,
    context: AppContext,
    project: Project,
    errors: list[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    expert = select(panel, project, "expert")
    answer_text(monkeypatch, "Q")
    panel.shortcut_action.trigger()
    assert codebook.get_tag(project, expert).shortcut == "q"
    assert item_of(panel, expert).text(KEY) == "Q"

    answer_text(monkeypatch, "2")  # the anonymous-other-source key
    panel.shortcut_action.trigger()
    assert errors and "already belongs to the tag 'Anonymous other source'" in errors[-1]
    assert codebook.get_tag(project, expert).shortcut == "q"

    answer_text(monkeypatch, "")
    panel.shortcut_action.trigger()
    assert codebook.get_tag(project, expert).shortcut is None
    context.undo_stack.undo()
    context.undo_stack.undo()
    assert codebook.get_tag(project, expert).shortcut == "4"


def test_description(
    panel: CodebookPanel, context: AppContext, project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    expert = select(panel, project, "expert")
    monkeypatch.setattr(
        QInputDialog, "getMultiLineText", staticmethod(lambda *a, **k: ("An academic.", True))
    )
    panel.description_action.trigger()
    assert codebook.get_tag(project, expert).description == "An academic."
    assert "An academic." in item_of(panel, expert).toolTip(NAME)


def test_archive_hides_until_shown_greyed_and_undo(
    panel: CodebookPanel, context: AppContext, project: Project
) -> None:
    expert = select(panel, project, "expert")
    panel.archive_action.trigger()
    assert codebook.get_tag(project, expert).archived
    assert expert not in panel.visible_tag_ids()

    panel.show_archived_action.trigger()
    assert expert in panel.visible_tag_ids()
    assert item_of(panel, expert).font(NAME).italic()
    panel.select_tag(expert)
    assert panel.archive_action.text() == "Unarchive"
    panel.show_archived_action.trigger()

    context.undo_stack.undo()
    assert not codebook.get_tag(project, expert).archived
    assert expert in panel.visible_tag_ids()


def test_move_up_and_down_reorders_with_undo(
    panel: CodebookPanel, context: AppContext, project: Project, qtbot: QtBot
) -> None:
    original = [t.id for t in codebook.list_tags(project)]
    panel.select_tag(original[1])
    panel.up_action.trigger()
    moved = [t.id for t in codebook.list_tags(project)]
    assert moved[:2] == [original[1], original[0]] and moved[2:] == original[2:]
    assert panel.visible_tag_ids() == moved
    assert panel.selected_tag() is not None and panel.selected_tag().id == original[1]  # type: ignore[union-attr]

    panel.up_action.trigger()  # already first: nothing happens
    assert context.undo_stack.count() == 1

    panel.show()
    panel.activateWindow()
    qtbot.waitUntil(panel.isActiveWindow)
    panel.tree.setFocus()
    QTest.keyClick(
        panel.tree,
        Qt.Key.Key_Down,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert [t.id for t in codebook.list_tags(project)] == original

    context.undo_stack.undo()
    context.undo_stack.undo()
    assert [t.id for t in codebook.list_tags(project)] == original
    context.undo_stack.redo()
    assert [t.id for t in codebook.list_tags(project)] == moved


def test_children_are_grouped_under_their_parent(
    panel: CodebookPanel, context: AppContext, project: Project
) -> None:
    parent, child = tag_id(project, "named-official"), tag_id(project, "declined-to-comment")
    codebook.update_tag(project, child, parent_id=parent)
    context.notify(Change(codebook=True))  # as every change to the codebook is announced
    assert item_of(panel, child).parent() is item_of(panel, parent)
    ids = panel.visible_tag_ids()
    assert ids.index(child) == ids.index(parent) + 1


def test_merge_asks_for_a_target_then_moves_the_claims(
    panel: CodebookPanel,
    context: AppContext,
    project: Project,
    article_id: int,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from sourcemark.app import claims

    other, source = tag_id(project, "anonymous-other"), tag_id(project, "anonymous-official")
    claim = claims.create_claim(project, article_id, Span(0, 12), [source])
    seen: dict[str, Any] = {}

    def choose(cls: type, tag: Any, targets: list[Any], count: int, parent: Any = None) -> int:
        seen.update(tag=tag.id, targets=[t.id for t in targets], count=count)
        return other

    monkeypatch.setattr(MergeTagDialog, "choose", classmethod(choose))
    panel.select_tag(source)
    panel.merge_action.trigger()
    assert seen["tag"] == source and source not in seen["targets"] and seen["count"] == 1
    assert claims.get_claim(project, claim.id).tag_ids == (other,)
    assert source not in {t.id for t in codebook.list_tags(project)}
    assert source not in panel.visible_tag_ids()
    assert panel.selected_tag() is not None and panel.selected_tag().id == other  # type: ignore[union-attr]


def test_merge_dialog_says_it_cannot_be_undone(project: Project, qtbot: QtBot) -> None:
    tags = codebook.list_tags(project)
    dialog = MergeTagDialog(tags[0], tags[1:], 3, None)
    qtbot.addWidget(dialog)
    assert "cannot be undone" in dialog.warning.text()
    assert "3 claim" in dialog.explanation.text()
    assert dialog.target_id() == tags[1].id
    dialog.target_combo.setCurrentIndex(2)
    assert dialog.target_id() == tags[3].id
