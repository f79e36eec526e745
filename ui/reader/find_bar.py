"""Finding words in the open article: Ctrl+F, type, Enter for the next match (Shift+Enter,
F3 and Shift+F3 step both ways, round the end), Esc to close.

The match found is selected in the reader, so once Esc has closed the bar a tag's key tags
it: find "according to", close, tag. Matches are found in Python on the article's own text,
in code points, and the reader turns them into its own positions (``Matches``).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Slot
from PySide6.QtGui import QAction, QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QToolButton, QWidget

from sourcemark.ui.reader.view import ReaderView

# Typing pauses this long before the article is searched again.
SEARCH_DELAY_MS = 150


class Matches:
    """Where some words appear in a text, counted and stepped through: in any letter case, or
    as typed (``match_case``); anywhere, or only standing alone (``whole_words``).

    In any case, anywhere, the text is lower-cased once and searched with ``str.find`` and
    ``str.count``, which run in C: in a 5 MB article 3-7 ms to count, where ``re`` with
    IGNORECASE took 70-270 ms to list every match (300,000 of "a"). Lower-casing keeps each
    character's offset unless the text or the words hold one of the few letters whose lower
    case is longer (a capital dotted İ). Those, and the searches with an option, go through
    ``re``, the matches listed once.
    """

    def __init__(
        self,
        text: str,
        needle: str,
        lowered: str | None = None,
        *,
        match_case: bool = False,
        whole_words: bool = False,
    ) -> None:
        """``lowered``: ``text.lower()`` if already made (~60 ms for 5 MB), kept by the caller
        from one search to the next."""
        self._needle = needle.lower()
        self._size = len(self._needle)
        self._lowered: str | None = None
        self._starts: list[int] = []
        self._ends: list[int] = []
        if not (match_case or whole_words):
            lowered = text.lower() if lowered is None else lowered
            if len(lowered) == len(text) and self._size == len(needle):  # offsets kept
                self._lowered = lowered
                self.total = lowered.count(self._needle) if needle else 0
                return
        pattern = re.escape(needle)
        if whole_words:  # not inside a word on either side, whatever the words begin with
            pattern = rf"(?<!\w){pattern}(?!\w)"
        flags = 0 if match_case else re.IGNORECASE
        for match in re.finditer(pattern, text, flags) if needle else ():
            if match.end() > match.start():
                self._starts.append(match.start())
                self._ends.append(match.end())
        self.total = len(self._starts)

    def within(self, start: int, end: int, limit: int) -> list[tuple[int, int]]:
        """Up to ``limit`` matches overlapping ``[start, end)``, in order (``FoundSpans``)."""
        found: list[tuple[int, int]] = []
        if self._lowered is None:
            index = bisect_right(self._ends, start)
            while index < len(self._starts) and self._starts[index] < end and len(found) < limit:
                found.append((self._starts[index], self._ends[index]))
                index += 1
            return found
        haystack, needle, size = self._lowered, self._needle, self._size
        if not size:
            return found
        at = haystack.find(needle, max(start - size + 1, 0), end + size - 1)
        while at >= 0 and len(found) < limit:
            found.append((at, at + size))
            at = haystack.find(needle, at + size, end + size - 1)
        return found

    def from_(self, position: int, *, forward: bool, after: bool) -> tuple[int, int, int]:
        """The match starting at or after ``position`` (past it if ``after``), or the last one
        before it: (its number from 1, start, end), round the text's ends."""
        if self._lowered is None:
            if forward:
                index = (bisect_right if after else bisect_left)(self._starts, position)
            else:
                index = bisect_left(self._starts, position) - 1
            index %= len(self._starts)
            return index + 1, self._starts[index], self._ends[index]
        haystack, needle = self._lowered, self._needle
        if forward:
            start = haystack.find(needle, position + 1 if after else position)
            if start < 0:
                start = haystack.find(needle)
        else:
            start = haystack.rfind(needle, 0, max(position + self._size - 1, 0))
            if start < 0:
                start = haystack.rfind(needle)
        number = min(haystack.count(needle, 0, start) + 1, self.total)
        return number, start, start + self._size


