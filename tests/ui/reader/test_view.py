"""The reader widget, driven like a user drives it: keys, mouse, what is painted."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import (
    QAction,
    QColor,
    QHelpEvent,
    QImage,
    QPalette,
    QTextCursor,
    QTextFormat,
    QTextLayout,
)
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMenu, QToolTip
from pytestqt.qtbot import QtBot

from sourcemark.ui.reader.highlights import Highlight, Theme, segment_style
from sourcemark.ui.reader.typography import MAX_FONT_SIZE
from sourcemark.ui.reader.view import ReaderView

EMOJI = "\U0001f600"
RED = "#e4572e"
NO_MODIFIER = Qt.KeyboardModifier.NoModifier
LEFT = Qt.MouseButton.LeftButton
BLUE = "#4c6ef5"
TEXT = (
    f"Officials said {EMOJI} the drone failed.\n"
    "An expert noted that the strike was a realistic concern for everyone.\n"
    f"A family {EMOJI}\u200d{EMOJI} and a flag \U0001f1eb\U0001f1f7 end here.\n"
    "עובדה: the minister said no.\n"
    "Last line."
)


@pytest.fixture
def reader(qtbot: QtBot) -> Iterator[ReaderView]:
    view = ReaderView()
    qtbot.addWidget(view)
    view.resize(900, 600)
    view.show()
    qtbot.waitExposed(view)
    yield view


def span_of(text: str, words: str) -> tuple[int, int]:
    start = text.index(words)
    return start, start + len(words)


def caret_point(view: ReaderView, codepoint: int) -> QPoint:
    """A viewport point just inside the left edge of the character at ``codepoint``."""
    cursor = QTextCursor(view.document())
    cursor.setPosition(view.offsets.to_utf16(codepoint))
    rect = view.cursorRect(cursor)
    return QPoint(rect.left() + 1, rect.center().y())


def char_point(view: ReaderView, codepoint: int) -> QPoint:
    """The middle of the character at ``codepoint`` (it must not end a line)."""
    left = caret_point(view, codepoint)
    right = caret_point(view, codepoint + 1)
    return QPoint((left.x() + right.x()) // 2, left.y())


def claim_ranges(view: ReaderView, codepoint: int) -> list[QTextLayout.FormatRange]:
    """The format ranges drawing claims in the block holding ``codepoint`` (not line spacing)."""
    block = view.document().findBlock(view.offsets.to_utf16(codepoint))
    return [
        r
        for r in block.layout().formats()
        if r.format.hasProperty(QTextFormat.Property.BackgroundBrush)
        or r.format.hasProperty(QTextFormat.Property.TextUnderlineStyle)
    ]


def painted(view: ReaderView) -> QImage:
    return view.viewport().grab().toImage()


def main_colour(image: QImage, view: ReaderView, start: int, end: int) -> str:
    """The commonest colour painted behind ``[start, end)`` (one line of text)."""
    left, right = caret_point(view, start), caret_point(view, end)
    assert left.y() == right.y(), "the span must sit on one line"
    cursor = QTextCursor(view.document())
    cursor.setPosition(view.offsets.to_utf16(start))
    rect = view.cursorRect(cursor)
    counts: Counter[str] = Counter()
    for x in range(left.x() + 1, right.x() - 1):
        for y in range(rect.top() + 1, rect.bottom()):
            counts[image.pixelColor(x, y).name()] += 1
    return counts.most_common(1)[0][0]


def fill_of(*colours: str) -> str:
    fill = segment_style(list(colours), [], Theme()).fill
    assert fill is not None
    return fill


def test_keyboard_selection_after_an_emoji_reports_code_points(
    reader: ReaderView, qtbot: QtBot
) -> None:
    reader.set_article(TEXT)
    reader.setFocus()
    spans: list[tuple[int, int]] = []
    reader.selectionSpanChanged.connect(lambda start, end: spans.append((start, end)))
    QTest.keyClick(reader, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)
    for _ in range(len("Officials said ") + 1):  # the emoji is one step for the caret
        QTest.keyClick(reader, Qt.Key.Key_Right)
    for _ in range(len(" the drone")):
        QTest.keyClick(reader, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    expected = span_of(TEXT, " the drone")
    assert reader.selected_span() == expected
    assert spans[-1] == expected
    QTest.keyClick(reader, Qt.Key.Key_Escape)
    assert reader.selected_span() is None
    assert spans[-1] == (-1, -1)


def test_keyboard_selection_across_a_paragraph_gap(reader: ReaderView, qtbot: QtBot) -> None:
    reader.set_article(TEXT)
    reader.select_span(*span_of(TEXT, "failed."))
    reader.setFocus()
    # Shift+Down twice: over the empty gap line, into the next paragraph.
    QTest.keyClick(reader, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    QTest.keyClick(reader, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    span = reader.selected_span()
    assert span is not None
    assert span[0] == TEXT.index("failed.")
    assert TEXT.index("An expert") < span[1] < TEXT.index("realistic")


def test_mouse_drag_selection_after_an_emoji(reader: ReaderView, qtbot: QtBot) -> None:
    reader.set_article(TEXT)
    start, end = span_of(TEXT, "the drone")
    viewport = reader.viewport()
    QTest.mousePress(viewport, LEFT, NO_MODIFIER, caret_point(reader, start))
    QTest.mouseMove(viewport, caret_point(reader, end))
    QTest.mouseRelease(viewport, LEFT, NO_MODIFIER, caret_point(reader, end))
    assert reader.selected_span() == (start, end)


def test_select_span_round_trips_past_astral_and_rtl_text(reader: ReaderView) -> None:
    reader.set_article(TEXT)
    for words in ("end here", "the minister", "עובדה", f"{EMOJI}\u200d{EMOJI}", "Last"):
        span = span_of(TEXT, words)
        reader.select_span(*span)
        assert reader.selected_span() == span
        assert reader.textCursor().selectedText().replace("\u2029", "\n") == words


def test_a_highlight_is_in_the_block_formats_and_on_screen(reader: ReaderView) -> None:
    start, end = span_of(TEXT, "the drone")
    reader.set_article(TEXT, [Highlight(1, start, end, (RED,))])
    image = painted(reader)
    block = reader.document().findBlock(reader.offsets.to_utf16(start))
    (format_range,) = claim_ranges(reader, start)
    assert format_range.start == reader.offsets.to_utf16(start) - block.position()
    assert format_range.length == end - start
    assert format_range.format.background().color() == QColor(fill_of(RED))
    assert main_colour(image, reader, start, end) == fill_of(RED)
    before = span_of(TEXT, "Officials")
    assert main_colour(image, reader, *before) == "#ffffff"


def test_overlapping_claims_are_painted_differently(reader: ReaderView) -> None:
    outer = span_of(TEXT, "the strike was a realistic concern")
    inner = span_of(TEXT, "realistic")
    reader.set_article(
        TEXT, [Highlight(1, *outer, colours=(RED,)), Highlight(2, *inner, colours=(RED,))]
    )
    image = painted(reader)
    outer_only = main_colour(image, reader, *span_of(TEXT, "strike"))
    both = main_colour(image, reader, *inner)
    assert outer_only == fill_of(RED)
    assert both == fill_of(RED, RED)
    assert both != outer_only
    underlined = [r for r in claim_ranges(reader, inner[0]) if r.format.fontUnderline()]
    assert len(underlined) == 1 and underlined[0].length == inner[1] - inner[0]


def test_clicking_a_highlight_selects_the_innermost_claim_then_cycles(
    reader: ReaderView, qtbot: QtBot
) -> None:
    outer = span_of(TEXT, "the strike was a realistic concern")
    inner = span_of(TEXT, "realistic")
    reader.set_article(
        TEXT, [Highlight(1, *outer, colours=(RED,)), Highlight(2, *inner, colours=(BLUE,))]
    )
    point = char_point(reader, inner[0] + 2)
    with qtbot.waitSignal(reader.claimClicked) as clicked:
        QTest.mouseClick(reader.viewport(), LEFT, NO_MODIFIER, point)
    assert clicked.args == [2]
    with qtbot.waitSignal(reader.claimClicked) as clicked:
        QTest.mouseClick(reader.viewport(), LEFT, NO_MODIFIER, point)
    assert clicked.args == [1]
    with qtbot.assertNotEmitted(reader.claimClicked):
        QTest.mouseClick(reader.viewport(), LEFT, NO_MODIFIER, char_point(reader, 3))


def test_clicks_in_the_margin_or_past_a_line_end_hit_no_claim(reader: ReaderView) -> None:
    reader.set_article(TEXT, [Highlight(1, 0, len("Officials"), (RED,))])
    first = char_point(reader, 0)
    assert reader.claims_at_point(first) == [1]
    assert reader.claims_at_point(QPoint(first.x() - 30, first.y())) == []
    line_end = caret_point(reader, TEXT.index("\n"))
    assert reader.claims_at_point(QPoint(line_end.x() + 40, line_end.y())) == []


def test_claims_at_a_code_point(reader: ReaderView) -> None:
    outer = span_of(TEXT, "the strike was a realistic concern")
    inner = span_of(TEXT, "realistic")
    reader.set_article(
        TEXT, [Highlight(1, *outer, colours=(RED,)), Highlight(2, *inner, colours=(BLUE,))]
    )
    assert reader.claims_at(inner[0]) == [2, 1]
    assert reader.claims_at(outer[0]) == [1]
    assert reader.claims_at(outer[1]) == []
    assert reader.claims_at(len(TEXT) + 4) == []


def test_one_change_formats_only_the_block_it_touches(reader: ReaderView) -> None:
    reader.set_article(TEXT, [Highlight(1, *span_of(TEXT, "the drone"), colours=(RED,))])
    painted(reader)
    shown = reader.blocks_formatted
    assert shown == reader.document().blockCount()  # the whole short text is on screen
    first_formats = claim_ranges(reader, 0)
    target = span_of(TEXT, "minister")
    reader.set_highlight(Highlight(5, *target, colours=(BLUE,)))
    image = painted(reader)
    assert reader.blocks_formatted == shown + 1
    assert main_colour(image, reader, *target) == fill_of(BLUE)
    assert claim_ranges(reader, 0)[0].format == first_formats[0].format
    reader.remove_highlight(5)
    image = painted(reader)
    assert reader.blocks_formatted == shown + 2
    assert main_colour(image, reader, *target) == "#ffffff"


def test_update_highlights_moves_and_removes_in_one_go(reader: ReaderView) -> None:
    first = span_of(TEXT, "Officials")
    reader.set_article(TEXT, [Highlight(1, *first, colours=(RED,)), Highlight(2, 0, 3)])
    moved = span_of(TEXT, "Last")
    reader.update_highlights([Highlight(1, *moved, colours=(RED,))], removed=[2])
    image = painted(reader)
    assert reader.claims_at(first[0]) == []
    assert reader.claims_at(moved[0]) == [1]
    assert main_colour(image, reader, *first) == "#ffffff"
    assert main_colour(image, reader, *moved) == fill_of(RED)


def test_set_highlights_replaces_every_highlight(reader: ReaderView) -> None:
    span = span_of(TEXT, "An expert")
    reader.set_article(TEXT, [Highlight(1, *span, colours=(RED,))])
    painted(reader)
    reader.set_highlights([Highlight(1, *span, colours=(BLUE,))])
    assert main_colour(painted(reader), reader, *span) == fill_of(BLUE)


def test_pending_suggestions_have_no_fill_but_a_dashed_underline(reader: ReaderView) -> None:
    span = span_of(TEXT, "An expert")
    reader.set_article(TEXT, [Highlight(1, *span, colours=(RED,), pending=True)])
    image = painted(reader)
    assert main_colour(image, reader, *span) == "#ffffff"
    (format_range,) = claim_ranges(reader, span[0])
    style = format_range.format.underlineStyle()
    assert style == format_range.format.UnderlineStyle.DashUnderline


def test_the_current_claim_is_outlined(reader: ReaderView) -> None:
    span = span_of(TEXT, "An expert noted")
    reader.set_article(TEXT, [Highlight(1, *span, colours=(RED,))])
    highlight = reader.palette().color(QPalette.ColorRole.Highlight)
    left = caret_point(reader, span[0])

    def outline_pixels() -> int:
        image = painted(reader)
        return sum(
            1
            for y in range(left.y() - 15, left.y() + 15)
            for x in range(left.x() - 6, left.x() + 2)
            if _close(image.pixelColor(x, y), highlight)
        )

    assert outline_pixels() == 0
    reader.set_current_claim(1)
    assert reader.current_claim() == 1
    assert outline_pixels() > 5
    reader.set_current_claim(None)
    assert outline_pixels() == 0


def test_a_long_article_scrolls_to_a_selected_span(reader: ReaderView) -> None:
    paragraphs = [f"Paragraph {i} says something about the war." for i in range(400)]
    text = "\n".join(paragraphs)
    target = span_of(text, "Paragraph 300 says")
    reader.set_article(text, [Highlight(1, *target, colours=(RED,))])
    reader.select_span(*target)
    assert reader.verticalScrollBar().value() > 0
    rect = reader.cursorRect()
    height = reader.viewport().height()
    assert height * 0.2 < rect.center().y() < height * 0.8
    assert reader.blocks_formatted < 60  # only what has been on screen


def test_the_context_menu_offers_the_claims_under_the_pointer(reader: ReaderView) -> None:
    span = span_of(TEXT, "An expert")
    reader.set_article(TEXT, [Highlight(4, *span, colours=(RED,))])
    seen: list[list[int]] = []

    def add_actions(menu: QMenu, claim_ids: list[int]) -> None:
        seen.append(claim_ids)
        menu.addAction(QAction("Apply tag", menu))

    reader.contextMenuAboutToShow.connect(add_actions)
    menu = reader.build_context_menu(char_point(reader, span[0] + 1))
    assert seen == [[4]]
    assert "Apply tag" in [action.text() for action in menu.actions()]
    menu.deleteLater()


def test_the_tooltip_asks_the_provider_about_the_claims_under_the_mouse(
    reader: ReaderView, qtbot: QtBot
) -> None:
    outer = span_of(TEXT, "the strike was a realistic concern")
    inner = span_of(TEXT, "realistic")
    reader.set_article(
        TEXT, [Highlight(1, *outer, colours=(RED,)), Highlight(2, *inner, colours=(BLUE,))]
    )
    asked: list[list[int]] = []

    def provider(claim_ids: list[int]) -> str:
        asked.append(claim_ids)
        return f"<b>{len(claim_ids)} claims</b>"

    point = char_point(reader, inner[0] + 1)
    assert reader.tooltip_at(point) is None  # no provider yet
    reader.tooltip_provider = provider
    event = QHelpEvent(QEvent.Type.ToolTip, point, reader.viewport().mapToGlobal(point))
    QApplication.sendEvent(reader.viewport(), event)
    assert asked == [[2, 1]]
    qtbot.waitUntil(lambda: QToolTip.text() == "<b>2 claims</b>")
    assert reader.tooltip_at(char_point(reader, 1)) is None
    QToolTip.hideText()


def test_font_size_is_clamped_reported_and_keeps_highlights(
    reader: ReaderView, qtbot: QtBot
) -> None:
    span = span_of(TEXT, "An expert")
    reader.set_article(TEXT, [Highlight(1, *span, colours=(RED,))])
    painted(reader)
    size = reader.font_size()
    with qtbot.waitSignal(reader.fontSizeChanged) as changed:
        reader.zoom_in()
    assert changed.args == [size + 1]
    assert reader.font_size() == size + 1
    assert main_colour(painted(reader), reader, *span) == fill_of(RED)
    reader.set_font_size(1000)
    assert reader.font_size() == MAX_FONT_SIZE
    reader.zoom_out()
    assert reader.font_size() == MAX_FONT_SIZE - 1


def test_zooming_wraps_the_lines_at_the_new_column(reader: ReaderView) -> None:
    """The column's width follows the font, and the lines are laid out at its new width."""
    reader.resize(1400, 600)
    reader.set_article("A paragraph long enough to wrap over several lines of the column. " * 40)
    painted(reader)
    for step in (reader.zoom_in, reader.zoom_in, reader.zoom_out, reader.zoom_in):
        before = reader.viewport().width()
        step()
        painted(reader)
        shown = reader.viewport().width()
        assert shown != before  # the margins moved with the font
        assert reader.horizontalScrollBar().maximum() == 0
        # The longest line falls short of the column by its padding and a word at most.
        slack = 2 * reader.document().documentMargin()
        slack += reader.fontMetrics().horizontalAdvance("paragraph ")
        assert shown - slack <= reader.document().size().width() <= shown + 1


