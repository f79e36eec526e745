"""The article reader: a read-only text view that shows every claim as a highlight.

Built for articles of megabytes holding tens of thousands of claims:

- ``QPlainTextEdit`` lays its text out lazily, block by block, as it comes into view.
- The document is built off-screen (undo off) and attached once.
- Highlights are not written into the document: each block's ``QTextLayout`` gets format ranges
  (``setFormats``) from an index of claims (:mod:`.highlights`), and only when the block is about
  to be painted, or a screen away from it while the event loop is idle. Opening an article
  therefore formats one screenful, and changing one claim re-formats the one or two blocks it
  touches, whatever the number of claims.
- Code points (what is stored) and Qt positions (UTF-16, plus paragraph gaps) meet only here,
  through one :class:`~.offsets.OffsetMap` per article.
- Typography (:mod:`.typography`): a centred column of ~74 characters, paragraph gaps, and
  line spacing through a taller font on a few spaces per line, since ``QPlainTextEdit``
  ignores line height.

``setExtraSelections`` is never used for claims (it repaints every item on every change); the
current and hovered claims are outlined by painting a few rectangles after the text.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from PySide6.QtCore import (
    QEvent,
    QMimeData,
    QPoint,
    QPointF,
    QRect,
    QSize,
    Qt,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtGui import (
    QColor,
    QContextMenuEvent,
    QFont,
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QRegion,
    QResizeEvent,
    QTextBlock,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextLayout,
    QTextLine,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QMenu,
    QPlainTextDocumentLayout,
    QPlainTextEdit,
    QToolTip,
    QWidget,
)

from sourcemark.ui.reader.found import MAX_MARKED, FoundSpans, mark, marked_shape
from sourcemark.ui.reader.highlights import Highlight, HighlightIndex, SegmentStyle, Theme
from sourcemark.ui.reader.offsets import OffsetMap, break_positions, document_text
from sourcemark.ui.reader.outline import span_outline
from sourcemark.ui.reader.typography import (
    DEFAULT_FONT_SIZE,
    DEFAULT_LINE_SPACING,
    MAX_FONT_SIZE,
    MAX_LINE_SPACING,
    MIN_FONT_SIZE,
    SPACING_STRIDE,
    column_width,
    document_margin,
    is_mostly_right_to_left,
    reading_font,
    spacing_format,
)
from sourcemark.ui.scroll_grooves import keep_grooves

TooltipProvider = Callable[[list[int]], str]

_UNDERLINES = {
    "solid": QTextCharFormat.UnderlineStyle.SingleUnderline,
    "dashed": QTextCharFormat.UnderlineStyle.DashUnderline,
}
# How far past its block a claim's outline is drawn (half a pixel out, a 2-pixel pen), rounded up.
_OUTLINE_REACH = 3
_NOT_FORMATTED = 0
_FORMATTED = 1


class ReaderView(QPlainTextEdit):
    """Read-only article text with claims highlighted; positions in and out are code points.

    Signals:
        selectionSpanChanged(start, end): the selected span in code points, (-1, -1) for none.
        claimClicked(claim_id): a click without drag on a highlight; the innermost claim under
            the pointer, then the next one out on each further click at the same place.
        contextMenuAboutToShow(menu, claim_ids): the context menu is built (Copy, Select All)
            and about to open; add actions to ``menu``. ``claim_ids`` are the claims under the
            pointer, innermost first.
        fontSizeChanged(points): after zooming, to remember the size.

    ``tooltip_provider`` (claim ids -> rich text) fills the hover tooltip; None shows none.
    """

    selectionSpanChanged = Signal(int, int)
    claimClicked = Signal(int)
    contextMenuAboutToShow = Signal(QMenu, list)
    fontSizeChanged = Signal(float)

    def __init__(self, parent: QWidget | None = None, *, paragraph_gaps: bool = True) -> None:
        super().__init__(parent)
        keep_grooves(self)
        self.tooltip_provider: TooltipProvider | None = None
        self._paragraph_gaps = paragraph_gaps
        self._text = ""
        self._map = OffsetMap("")
        self._index = HighlightIndex([0], 0, self._palette_theme())
        self._state = bytearray(1)  # per block: formatted for the current index or not
        self._has_ranges = bytearray(1)  # per block: its layout holds format ranges
        self._formats: dict[SegmentStyle, QTextCharFormat] = {}
        self._visible_blocks = (0, -1)  # block numbers painted last, first and last
        self._current: int | None = None
        self._hovered: int | None = None
        self._found: FoundSpans | None = None  # the find bar's matches, marked on screen
        self._press_at: QPoint | None = None
        self._click_cycle: tuple[tuple[int, ...], int] = ((), 0)
        self._span: tuple[int, int] = (-1, -1)
        self._owned_document: QTextDocument | None = None
        self._margins = (0, 0)
        # The viewport width the lines were last laid out at, and a guard (see resizeEvent).
        self._text_width = -1
        self._setting_margins = False
        self._line_spacing = DEFAULT_LINE_SPACING
        self._spacing_format: QTextCharFormat | None = None
        #: Blocks formatted since the article was set: a diagnostic for tests and benchmarks.
        self.blocks_formatted = 0

        self.setReadOnly(True)
        # Read-only still keeps a caret, so Shift+arrows select as in any text view.
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByKeyboard
            | Qt.TextInteractionFlag.TextSelectableByMouse
        )
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setTabChangesFocus(True)  # Tab moves on to the next panel: nothing to indent here
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setUndoRedoEnabled(False)
        # The side margins around the text column take the page colour, not the window's.
        self.setBackgroundRole(QPalette.ColorRole.Base)
        self.setAutoFillBackground(True)
        self.viewport().setMouseTracking(True)
        self.setFont(reading_font())
        # After each paint, the blocks a page up and down are formatted when the event loop is
        # idle, so the next scroll step only lays out and draws; after an article's first
        # paint, the claims by id are found the same way.
        self._prefetch_timer = QTimer(self)
        self._prefetch_timer.setSingleShot(True)
        self._prefetch_timer.setInterval(0)
        self._prefetch_timer.timeout.connect(self._prefetch)
        self.selectionChanged.connect(self._on_selection_changed)
        self._update_spacing_format()
        self._update_column()

    # -- the article --------------------------------------------------------------------------

    def set_article(self, text: str, highlights: Iterable[Highlight] = ()) -> None:
        """Show ``text`` (the stored article text) with ``highlights``; replaces everything."""
        breaks = break_positions(text)
        self._text = text
        gaps = self._paragraph_gaps
        self._map = OffsetMap(text, paragraph_gaps=gaps, breaks=breaks)
        self._index = HighlightIndex(
            [0, *(position + 1 for position in breaks)], len(text), self._palette_theme()
        )
        self._index.reset(highlights)
        self._state = bytearray(len(breaks) + 1)
        self._has_ranges = bytearray(len(breaks) + 1)
        self._visible_blocks = (0, -1)
        self._current = None
        self._hovered = None
        self._found = None
        self._click_cycle = ((), 0)
        self.blocks_formatted = 0

        document = QTextDocument(self)
        document.setUndoRedoEnabled(False)
        document.setDocumentLayout(QPlainTextDocumentLayout(document))
        document.setDefaultFont(self.font())
        document.setDocumentMargin(self._document_margin())
        document.setPlainText(document_text(text, paragraph_gaps=gaps, breaks=breaks))
        if is_mostly_right_to_left(text):
            # QPlainTextDocumentLayout never mirrors the alignment of a right-to-left block and
            # resets every block's option from this default: right-align the whole article.
            option = document.defaultTextOption()
            option.setAlignment(Qt.AlignmentFlag.AlignRight)
            document.setDefaultTextOption(option)
        previous = self._owned_document
        self.setDocument(document)
        self._owned_document = document
        if previous is not None:
            previous.deleteLater()
        self._on_selection_changed()

    def setPlainText(self, text: str) -> None:
        """Qt's own entry point, routed through :meth:`set_article` so offsets stay right."""
        self.set_article(text)

    def text(self) -> str:
        """The article text as given to :meth:`set_article` (never read back from Qt)."""
        return self._text

    @property
    def offsets(self) -> OffsetMap:
        return self._map

    # -- highlights ---------------------------------------------------------------------------

    def set_highlights(self, highlights: Iterable[Highlight]) -> None:
        """Replace every highlight (e.g. after a tag was recoloured); the text stays."""
        self._index.reset(highlights)
        self._invalidate_all()

    def set_highlight(self, highlight: Highlight) -> None:
        """Add a highlight, or replace the one with the same claim id."""
        self._invalidate(self._index.put(highlight))

    def remove_highlight(self, claim_id: int) -> None:
        """Remove a claim's highlight; nothing happens when it is not shown."""
        if claim_id == self._current:
            self._current = None
        self._invalidate(self._index.remove(claim_id))

    def update_highlights(
        self, changed: Iterable[Highlight] = (), removed: Iterable[int] = ()
    ) -> None:
        """Several changes at once; only the blocks they touch are formatted again."""
        touched: set[int] = set()
        for highlight in changed:
            touched |= self._index.put(highlight)
        for claim_id in removed:
            touched |= self._index.remove(claim_id)
        self._invalidate(touched)

    def highlight(self, claim_id: int) -> Highlight | None:
        return self._index.get(claim_id)

    def highlights(self) -> list[Highlight]:
        return list(self._index.highlights())

    def claims_at(self, codepoint: int) -> list[int]:
        """Claims covering the character at ``codepoint``, innermost (shortest) first."""
        if not 0 <= codepoint < len(self._text):
            return []
        return self._index.claims_at(codepoint)

    def claims_at_point(self, point: QPoint) -> list[int]:
        """Claims under a viewport point (none in the margins or past a line's end)."""
        codepoint = self.codepoint_at(point)
        return [] if codepoint is None else self._index.claims_at(codepoint)

    def step_from(
        self, place: tuple[int, int, int] | None, step: int, *, pending_only: bool = False
    ) -> int | None:
        """The shown claim after (``step`` > 0) or before ``place`` (start, end, id) in
        reading order, the first or last one without ``place``; only pending suggestions with
        ``pending_only``. None past the end (``HighlightIndex.step_from``)."""
        return self._index.step_from(place, step, pending_only=pending_only)

    def hovered_claim(self) -> int | None:
        """The innermost claim under the mouse pointer, if any."""
        return self._hovered

    def set_current_claim(self, claim_id: int | None) -> None:
        """Outline one claim (the one the inspector shows); None removes the outline."""
        if claim_id != self._current:
            previous, self._current = self._current, claim_id
            self._update_claims(previous, claim_id)

    def current_claim(self) -> int | None:
        return self._current

    def mark_found(self, found: FoundSpans | None) -> None:
        """Mark every match of a search that comes on screen (None: no more marks)."""
        if found is not self._found:
            self._found = found
            self.viewport().update()

    # -- selection ----------------------------------------------------------------------------

    def caret_position(self) -> int:
        """Where the caret is, in code points (the end of the selection that moves)."""
        return self._map.to_codepoint(self.textCursor().position())

    def selected_span(self) -> tuple[int, int] | None:
        """The selection as ``(start, end)`` code points, or None when nothing is selected."""
        cursor = self.textCursor()
        if not cursor.hasSelection():
            return None
        start = self._map.to_codepoint(cursor.selectionStart())
        end = self._map.to_codepoint(cursor.selectionEnd(), round_up=True)
        return (start, end) if start < end else None

    def select_span(self, start: int, end: int) -> None:
        """Select ``[start, end)`` (code points) and scroll it to the middle unless it is there."""
        cursor = QTextCursor(self.document())
        cursor.setPosition(self._map.to_utf16(start))
        cursor.setPosition(self._map.to_utf16(end), QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)
        self._center_if_outside(start, end)

    def clear_selection(self) -> None:
        cursor = self.textCursor()
        if cursor.hasSelection():
            cursor.clearSelection()
            self.setTextCursor(cursor)

    def codepoint_at(self, point: QPoint) -> int | None:
        """The code point of the character drawn under a viewport point, if any."""
        block = self.cursorForPosition(point).block()
        if not block.isValid():
            return None
        top_left = self.blockBoundingGeometry(block).translated(self.contentOffset()).topLeft()
        x = point.x() - top_left.x()
        y = point.y() - top_left.y()
        layout = block.layout()
        for number in range(layout.lineCount()):
            line = layout.lineAt(number)
            if not line.y() <= y < line.y() + line.height():
                continue
            rect = line.naturalTextRect()
            if not rect.left() <= x < rect.right():
                return None
            index = line.xToCursor(x, QTextLine.CursorPosition.CursorOnCharacter)
            if not line.textStart() <= index < line.textStart() + line.textLength():
                return None
            codepoint = self._map.to_codepoint(block.position() + index)
            if codepoint >= len(self._text) or self._text[codepoint] in "\n\r\u2029":
                return None
            return codepoint
        return None

    # -- typography ---------------------------------------------------------------------------

    def line_spacing(self) -> float:
        return self._line_spacing

    def set_line_spacing(self, factor: float) -> None:
        """Line height as a multiple of the font's own (1.0 = the font's natural spacing)."""
        factor = min(max(factor, 1.0), MAX_LINE_SPACING)
        if abs(factor - self._line_spacing) >= 0.01:
            self._line_spacing = factor
            self._update_spacing_format()
            self._invalidate_all()

    def font_size(self) -> float:
        return self.font().pointSizeF()

    def set_font_size(self, points: float) -> None:
        """Set the text size in points (clamped to a readable range)."""
        points = min(max(points, MIN_FONT_SIZE), MAX_FONT_SIZE)
        if abs(points - self.font_size()) < 0.01:
            return
        font = QFont(self.font())
        font.setPointSizeF(points)
        self.setFont(font)
        self.fontSizeChanged.emit(points)

    @Slot()
    def zoom_in(self) -> None:
        self.set_font_size(self.font_size() + 1)

    @Slot()
    def zoom_out(self) -> None:
        self.set_font_size(self.font_size() - 1)

    @Slot()
    def reset_zoom(self) -> None:
        self.set_font_size(DEFAULT_FONT_SIZE)

    # -- Qt overrides -------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        visible = self._format_visible_blocks()
        super().paintEvent(event)
        if visible and not self._prefetch_timer.isActive():
            self._prefetch_timer.start()
        if visible and self._found is not None:
            self._mark_found(visible)
        if visible and (self._current is not None or self._hovered is not None):
            painter = QPainter(self.viewport())
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            if self._hovered is not None and self._hovered != self._current:
                self._outline(painter, visible, self._hovered, hovered=True)
            if self._current is not None:
                self._outline(painter, visible, self._current, hovered=False)
            painter.end()

    def resizeEvent(self, event: QResizeEvent) -> None:
        # QPlainTextEdit lays out every paragraph of the article again whenever the width it
        # is told of changes (~5-10 ms in a 5 MB article). Resizing the window did it twice
        # or more: at the old margins, then at the new. The margins are set first now (the
        # viewport's own resize comes back here meanwhile), and the lines are laid out only
        # when the viewport's width differs from the one they were laid out at.
        if not self._setting_margins:
            self._setting_margins = True
            try:
                self._set_margins()
            finally:
                self._setting_margins = False
        width = self.viewport().width()
        if width == self._text_width:
            kept = QSize(event.size().width(), event.oldSize().height())
            event = QResizeEvent(event.size(), kept)  # the same width: nothing to lay out
        else:
            self._text_width = width
            event = QResizeEvent(event.size(), QSize(-1, -1))
        super().resizeEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        kind = event.type()
        if kind == QEvent.Type.FontChange:
            self.document().setDocumentMargin(self._document_margin())
            self._update_spacing_format()
            self._invalidate_all()
            self._update_column()
        elif kind == QEvent.Type.PaletteChange:
            theme = self._palette_theme()
            if theme != self._index.theme:
                self._index.set_theme(theme)
                self._formats.clear()
                self._invalidate_all()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._press_at = event.position().toPoint()
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        pressed_at, self._press_at = self._press_at, None
        if event.button() != Qt.MouseButton.LeftButton or pressed_at is None:
            return
        point = event.position().toPoint()
        moved = (point - pressed_at).manhattanLength()
        if moved >= QApplication.startDragDistance() or self.textCursor().hasSelection():
            return
        claim_ids = tuple(self.claims_at_point(point))
        if not claim_ids:
            self._click_cycle = ((), 0)
            return
        previous_ids, previous_turn = self._click_cycle
        turn = (previous_turn + 1) % len(claim_ids) if previous_ids == claim_ids else 0
        self._click_cycle = (claim_ids, turn)
        self.claimClicked.emit(claim_ids[turn])

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        super().mouseMoveEvent(event)
        if event.buttons() == Qt.MouseButton.NoButton:
            under = self.claims_at_point(event.position().toPoint())
            self._set_hovered(under[0] if under else None)

    def leaveEvent(self, event: QEvent) -> None:
        super().leaveEvent(event)
        self._set_hovered(None)

    def wheelEvent(self, event: QWheelEvent) -> None:
        # Ctrl+wheel zooms through set_font_size, so the new size is reported and remembered.
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            steps = event.angleDelta().y() / 120
            if steps:
                self.set_font_size(self.font_size() + steps)
            event.accept()
            return
        super().wheelEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape and self.textCursor().hasSelection():
            self.clear_selection()
            event.accept()
            return
        super().keyPressEvent(event)

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            text = self.tooltip_at(event.pos())
            if text:
                QToolTip.showText(event.globalPos(), text, self.viewport())
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().viewportEvent(event)

    def tooltip_at(self, point: QPoint) -> str | None:
        """The hover text for a viewport point: the provider's text for the claims there."""
        if self.tooltip_provider is None:
            return None
        claim_ids = self.claims_at_point(point)
        return self.tooltip_provider(claim_ids) if claim_ids else None

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        point, where = event.pos(), event.globalPos()
        if event.reason() != QContextMenuEvent.Reason.Mouse:
            # The Menu key or Shift+F10: open at the caret, about the claims there.
            point = self.cursorRect().center()
            where = self.viewport().mapToGlobal(point)
        menu = self.build_context_menu(point)
        menu.exec(where)
        menu.deleteLater()

    def build_context_menu(self, point: QPoint) -> QMenu:
        """The context menu for a viewport point, after listeners added their actions."""
        menu = self.createStandardContextMenu(point)
        self.contextMenuAboutToShow.emit(menu, self.claims_at_point(point))
        return menu

    def createMimeDataFromSelection(self) -> QMimeData:
        # Copy the stored text itself: Qt's own copy turns U+2028/U+2029/NBSP into other chars.
        data = QMimeData()
        span = self.selected_span()
        if span is not None:
            data.setText(self._text[span[0] : span[1]])
        return data

    # -- formatting -------------------------------------------------------------------------

    def _format_visible_blocks(self) -> list[tuple[QTextBlock, QPointF]]:
        """Give every block about to be painted its format ranges; returns them with positions.

        ``setFormats`` drops the block's line layout, so it runs before the block is measured:
        each block is laid out once, with its formats.
        """
        state = self._state
        if len(state) != self.document().blockCount():
            return []  # a document set behind set_article's back: nothing to format
        offset = self.contentOffset()
        bottom = self.viewport().height()
        block = self.firstVisibleBlock()
        top = offset.y()
        visible: list[tuple[QTextBlock, QPointF]] = []
        while block.isValid() and top <= bottom:
            number = block.blockNumber()
            if state[number] == _NOT_FORMATTED:
                self._apply_formats(block, number)
            height = self.blockBoundingRect(block).height()
            visible.append((block, QPointF(offset.x(), top)))
            top += height
            block = block.next()
        if visible:
            self._visible_blocks = (visible[0][0].blockNumber(), visible[-1][0].blockNumber())
        return visible

    @Slot()
    def _prefetch(self) -> None:
        """Format the blocks a screenful above and below the visible ones, if not done yet,
        and build the claims-by-id map if an article just opened: built at the first claim
        made current or edited instead, it added 8-12 ms to that key at 50,000 claims."""
        self._index.prepare_lookups()
        state = self._state
        if len(state) != self.document().blockCount():
            return
        first, last = self._visible_blocks
        if last < first:
            return
        reach = last - first + 2
        document = self.document()
        for number in (
            *range(last + 1, last + 1 + reach),
            *range(first - 1, first - 1 - reach, -1),
        ):
            if 0 <= number < len(state) and state[number] == _NOT_FORMATTED:
                self._apply_formats(document.findBlockByNumber(number), number)

    def _apply_formats(self, block: QTextBlock, number: int) -> None:
        self._state[number] = _FORMATTED
        self.blocks_formatted += 1
        ranges = self._spacing_ranges(block, number)
        to_utf16 = self._map.to_utf16
        base = block.position()
        formats = self._formats
        for segment in self._index.segments(number):
            char_format = formats.get(segment.style)
            if char_format is None:
                char_format = formats[segment.style] = _char_format(segment.style)
            item = QTextLayout.FormatRange()
            start = to_utf16(segment.start)
            item.start = start - base
            item.length = to_utf16(segment.end) - start
            item.format = char_format
            ranges.append(item)
        if ranges:
            block.layout().setFormats(ranges)
            self._has_ranges[number] = 1
        elif self._has_ranges[number]:
            block.layout().clearFormats()
            self._has_ranges[number] = 0

    def _spacing_ranges(self, block: QTextBlock, number: int) -> list[QTextLayout.FormatRange]:
        """Ranges giving spaces (and a paragraph's closing U+2028) the taller spacing font.

        See :func:`~.typography.spacing_format`. Text without spaces (CJK) only gets it on a
        paragraph's last line, so there its lines keep the font's own spacing.
        """
        spacing = self._spacing_format
        if spacing is None:
            return []
        text = self._text
        start, end = self._index.block_span(number)
        to_utf16 = self._map.to_utf16
        base = block.position()
        ranges: list[QTextLayout.FormatRange] = []
        # One tall space every few words is enough: a line is tall if any space on it is, and a
        # full line holds several of them. Fewer format runs keep layout (shaping) fast.
        at = text.find(" ", start, end)
        while at != -1:
            item = QTextLayout.FormatRange()
            item.start = to_utf16(at) - base
            item.length = 1
            item.format = spacing
            ranges.append(item)
            at = text.find(" ", at + SPACING_STRIDE, end)
        if self._paragraph_gaps and end < len(text) and to_utf16(end + 1) - to_utf16(end) == 2:
            # This break is shown as U+2028 U+2029: the U+2028 ends the paragraph's last line.
            item = QTextLayout.FormatRange()
            item.start = to_utf16(end) - base
            item.length = 1
            item.format = spacing
            ranges.append(item)
        return ranges

    def _invalidate(self, blocks: Iterable[int]) -> None:
        """Forget the formats of ``blocks``; the visible ones are formatted at the next paint."""
        state = self._state
        touched = list(blocks)
        for number in touched:
            state[number] = _NOT_FORMATTED
        self._update_blocks(touched)

    def _update_blocks(self, blocks: Iterable[int]) -> None:
        """Repaint the on-screen ones of ``blocks`` only: the whole viewport costs ~4 ms.

        Each strip spans the viewport's width and reaches a few pixels past the block, where
        a claim's outline is drawn.
        """
        first, last = self._visible_blocks
        shown = [number for number in blocks if first <= number <= last]
        if not shown:
            return
        document = self.document()
        offset = self.contentOffset()
        width = self.viewport().width()
        region = QRegion()
        for number in shown:
            rect = self.blockBoundingGeometry(document.findBlockByNumber(number)).translated(offset)
            top = int(rect.top()) - _OUTLINE_REACH
            height = int(rect.height() + 1) + 2 * _OUTLINE_REACH
            region += QRect(0, top, width, height)
        self.viewport().update(region)

    def _update_claims(self, *claim_ids: int | None) -> None:
        """Repaint where these claims are (their outline comes or goes)."""
        blocks: set[int] = set()
        for claim_id in claim_ids:
            highlight = None if claim_id is None else self._index.get(claim_id)
            if highlight is not None:
                blocks.update(self._index.blocks_of(highlight))
        self._update_blocks(blocks)

    def _invalidate_all(self) -> None:
        self._state = bytearray(len(self._state))
        self.viewport().update()

    # -- painting the outlines ----------------------------------------------------------------

    def _mark_found(self, visible: Sequence[tuple[QTextBlock, QPointF]]) -> None:
        assert self._found is not None
        start = self._index.block_span(visible[0][0].blockNumber())[0]
        end = self._index.block_span(visible[-1][0].blockNumber())[1]
        to_utf16 = self._map.to_utf16
        cursor = self.textCursor()
        # The match stepped to is the selection: it keeps the selection's look, unmarked.
        selected = (cursor.selectionStart(), cursor.selectionEnd())
        spans = [
            span
            for begin, finish in self._found.within(start, end, MAX_MARKED)
            if (span := (to_utf16(begin), to_utf16(finish))) != selected
        ]
        if spans:
            painter = QPainter(self.viewport())
            mark(painter, marked_shape(visible, spans), dark=self._index.theme.dark)
            painter.end()

    def _set_hovered(self, claim_id: int | None) -> None:
        if claim_id != self._hovered:
            previous, self._hovered = self._hovered, claim_id
            self._update_claims(previous, claim_id)

    def _outline(
        self,
        painter: QPainter,
        visible: Sequence[tuple[QTextBlock, QPointF]],
        claim_id: int,
        *,
        hovered: bool,
    ) -> None:
        """Outline the on-screen part of a claim: the current one strong, a hovered one faint."""
        highlight = self._index.get(claim_id)
        if highlight is None:
            return
        start = self._map.to_utf16(highlight.start)
        end = self._map.to_utf16(highlight.end)
        palette = self.palette()
        if hovered:
            colour = QColor(palette.color(QPalette.ColorRole.Text))
            colour.setAlphaF(0.35)
            pen = QPen(colour, 1.0)
        else:
            pen = QPen(palette.color(QPalette.ColorRole.Highlight), 2.0)
        shape = span_outline(visible, start, end)
        if not shape.isEmpty():
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawPath(shape)

    # -- layout helpers -----------------------------------------------------------------------

    def _update_spacing_format(self) -> None:
        self._spacing_format = spacing_format(self.font(), self._line_spacing)

    def _document_margin(self) -> float:
        return document_margin(self.font())

    def _update_column(self) -> None:
        """Centre a text column of a readable measure; narrow windows keep a small margin."""
        if self._set_margins() and self.viewport().width() != self._text_width:
            # QPlainTextEdit re-wraps its lines only in its resizeEvent. A shown viewport's
            # resize comes there (through viewportEvent) and has re-wrapped them already; a
            # hidden one's does not, and without this the text would keep the old width,
            # clipped behind a horizontal scroll bar. Re-wrapping twice cost a zoom ~1.5 ms.
            self._text_width = self.viewport().width()
            super().resizeEvent(QResizeEvent(self.size(), QSize(-1, -1)))

    def _set_margins(self) -> bool:
        """The side margins of the centred column for the widget's width; True if changed."""
        left, right = self._margins
        available = self.viewport().width() + left + right
        spare = max(available - column_width(self.font()), 0)
        side = int(spare // 2)
        if (side, side) == self._margins:
            return False
        self._margins = (side, side)
        self.setViewportMargins(side, 0, side, 0)
        return True

    def _center_if_outside(self, start: int, end: int) -> None:
        height = self.viewport().height()
        cursor = QTextCursor(self.document())
        cursor.setPosition(self._map.to_utf16(start))
        top = self.cursorRect(cursor).top()
        cursor.setPosition(self._map.to_utf16(end))
        bottom = self.cursorRect(cursor).bottom()
        if top < height * 0.15 or bottom > height * 0.85:
            self.centerCursor()

    def _palette_theme(self) -> Theme:
        palette = self.palette()
        return Theme(
            page=palette.color(QPalette.ColorRole.Base).name(),
            text=palette.color(QPalette.ColorRole.Text).name(),
        )

    @Slot()
    def _on_selection_changed(self) -> None:
        span = self.selected_span() or (-1, -1)
        if span != self._span:
            self._span = span
            self.selectionSpanChanged.emit(*span)


def _char_format(style: SegmentStyle) -> QTextCharFormat:
    char_format = QTextCharFormat()
    if style.fill is not None:
        char_format.setBackground(QColor(style.fill))
    if style.underline is not None and style.underline_kind is not None:
        char_format.setUnderlineStyle(_UNDERLINES[style.underline_kind])
        char_format.setUnderlineColor(QColor(style.underline))
    return char_format