class FindBar(QWidget):
    """A bar under the reader: the words to find, where the match shown is among all."""

    def __init__(
        self, reader: ReaderView, text: Callable[[], str], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._reader = reader
        self._text = text
        self._matches: Matches | None = None  # for the words typed, made when first asked
        self._match_case = self._whole_words = False
        self._lowered: tuple[str, str] | None = None  # the article's text, and lower-cased
        self.field = QLineEdit()
        self.field.setPlaceholderText(self.tr("Find in this article"))
        self.field.setToolTip(self.tr("Words to find; Enter: next, Shift+Enter: previous"))
        self.field.setClearButtonEnabled(True)
        self.count = QLabel()
        self.case_button = QToolButton()
        self.words_button = QToolButton()
        self.previous_button = QToolButton()
        self.next_button = QToolButton()
        self.close_button = QToolButton()
        self.close_button.setText("×")
        self.close_button.setToolTip(self.tr("Close the find bar (Esc)"))
        self.close_button.setAutoRaise(True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 3, 6, 3)
        layout.addWidget(self.field, 1)
        layout.addWidget(self.case_button)
        layout.addWidget(self.words_button)
        layout.addWidget(self.count)
        layout.addWidget(self.previous_button)
        layout.addWidget(self.next_button)
        layout.addWidget(self.close_button)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self._search_typed)
        self.field.textChanged.connect(self._typed)
        self.field.installEventFilter(self)
        self.close_button.clicked.connect(self.close_bar)

    def set_actions(
        self,
        find_next: QAction,
        find_previous: QAction,
        match_case: QAction,
        whole_words: QAction,
    ) -> None:
        """Step and choose options with the window's actions, so the buttons share their keys,
        tooltips and checked state."""
        for button, action, arrow in (
            (self.next_button, find_next, Qt.ArrowType.DownArrow),
            (self.previous_button, find_previous, Qt.ArrowType.UpArrow),
        ):
            button.setDefaultAction(action)
            # Drawn by the style in the text's colour (the standard arrow icons stay black,
            # unseen on a dark palette).
            button.setArrowType(arrow)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
            button.setAutoRaise(True)
        # Short labels on the bar, the menu's full names in their tooltips and the Edit menu.
        for button, action, label in (
            (self.case_button, match_case, self.tr("Aa")),
            (self.words_button, whole_words, self.tr("Whole words")),
        ):
            action.setIconText(label)
            button.setDefaultAction(action)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            button.setAutoRaise(True)

    # -- opening and closing ----------------------------------------------------------------

    @Slot()
    def open(self) -> None:
        self.show()
        self.field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.field.selectAll()

    @Slot()
    def close_bar(self) -> None:
        self._search_timer.stop()
        self._reader.mark_found(None)
        self.hide()
        self._reader.setFocus(Qt.FocusReason.OtherFocusReason)

    @Slot()
    def forget_matches(self) -> None:
        """Another article is open: its matches are found when next asked."""
        self._matches = self._lowered = None
        self._reader.mark_found(None)
        self.count.setText("")

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.field and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            key, shift = event.key(), event.modifiers() & Qt.KeyboardModifier.ShiftModifier
            if key == Qt.Key.Key_Escape:
                self.close_bar()
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.find_previous() if shift else self.find_next()
                return True
        return super().eventFilter(watched, event)

    # -- finding ------------------------------------------------------------------------------

    @Slot(bool)
    def set_match_case(self, on: bool) -> None:
        self._match_case = on
        self._options_changed()

    @Slot(bool)
    def set_whole_words(self, on: bool) -> None:
        self._whole_words = on
        self._options_changed()

    def _options_changed(self) -> None:
        self._matches = None
        if self.isVisible() and self.field.text():
            self._search_timer.stop()
            self._go(forward=True, from_selection_start=True)  # the same place, or the next

    @Slot()
    def find_next(self) -> None:
        self._step(forward=True)

    @Slot()
    def find_previous(self) -> None:
        self._step(forward=False)

    @Slot(str)
    def _typed(self, _text: str) -> None:
        self._matches = None
        self._search_timer.start()

    @Slot()
    def _search_typed(self) -> None:
        """Show the first match from the selection or caret on, as the person types."""
        self._go(forward=True, from_selection_start=True)

    def _step(self, *, forward: bool) -> None:
        if not self.field.text():
            self.open()  # nothing to find yet: ask for it
            return
        # With the bar closed the reader keeps the keyboard: F3, then a tag's key, tags.
        self._search_timer.stop()
        self._go(forward=forward, from_selection_start=False)

    def _go(self, *, forward: bool, from_selection_start: bool) -> None:
        needle = self.field.text()
        if not needle:
            self._reader.mark_found(None)
            self.count.setText("")
            return
        if self._matches is None:
            text = self._text()
            if self._lowered is None or self._lowered[0] is not text:
                self._lowered = (text, text.lower())
            self._matches = Matches(
                text,
                needle,
                self._lowered[1],
                match_case=self._match_case,
                whole_words=self._whole_words,
            )
        matches = self._matches
        # Marked only while the bar is open: with it closed, F3 steps without the marks.
        self._reader.mark_found(matches if matches.total and self.isVisible() else None)
        if not matches.total:
            self.count.setText(self.tr("No matches"))
            return
        selected = self._reader.selected_span()
        here = selected[0] if selected is not None else self._reader.caret_position()
        # From a selection (a match shown, most often) the next one starts after its start.
        after = selected is not None and not from_selection_start
        number, start, end = matches.from_(here, forward=forward, after=after)
        self._reader.select_span(start, end)
        self.count.setText(
            self.tr("%1 of %2").replace("%1", str(number)).replace("%2", str(matches.total))
        )
