"""Finding words in the open article with the window's keys: Ctrl+F, Enter, F3, Esc."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from sourcemark.app import articles, claims, codebook
from sourcemark.app.claims import ClaimFilter
from sourcemark.ui import file_actions
from sourcemark.ui.main_window import MainWindow
from sourcemark.ui.reader.find_bar import Matches
from tests.ui.windows import import_example, press

# Before the matches: an emoji of two UTF-16 units and a variation selector, and a letter
# with a combining accent, so code points and Qt's positions differ.
TEXT = (
    "Officials in Erbil\n\n"
    "Zoë 🛰️ said the de\u0301cision was made. The officials said nothing more.\n\n"
    "Later an official SAID: “said twice, said thrice.”"
)


def opened(window: MainWindow, folder: Path) -> tuple[int, str]:
    path = folder / "find.txt"
    path.write_text(TEXT, encoding="utf-8")
    report = file_actions.import_files(window, window.context, [path])
    assert report is not None
    [outcome] = report.outcomes
    assert outcome.article_id is not None
    window.context.set_article(outcome.article_id)
    return outcome.article_id, articles.get_article_text(window.context.project, outcome.article_id)


def spans(text: str, word: str) -> list[tuple[int, int]]:
    return [match.span() for match in re.finditer(re.escape(word), text, re.IGNORECASE)]


def find(window: MainWindow, qtbot: QtBot, word: str) -> None:
    window.reader.setFocus()
    press(window, qtbot, "Ctrl+F")
    bar = window.find_bar
    assert bar.isVisible() and bar.field.hasFocus()
    QTest.keyClicks(bar.field, word)


def test_typing_finds_and_enter_steps_round_the_article(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    _, text = opened(window, tmp_path)
    said = spans(text, "said")
    assert len(said) == 5
    assert text[: said[0][0]].endswith("🛰️ ")  # code points and Qt's positions differ here
    window.reader.select_span(0, 0)
    find(window, qtbot, "said")
    # As the person types, the first match from the caret is selected, in code points.
    qtbot.waitUntil(lambda: window.reader.selected_span() == said[0])
    assert window.find_bar.count.text() == "1 of 5"
    field = window.find_bar.field
    for expected in (1, 2, 3, 4, 0):  # Enter: on to the next, and round from the last
        QTest.keyClick(field, Qt.Key.Key_Return)
        assert window.reader.selected_span() == said[expected]
        assert window.find_bar.count.text() == f"{expected + 1} of 5"
    QTest.keyClick(field, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert window.reader.selected_span() == said[4]  # back round the start
    assert text[slice(*said[2])] == "SAID"  # any letter case


def test_f3_steps_from_the_reader_and_esc_leaves_the_match_to_tag(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    article_id, text = opened(window, tmp_path)
    found = spans(text, "the officials")
    find(window, qtbot, "the officials")
    qtbot.waitUntil(lambda: window.reader.selected_span() == found[0])
    QTest.keyClick(window.find_bar.field, Qt.Key.Key_Escape)
    assert not window.find_bar.isVisible()
    assert window.reader.hasFocus() and window.reader.selected_span() == found[0]
    press(window, qtbot, "F3")  # one match only: F3 comes back to it
    assert window.reader.selected_span() == found[0]
    # The tag's key tags the passage found.
    official = codebook.find_tag(window.context.project, "anonymous-official")
    assert official.shortcut is not None
    press(window, qtbot, official.shortcut)
    [claim] = claims.list_claims(window.context.project, ClaimFilter(article_id=article_id))
    assert (claim.quote, claim.tag_ids) == ("The officials", (official.id,))
    assert (claim.start, claim.end) == found[0]


def test_shift_f3_goes_back_and_no_match_says_so(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    _, text = opened(window, tmp_path)
    said = spans(text, "said")
    find(window, qtbot, "said")
    qtbot.waitUntil(lambda: window.reader.selected_span() is not None)
    window.reader.setFocus()
    window.reader.select_span(said[2][0], said[2][1])
    press(window, qtbot, "Shift+F3")
    assert window.reader.selected_span() == said[1]
    press(window, qtbot, "Ctrl+F")  # again: back in the field, its words selected
    assert window.find_bar.field.hasFocus() and window.find_bar.field.selectedText() == "said"
    QTest.keyClicks(window.find_bar.field, "zeppelin")
    qtbot.waitUntil(lambda: window.find_bar.count.text() == "No matches")
    assert window.reader.selected_span() == said[1]  # nothing found: nothing moved


def marked(window: MainWindow, span: tuple[int, int]) -> bool:
    """Whether the find bar's amber mark is painted behind the middle of ``span``."""
    reader = window.reader
    cursor = QTextCursor(reader.document())
    middle = (span[0] + span[1]) // 2
    cursor.setPosition(reader.offsets.to_utf16(middle))
    rect = reader.cursorRect(cursor)
    image = reader.viewport().grab().toImage()
    amber = [
        colour
        for y in range(rect.top() + 1, rect.bottom())
        for x in (rect.left() - 3, rect.left() + 3)
        if (colour := image.pixelColor(x, y)).red() > 200
        and colour.green() > 150
        and colour.blue() < 140
    ]
    return len(amber) > 4


