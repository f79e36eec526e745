"""File → Import Claims from CSV: a colleague's export comes into the window, off the GUI
thread; the open article shows the new claims at once, and skipped rows are listed."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from sourcemark.app import articles, claims
from sourcemark.ui.main_window import MainWindow
from tests.ui.windows import ANONYMOUS, import_example, press


def choose_file(monkeypatch: pytest.MonkeyPatch, path: Path) -> list[str]:
    """The open-file dialog answers ``path``; returns the captions it was shown with."""
    asked: list[str] = []

    def answer(_parent: object, caption: str, *_args: object) -> tuple[str, str]:
        asked.append(caption)
        return str(path), ""

    monkeypatch.setattr(QFileDialog, "getOpenFileName", answer)
    return asked


def test_a_colleagues_claims_come_in_and_the_reader_shows_them(
    window: MainWindow,
    qtbot: QtBot,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    no_modal_dialogs: list[str],
) -> None:
    article_id = import_example(window)
    text = articles.get_article_text(window.context.project, article_id)
    start = text.index(ANONYMOUS)
    blinken = text.index("Antony Blinken")
    path = tmp_path / "colleague.csv"
    path.write_text(
        "article_id,start,end,quote,tag,speaker\n"
        f'{article_id},{start},{start + len(ANONYMOUS)},"{ANONYMOUS}",Anonymous official,\n'
        f"{article_id},{blinken},{blinken + 14},Antony Blinken,Named official,Blinken\n"
        f"{article_id},0,4,{text[:4]},No such tag,\n",
        encoding="utf-8",
    )
    asked = choose_file(monkeypatch, path)
    assert window.reader.highlights() == []
    press(window, qtbot, "Ctrl+Shift+I")
    assert asked == ["Import Claims from CSV"]
    assert no_modal_dialogs[-1].splitlines() == [
        "Imported 2 claim(s) from 3 row(s) of colleague.csv.",
        "1 row(s) were skipped:",
        "• line 4: there is no tag called 'No such tag'; add it to the codebook (or with "
        "'sourcemark tags add'), or correct the name.",
        # The details: every row skipped.
        "line 4: there is no tag called 'No such tag'; add it to the codebook (or with "
        "'sourcemark tags add'), or correct the name.",
    ]
    # Shown at once: the reader's highlights, the claims table's rows.
    assert sorted((h.start, h.end) for h in window.reader.highlights()) == [
        (start, start + len(ANONYMOUS)),
        (blinken, blinken + 14),
    ]
    qtbot.waitUntil(lambda: window.claims_table.model.rowCount() == 2)
    assert claims.count_claims(window.context.project) == 2
    # The same file again adds nothing and says so.
    press(window, qtbot, "Ctrl+Shift+I")
    assert no_modal_dialogs[-1].startswith(
        "Imported 0 claim(s) from 3 row(s) of colleague.csv. 2 were already in the project."
    )
    assert claims.count_claims(window.context.project) == 2


def test_a_file_that_is_not_a_claims_csv_is_refused_with_why(
    window: MainWindow,
    qtbot: QtBot,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    no_modal_dialogs: list[str],
) -> None:
    import_example(window)
    path = tmp_path / "articles.csv"
    path.write_text("title,text\nA title,Some text.\n", encoding="utf-8")
    choose_file(monkeypatch, path)
    window.action_map["import_claims"].trigger()
    assert "lacks the column(s) article_id, tag" in no_modal_dialogs[-1]
    assert claims.count_claims(window.context.project) == 0


def test_no_file_chosen_does_nothing(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, no_modal_dialogs: list[str]
) -> None:
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_args: ("", ""))
    window.action_map["import_claims"].trigger()
    assert no_modal_dialogs == []


def test_skipped_rows_are_grouped_by_reason(
    window: MainWindow,
    qtbot: QtBot,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    no_modal_dialogs: list[str],
) -> None:
    """One misspelt tag on many rows is one reason with its lines; the details list each."""
    article_id = import_example(window)
    rows = ["article_id,start,end,tag"]
    rows += [f"{article_id},{i},{i + 4},Expret" for i in range(0, 400, 10)]  # lines 2-41
    rows += [f"{article_id},5,4,Expert", "999,1,9,Expert"]
    rows += [f"{article_id},{i},{i + 4},Expret" for i in range(400, 430, 10)]  # lines 44-46
    path = tmp_path / "typo.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    choose_file(monkeypatch, path)
    press(window, qtbot, "Ctrl+Shift+I")
    shown = no_modal_dialogs[-1].splitlines()
    assert shown[:2] == [
        "Imported 0 claim(s) from 45 row(s) of typo.csv.",
        "45 row(s) were skipped:",
    ]
    assert shown[2].startswith("• lines 2, 3, 4 and 40 more: there is no tag called 'Expret'")
    assert (
        shown[3]
        == "• line 42: the passage 5–4 ends before it starts; end must be greater than start."
    )
    assert shown[4] == (
        "• line 43: no article has the id 999 in this project; import the article "
        "first, or check the ids with 'sourcemark articles'."
    )
    details = shown[5:]
    assert [line.split(":")[0] for line in details] == [f"line {n}" for n in range(2, 47)]


def test_a_claims_csv_dropped_with_an_article_goes_to_the_claims_import(
    window: MainWindow, tmp_path: Path, no_modal_dialogs: list[str]
) -> None:
    """Dropped together: the article is imported as one, the export of claims as claims."""
    article_id = import_example(window)
    text = articles.get_article_text(window.context.project, article_id)
    start = text.index(ANONYMOUS)
    exported = tmp_path / "claims.csv"
    exported.write_text(
        "\ufeffclaim_id,article_id,tag,quote,start,end\n"
        f',{article_id},Anonymous official,"{ANONYMOUS}",{start},{start + len(ANONYMOUS)}\n',
        encoding="utf-8",
    )
    article = tmp_path / "new.txt"
    article.write_text("A spokesperson declined to comment.", encoding="utf-8")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(exported)), QUrl.fromLocalFile(str(article))])
    position = QPointF(window.rect().center())
    actions, buttons = Qt.DropAction.CopyAction, Qt.MouseButton.LeftButton
    window.dropEvent(QDropEvent(position, actions, mime, buttons, Qt.KeyboardModifier.NoModifier))
    assert no_modal_dialogs[-1] == "Imported 1 claim(s) from 1 row(s) of claims.csv."
    project = window.context.project
    assert [c.quote for c in claims.list_claims(project)] == [ANONYMOUS]
    titles = sorted(s.article.title for s in articles.list_articles(project))
    assert "A spokesperson declined to comment." in titles and len(titles) == 2
