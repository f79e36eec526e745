"""The article list: filtering, sorting, following the current article, editing and deleting."""

from __future__ import annotations

import threading
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox, QStyledItemDelegate, QStyleOptionViewItem
from pytestqt.qtbot import QtBot

from sourcemark.app import articles, claims, codebook
from sourcemark.app.projects import Project, open_project
from sourcemark.app.textspan import Span
from sourcemark.ui import commands
from sourcemark.ui.background import finish_reads
from sourcemark.ui.changes import Change
from sourcemark.ui.context import AppContext
from sourcemark.ui.dialogs.article_details import ArticleDetails, ArticleDetailsDialog
from sourcemark.ui.panels.article_list import ArticleListPanel
from sourcemark.ui.panels.article_table import (
    CLAIMS,
    DATE,
    ID_ROLE,
    OUTLET,
    REVIEWED,
    TITLE,
    ArticleListModel,
)

from .conftest import painted_as_the_style_paints


def make_panel(context: AppContext, qtbot: QtBot) -> ArticleListPanel:
    panel = ArticleListPanel(context)
    qtbot.addWidget(panel)
    panel.resize(520, 400)
    return panel


def shown_titles(panel: ArticleListPanel) -> list[str]:
    return shown(panel, TITLE)


def shows_rows(panel: ArticleListPanel, count: int) -> bool:
    return len(shown_titles(panel)) == count


def shown(panel: ArticleListPanel, column: int) -> list[str]:
    """The cells of ``column`` as the table shows them, top to bottom."""
    model = panel.table.model()
    return [model.index(row, column).data() for row in range(model.rowCount())]


@pytest.fixture
def three(project: Project) -> dict[str, int]:
    """Three articles with 2, 10 and 1 claims: a text sort would put "10" before "2"."""
    ids = {}
    for title, outlet, date, count in (
        ("Blinken flies to Baghdad", "Reuters", "2023-11-05", 2),
        ("Drone attacks: a timeline", "The Guardian", "2023-11-10", 10),
        ("Sudani appeals to Tehran", "AP", "2023-10-30", 1),
    ):
        text = " ".join(f"Sentence {i} of {title}." for i in range(12))
        article = articles.import_text(project, text, title=title)
        articles.update_article(project, article.id, outlet=outlet, published=date)
        for i in range(count):
            start = text.index(f"Sentence {i} ")
            claims.create_claim(project, article.id, Span(start, start + 10), [])
        ids[title] = article.id
    return ids


def test_lists_every_article_with_counts(
    context: AppContext, qtbot: QtBot, three: dict[str, int]
) -> None:
    panel = make_panel(context, qtbot)
    assert sorted(shown_titles(panel)) == sorted(three)
    model = panel.table.model()
    ids = {model.index(r, TITLE).data(ID_ROLE) for r in range(model.rowCount())}
    assert ids == set(three.values())
    row = shown_titles(panel).index("Drone attacks: a timeline")
    assert model.index(row, CLAIMS).data() == "10"
    assert model.index(row, DATE).data() == "2023-11-10"


def test_the_painted_cells_show_what_the_model_holds(
    context: AppContext, qtbot: QtBot, three: dict[str, int]
) -> None:
    """The item delegate asks every role of a cell in one ``multiData`` call: it must see
    the same text as ``data()`` gives, also on the rows a filter leaves."""
    panel = make_panel(context, qtbot)
    delegate = panel.table.itemDelegate()
    assert isinstance(delegate, QStyledItemDelegate)

    def painted(row: int, column: int) -> QStyleOptionViewItem:
        option = QStyleOptionViewItem()
        delegate.initStyleOption(option, panel.table.model().index(row, column))
        return option

    for needle, rows in (("", 3), ("blinken", 1)):  # then the first row is the model's last
        panel.filter_edit.setText(needle)
        qtbot.waitUntil(partial(shows_rows, panel, rows))
        for row in range(panel.table.model().rowCount()):
            for column in (TITLE, OUTLET, DATE, CLAIMS, REVIEWED):
                option = painted(row, column)
                assert option.text == panel.table.model().index(row, column).data(), (row, column)
                right = column in (CLAIMS, REVIEWED)
                assert bool(option.displayAlignment & Qt.AlignmentFlag.AlignRight) == right
                assert option.backgroundBrush.style() == Qt.BrushStyle.NoBrush  # no such role
        panel.show()
        panel.table.selectRow(0)
        assert painted_as_the_style_paints(panel.table), needle
    assert painted(0, TITLE).text == "Blinken flies to Baghdad"
    assert painted(0, REVIEWED).text == "0/2"


