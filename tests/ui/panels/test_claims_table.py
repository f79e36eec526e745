"""The claims table: scope, filters, sorting, selection and live updates."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QComboBox, QStyledItemDelegate, QStyleOptionViewItem
from pytestqt.qtbot import QtBot

from sourcemark.app import articles, claim_rows, claims, codebook
from sourcemark.app.claims import ClaimInfo
from sourcemark.app.projects import Project
from sourcemark.app.textspan import Span
from sourcemark.db.errors import ProjectError
from sourcemark.ui import commands
from sourcemark.ui.changes import Change
from sourcemark.ui.context import AppContext
from sourcemark.ui.panels import claims_model
from sourcemark.ui.panels.claims_model import ARTICLE, QUOTE, SPEAKER, STATUS, TAGS
from sourcemark.ui.panels.claims_table import ClaimsTablePanel
from tests.ui.held import HeldRead

from .conftest import TEXT, Paints, painted_as_the_style_paints, tag_id


@pytest.fixture
def panel(context: AppContext, qtbot: QtBot) -> ClaimsTablePanel:
    widget = ClaimsTablePanel(context)
    qtbot.addWidget(widget)
    widget.resize(1000, 300)
    return widget


@pytest.fixture
def setup(
    project: Project, article_id: int, make_claim: Callable[..., ClaimInfo]
) -> dict[str, ClaimInfo]:
    """Three claims in the example article (one by another annotator), one in a second one."""
    alice = Project(project.db, "alice")
    made = {
        "officials": make_claim(
            article_id, "two anonymous U.S. officials", "anonymous-official", speaker="officials"
        ),
        "schenker": make_claim(
            article_id, "David Schenker", "expert", "named-participant", speaker="David Schenker"
        ),
        "tehran": make_claim(
            article_id, "Tehran indicated", "organisation-statement", as_project=alice
        ),
    }
    claims.review_claim(project, made["officials"].id, status="confirmed")
    other = articles.import_text(project, "A second article. Officials said little.", title="B")
    made["other"] = claims.create_claim(project, other.id, Span(18, 27), [])
    return made


def quotes(panel: ClaimsTablePanel) -> list[str]:
    model = panel.model
    return [model.index(row, QUOTE).data() for row in range(model.rowCount())]


def shown(panel: ClaimsTablePanel, qtbot: QtBot) -> None:
    """Wait until the ids the panel asked for (on a worker thread) are in the table."""
    qtbot.waitUntil(lambda: not panel.model.loading)


def choose(combo: QComboBox, data: object) -> None:
    index = combo.findData(data)
    assert index >= 0
    combo.setCurrentIndex(index)
    combo.activated.emit(index)


def test_this_article_in_text_order(
    panel: ClaimsTablePanel,
    context: AppContext,
    article_id: int,
    setup: dict[str, ClaimInfo],
    qtbot: QtBot,
) -> None:
    assert quotes(panel) == []
    assert panel.count_label.text() == "No article open"
    context.set_article(article_id)
    shown(panel, qtbot)
    assert quotes(panel) == ["two anonymous U.S. officials", "David Schenker", "Tehran indicated"]
    assert panel.table.isColumnHidden(ARTICLE)
    assert panel.model.index(0, TAGS).data() == "Anonymous official"
    assert panel.model.index(1, TAGS).data() == "Expert, Named participant or witness"
    assert panel.model.index(0, STATUS).data() == "Confirmed"
    assert panel.count_label.text() == "3 claims"


def test_the_painted_cells_show_what_the_model_holds(
    panel: ClaimsTablePanel,
    context: AppContext,
    article_id: int,
    setup: dict[str, ClaimInfo],
    qtbot: QtBot,
) -> None:
    """The item delegate asks every role of a cell in one ``multiData`` call: it must see the
    same text and icons as ``data()`` gives, and nothing for the roles the model leaves out."""
    context.set_article(article_id)
    shown(panel, qtbot)
    delegate = panel.table.itemDelegate()
    assert isinstance(delegate, QStyledItemDelegate)
    model = panel.model
    for row in range(model.rowCount()):
        for column in (QUOTE, TAGS, SPEAKER, STATUS):
            index = model.index(row, column)
            option = QStyleOptionViewItem()
            delegate.initStyleOption(option, index)
            assert option.text == index.data()
            has_icon = column in (TAGS, STATUS)
            assert (not option.icon.isNull()) == has_icon, (row, column)
            assert option.backgroundBrush.style() == Qt.BrushStyle.NoBrush  # no such role
    # A claim edited in place shows its new text, not what the cells held before.
    claims.update_claim(context.project, setup["schenker"].id, speaker="Dr Schenker")
    context.notify(Change.of_claim(article_id, setup["schenker"].id))
    qtbot.waitUntil(lambda: model.index(1, SPEAKER).data() == "Dr Schenker")
    option = QStyleOptionViewItem()
    delegate.initStyleOption(option, model.index(1, SPEAKER))
    assert option.text == "Dr Schenker"
    # The table paints faster than the style's delegate, and the same pixels: tag and status
    # icons, a selected row, the edit.
    panel.show()
    qtbot.waitExposed(panel)
    panel.table.selectRow(0)
    assert painted_as_the_style_paints(panel.table)


def test_a_resize_paints_the_rows_once_and_a_column_sized_by_hand_repaints(
    panel: ClaimsTablePanel,
    context: AppContext,
    article_id: int,
    setup: dict[str, ClaimInfo],
    qtbot: QtBot,
) -> None:
    """QTableView repaints resized columns on a timer, after the window's own paint: twice
    in the frame of a window resize. The table repaints them in that frame instead."""
    context.set_article(article_id)
    shown(panel, qtbot)
    panel.show()
    qtbot.waitExposed(panel)
    QTest.qWait(20)
    paints = Paints(panel.table.viewport())
    panel.resize(panel.width() - 40, panel.height())
    QTest.qWait(50)
    assert paints.count == 1
    # Sized by hand (a drag on the header does this), a column is shown at its new width at
    # once, and the scroll bar reaches the columns past the edge.
    paints.count = 0
    bar = panel.table.horizontalScrollBar()
    assert bar.maximum() == 0
    panel.table.horizontalHeader().resizeSection(SPEAKER, panel.width() * 2)
    QTest.qWait(50)
    assert paints.count >= 1
    assert bar.maximum() > 0


def test_whole_project_scope_adds_the_article_column(
    panel: ClaimsTablePanel,
    context: AppContext,
    article_id: int,
    setup: dict[str, ClaimInfo],
    qtbot: QtBot,
) -> None:
    context.set_article(article_id)
    panel.project_button.click()
    shown(panel, qtbot)
    assert len(quotes(panel)) == 4 and "Officials" in quotes(panel)
    assert not panel.table.isColumnHidden(ARTICLE)
    assert panel.model.index(3, ARTICLE).data() == "B"
    panel.article_button.click()
    shown(panel, qtbot)
    assert len(quotes(panel)) == 3


def test_filters_by_tag_status_annotator_and_text(
    panel: ClaimsTablePanel,
    context: AppContext,
    project: Project,
    article_id: int,
    setup: dict[str, ClaimInfo],
    qtbot: QtBot,
) -> None:
    context.set_article(article_id)
    choose(panel.tag_combo, tag_id(project, "expert"))
    shown(panel, qtbot)
    assert quotes(panel) == ["David Schenker"]
    choose(panel.tag_combo, None)
    choose(panel.status_combo, "confirmed")
    shown(panel, qtbot)
    assert quotes(panel) == ["two anonymous U.S. officials"]
    choose(panel.status_combo, None)
    choose(panel.annotator_combo, "alice")
    shown(panel, qtbot)
    assert quotes(panel) == ["Tehran indicated"]
    choose(panel.annotator_combo, None)
    QTest.keyClicks(panel.text_edit, "schenker")
    qtbot.waitUntil(lambda: quotes(panel) == ["David Schenker"])
    assert panel.criteria().text == "schenker"


def test_the_people_listed_follow_new_annotators_and_keep_the_choice(
    panel: ClaimsTablePanel,
    context: AppContext,
    project: Project,
    article_id: int,
    setup: dict[str, ClaimInfo],
    qtbot: QtBot,
) -> None:
    def people() -> list[str]:
        return [panel.annotator_combo.itemText(i) for i in range(panel.annotator_combo.count())]

    context.set_article(article_id)
    shown(panel, qtbot)
    choose(panel.annotator_combo, "alice")
    shown(panel, qtbot)
    before = people()
    panel.reload()  # nobody new: the list as it was, the choice kept
    shown(panel, qtbot)
    assert people() == before and panel.annotator_combo.currentData() == "alice"
    claims.create_claim(Project(project.db, "zoé"), article_id, Span(0, 5), [])
    panel.reload()
    shown(panel, qtbot)
    assert people() == [*before, "zoé"] and panel.annotator_combo.currentData() == "alice"


def test_sorting_by_speaker_and_back(
    panel: ClaimsTablePanel,
    context: AppContext,
    article_id: int,
    setup: dict[str, ClaimInfo],
    qtbot: QtBot,
) -> None:
    context.set_article(article_id)
    panel.table.sortByColumn(SPEAKER, Qt.SortOrder.AscendingOrder)
    shown(panel, qtbot)
    speakers = [panel.model.index(r, SPEAKER).data() for r in range(3)]
    assert speakers == ["", "David Schenker", "officials"]
    panel.table.sortByColumn(SPEAKER, Qt.SortOrder.DescendingOrder)
    shown(panel, qtbot)
    assert [panel.model.index(r, SPEAKER).data() for r in range(3)] == speakers[::-1]


def test_selecting_a_row_opens_its_article_and_claim(
    panel: ClaimsTablePanel, context: AppContext, setup: dict[str, ClaimInfo], qtbot: QtBot
) -> None:
    panel.set_whole_project(True)
    panel.show()
    shown(panel, qtbot)
    other = setup["other"]
    row = panel.model.row_of(other.id)
    assert row is not None
    rect = panel.table.visualRect(panel.model.index(row, QUOTE))
    QTest.mouseClick(panel.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert (context.article_id, context.claim_id) == (other.article_id, other.id)
    # Opening the article did not clear the row the analyst picked.
    assert panel.table.currentIndex().row() == row


def test_follows_the_current_claim(
    panel: ClaimsTablePanel,
    context: AppContext,
    article_id: int,
    setup: dict[str, ClaimInfo],
    qtbot: QtBot,
) -> None:
    context.set_article(article_id)
    shown(panel, qtbot)
    context.set_claim(setup["tehran"].id)
    assert panel.table.currentIndex().row() == 2
    context.set_claim(None)
    assert not panel.table.selectionModel().hasSelection()


def test_new_edited_and_deleted_claims_show_up(
    panel: ClaimsTablePanel,
    context: AppContext,
    project: Project,
    article_id: int,
    setup: dict[str, ClaimInfo],
    qtbot: QtBot,
) -> None:
    context.set_article(article_id)
    shown(panel, qtbot)
    expert = claims.get_claim(project, setup["schenker"].id)
    commands.run(context, commands.EditClaimCommand(context, expert, "speaker", "D. Schenker"))
    # In place, once the event loop has turned (the reader and inspector go first).
    qtbot.waitUntil(lambda: panel.model.index(1, SPEAKER).data() == "D. Schenker")

    document = codebook.find_tag(project, "document")
    command = commands.TagSpanCommand(context, article_id, Span(0, TEXT.index(" drone")), document)
    # A new or deleted claim is a row in or out: the id list is not read again.
    with qtbot.assertNotEmitted(panel.model.modelReset, wait=50):
        commands.run(context, command)
        qtbot.waitUntil(lambda: len(quotes(panel)) == 4)
        assert quotes(panel)[0] == "A malfunctioning"
        assert panel.table.currentIndex().row() == 0  # the new claim is the current one
        assert panel.count_label.text() == "4 claims"

        context.undo_stack.undo()
        qtbot.waitUntil(lambda: len(quotes(panel)) == 3)
        # The row's removal did not make its neighbour the current claim behind one's back.
        assert context.claim_id not in panel.model.claim_ids()
        assert "A malfunctioning" not in quotes(panel)
        assert panel.count_label.text() == "3 claims"


def test_a_new_claim_takes_its_sorted_place_or_none_if_filtered_out(
    panel: ClaimsTablePanel,
    context: AppContext,
    project: Project,
    article_id: int,
    setup: dict[str, ClaimInfo],
    qtbot: QtBot,
) -> None:
    context.set_article(article_id)
    panel.table.sortByColumn(SPEAKER, Qt.SortOrder.AscendingOrder)
    shown(panel, qtbot)
    speakers = [panel.model.index(row, SPEAKER).data() for row in range(3)]
    assert speakers == ["", "David Schenker", "officials"]
    document = codebook.find_tag(project, "document")
    span = Span(TEXT.index("drone"), TEXT.index("drone") + 5)
    commands.run(context, commands.TagSpanCommand(context, article_id, span, document))
    qtbot.waitUntil(lambda: panel.model.rowCount() == 4)
    # In the place a full reload would give it: among the unspoken claims, in reading order.
    assert [panel.model.index(row, SPEAKER).data() for row in range(4)] == [
        "",
        "",
        "David Schenker",
        "officials",
    ]
    reloaded = claim_rows.sorted_claim_ids(project, panel.criteria(), sort="speaker")
    assert panel.model.claim_ids() == reloaded
    assert context.claim_id in reloaded[:2]

    # Filtered on "confirmed": a new, unreviewed claim has no row.
    choose(panel.status_combo, "confirmed")
    shown(panel, qtbot)
    before = quotes(panel)
    other = Span(TEXT.index("Tehran"), TEXT.index("Tehran") + 6)
    commands.run(context, commands.TagSpanCommand(context, article_id, other, document))
    qtbot.wait(20)  # the table has followed the change
    assert not panel.changes.pending
    assert quotes(panel) == before


def test_rows_are_fetched_in_blocks(
    panel: ClaimsTablePanel,
    context: AppContext,
    project: Project,
    article_id: int,
    monkeypatch: pytest.MonkeyPatch,
    qtbot: QtBot,
) -> None:
    monkeypatch.setattr(claims_model, "BLOCK_ROWS", 4)
    count = 10
    for start in range(count):
        claims.create_claim(project, article_id, Span(start, start + 5), [])
    context.set_article(article_id)
    shown(panel, qtbot)
    model = panel.model
    assert model.rowCount() == count
    model._cache.clear()
    assert model.index(count - 1, QUOTE).data() == TEXT[count - 1 : count + 4]
    # Only the last block (rows 8 and 9) was read, not the rows before it.
    assert sorted(row.start for row in model._cache.values()) == [8, 9]


def test_each_claims_row_is_known_after_a_reload_and_a_removal(
    panel: ClaimsTablePanel, context: AppContext, project: Project, article_id: int, qtbot: QtBot
) -> None:
    for start in range(0, 30, 3):
        claims.create_claim(project, article_id, Span(start, start + 2), [])
    context.set_article(article_id)
    shown(panel, qtbot)
    model = panel.model
    ids = model.claim_ids()
    # Right after a reload rows are looked up without a table of them (see ``_row_of``).
    assert [model.row_of(claim_id) for claim_id in ids] == list(range(len(ids)))
    assert model.row_of(-1) is None
    claims.delete_claim(project, ids[4])
    assert model.refresh_claims(frozenset({ids[4]}))
    assert model.claim_ids() == ids[:4] + ids[5:]
    assert [model.row_of(claim_id) for claim_id in model.claim_ids()] == list(range(len(ids) - 1))
    assert model.row_of(ids[4]) is None


def test_the_ids_are_read_off_the_gui_thread_and_a_change_meanwhile_is_kept(
    panel: ClaimsTablePanel,
    context: AppContext,
    project: Project,
    article_id: int,
    setup: dict[str, ClaimInfo],
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Sorting 50,000 claims takes SQLite ~100 ms: the window answers meanwhile, showing the
    rows before, and a claim tagged while the ids are read is in the table afterwards."""
    context.set_article(article_id)
    shown(panel, qtbot)
    before = quotes(panel)
    held = HeldRead(monkeypatch, claim_rows, "sorted_claim_ids")
    panel.table.sortByColumn(SPEAKER, Qt.SortOrder.AscendingOrder)
    assert held.started.wait(10)
    assert panel.model.loading and quotes(panel) == before
    document = codebook.find_tag(project, "document")
    span = Span(TEXT.index("drone"), TEXT.index("drone") + 5)
    commands.run(context, commands.TagSpanCommand(context, article_id, span, document))
    qtbot.wait(20)  # the table has been told of the change while its ids are read
    held.released.set()
    shown(panel, qtbot)
    assert panel.model.claim_ids() == held.read(project, panel.criteria(), sort="speaker")
    assert len(quotes(panel)) == 4
    assert panel.table.currentIndex().data(claims_model.CLAIM_ID_ROLE) == context.claim_id