def test_the_text_column_has_a_readable_width(reader: ReaderView) -> None:
    reader.resize(1600, 700)
    reader.set_article(TEXT)
    metrics = reader.fontMetrics()
    per_line = reader.viewport().width() / metrics.averageCharWidth()
    assert 60 < per_line < 110
    margins = reader.viewportMargins()
    assert margins.left() == margins.right() > 200


def test_a_dark_palette_gets_dark_fills(reader: ReaderView) -> None:
    span = span_of(TEXT, "An expert")
    reader.set_article(TEXT, [Highlight(1, *span, colours=(RED,))])
    painted(reader)
    palette = QPalette(reader.palette())
    palette.setColor(QPalette.ColorRole.Base, QColor("#1e1e1e"))
    palette.setColor(QPalette.ColorRole.Text, QColor("#eeeeee"))
    reader.setPalette(palette)
    dark_fill = segment_style([RED], [], Theme(page="#1e1e1e", text="#eeeeee")).fill
    assert main_colour(painted(reader), reader, *span) == dark_fill


def test_copy_gives_the_stored_text_exactly(reader: ReaderView) -> None:
    text = "No\u00a0break here.\nNext\u2028line."
    reader.set_article(text)
    reader.select_span(0, len(text))
    assert reader.createMimeDataFromSelection().text() == text


