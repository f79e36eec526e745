"""The window's panels fit on a laptop and in half a screen, whatever the names in them.

On a 1366×768 laptop review mode's bar once asked for ~990 px in one row. The window then took
the width from the article list (squeezed to a sliver) and the inspector (cut off at the
screen's edge), laid the whole article out again at the new width, and the bar grew again with
every step through the walk. In a window of half a 1920-px screen the inspector's fields were
cut off, the claims table left its quotes 47 px, and a long annotator's name widened the
window's least width past it.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from sourcemark.app import articles, claims, codebook
from sourcemark.app.projects import open_project
from sourcemark.app.textspan import Span
from sourcemark.ui.changes import Change
from sourcemark.ui.main_window import MainWindow
from sourcemark.ui.panels.article_table import TITLE as ARTICLE_TITLE
from sourcemark.ui.panels.claims_model import QUOTE, STATUS, TAGS
from sourcemark.ui.panels.tag_chip import TagChip
from sourcemark.ui.path_label import PathLabel, home_relative
from tests.ui.windows import EXAMPLE, import_example, open_window, press, walk_shown

HALF_A_SCREEN = 960  # 1920 / 2: beside a browser with the article's page


def _tag_words(window: MainWindow, article_id: int, count: int) -> None:
    """``count`` claims on the article's first words longer than four letters."""
    project = window.context.project
    text = articles.get_article_text(project, article_id)
    expert = codebook.find_tag(project, "expert").id
    start, made = 0, 0
    while made < count:
        end = text.index(" ", start)
        if end - start > 4:
            claims.create_claim(project, article_id, Span(start, end), [expert])
            made += 1
        start = end + 1
    window.context.notify(Change(everything=True))


def _path(widget: QWidget | None) -> str:
    names = []
    while widget is not None:
        names.append(widget.objectName() or type(widget).__name__)
        widget = widget.parentWidget()
    return " < ".join(names)


def _assert_inside(window: MainWindow) -> None:
    """Every widget shown ends inside the window: nothing cut off at its right edge."""
    for widget in window.findChildren(QWidget):
        if widget.isVisible() and widget.window() is window:
            right = widget.mapTo(window, QPoint(widget.width(), 0)).x()
            assert right <= window.width(), (_path(widget), right)


def _assert_whole(bar: QWidget) -> None:
    """Every control of the bar inside it, at least as wide as it needs to be read."""
    for child in bar.findChildren(QWidget):
        if not child.isVisible() or child.parentWidget() is not bar:
            continue
        assert bar.rect().contains(child.geometry()), child.objectName() or child
        assert child.width() >= child.minimumSizeHint().width(), child.objectName() or child


def test_review_mode_takes_height_not_width_at_laptop_size(
    window: MainWindow, qtbot: QtBot
) -> None:
    article_id = import_example(window)
    _tag_words(window, article_id, 12)  # "Claim 9 of 12" becomes "Claim 10 of 12"
    QTest.qWait(30)
    panels = window.main_splitter.sizes()
    reader = window.reader
    width, height = reader.viewport().width(), reader.viewport().height()

    press(window, qtbot, "F7")
    walk_shown(window, qtbot)
    QTest.qWait(30)
    bar = window.review_bar
    assert bar.isVisible()
    assert window.main_splitter.sizes() == panels, "the side panels kept their width"
    assert reader.viewport().width() == width, "the article keeps its lines"
    assert reader.viewport().height() < height
    _assert_whole(bar)

    # Stepping through the walk leaves the bar's size alone (no layout of the window per
    # step), and its buttons stay put under the mouse.
    hint = bar.sizeHint()
    buttons = {key: button.geometry() for key, button in bar.buttons.items()}
    assert bar.position_label.text() == "Claim 1 of 12"
    for _ in range(9):
        press(window, qtbot, "N")
    QTest.qWait(30)
    assert bar.position_label.text() == "Claim 10 of 12"
    press(window, qtbot, "N")
    press(window, qtbot, "N")
    QTest.qWait(30)
    assert bar.position_label.text() == "Claim 12 of 12"  # the widest this walk shows
    assert bar.sizeHint() == hint
    assert {key: button.geometry() for key, button in bar.buttons.items()} == buttons
    assert window.main_splitter.sizes() == panels
    _assert_whole(bar)

    press(window, qtbot, "F7")
    QTest.qWait(30)
    assert not bar.isVisible()
    assert window.main_splitter.sizes() == panels
    assert reader.viewport().size().toTuple() == (width, height)