def test_every_match_on_screen_is_marked_while_the_bar_is_open(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    _, text = opened(window, tmp_path)
    said = spans(text, "said")
    window.reader.select_span(0, 0)
    find(window, qtbot, "said")
    qtbot.waitUntil(lambda: window.reader.selected_span() == said[0])
    # The one stepped to looks selected; the others, past an emoji and a combining accent
    # (code points and Qt's positions apart), are marked.
    assert not marked(window, said[0])
    assert all(marked(window, span) for span in said[1:])
    assert not marked(window, spans(text, "official")[0])
    QTest.keyClick(window.find_bar.field, Qt.Key.Key_Return)  # the next: the marks move
    assert marked(window, said[0]) and not marked(window, said[1])
    QTest.keyClicks(window.find_bar.field, "zz")  # "saidzz": nothing found, nothing marked
    qtbot.waitUntil(lambda: window.find_bar.count.text() == "No matches")
    assert not any(marked(window, span) for span in said)
    for _ in range(2):
        QTest.keyClick(window.find_bar.field, Qt.Key.Key_Backspace)
    qtbot.waitUntil(lambda: marked(window, said[2]))
    QTest.keyClick(window.find_bar.field, Qt.Key.Key_Escape)  # closed: no marks left
    assert not any(marked(window, span) for span in said)


def test_alt_c_and_alt_w_narrow_the_search_to_the_case_and_whole_words(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    _, text = opened(window, tmp_path)
    window.reader.select_span(0, 0)
    find(window, qtbot, "official")
    qtbot.waitUntil(lambda: window.find_bar.count.text() == "1 of 3")  # any case, anywhere
    field = window.find_bar.field
    QTest.keyClick(field, Qt.Key.Key_W, Qt.KeyboardModifier.AltModifier)  # whole words
    assert window.action_map["find_words"].isChecked()
    assert window.find_bar.words_button.isChecked()
    # "Officials" and "officials" are other words now; "official" stands alone once.
    alone = [span for span in spans(text, "official") if not text[span[1]].isalpha()]
    assert len(alone) == 1
    assert window.find_bar.count.text() == "1 of 1"
    assert window.reader.selected_span() == alone[0]
    QTest.keyClick(field, Qt.Key.Key_W, Qt.KeyboardModifier.AltModifier)  # off again
    assert window.find_bar.count.text().endswith(" of 3")
    field.selectAll()
    QTest.keyClicks(field, "SAID")
    QTest.keyClick(field, Qt.Key.Key_C, Qt.KeyboardModifier.AltModifier)  # as typed
    assert window.action_map["find_case"].isChecked()
    assert window.find_bar.count.text() == "1 of 1"
    assert text[slice(*window.reader.selected_span() or (0, 0))] == "SAID"
    # The options are the Edit menu's too, with their keys in their tooltips.
    assert "Alt+W" in window.action_map["find_words"].toolTip()
    assert "Alt+C" in window.find_bar.case_button.toolTip()


def test_another_article_is_searched_in_its_own_text(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    opened(window, tmp_path)
    find(window, qtbot, "official")
    qtbot.waitUntil(lambda: window.reader.selected_span() is not None)
    example = import_example(window)
    window.context.set_article(example)
    text = articles.get_article_text(window.context.project, example)
    window.reader.setFocus()
    window.reader.select_span(0, 0)
    press(window, qtbot, "F3")
    assert window.reader.selected_span() == spans(text, "official")[0]


@pytest.mark.parametrize(
    "text",
    [
        "Said the official; the OFFICIALS said — officials said “said”.",
        # A capital dotted İ lower-cases to two characters: searched another way, same spans.
        "İstanbul officials said; İzmir's official SAID it too, said İlkay.",
    ],
)
def test_matches_step_round_the_text_in_its_own_offsets(text: str) -> None:
    """In any case, anywhere: ``str.find`` on the lowered text, or ``re`` where lowering would
    move offsets; the same spans as ``re`` either way."""
    for needle in ("said", "official", "İ", "zz"):
        expected = spans(text, needle)
        matches = Matches(text, needle)
        assert matches.total == len(expected), needle
        if not expected:
            continue
        number, start, end = matches.from_(0, forward=True, after=False)
        walked = [(start, end)]
        for _ in range(len(expected)):
            number, start, end = matches.from_(start, forward=True, after=True)
            walked.append((start, end))
        assert walked == [*expected, expected[0]], needle  # round the end, back to the first
        assert number == 1
        number, start, end = matches.from_(expected[0][0], forward=False, after=False)
        assert (number, (start, end)) == (len(expected), expected[-1])  # round the start
        # The matches overlapping a stretch of the text, as the reader asks for its screen.
        for begin, end in ((0, len(text)), (3, 30), (expected[0][0] + 1, expected[-1][0] + 1)):
            within = [s for s in expected if s[1] > begin and s[0] < end]
            assert matches.within(begin, end, 100) == within, (needle, begin, end)
        assert matches.within(0, len(text), 1) == expected[:1]


@pytest.mark.parametrize(
    ("match_case", "whole_words"), [(True, False), (False, True), (True, True)]
)
def test_matches_with_options_are_re_s_matches(match_case: bool, whole_words: bool) -> None:
    text = "The officials said; an official SAID it. Official U.S. policy, the U.S. said İt."
    for needle in ("official", "said", "U.S.", "İt", "zz"):
        pattern = re.escape(needle)
        if whole_words:
            pattern = rf"(?<!\w){pattern}(?!\w)"
        flags = 0 if match_case else re.IGNORECASE
        expected = [m.span() for m in re.finditer(pattern, text, flags)]
        matches = Matches(text, needle, match_case=match_case, whole_words=whole_words)
        assert matches.total == len(expected), needle
        assert matches.within(0, len(text), 100) == expected, needle
    assert Matches(text, "official", whole_words=True).total == 2  # not in "officials"
    assert Matches(text, "said", match_case=True).total == 2  # not "SAID"
