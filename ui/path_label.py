"""A one-line label for a file's path that shortens the folders to the room it has.

Made for the project file in the status bar. Shown whole, a path of a usual depth
(/home/…/Documents/…/project.sourcemark) took the whole bar: the messages the window shows
there ("No more pending suggestions in this article.", "Exported 212 rows to …") had no room
left and were never seen, and the path was cut at its end, the file's name first. This label
asks for a few dozen letters at most, keeps the file's name whole and the folders' start and
end, and has the whole path in its tooltip.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import QLabel, QWidget

# The most letters the label asks for, and the fewest it can be shrunk to.
WIDEST_LETTERS = 48
NARROWEST_LETTERS = 12
ELLIPSIS = "…"


def home_relative(path: Path) -> str:
    """``path`` with the home folder written ``~`` where people read it so (not on Windows):
    /home/ana/Documents/x.sourcemark is ~/Documents/x.sourcemark, a third shorter."""
    if os.name == "nt":
        return str(path)
    try:
        inside = path.relative_to(Path.home())
    except (ValueError, RuntimeError):  # elsewhere, or no home to speak of
        return str(path)
    return str(Path("~") / inside)


class PathLabel(QLabel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # Shortened, the path keeps to the right, beside what follows it in the bar.
        self.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        widest = self.fontMetrics().averageCharWidth() * WIDEST_LETTERS
        return QSize(min(hint.width(), widest), hint.height())

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        narrowest = self.fontMetrics().averageCharWidth() * NARROWEST_LETTERS
        return QSize(min(hint.width(), narrowest), hint.height())

    def shown_text(self) -> str:
        """The path as painted at the label's width: the folders shortened first."""
        path, width, metrics = self.text(), self.contentsRect().width(), self.fontMetrics()
        if metrics.horizontalAdvance(path) <= width:
            return path
        cut = max(path.rfind("/"), path.rfind("\\")) + 1
        folders, name = path[:cut], path[cut:]
        room = width - metrics.horizontalAdvance(name)
        if not folders or room < metrics.horizontalAdvance(ELLIPSIS * 4):
            return metrics.elidedText(path[cut:] or path, Qt.TextElideMode.ElideMiddle, width)
        return metrics.elidedText(folders, Qt.TextElideMode.ElideMiddle, room) + name

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        self.style().drawItemText(
            painter,
            self.contentsRect(),
            int(self.alignment()),
            self.palette(),
            self.isEnabled(),
            self.shown_text(),
            self.foregroundRole(),
        )