def test_half_a_screen_shows_every_field_whole(qtbot: QtBot, project_path: Path) -> None:
    annotator = "Maria-Fernanda Gonzalez-Whitaker (fact-check desk)"
    project = open_project(project_path, annotator=annotator)
    article = articles.import_text(project, EXAMPLE.read_text(encoding="utf-8"))
    long_tag = codebook.add_tag(project, "Statement by a ministry's press office or spokesperson")
    claim = claims.create_claim(project, article.id, Span(0, 40), [long_tag.id])
    project.close()
    window = open_window(qtbot, project_path)
    try:
        window.context.set_article(article.id)
        window.context.set_claim(claim.id)
        QTest.qWait(30)
        [chip] = window.inspector.findChildren(TagChip)
        assert chip.isVisible() and chip.label.toolTip() == long_tag.name  # cut short
        assert window.minimumSizeHint().width() <= HALF_A_SCREEN
        header = window.claims_table.table.horizontalHeader()
        laptop_tags, status = header.sectionSize(TAGS), header.sectionSize(STATUS)
        window.resize(HALF_A_SCREEN, 900)
        QTest.qWait(30)
        assert window.width() == HALF_A_SCREEN
        _assert_inside(window)
        # Review mode too, with its bar above the reader.
        window.reader.setFocus()
        press(window, qtbot, "F7")
        walk_shown(window, qtbot)
        QTest.qWait(30)
        assert window.review_bar.isVisible() and window.width() == HALF_A_SCREEN
        _assert_inside(window)
        _assert_whole(window.review_bar)
        press(window, qtbot, "F7")
        # The claims table's quotes keep a third of it; the other columns gave way.
        table = window.claims_table.table
        assert header.sectionSize(QUOTE) >= table.viewport().width() // 3 - 1
        assert header.sectionSize(TAGS) < laptop_tags
        assert header.sectionSize(STATUS) == status  # kept: "Unrevi…" would read as nothing
        # The article list's numbers give way for the titles: a title's first word, not "A …".
        listed = window.article_list.table
        titles = listed.horizontalHeader().sectionSize(ARTICLE_TITLE)
        assert titles >= listed.fontMetrics().averageCharWidth() * 7

        # A column the person sizes keeps its width from then on.
        header.resizeSection(TAGS, 260)
        window.resize(1366, 768)
        QTest.qWait(30)
        assert header.sectionSize(TAGS) == 260
    finally:
        window.close()


def test_a_deep_project_path_leaves_the_status_bar_room_for_messages(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "maria-fernanda.gonzalez-whitaker"
    monkeypatch.setenv("HOME", str(home))
    folder = home / "Documents" / "Research projects"
    folder = folder / "Media analysis 2026" / "Erbil drone coverage (fact-check desk)"
    folder.mkdir(parents=True)
    path = folder / "erbil-drone-coverage.sourcemark"
    open_project(path).close()
    window = open_window(qtbot, path)
    try:
        window.resize(HALF_A_SCREEN, 800)
        message = "No more pending suggestions in this article."
        window.statusBar().showMessage(message)
        QTest.qWait(30)
        label = window.status_project
        if os.name != "nt":  # the home folder is written ~, as people read it
            assert label.text() == str(Path("~") / path.relative_to(home))
        assert label.toolTip().startswith(str(path))  # the whole path
        shown = label.shown_text()
        assert shown.endswith(os.sep + path.name) and "…" in shown
        assert label.fontMetrics().horizontalAdvance(shown) <= label.contentsRect().width()
        # The message, on the bar's left, has the room it needs before the path begins.
        assert label.geometry().left() >= label.fontMetrics().horizontalAdvance(message)
    finally:
        window.close()


@pytest.mark.skipif(os.name == "nt", reason="Windows paths keep their home folder")
def test_only_paths_in_the_home_folder_start_with_a_tilde(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path / "ana"))
    inside = tmp_path / "ana" / "Documents" / "erbil.sourcemark"
    assert home_relative(inside) == str(Path("~/Documents/erbil.sourcemark"))
    assert home_relative(tmp_path / "anabel" / "x.sourcemark") == str(
        tmp_path / "anabel/x.sourcemark"
    )
    assert home_relative(Path("/srv/shared/x.sourcemark")) == "/srv/shared/x.sourcemark"


def test_a_path_label_shortens_the_folders_first(qtbot: QtBot) -> None:
    label = PathLabel()
    qtbot.addWidget(label)
    metrics = label.fontMetrics()
    for path, name in (
        ("/home/ana/Documents/Research projects/Media 2026/erbil.sourcemark", "erbil.sourcemark"),
        (
            r"C:\Users\Ana\Documents\Research projects\Media 2026\erbil.sourcemark",
            "erbil.sourcemark",
        ),
    ):
        label.setText(path)
        label.resize(metrics.horizontalAdvance(path) + 20, 20)
        assert label.shown_text() == path  # room for it all: whole
        label.resize(metrics.horizontalAdvance("/home/…/" + name) + 10, 20)
        shown = label.shown_text()
        assert shown.endswith(name) and "…" in shown and shown != path
        assert metrics.horizontalAdvance(shown) <= label.contentsRect().width()
        label.resize(metrics.horizontalAdvance(name) // 2, 20)  # not even the name: cut it too
        assert "…" in label.shown_text() and not label.shown_text().startswith(path[:3])
