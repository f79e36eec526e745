"""The analyst's day, driven through the real window with the keyboard (issue 3, "done when").

Create a project, import the example article, tag the anonymous-official claim and the expert
quote with speaker and affiliation, review them, undo and redo, quit, reopen, export.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QColor, QDragEnterEvent, QDropEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QInputDialog
from pytestqt.qtbot import QtBot

from sourcemark.app import articles, claim_rows, claims, codebook
from sourcemark.app.claims import ClaimFields, ClaimFilter, ClaimInfo
from sourcemark.app.exporting.csv_export import ExportOptions
from sourcemark.app.projects import Project, open_project
from sourcemark.app.settings import load_settings
from sourcemark.app.textspan import Span, find_quote
from sourcemark.ui import file_actions
from sourcemark.ui.changes import Change
from sourcemark.ui.main_window import MainWindow
from sourcemark.ui.panels.article_table import CLAIMS, REVIEWED
from sourcemark.ui.panels.codebook_panel import COUNT
from tests.ui.held import HeldRead
from tests.ui.windows import (
    ANONYMOUS,
    EXAMPLE,
    EXPERT_QUOTE,
    assert_painted_in,
    import_example,
    moved_on,
    open_window,
    press,
    select_by_keyboard,
    walk_shown,
)


def test_the_analysts_day(
    window: MainWindow, qtbot: QtBot, project_path: Path, tmp_path: Path
) -> None:
    project = window.context.project
    article_id = import_example(window)
    assert window.context.article_id == article_id
    text = articles.get_article_text(project, article_id)

    # Tag the anonymous officials by keyboard selection and the tag's key.
    start = text.index(ANONYMOUS)
    select_by_keyboard(window, qtbot, start, len(ANONYMOUS))
    assert window.reader.selected_span() == (start, start + len(ANONYMOUS))
    QTest.keyClick(window.reader, Qt.Key.Key_1)
    [claim] = claims.list_claims(project)
    assert (claim.start, claim.end, claim.quote) == (start, start + len(ANONYMOUS), ANONYMOUS)
    official = codebook.find_tag(project, "anonymous-official")
    assert claim.tag_ids == (official.id,)
    assert window.context.claim_id == claim.id

    # The highlight is drawn in the tag's colour under the words.
    assert_painted_in(window, start + 10, QColor(official.colour))

    # The expert quote: a partial selection snaps to words; tag Expert with key 4.
    quote_start = text.index(EXPERT_QUOTE)
    select_by_keyboard(window, qtbot, quote_start + 3, len(EXPERT_QUOTE) - 6)
    QTest.keyClick(window.reader, Qt.Key.Key_4)
    expert_claim = claims.get_claim(project, window.context.claim_id or -1)
    # "e possibility … concer" widened to whole words, quotation marks left as selected.
    assert expert_claim.quote.startswith("The possibility")
    assert expert_claim.quote.endswith("realistic concern")

    # Speaker and affiliation in the inspector, by keyboard.
    press(window, qtbot, "Ctrl+K")
    inspector = window.inspector
    assert inspector.speaker_edit.hasFocus()
    QTest.keyClicks(inspector.speaker_edit, "David Schenker")
    QTest.keyClick(inspector.speaker_edit, Qt.Key.Key_Tab)
    QTest.keyClicks(inspector.affiliation_edit, "Washington Institute for Near East Policy")
    QTest.keyClick(inspector.affiliation_edit, Qt.Key.Key_Tab)
    expert_claim = claims.get_claim(project, expert_claim.id)
    assert expert_claim.speaker == "David Schenker"
    assert expert_claim.affiliation == "Washington Institute for Near East Policy"

    # Undo the affiliation, redo it.
    window.reader.setFocus()
    press(window, qtbot, "Ctrl+Z")
    assert claims.get_claim(project, expert_claim.id).affiliation == ""
    press(window, qtbot, "Ctrl+Shift+Z")
    assert claims.get_claim(project, expert_claim.id).affiliation.startswith("Washington")

    # Review mode: confirm the first, dispute the second, with single keys.
    window.reader.setFocus()
    press(window, qtbot, "F7")
    assert window.review_bar.isVisible()
    walk_shown(window, qtbot)
    assert window.context.claim_id == claim.id
    press(window, qtbot, "C")
    moved_on(window, qtbot)
    assert window.context.claim_id == expert_claim.id
    press(window, qtbot, "D")
    statuses = {c.id: c.status for c in claims.list_claims(project)}
    assert statuses == {claim.id: "confirmed", expert_claim.id: "disputed"}
    assert "2 / 2 reviewed" in window.review_bar.progress_label.text()
    press(window, qtbot, "F7")
    assert not window.review_bar.isVisible()

    # Export as the dialog would.
    out = tmp_path / "claims.csv"
    rows = file_actions.export_csv(window, window.context, ExportOptions(), out)
    assert rows == 2
    with out.open(encoding="utf-8", newline="") as file:
        exported = list(csv.DictReader(file))
    assert {r["tag"] for r in exported} == {"Anonymous official", "Expert"}
    assert {r["speaker"] for r in exported} == {"", "David Schenker"}

    # Quit and reopen: everything as left, the same article open.
    before = claims.list_claims(project, ClaimFilter())
    window.close()
    reopened = open_window(qtbot, project_path)
    try:
        assert claims.list_claims(reopened.context.project) == before
        assert reopened.context.article_id == article_id
        assert len(reopened.reader.highlights()) == 2
    finally:
        reopened.close()


def test_tag_keys_only_fire_in_the_reader(window: MainWindow, qtbot: QtBot) -> None:
    import_example(window)
    window.article_list.setFocus()
    QTest.keyClick(window.focusWidget(), Qt.Key.Key_1)
    assert claims.count_claims(window.context.project) == 0


def test_pressing_a_key_without_selection_explains(window: MainWindow, qtbot: QtBot) -> None:
    import_example(window)
    window.reader.setFocus()
    window.reader.clear_selection()
    QTest.keyClick(window.reader, Qt.Key.Key_1)
    assert claims.count_claims(window.context.project) == 0
    assert "Select a passage" in window.statusBar().currentMessage()


def test_clicking_a_tag_in_the_codebook_tags_the_selection(
    window: MainWindow, qtbot: QtBot
) -> None:
    article_id = import_example(window)
    text = articles.get_article_text(window.context.project, article_id)
    start = text.index("David Schenker")
    window.reader.select_span(start, start + len("David Schenker"))
    expert = codebook.find_tag(window.context.project, "expert")
    window.codebook_panel.applyTagRequested.emit(expert.id)
    [claim] = claims.list_claims(window.context.project)
    assert (claim.quote, claim.tag_ids) == ("David Schenker", (expert.id,))


def test_every_action_has_a_shortcut_and_a_tooltip(window: MainWindow) -> None:
    for action_id, action in window.action_map.items():
        assert action.shortcuts(), action_id
        assert action.toolTip() and action.toolTip() != action.text(), action_id


def test_window_geometry_and_font_size_are_remembered(qtbot: QtBot, project_path: Path) -> None:
    first = open_window(qtbot, project_path)
    first.resize(1200, 700)
    first.reader.set_font_size(17)
    first.close()
    settings = load_settings()
    assert settings.font_size == 17
    assert settings.window_geometry
    second = open_window(qtbot, project_path)
    try:
        assert second.reader.font_size() == 17
    finally:
        second.close()


def test_delete_claim_with_del_and_undo(window: MainWindow, qtbot: QtBot) -> None:
    article_id = import_example(window)
    project = window.context.project
    text = articles.get_article_text(project, article_id)
    start = text.index("Antony Blinken")
    window.reader.setFocus()
    window.reader.select_span(start, start + len("Antony Blinken"))
    QTest.keyClick(window.reader, Qt.Key.Key_3)
    assert claims.count_claims(project) == 1
    assert window.inspector.quote_label.text() == "Antony Blinken"
    press(window, qtbot, "Del")
    assert claims.count_claims(project) == 0
    assert window.inspector.stack.currentIndex() == 0  # nothing to inspect
    press(window, qtbot, "Ctrl+Z")
    assert claims.count_claims(project) == 1
    assert len(window.reader.highlights()) == 1
    # The claim is back, current, and shown in the inspector (not a stale "gone").
    assert window.inspector.stack.currentIndex() == 1
    assert window.inspector.quote_label.text() == "Antony Blinken"


def test_next_and_previous_claim_walk_the_text_as_edits_change_it(
    window: MainWindow, qtbot: QtBot
) -> None:
    article_id = import_example(window)
    project = window.context.project
    text = articles.get_article_text(project, article_id)

    def tag(words: str) -> int:
        start = text.index(words)
        window.reader.setFocus()
        window.reader.select_span(start, start + len(words))
        QTest.keyClick(window.reader, Qt.Key.Key_3)
        claim_id = window.context.claim_id
        assert claim_id is not None
        return claim_id

    blinken, schenker = tag("Antony Blinken"), tag("David Schenker")
    window.context.set_claim(None)
    window.reader.setFocus()
    walked = []
    for keys in ("Alt+Down", "Alt+Down", "Alt+Down", "Alt+Up"):
        press(window, qtbot, keys)
        walked.append(window.context.claim_id)
    # Past the last one nothing is current; from nothing, back up goes to the last one.
    assert walked == [schenker, blinken, None, blinken]
    # A claim tagged between them, and the walk takes it in its place at once.
    window.context.set_claim(schenker)
    biden = tag("Joe Biden")
    press(window, qtbot, "Alt+Up")
    assert window.context.claim_id == schenker
    press(window, qtbot, "Alt+Down")
    assert window.context.claim_id == biden
    press(window, qtbot, "Del")  # the walk closes the gap
    window.context.set_claim(schenker)
    press(window, qtbot, "Alt+Down")
    assert window.context.claim_id == blinken


def test_an_opened_article_is_walked_in_reading_order(window: MainWindow, qtbot: QtBot) -> None:
    """Claims stored before the article opens: the walk goes by start, then end, then id
    (the order is made as the article opens), and the suggestion walk takes only those."""
    article_id = import_example(window)
    project = window.context.project
    text = articles.get_article_text(project, article_id)
    start = text.index("Antony Blinken")
    manual, suggested = ClaimFields(), ClaimFields(origin="suggested")
    # Stored out of reading order: the longer passage first, then the shorter.
    longer, shorter, later, pending = claims.create_claims(
        project,
        article_id,
        [
            (Span(start, start + 14), [], manual),
            (Span(start, start + 6), [], manual),
            (Span(start + 20, start + 30), [], manual),
            (Span(start + 40, start + 50), [], suggested),
        ],
    )
    window.context.set_article(None)
    window.context.set_article(article_id)
    window.reader.setFocus()
    walked = []
    for _ in range(5):
        press(window, qtbot, "Alt+Down")
        walked.append(window.context.claim_id)
    assert walked == [shorter.id, longer.id, later.id, pending.id, None]
    window.context.set_claim(None)
    press(window, qtbot, "Alt+Shift+Down")
    assert window.context.claim_id == pending.id


def test_the_empty_reader_says_what_to_do(window: MainWindow) -> None:
    assert window.reader.toPlainText() == ""
    assert "Import Articles (Ctrl+I)" in window.reader.placeholderText()
    import_example(window)
    window.context.set_article(None)
    QTest.qWait(10)
    assert window.reader.toPlainText() == ""
    assert "Choose an article in the list" in window.reader.placeholderText()


def test_open_recent_numbers_the_projects_and_tells_namesakes_apart(
    window: MainWindow, tmp_path: Path
) -> None:
    paths = [
        tmp_path / "desk" / "erbil.sourcemark",
        tmp_path / "archive 2025" / "erbil.sourcemark",
        tmp_path / "gaza & region.sourcemark",
    ]
    for path in paths:
        path.parent.mkdir(exist_ok=True)
        open_project(path).close()
    window.context.settings.recent_projects = [str(p) for p in paths]
    window.recent_menu.aboutToShow.emit()
    shown = [action.text() for action in window.recent_menu.actions()]
    assert shown[0].startswith("&1 erbil.sourcemark") and "desk" in shown[0]
    assert shown[1].startswith("&2 erbil.sourcemark") and "archive 2025" in shown[1]
    assert shown[2] == "&3 gaza && region.sourcemark"  # an & in a name is not a mnemonic
    assert [a.toolTip() for a in window.recent_menu.actions()] == [str(p) for p in paths]
    window.recent_menu.actions()[1].trigger()
    assert window.context.project.path == paths[1]
    # The project opened goes first in the list.
    assert window.context.settings.recent_projects[0] == str(paths[1])


def test_refresh_after_another_program_writes(window: MainWindow, project_path: Path) -> None:
    import_example(window)
    other = open_project(project_path)
    try:
        articles.import_text(other, "Written by the command line while the window is open.")
    finally:
        other.close()
    window._refresh_if_changed_elsewhere()
    QTest.qWait(10)
    assert window.status_counts.text().startswith("2 articles")


def test_text_wraps_to_the_reader_at_laptop_size(qtbot: QtBot, project_path: Path) -> None:
    """The centred column re-wraps when its margins change: nothing hides off to the right."""
    project = open_project(project_path)
    articles.import_text(project, EXAMPLE.read_text(encoding="utf-8"))
    project.close()
    window = open_window(qtbot, project_path)
    try:
        # Wide windows change only the margins; narrow ones, the lines' width too.
        sizes = (None, (1000, 700), (1600, 900), (1366, 768), (900, 700), (820, 700), (1600, 900))
        for size in sizes:
            if size:
                window.resize(*size)
            QTest.qWait(30)
            reader = window.reader
            assert reader.horizontalScrollBar().maximum() == 0, size
            # The lines are laid out at the width they are shown at, not at a stale one: the
            # longest of the article's lines falls short of it by a word at most.
            shown = reader.viewport().width()
            assert shown - 30 <= reader.document().size().width() <= shown + 1, size
    finally:
        window.close()


def test_paste_an_article_from_the_clipboard(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    QApplication.clipboard().setText("Minister resigns\n\nThe minister said she would go.")
    offered: list[str] = []

    def answer(*_args: object, **kwargs: object) -> tuple[str, bool]:
        offered.append(str(kwargs.get("text")))
        return "Minister resigns after vote", True

    monkeypatch.setattr(QInputDialog, "getText", answer)
    window.action_map["paste_article"].trigger()
    assert offered == ["Minister resigns"], "the title prompt is prefilled from the first line"
    [summary] = articles.list_articles(window.context.project)
    assert summary.article.title == "Minister resigns after vote"
    assert window.context.article_id == summary.article.id
    text = articles.get_article_text(window.context.project, summary.article.id)
    assert text == "Minister resigns\n\nThe minister said she would go."


def test_dropping_files_on_the_window_imports_them(window: MainWindow, tmp_path: Path) -> None:
    first, second = tmp_path / "one.txt", tmp_path / "two.md"
    first.write_text("Officials said the talks failed.", encoding="utf-8")
    second.write_text("# Second\n\nA spokesperson declined to comment.", encoding="utf-8")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(first)), QUrl.fromLocalFile(str(second))])
    position = QPointF(window.rect().center())
    actions = Qt.DropAction.CopyAction
    buttons, modifiers = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(position.toPoint(), actions, mime, buttons, modifiers)
    window.dragEnterEvent(enter)
    assert enter.isAccepted()
    window.dropEvent(QDropEvent(position, actions, mime, buttons, modifiers))
    titles = sorted(s.article.title for s in articles.list_articles(window.context.project))
    assert titles == ["Officials said the talks failed.", "Second"]


def test_help_lists_the_panels_keys_too(window: MainWindow) -> None:
    rows = window.shortcut_rows()
    places = {place for place, _text, _keys in rows}
    assert {"Tags (in the reader)", "Article list", "Codebook"} <= places
    assert ("Tags (in the reader)", "Anonymous official", "1") in rows
    assert all(keys for _place, _text, keys in rows)


def test_counts_follow_each_edit_at_once(window: MainWindow, qtbot: QtBot) -> None:
    """The article list and the codebook count the open article's claims as they change.

    No timer, no reload: the counts are right as soon as the key press returns.
    """
    article_id = import_example(window)
    project = window.context.project
    text = articles.get_article_text(project, article_id)
    anonymous = codebook.find_tag(project, "anonymous-official")
    qtbot.waitUntil(lambda: window.article_list.model.row_of(article_id) is not None)
    row = window.article_list.model.row_of(article_id)
    assert row is not None

    def shown() -> tuple[str, str, str]:
        model = window.article_list.model
        item = window.codebook_panel._items[anonymous.id]
        return (
            model.index(row, CLAIMS).data(),
            model.index(row, REVIEWED).data(),
            item.text(COUNT),
        )

    def queried() -> tuple[int, int, int]:
        [summary] = articles.list_articles(project)
        tags = {c.tag.id: c.claims for c in codebook.tag_counts(project, article_id)}
        return summary.claims, summary.reviewed, tags[anonymous.id]

    start = text.index(ANONYMOUS)
    window.reader.setFocus()
    window.reader.select_span(start, start + len(ANONYMOUS))
    QTest.keyClick(window.reader, Qt.Key.Key_1)  # anonymous official
    assert queried() == (1, 0, 1)
    assert shown() == ("1", "0/1", "1")
    claim_id = window.context.claim_id
    assert claim_id is not None
    claims.review_claim(project, claim_id, status="confirmed")
    window.context.notify(Change.of_claim(article_id, claim_id))
    assert shown() == ("1", "1/1", "1")
    assert window.status_counts.text() == "1 article · 1 claim"
    press(window, qtbot, "Del")
    assert queried() == (0, 0, 0)
    assert shown() == ("0", "–", "0")
    assert window.status_counts.text() == "1 article · 0 claims"
    press(window, qtbot, "Ctrl+Z")
    assert queried() == (1, 1, 1)
    assert shown() == ("1", "1/1", "1")


def test_a_new_claim_is_remembered_as_the_project_holds_it(window: MainWindow) -> None:
    """Tagging hands the claim it wrote to every view instead of each reading it back: what
    they are given must be what the project holds, and an undone claim must be gone."""
    article_id = import_example(window)
    project = window.context.project
    text = articles.get_article_text(project, article_id)
    start = text.index(ANONYMOUS)
    window.reader.setFocus()
    window.reader.select_span(start, start + len(ANONYMOUS))
    QTest.keyClick(window.reader, Qt.Key.Key_1)
    claim_id = window.context.claim_id
    assert claim_id is not None
    assert window.context.claim(claim_id) == claims.get_claim(project, claim_id)
    assert window.inspector.quote_label.text() == ANONYMOUS
    window.context.undo_stack.undo()
    assert window.context.claim(claim_id) is None
    assert window.reader.claims_at(start) == []
    window.context.undo_stack.redo()
    assert window.context.claim(claim_id) == claims.get_claim(project, claim_id)


def test_closing_the_window_lets_go_of_its_undo_history(window: MainWindow) -> None:
    """The commands are freed while the window still stands, not later by the garbage
    collector, which could free one twice (a crash in ``QUndoStack::clear``)."""
    article_id = import_example(window)
    text = articles.get_article_text(window.context.project, article_id)
    start = text.index(ANONYMOUS)
    window.reader.setFocus()
    window.reader.select_span(start, start + len(ANONYMOUS))
    QTest.keyClick(window.reader, Qt.Key.Key_1)
    assert window.context.undo_stack.count() == 1
    window.close()
    assert window.context.undo_stack.count() == 0


def test_review_walk_follows_verdicts_new_and_deleted_claims(
    window: MainWindow, qtbot: QtBot
) -> None:
    """The walk is kept up to date claim by claim, and always agrees with a fresh read."""
    article_id = import_example(window)
    project = window.context.project
    text = articles.get_article_text(project, article_id)
    expert = codebook.find_tag(project, "expert").id
    made = [
        claims.create_claim(project, article_id, find_quote(text, words), [expert]).id
        for words in ("Antony Blinken", "David Schenker", ANONYMOUS)
    ]
    window.context.notify(Change(everything=True))
    bar = window.review_bar
    window.reader.setFocus()
    press(window, qtbot, "F7")
    bar.status_filter.setCurrentIndex(bar.status_filter.findData("unreviewed"))
    bar.status_filter.activated.emit(bar.status_filter.currentIndex())
    walk_shown(window, qtbot)
    in_order = claim_rows.sorted_claim_ids(project, bar.criteria())
    assert bar.claim_ids == in_order and len(in_order) == 3
    assert "0 / 3 reviewed" in bar.progress_label.text()

    first = window.context.claim_id
    assert first == in_order[0]
    press(window, qtbot, "C")  # confirmed: it leaves the walk of unreviewed claims
    moved_on(window, qtbot)
    assert bar.claim_ids == in_order[1:]
    assert window.context.claim_id == in_order[1]
    assert "0 / 2 reviewed" in bar.progress_label.text()

    # A claim tagged meanwhile joins the walk at its place in the text.
    start = text.index("Erbil")
    window.reader.select_span(start, start + len("Erbil"))
    QTest.keyClick(window.reader, Qt.Key.Key_1)
    assert bar.claim_ids == claim_rows.sorted_claim_ids(project, bar.criteria())
    assert len(bar.claim_ids) == 3
    # And one deleted leaves it.
    claims.delete_claim(project, made[1])
    window.context.notify(Change.of_claim(article_id, made[1]))
    assert bar.claim_ids == claim_rows.sorted_claim_ids(project, bar.criteria())
    assert "0 / 2 reviewed" in bar.progress_label.text()


def test_a_verdict_reads_the_next_claim_once(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Going on after a verdict, the bar reads the next claim and the inspector shows that
    very read: one read of it, where there were two."""
    article_id = import_example(window)
    project = window.context.project
    text = articles.get_article_text(project, article_id)
    expert = codebook.find_tag(project, "expert").id
    for words in ("Antony Blinken", "David Schenker"):
        claims.create_claim(project, article_id, find_quote(text, words), [expert])
    window.context.notify(Change(everything=True))
    window.reader.setFocus()
    press(window, qtbot, "F7")
    walk_shown(window, qtbot)
    second = window.review_bar.claim_ids[1]
    reads: list[int] = []
    real = claims.get_claim

    def counted(project: Project, claim_id: int) -> ClaimInfo:
        reads.append(claim_id)
        return real(project, claim_id)

    monkeypatch.setattr(claims, "get_claim", counted)
    press(window, qtbot, "C")
    moved_on(window, qtbot)
    assert window.context.claim_id == second
    assert window.inspector.speaker_edit.isVisible()
    assert reads.count(second) == 1