def test_typing_in_the_filter_filters_rows(
    context: AppContext, qtbot: QtBot, three: dict[str, int]
) -> None:
    panel = make_panel(context, qtbot)
    QTest.keyClicks(panel.filter_edit, "tehran")
    assert shown_titles(panel) == ["Sudani appeals to Tehran"]
    panel.filter_edit.clear()
    QTest.keyClicks(panel.filter_edit, "guardian")  # the outlet counts too
    assert shown_titles(panel) == ["Drone attacks: a timeline"]
    assert panel.count_label.text() == "1 / 3"
    panel.filter_edit.clear()
    assert len(shown_titles(panel)) == 3


def test_the_filter_ignores_case_also_outside_ascii_and_takes_text_literally(
    context: AppContext, qtbot: QtBot, project: Project
) -> None:
    for title, author in (("ÉTAT D'URGENCE (Paris)", "Zoë Müller"), ("a.b test", None)):
        article = articles.import_text(project, f"Text of {title}.", title=title)
        articles.update_article(project, article.id, author=author or "")
    panel = make_panel(context, qtbot)
    for needle, expected in (
        ("état d'urgence", ["ÉTAT D'URGENCE (Paris)"]),
        ("ZOË", ["ÉTAT D'URGENCE (Paris)"]),  # the author counts too
        ("(paris)", ["ÉTAT D'URGENCE (Paris)"]),
        ("a.b", ["a.b test"]),
        ("a.c", []),  # a dot is a dot, not "any character"
        ("  test ", ["a.b test"]),
    ):
        panel.filter_edit.setText(needle)
        assert shown_titles(panel) == expected, needle
    panel.filter_edit.clear()
    assert len(shown_titles(panel)) == 2


def test_filtering_out_the_open_article_does_not_open_another(
    context: AppContext, qtbot: QtBot, three: dict[str, int]
) -> None:
    panel = make_panel(context, qtbot)
    context.set_article(three["Sudani appeals to Tehran"])
    opened: list[int] = []
    context.currentArticleChanged.connect(opened.append)
    QTest.keyClicks(panel.filter_edit, "drone")
    assert shown_titles(panel) == ["Drone attacks: a timeline"]
    assert panel.current_article_id() is None  # the open article's row is hidden
    panel.filter_edit.clear()
    assert opened == []
    assert context.article_id == panel.current_article_id() == three["Sudani appeals to Tehran"]


def test_sorting_by_claims_is_numeric_and_by_date_is_iso(
    context: AppContext, qtbot: QtBot, three: dict[str, int]
) -> None:
    panel = make_panel(context, qtbot)
    panel.table.sortByColumn(CLAIMS, Qt.SortOrder.AscendingOrder)
    assert shown(panel, CLAIMS) == ["1", "2", "10"]
    panel.table.sortByColumn(CLAIMS, Qt.SortOrder.DescendingOrder)
    assert shown(panel, CLAIMS) == ["10", "2", "1"]
    panel.table.sortByColumn(DATE, Qt.SortOrder.AscendingOrder)
    assert shown(panel, DATE) == ["2023-10-30", "2023-11-05", "2023-11-10"]