def test_a_new_article_resets_the_selection(reader: ReaderView, qtbot: QtBot) -> None:
    reader.set_article(TEXT)
    reader.select_span(0, 5)
    with qtbot.waitSignal(reader.selectionSpanChanged) as changed:
        reader.set_article("Another article.")
    assert changed.args == [-1, -1]
    assert reader.selected_span() is None
    assert reader.text() == "Another article."


def _close(colour: QColor, target: QColor) -> bool:
    return (
        abs(colour.red() - target.red())
        + abs(colour.green() - target.green())
        + abs(colour.blue() - target.blue())
        < 60
    )


@pytest.mark.parametrize(("width", "points"), [(900, 12.0), (420, 22.0)])
def test_line_spacing_makes_every_line_of_a_paragraph_taller(
    reader: ReaderView, width: int, points: float
) -> None:
    text = "A paragraph long enough to wrap over several lines of the column. " * 6 + "End.\nNext."
    reader.resize(width, 600)
    reader.set_font_size(points)
    reader.set_article(text)
    reader.set_line_spacing(1.0)
    painted(reader)
    natural = _line_heights(reader)
    reader.set_line_spacing(1.5)
    painted(reader)
    spaced = _line_heights(reader)
    assert len(natural) == len(spaced) > 3
    # Every line, the last one (a single word, no space) too, is taller and they are all equal.
    assert len(set(spaced)) == 1
    assert spaced[0] > natural[0] * 1.3
    assert reader.line_spacing() == 1.5


