"""A tag on the claim the inspector shows: the tag's name on its colour, with a button that
takes it off.

Painted by hand, not with a style sheet. A style sheet put Qt's style-sheet machinery on
every chip, and the chips change whenever the claim shown has other tags (each step through
suggestions or a review): making and showing one cost 1-3 ms of that frame.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QRectF, QSize, Qt, Signal, Slot
from PySide6.QtGui import QColor, QEnterEvent, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import (
    QAbstractButton,
    QFrame,
    QHBoxLayout,
    QLabel,
    QWidget,
)

from sourcemark.app.codebook import TagInfo

# The most of a tag's name a chip shows, in average letters.
CHIP_LETTERS = 24
# Tag colours are pale tints meant for dark text: text stays dark on them in any theme.
DARK_TEXT = QColor("#1B1B1B")
LIGHT_TEXT = QColor("#FFFFFF")


class _RemoveButton(QAbstractButton):
    """The chip's "×" in the chip's text colour: shaded when pointed at or pressed, ringed
    when it has the keyboard's focus."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setText("×")
        font = self.font()
        font.setBold(True)
        self.setFont(font)
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)

    def sizeHint(self) -> QSize:
        # As wide as a tool button's "×" was, and a little taller than the name beside it.
        metrics = self.fontMetrics()
        return QSize(metrics.horizontalAdvance(self.text()) + 16, metrics.height() + 3)

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()

    def enterEvent(self, event: QEnterEvent) -> None:
        self.update()
        super().enterEvent(event)

    def leaveEvent(self, event: QEvent) -> None:
        self.update()
        super().leaveEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        text = self.palette().color(QPalette.ColorRole.ButtonText)
        side = min(self.width(), self.height()) - 1
        circle = QRectF((self.width() - side) / 2, (self.height() - side) / 2, side, side)
        if self.isDown() or self.underMouse():
            shade = QColor(text)
            shade.setAlpha(70 if self.isDown() else 35)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(shade)
            painter.drawEllipse(circle)
        if self.hasFocus():  # reached with Tab: a ring in the text's colour, seen on any tag
            painter.setPen(QPen(text, 1.2))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawEllipse(circle)
        painter.setPen(text)
        painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self.text())


class TagChip(QFrame):
    """A tag on the claim: its name on its colour, with a button that takes it off.

    The inspector keeps its chips and shows other tags on them (``show_tag``): showing a
    widget lays out every panel up to the window at once, which a chip made or shown
    afresh for each claim cost again.
    """

    removeRequested = Signal(int)

    def __init__(self, tag: TagInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = QLabel()
        self.remove_button = _RemoveButton()
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(8, 1, 2, 1)
        self._layout.setSpacing(0)
        self._layout.addWidget(self.label)
        self._layout.addWidget(self.remove_button)
        self.remove_button.clicked.connect(self._remove_clicked)
        self.show_tag(tag)

    def set_removable(self, removable: bool) -> None:
        """Show the "×" or not (a read-only project); without it the name keeps the same
        room on both sides."""
        self.remove_button.setVisible(removable)
        self._layout.setContentsMargins(8, 1, 2 if removable else 8, 1)

    def show_tag(self, tag: TagInfo) -> None:
        self.tag = tag
        self.tag_id = tag.id
        self._background = QColor(tag.colour)
        palette = self.palette()
        text = DARK_TEXT if self._background.lightness() > 110 else LIGHT_TEXT
        palette.setColor(QPalette.ColorRole.WindowText, text)
        palette.setColor(QPalette.ColorRole.ButtonText, text)
        self.setPalette(palette)
        # A long name is cut short (whole in the tooltip): the chip fits the panel's least
        # width, which the window keeps to fit in half a screen.
        metrics = self.fontMetrics()
        shown = metrics.elidedText(
            tag.name, Qt.TextElideMode.ElideRight, metrics.averageCharWidth() * CHIP_LETTERS
        )
        self.label.setText(shown)
        self.label.setToolTip(tag.name if shown != tag.name else "")
        remove = self.tr("Remove the tag “%1” from this claim").replace("%1", tag.name)
        self.remove_button.setToolTip(remove)
        self.remove_button.setAccessibleName(remove)
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(self._background)
        radius = min(9.0, self.height() / 2)
        painter.drawRoundedRect(self.rect(), radius, radius)

    @Slot()
    def _remove_clicked(self) -> None:
        self.removeRequested.emit(self.tag_id)