def test_selecting_a_row_opens_the_article(
    context: AppContext, qtbot: QtBot, three: dict[str, int]
) -> None:
    panel = make_panel(context, qtbot)
    panel.show()
    index = panel.table.model().index(shown_titles(panel).index("Blinken flies to Baghdad"), TITLE)
    rect = panel.table.visualRect(index)
    with qtbot.waitSignal(context.currentArticleChanged):
        QTest.mouseClick(panel.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert context.article_id == three["Blinken flies to Baghdad"]


def test_follows_the_current_article_without_echoing_it(
    context: AppContext, qtbot: QtBot, three: dict[str, int]
) -> None:
    panel = make_panel(context, qtbot)
    emitted: list[int] = []
    context.currentArticleChanged.connect(emitted.append)
    context.set_article(three["Sudani appeals to Tehran"])
    assert panel.current_article_id() == three["Sudani appeals to Tehran"]
    assert emitted == [three["Sudani appeals to Tehran"]]  # selecting the row sent nothing back
    context.set_article(None)
    assert panel.current_article_id() is None


def test_next_and_previous_walk_the_list_in_its_order(
    context: AppContext, qtbot: QtBot, three: dict[str, int]
) -> None:
    panel = make_panel(context, qtbot)
    panel.table.sortByColumn(TITLE, Qt.SortOrder.AscendingOrder)
    panel.select_next()
    assert context.article_id == three["Blinken flies to Baghdad"]
    panel.select_next()
    assert context.article_id == three["Drone attacks: a timeline"]
    panel.select_previous()
    assert context.article_id == three["Blinken flies to Baghdad"]


def test_counts_follow_new_claims(
    context: AppContext, project: Project, qtbot: QtBot, three: dict[str, int]
) -> None:
    panel = make_panel(context, qtbot)
    article = three["Sudani appeals to Tehran"]
    expert = codebook.find_tag(project, "expert")
    commands.run(context, commands.TagSpanCommand(context, article, Span(30, 40), expert))
    row = panel.model.row_of(article)
    assert row is not None
    assert panel.model.index(row, CLAIMS).data() == "2"
    context.undo_stack.undo()
    assert panel.model.index(row, CLAIMS).data() == "1"


def test_edit_details_saves_to_the_project(
    context: AppContext,
    project: Project,
    qtbot: QtBot,
    three: dict[str, int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    panel = make_panel(context, qtbot)
    article = three["Blinken flies to Baghdad"]
    context.set_article(article)
    details = ArticleDetails(
        "Blinken in Baghdad", "Reuters", "J. Doe", "https://x.test/a", "2023-11"
    )
    monkeypatch.setattr(ArticleDetailsDialog, "edit", classmethod(lambda cls, a, p=None: details))
    panel.edit_action.trigger()
    info = articles.get_article(project, article)
    assert (info.title, info.author, info.url, info.published) == (
        "Blinken in Baghdad",
        "J. Doe",
        "https://x.test/a",
        "2023-11",
    )
    qtbot.waitUntil(lambda: "Blinken in Baghdad" in shown_titles(panel))
    assert panel.current_article_id() == article


def test_details_dialog_needs_a_title_and_a_date_it_can_read(
    project: Project, qtbot: QtBot, article_id: int
) -> None:
    dialog = ArticleDetailsDialog(articles.get_article(project, article_id))
    qtbot.addWidget(dialog)
    assert dialog.title_edit.cursorPosition() == 0  # a long headline shows its start
    save = dialog.buttons.buttons()[0]
    assert save.isEnabled()
    dialog.title_edit.clear()
    assert not save.isEnabled() and "title" in dialog.problem.text()
    dialog.title_edit.setText("A title")
    dialog.published_edit.setText("5 November")
    assert not save.isEnabled() and "2023-11-05" in dialog.problem.text()
    dialog.published_edit.setText("2023-11-05")
    assert save.isEnabled()
    assert dialog.details().published == "2023-11-05"


def test_delete_asks_first_naming_the_claims_lost(
    context: AppContext,
    project: Project,
    qtbot: QtBot,
    three: dict[str, int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    panel = make_panel(context, qtbot)
    article = three["Blinken flies to Baghdad"]
    context.set_article(article)
    asked: list[str] = []

    def answer(reply: QMessageBox.StandardButton) -> Callable[..., Any]:
        def question(parent: object, title: str, text: str, *args: Any) -> Any:
            asked.append(text)
            return reply

        return question

    monkeypatch.setattr(
        QMessageBox, "question", staticmethod(answer(QMessageBox.StandardButton.Cancel))
    )
    panel.delete_action.trigger()
    assert articles.get_article(project, article).title == "Blinken flies to Baghdad"
    assert "2 claim" in asked[0] and "cannot be undone" in asked[0]

    monkeypatch.setattr(
        QMessageBox, "question", staticmethod(answer(QMessageBox.StandardButton.Yes))
    )
    panel.delete_action.trigger()
    assert article not in {s.article.id for s in articles.list_articles(project)}
    assert context.article_id is None
    qtbot.waitUntil(lambda: "Blinken flies to Baghdad" not in shown_titles(panel))


def test_a_reload_of_the_same_articles_updates_them_in_place(
    context: AppContext, qtbot: QtBot, project: Project, three: dict[str, int]
) -> None:
    # Written by another program: a title the filter now finds, and a claim more.
    panel = make_panel(context, qtbot)
    panel.table.sortByColumn(TITLE, Qt.SortOrder.AscendingOrder)
    context.set_article(three["Blinken flies to Baghdad"])
    panel.filter_edit.setText("baghdad")
    tehran = three["Sudani appeals to Tehran"]
    articles.update_article(project, tehran, title="Sudani flies to Baghdad, then Tehran")
    claims.create_claim(project, tehran, Span(0, 8), [])
    with qtbot.assertNotEmitted(panel.model.modelReset):  # the view keeps its place
        panel.reload()
    assert shown_titles(panel) == [
        "Blinken flies to Baghdad",
        "Sudani flies to Baghdad, then Tehran",
    ]
    assert shown(panel, CLAIMS) == ["2", "2"]
    assert panel.current_article_id() == three["Blinken flies to Baghdad"]
    # Another article, or the same ones in another order: the model starts over.
    articles.import_text(project, "A new article about Baghdad.", title="Baghdad again")
    with qtbot.waitSignal(panel.model.modelReset, timeout=1000):
        panel.reload()
    assert len(shown_titles(panel)) == 3
    assert panel.current_article_id() == three["Blinken flies to Baghdad"]


def test_the_model_keeps_to_qt_s_rules_through_filters_edits_and_sorts(
    project: Project, three: dict[str, int], qtmodeltester: Any
) -> None:
    # The list sorts and filters its own rows: Qt's model tester watches every change.
    model = ArticleListModel()
    model.set_rows(articles.list_rows(project))
    qtmodeltester.check(model, force_py=True)

    def titles() -> list[str]:
        return [model.index(row, TITLE).data() for row in range(model.rowCount())]

    model.set_needle("baghdad")
    assert titles() == ["Blinken flies to Baghdad"]
    tehran, blinken = three["Sudani appeals to Tehran"], three["Blinken flies to Baghdad"]
    articles.update_article(project, tehran, title="Sudani flies to Baghdad")  # joins
    articles.update_article(project, blinken, title="Blinken flies to Amman")  # leaves
    model.set_rows(articles.list_rows(project))
    assert titles() == ["Sudani flies to Baghdad"] and model.total() == 3
    model.update_counts(tehran, 7, 3)
    assert model.index(0, CLAIMS).data() == "7"
    model.sort(CLAIMS, Qt.SortOrder.DescendingOrder)
    model.set_needle("")
    assert [model.index(row, CLAIMS).data() for row in range(3)] == ["10", "7", "2"]
    model.set_needle("zeppelin")
    assert titles() == []


def test_after_a_change_the_rows_are_read_on_a_worker_thread(
    context: AppContext,
    project: Project,
    qtbot: QtBot,
    three: dict[str, int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    panel = make_panel(context, qtbot)
    readers: list[bool] = []
    read = articles.list_rows

    def list_rows(*args: Any, **kwargs: Any) -> Any:
        readers.append(threading.current_thread() is threading.main_thread())
        return read(*args, **kwargs)

    monkeypatch.setattr(articles, "list_rows", list_rows)
    articles.import_text(project, "Written by another window.", title="Arrived meanwhile")
    context.notify(Change(articles=True))
    qtbot.waitUntil(lambda: shows_rows(panel, 4))
    assert "Arrived meanwhile" in shown_titles(panel)
    assert readers == [False]
    assert not panel.reading


def test_rows_read_before_a_reload_are_not_shown_after_it(
    context: AppContext,
    project: Project,
    qtbot: QtBot,
    three: dict[str, int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    panel = make_panel(context, qtbot)
    read, done, held = articles.list_rows, threading.Event(), threading.Event()

    def list_rows(*args: Any, **kwargs: Any) -> Any:
        rows = read(*args, **kwargs)
        if threading.current_thread() is not threading.main_thread():
            done.set()
            held.wait(10)  # read, not yet handed over
        return rows

    monkeypatch.setattr(articles, "list_rows", list_rows)
    context.notify(Change(articles=True))
    qtbot.waitUntil(done.is_set)  # the worker has read the three articles
    articles.import_text(project, "A fourth article.", title="Fourth")
    panel.reload()  # read here, now: four
    held.set()
    finish_reads()
    assert shows_rows(panel, 4)


def test_another_project_empties_the_list_at_once(
    context: AppContext, qtbot: QtBot, three: dict[str, int], tmp_path: Path
) -> None:
    panel = make_panel(context, qtbot)
    other = open_project(tmp_path / "other.sourcemark")
    articles.import_text(other, "The other project's only article.", title="Elsewhere")
    context.replace_project(other)
    assert shown_titles(panel) == []  # never the first project's articles under its ids
    qtbot.waitUntil(lambda: shown_titles(panel) == ["Elsewhere"])
