"""Painting one-line table cells (a text, perhaps an icon) without asking the model each role.

``QStyledItemDelegate`` paints a cell by asking the model for every role it knows (a call
from C++ into Python), then has the style lay out and elide the text again, on every paint:
2.8-4.2 ms for the 35 cells of the claims table on screen. Resizing the window paints the
table twice; tagging a passage paints it again. ``PlainCellDelegate`` asks the model one
question a cell (``PlainCells.cell``), keeps each text elided and laid out (``QStaticText``),
and puts the icon and the text where the style itself would (its own ``subElementRect``, kept
per cell size): 1.5-2.2 ms, the same pixels (``tests/ui/panels/test_plain_cells.py``). The
background, selection and focus frame are still the style's.
"""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPointF,
    QRect,
    QSize,
    Qt,
)
from PySide6.QtGui import QIcon, QPainter, QPalette, QStaticText, QTextOption, QTransform
from PySide6.QtWidgets import QAbstractItemView, QStyle, QStyledItemDelegate, QStyleOptionViewItem

# Texts laid out, per (text, room): a table shows a few dozen cells at a few widths.
MAX_TEXTS = 2048

_CENTRE = Qt.AlignmentFlag.AlignCenter
_PANEL = QStyle.PrimitiveElement.PE_PanelItemViewItem
_SELECTED = QStyle.StateFlag.State_Selected.value
_ENABLED = QStyle.StateFlag.State_Enabled.value
_ACTIVE = QStyle.StateFlag.State_Active.value
_FOCUSED = QStyle.StateFlag.State_HasFocus.value
# Looked up once: each access to a PySide6 enum member runs Python's enum machinery.
_NORMAL, _INACTIVE, _DISABLED = (
    QPalette.ColorGroup.Normal,
    QPalette.ColorGroup.Inactive,
    QPalette.ColorGroup.Disabled,
)
_TEXT, _HIGHLIGHTED_TEXT = QPalette.ColorRole.Text, QPalette.ColorRole.HighlightedText
_ICON_NORMAL, _ICON_SELECTED, _ICON_DISABLED = (
    QIcon.Mode.Normal,
    QIcon.Mode.Selected,
    QIcon.Mode.Disabled,
)
_RIGHT_TO_LEFT = Qt.LayoutDirection.RightToLeft
_RESETS = (QEvent.Type.FontChange, QEvent.Type.StyleChange)


class PlainCells(Protocol):
    """A model whose cells are a line of text with an optional icon."""

    def cell(self, row: int, column: int) -> tuple[str, QIcon | None]:
        """The cell's text (its display role) and icon (its decoration role)."""
        ...

    def right_aligned(self, column: int) -> bool:
        """Whether the column's cells are aligned right (numbers)."""
        ...