def test_a_failed_read_is_reported_and_leaves_the_table_empty(
    panel: ClaimsTablePanel,
    context: AppContext,
    article_id: int,
    setup: dict[str, ClaimInfo],
    errors: list[str],
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    context.set_article(article_id)
    shown(panel, qtbot)

    def unreadable(*_args: Any, **_kwargs: Any) -> list[int]:
        raise ProjectError("The project file cannot be read: disk I/O error.")

    monkeypatch.setattr(claim_rows, "sorted_claim_ids", unreadable)
    choose(panel.status_combo, "confirmed")
    shown(panel, qtbot)
    assert errors == ["The project file cannot be read: disk I/O error."]
    assert quotes(panel) == []


def test_the_rows_shown_first_are_read_with_the_ids_not_while_painting(
    panel: ClaimsTablePanel,
    context: AppContext,
    project: Project,
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The top rows, and those around the current claim far down, come with the reload."""
    text = " ".join(f"w{number:04d}" for number in range(200))
    article_id = articles.import_text(project, text, title="Many").id
    no_tags: list[int] = []
    spans = [(Span(i * 6, i * 6 + 5), no_tags, claims.ClaimFields()) for i in range(150)]
    made = claims.create_claims(project, article_id, spans)
    far = made[130].id
    on_the_gui_thread: list[int] = []
    read = claim_rows.claim_rows

    def watched(project: Project, ids: list[int]) -> list[claim_rows.ClaimRow]:
        if threading.current_thread() is threading.main_thread():
            on_the_gui_thread.append(len(ids))
        return read(project, ids)

    monkeypatch.setattr(claim_rows, "claim_rows", watched)
    context.set_article(article_id)
    context.set_claim(far)
    panel.reload()
    shown(panel, qtbot)
    panel.table.scrollToTop()
    panel.grab()
    assert panel.model.index(0, QUOTE).data() == "w0000"
    row = panel.model.row_of(far)
    assert row == 130
    panel.table.scrollTo(panel.model.index(row, QUOTE))
    panel.grab()
    assert panel.model.index(row, QUOTE).data() == "w0130"
    assert on_the_gui_thread == []
    panel.table.scrollTo(panel.model.index(66, QUOTE))  # rows not read ahead
    panel.grab()
    assert on_the_gui_thread == [len(range(64, 98))]  # the rest of their block