def test_line_spacing_keeps_claims_underlined_across_spaces(reader: ReaderView) -> None:
    reader.set_article(TEXT, [Highlight(1, 0, 20, (RED,)), Highlight(2, 0, 20, (BLUE,))])
    painted(reader)
    spacing = [
        r
        for r in reader.document().firstBlock().layout().formats()
        if r.format.hasProperty(QTextFormat.Property.FontPointSize)
    ]
    assert spacing, "the spaces get the spacing font"
    for item in spacing:
        assert not item.format.hasProperty(QTextFormat.Property.TextUnderlineStyle)
        assert not item.format.hasProperty(QTextFormat.Property.BackgroundBrush)


def _line_heights(view: ReaderView) -> list[float]:
    """Heights of the first paragraph's lines of text (not the empty gap line after them)."""
    layout = view.document().firstBlock().layout()
    lines = [layout.lineAt(i) for i in range(layout.lineCount())]
    return [round(line.height(), 1) for line in lines if line.textLength() > 1]


def test_a_right_to_left_article_is_right_aligned(reader: ReaderView) -> None:
    text = "قال مسؤول أمريكي إن الطائرة لم تنفجر.\nوقال آخر إن الوضع متوتر."
    reader.set_article(text)
    image = painted(reader)
    line = reader.document().firstBlock().layout().lineAt(0)
    column = reader.viewport().width()
    # The line's ink starts well right of the column's left edge and ends near its right edge.
    assert line.naturalTextRect().left() > column * 0.2
    assert image.width() == column
    assert reader.document().defaultTextOption().alignment() & Qt.AlignmentFlag.AlignRight
    reader.set_article("An English article stays left-aligned.")
    assert not reader.document().defaultTextOption().alignment() & Qt.AlignmentFlag.AlignRight


def test_hovering_a_claim_marks_it(reader: ReaderView) -> None:
    span = span_of(TEXT, "An expert")
    reader.set_article(TEXT, [Highlight(3, *span, colours=(RED,))])
    QTest.mouseMove(reader.viewport(), char_point(reader, span[0] + 2))
    assert reader.hovered_claim() == 3
    QTest.mouseMove(reader.viewport(), char_point(reader, 2))
    assert reader.hovered_claim() is None


def test_the_keyboard_reaches_claims(reader: ReaderView, qtbot: QtBot) -> None:
    first, second = span_of(TEXT, "the drone"), span_of(TEXT, "An expert")
    reader.set_article(
        TEXT, [Highlight(1, *first, colours=(RED,)), Highlight(2, *second, colours=(BLUE,))]
    )
    reader.setFocus()
    QTest.keyClick(reader, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)
    assert reader.caret_position() == 0
    assert reader.step_from(None, +1) == 1
    assert reader.step_from((*first, 1), +1) == 2
    assert reader.step_from((*second, 2), -1) == 1
    reader.select_span(*second)
    assert reader.caret_position() == second[1]
    assert reader.claims_at(reader.caret_position() - 1) == [2]
    assert reader.tabChangesFocus()
