"""Review mode's one-letter keys give verdicts, except while the reviewer types a note."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from sourcemark.app import articles, claims, codebook
from sourcemark.app.textspan import find_quote
from sourcemark.ui.changes import Change
from sourcemark.ui.main_window import MainWindow
from tests.ui.windows import ANONYMOUS, import_example, press, walk_shown

# Every verdict and step key of review mode appears in it: C, D, X, U, N, P, R.
NOTE = "Check D.X. Pruitt's quote; Unclear Need: a Named source. Reviewed"


def test_a_note_typed_in_review_mode_is_text_not_verdicts(window: MainWindow, qtbot: QtBot) -> None:
    article_id = import_example(window)
    project = window.context.project
    text = articles.get_article_text(project, article_id)
    anonymous = codebook.find_tag(project, "anonymous official").id
    first = claims.create_claim(project, article_id, find_quote(text, ANONYMOUS), [anonymous])
    second = claims.create_claim(
        project, article_id, find_quote(text, "David Schenker"), [anonymous]
    )
    window.context.notify(Change(everything=True))
    window.reader.setFocus()
    press(window, qtbot, "F7")
    walk_shown(window, qtbot)
    assert window.context.claim_id == first.id

    press(window, qtbot, "R")  # to the note
    bar = window.review_bar
    assert window.focusWidget() is bar.note_edit
    QTest.keyClicks(bar.note_edit, NOTE)
    assert bar.note_edit.text() == NOTE
    QTest.keyClick(bar.note_edit, Qt.Key.Key_Return)

    # The note is saved; no letter in it was taken for a verdict or a step.
    assert claims.get_claim(project, first.id).reviewer_note == NOTE
    assert claims.get_claim(project, first.id).status == "unreviewed"
    assert claims.get_claim(project, second.id).status == "unreviewed"
    assert window.context.claim_id == first.id
    # Back in the reader, the same letters are verdicts again.
    window.reader.setFocus()
    press(window, qtbot, "C")
    assert claims.get_claim(project, first.id).status == "confirmed"
    assert claims.get_claim(project, first.id).reviewer_note == NOTE
