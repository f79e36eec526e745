"""Small pieces the panels share: actions with shortcuts, swatches, compact tables, labels."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

from PySide6.QtCore import QCoreApplication, QLocale, QRect, Qt
from PySide6.QtGui import QAction, QColor, QIcon, QKeySequence, QPainter, QPalette, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QTableView,
    QToolButton,
    QWidget,
)

from sourcemark.ui.panels.column_fit import STRETCH_SHARE, ColumnFit

# Review statuses in the order a reviewer meets them; labels come from ``status_text``.
STATUSES = ("unreviewed", "confirmed", "disputed", "needs-check")
# A calm dot per status: grey, green, red, amber (Paul Tol's colour-blind-safe tints).
STATUS_COLOURS = {
    "unreviewed": "#BBBBBB",
    "confirmed": "#44BB99",
    "disputed": "#EE6677",
    "needs-check": "#EEBB55",
}


def letters_wide(combo: QComboBox, letters: int) -> None:
    """Make ``combo`` as wide as ``letters`` average characters, whatever its entries.

    A combo box is as wide as its longest entry by default: one long tag name, headline or
    annotator's name widened a bar, a dialog or the whole window past the screen. Its list
    still shows every entry whole when it opens.
    """
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(letters)


def counted(count: int, one: str, many: str) -> str:
    """``one`` or ``many`` (both translated, ``%n`` standing for the number) for ``count``.

    Qt's own plural forms come from a loaded translation, and none is loaded for English:
    ``tr("%n claim(s)", "", n)`` showed "1 claim(s)". A translation with more forms than
    two translates ``many`` as its most common one.
    """
    return (one if count == 1 else many).replace("%n", QLocale().toString(count))


def status_text(status: str) -> str:
    """The label a person reads for a stored review status."""
    labels = {
        "unreviewed": QCoreApplication.translate("ReviewStatus", "Unreviewed"),
        "confirmed": QCoreApplication.translate("ReviewStatus", "Confirmed"),
        "disputed": QCoreApplication.translate("ReviewStatus", "Disputed"),
        "needs-check": QCoreApplication.translate("ReviewStatus", "Needs check"),
    }
    return labels.get(status, status)


def make_action(
    widget: QWidget,
    text: str,
    tooltip: str,
    shortcut: QKeySequence | QKeySequence.StandardKey | str | None,
    slot: Callable[..., Any],
) -> QAction:
    """An action owned by ``widget`` whose shortcut works while focus is inside the widget.

    Panel shortcuts are local so they never clash with the window's own (a tag key, Delete).
    """
    action = QAction(text, widget)
    if shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        tooltip = f"{tooltip} ({keys})" if keys else tooltip
    action.setToolTip(tooltip)
    action.setStatusTip(tooltip)
    action.triggered.connect(slot)
    widget.addAction(action)
    return action


def tool_button(action: QAction, label: str | None = None) -> QToolButton:
    """A flat toolbar button for ``action``, optionally with a shorter label than the menu's."""
    if label is not None:
        # Buttons show an action's icon text, menus its text: "↑" here, "Move up" there.
        action.setIconText(label)
    button = QToolButton()
    button.setDefaultAction(action)
    button.setAutoRaise(True)
    button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    return button


@cache
def swatch_icon(colour: str, size: int = 14, *, muted: bool = False) -> QIcon:
    """A rounded square of a tag's colour, with a thin border so pale tints stay visible.

    Made once per colour: the inspector's tag menu asks for every tag's swatch each time the
    current claim's tags differ (a dozen antialiased paintings, ~1 ms, per review step).
    QIcon is implicitly shared, so every holder can keep the same one.
    """
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    fill = QColor(colour)
    if muted:
        fill.setAlphaF(0.35)
    painter.setBrush(fill)
    border = QColor(fill).darker(140)
    border.setAlphaF(0.6 if not muted else 0.3)
    painter.setPen(border)
    painter.drawRoundedRect(QRect(1, 1, size - 2, size - 2), 3, 3)
    painter.end()
    return QIcon(pixmap)


def dim_colour(widget: QWidget) -> QColor:
    """The palette's colour for secondary text, in light and dark themes alike."""
    return widget.palette().color(QPalette.ColorRole.PlaceholderText)


def compact_table(view: QTableView) -> None:
    """One line per row, rows as high as the text, whole-row selection, no grid."""
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setShowGrid(False)
    view.setWordWrap(False)
    view.setAlternatingRowColors(True)
    view.setTextElideMode(Qt.TextElideMode.ElideRight)
    view.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
    view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
    vertical = view.verticalHeader()
    vertical.hide()
    # Fixed row heights let the view skip measuring every row: 100,000 rows stay instant.
    vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    vertical.setDefaultSectionSize(view.fontMetrics().height() + 8)
    header = view.horizontalHeader()
    header.setHighlightSections(False)
    header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    header.setSortIndicatorShown(True)


def sortable_columns(
    view: QTableView,
    stretch: int,
    widths: dict[int, int],
    kept: frozenset[int] = frozenset(),
    stretch_share: float = STRETCH_SHARE,
) -> None:
    """Columns of fixed widths (``widths``, measured from the font) and one that takes the
    rest (``stretch``), narrower but for the ``kept`` ones in a narrow table, so that the
    stretched one keeps ``stretch_share`` of it (``column_fit``); sortable by a header click,
    none sorted at first (the model's order).

    Fixed widths, not ResizeToContents: measuring 10,000 rows on every change cost ~0.4 s.
    """
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    for column, width in widths.items():
        header.resizeSection(column, width)
    header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
    view.setSortingEnabled(True)
    ColumnFit(view, stretch, widths, kept, stretch_share)  # lives as the view's child


def one_line(text: str, limit: int = 160) -> str:
    """``text`` on one line (runs of whitespace become one space), cut at ``limit`` characters."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"