def test_a_verdict_pressed_before_the_walk_arrives_waits_for_it(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Review mode opens at once and reads its walk meanwhile; a reviewer quick on the keys
    loses nothing: the verdict goes to the walk's first claim."""
    article_id = import_example(window)
    text = articles.get_article_text(window.context.project, article_id)
    expert = codebook.find_tag(window.context.project, "expert").id
    first, second = (
        claims.create_claim(window.context.project, article_id, find_quote(text, w), [expert]).id
        for w in (ANONYMOUS, "David Schenker")
    )
    window.context.notify(Change(everything=True))
    walk = HeldRead(monkeypatch, claim_rows, "statuses_in_reading_order")
    window.reader.setFocus()
    press(window, qtbot, "F7")
    assert window.review_bar.loading  # the window answers while the walk is read
    walk.release_after(0.2)
    press(window, qtbot, "C")
    statuses = {c.id: c.status for c in claims.list_claims(window.context.project)}
    assert statuses == {first: "confirmed", second: "unreviewed"}
    moved_on(window, qtbot)
    assert window.context.claim_id == second


def test_after_a_verdict_the_window_shows_it_then_moves_on_and_keeps_the_order_of_keys(
    window: MainWindow, qtbot: QtBot
) -> None:
    """The move to the next claim waits one turn of the event loop, so the window paints the
    verdict first. Keys pressed meanwhile, a verdict or a claim chosen, come after the move,
    in the order they were pressed."""
    article_id = import_example(window)
    project = window.context.project
    text = articles.get_article_text(project, article_id)
    first, second, third = (
        claims.create_claim(project, article_id, find_quote(text, words), []).id
        for words in ("Antony Blinken", "David Schenker", ANONYMOUS)
    )
    window.context.notify(Change(everything=True))
    window.reader.setFocus()
    press(window, qtbot, "F7")
    walk_shown(window, qtbot)
    walk = window.review_bar.claim_ids
    assert window.context.claim_id == walk[0]
    press(window, qtbot, "C")
    assert window.context.claim_id == walk[0]  # the verdict is shown before the move
    assert window.context.moving
    press(window, qtbot, "D")  # pressed before the move: it goes to the second claim
    assert window.context.claim_id == walk[1]
    # A claim chosen while the move after "D" is still to come: the choice stays.
    window.context.set_claim(walk[0])
    assert window.context.claim_id == walk[0] and not window.context.moving
    qtbot.wait(50)
    assert window.context.claim_id == walk[0]
    statuses = {c.id: c.status for c in claims.list_claims(project)}
    assert [statuses[i] for i in walk] == ["confirmed", "disputed", "unreviewed"]
    assert set(walk) == {first, second, third}


def test_leaving_review_mode_before_the_walk_arrives_stays_put(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    article_id = import_example(window)
    text = articles.get_article_text(window.context.project, article_id)
    claims.create_claim(window.context.project, article_id, find_quote(text, ANONYMOUS), [])
    window.context.notify(Change(everything=True))
    window.context.set_claim(None)
    walk = HeldRead(monkeypatch, claim_rows, "statuses_in_reading_order")
    window.reader.setFocus()
    press(window, qtbot, "F7")
    press(window, qtbot, "F7")
    assert not window.review_bar.isVisible()
    walk.released.set()
    qtbot.wait(100)  # the walk has been read, and dropped
    assert window.context.claim_id is None
    assert not window.review_bar.loading
