"""Finding words in the open article: Ctrl+F, type, Enter for the next match (Shift+Enter,
F3 and Shift+F3 step both ways, round the end), Esc to close.

The match found is selected in the reader, so once Esc has closed the bar a tag's key tags
it: find "according to", close, tag. Matches are found in Python on the article's own text
(code points, any case: ``re`` keeps the text's offsets, where lower-casing can change a
string's length), and the reader turns them into its own positions. Typing looks again
after a short pause, not at every key: all of a 5 MB article's matches take ~30 ms.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QAction, QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QStyle, QToolButton, QWidget

from sourcemark.ui.reader.view import ReaderView

# Typing pauses this long before the article is searched again.
SEARCH_DELAY_MS = 150


class FindBar(QWidget):
    """A bar under the reader: the words to find, where the match shown is among all."""

    closed = Signal()

    def __init__(
        self, reader: ReaderView, text: Callable[[], str], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._reader = reader
        self._text = text
        self._spans: list[tuple[int, int]] | None = None  # the matches, found when first asked
        self._starts: list[int] = []
        self.field = QLineEdit()
        self.field.setPlaceholderText(self.tr("Find in this article"))
        self.field.setToolTip(self.tr("Words to find; Enter: next, Shift+Enter: previous"))
        self.field.setClearButtonEnabled(True)
        self.count = QLabel()
        self.previous_button = QToolButton()
        self.next_button = QToolButton()
        self.close_button = QToolButton()
        self.close_button.setText("×")
        self.close_button.setToolTip(self.tr("Close the find bar (Esc)"))
        self.close_button.setAutoRaise(True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 3, 6, 3)
        layout.addWidget(self.field, 1)
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

    def set_actions(self, find_next: QAction, find_previous: QAction) -> None:
        """Step with the window's actions, so the buttons share their keys and tooltips."""
        for button, action, arrow in (
            (self.next_button, find_next, QStyle.StandardPixmap.SP_ArrowDown),
            (self.previous_button, find_previous, QStyle.StandardPixmap.SP_ArrowUp),
        ):
            button.setDefaultAction(action)
            button.setIcon(self.style().standardIcon(arrow))
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
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
        self.hide()
        self._reader.setFocus(Qt.FocusReason.OtherFocusReason)
        self.closed.emit()

    @Slot()
    def forget_matches(self) -> None:
        """Another article is open: its matches are found when next asked."""
        self._spans = None
        if self.isVisible():
            self._show_count(None)

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

    @Slot()
    def find_next(self) -> None:
        self._step(forward=True)

    @Slot()
    def find_previous(self) -> None:
        self._step(forward=False)

    @Slot(str)
    def _typed(self, _text: str) -> None:
        self._spans = None
        self._search_timer.start()

    @Slot()
    def _search_typed(self) -> None:
        """Show the first match from the caret on, as the person types."""
        spans = self._matches()
        if not spans:
            self._show_count(None)
            return
        selected = self._reader.selected_span()
        start = selected[0] if selected is not None else self._reader.caret_position()
        self._show(bisect_left(self._starts, start) % len(spans))

    def _step(self, *, forward: bool) -> None:
        if not self.field.text():
            self.open()  # nothing to find yet: ask for it
            return
        # With the bar closed the reader keeps the keyboard: F3, then a tag's key, tags.
        self._search_timer.stop()
        spans = self._matches()
        if not spans:
            self._show_count(None)
            return
        selected = self._reader.selected_span()
        here = selected[0] if selected is not None else self._reader.caret_position()
        if forward:
            # From a selection (a match shown, most often), the next one starts after it.
            after = bisect_right if selected is not None else bisect_left
            index = after(self._starts, here) % len(spans)
        else:
            index = (bisect_left(self._starts, here) - 1) % len(spans)
        self._show(index)

    def _matches(self) -> list[tuple[int, int]]:
        if self._spans is None:
            needle = self.field.text()
            found = re.finditer(re.escape(needle), self._text(), re.IGNORECASE) if needle else ()
            self._spans = [match.span() for match in found if match.end() > match.start()]
            self._starts = [start for start, _ in self._spans]
        return self._spans

    def _show(self, index: int) -> None:
        assert self._spans is not None
        self._reader.select_span(*self._spans[index])
        self._show_count(index)

    def _show_count(self, index: int | None) -> None:
        spans = self._spans
        if not self.field.text():
            self.count.setText("")
        elif index is None or not spans:
            self.count.setText(self.tr("No matches") if spans is not None else "")
        else:
            self.count.setText(
                self.tr("%1 of %2").replace("%1", str(index + 1)).replace("%2", str(len(spans)))
            )