class PlainCellDelegate(QStyledItemDelegate):
    """Paints ``view``'s cells from ``cells``, as the style would, faster. Editing, size hints
    and tooltips stay ``QStyledItemDelegate``'s, through the model's roles."""

    def __init__(self, view: QAbstractItemView, cells: PlainCells) -> None:
        super().__init__(view)
        self._view = view
        self._cells = cells
        self._places: dict[tuple[int, int, int, int, bool], tuple[QRect, QRect]] = {}
        self._texts: dict[tuple[str, int, int, bool], tuple[QStaticText, float, int, bool]] = {}
        self._icon_sizes: dict[int, QSize] = {}
        self._style: QStyle | None = None
        view.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _RESETS:  # places and texts depend on the font and style
            self._style = None
            self._places.clear()
            self._texts.clear()
            self._icon_sizes.clear()
        return False

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        # Plain ints for the state: each operation on a PySide6 flag is a Python enum's.
        state = option.state.value
        if state & _FOCUSED:  # one cell: its focus frame is the style's to draw
            super().paint(painter, option, index)
            return
        style = self._style
        if style is None:
            style = self._style = self._view.style()
        style.drawPrimitive(_PANEL, option, painter, self._view)
        column = index.column()
        text, icon = self._cells.cell(index.row(), column)
        rect = option.rect
        left, top = rect.x(), rect.y()
        icon_size = self._icon_size(icon, option) if icon is not None else None
        icon_place, text_place = self._place(rect, icon_size, option)
        selected = state & _SELECTED
        if icon is not None:
            if not state & _ENABLED:
                mode = _ICON_DISABLED
            else:
                mode = _ICON_SELECTED if selected else _ICON_NORMAL
            icon.paint(painter, icon_place.translated(left, top), _CENTRE, mode)
        if not text:
            return
        line = self._line(text, text_place.width(), column, option)
        group = (_NORMAL if state & _ACTIVE else _INACTIVE) if state & _ENABLED else _DISABLED
        role = _HIGHLIGHTED_TEXT if selected else _TEXT
        painter.setPen(option.palette.color(group, role))
        static, width, height, right = line
        # Placed as QCommonStyle places its text layout: a line of the room's width, the text
        # aligned in it (to a fraction of a pixel), centred by its whole pixels of height.
        x = text_place.x() + (text_place.width() - width if right else 0)
        y = text_place.y() + (text_place.height() - height) // 2
        painter.drawStaticText(QPointF(left + x, top + y), static)

    def _line(
        self, text: str, room: int, column: int, option: QStyleOptionViewItem
    ) -> tuple[QStaticText, float, int, bool]:
        """The text elided to ``room`` and laid out once (a QStaticText), its size, and
        whether it goes to the right."""
        direction = option.direction
        key = (text, room, column, direction == _RIGHT_TO_LEFT)
        found = self._texts.get(key)
        if found is not None:
            return found
        if len(self._texts) > MAX_TEXTS:
            self._texts.clear()
        metrics = option.fontMetrics
        shown = metrics.elidedText(text, self._view.textElideMode(), room)
        static = QStaticText(shown)
        static.setTextFormat(Qt.TextFormat.PlainText)
        layout = QTextOption()
        # As the style lays it out: in the view's direction, not one guessed from the text.
        layout.setTextDirection(direction)
        layout.setWrapMode(QTextOption.WrapMode.NoWrap)
        static.setTextOption(layout)
        static.prepare(QTransform(), option.font)
        size = static.size()
        right = self._cells.right_aligned(column)
        if direction == _RIGHT_TO_LEFT:
            right = not right
        found = self._texts[key] = (static, size.width(), int(size.height()), right)
        return found

    def _icon_size(self, icon: QIcon, option: QStyleOptionViewItem) -> QSize:
        key = icon.cacheKey()
        size = self._icon_sizes.get(key)
        if size is None:
            wanted = option.decorationSize
            size = self._icon_sizes[key] = icon.actualSize(wanted)
        return size

    def _place(
        self, rect: QRect, icon_size: QSize | None, option: QStyleOptionViewItem
    ) -> tuple[QRect, QRect]:
        """Where the style puts a cell's icon and text (less its margins), from the cell's
        top left: the same for every cell of a size."""
        key = (
            rect.width(),
            rect.height(),
            icon_size.width() if icon_size else -1,
            icon_size.height() if icon_size else -1,
            option.direction == _RIGHT_TO_LEFT,
        )
        found = self._places.get(key)
        if found is not None:
            return found
        probe = QStyleOptionViewItem(option)
        probe.rect = QRect(0, 0, rect.width(), rect.height())
        probe.text = "x"
        features = QStyleOptionViewItem.ViewItemFeature.HasDisplay
        if icon_size is not None:
            features |= QStyleOptionViewItem.ViewItemFeature.HasDecoration
            probe.decorationSize = icon_size
            probe.icon = QIcon()
        probe.features = features
        style = self._view.style()
        element = QStyle.SubElement
        icon_place = style.subElementRect(element.SE_ItemViewItemDecoration, probe, self._view)
        text_place = style.subElementRect(element.SE_ItemViewItemText, probe, self._view)
        # The style keeps the text this far from the cell's sides (QCommonStyle's textMargin).
        margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, self._view) + 1
        text_place = text_place.adjusted(margin, 0, -margin, 0)
        found = self._places[key] = (icon_place, text_place)
        return found
