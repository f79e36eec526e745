"""The plain cell delegate paints what the style's own delegate paints, pixel for pixel."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont, QIcon, QImage, QPalette, QPixmap
from PySide6.QtWidgets import QStyledItemDelegate, QTableView
from pytestqt.qtbot import QtBot

from sourcemark.ui.panels.common import compact_table
from sourcemark.ui.panels.plain_cells import PlainCellDelegate

ModelIndex = QModelIndex | QPersistentModelIndex


def _icon(width: int, colour: str) -> QIcon:
    pixmap = QPixmap(width, 12)
    pixmap.fill(QColor(colour))
    return QIcon(pixmap)


class _Cells(QAbstractTableModel):
    """Three columns: text with an icon of two sizes or none, long text, numbers (right)."""

    def __init__(self) -> None:
        super().__init__()
        wide, narrow = _icon(30, "#c0392b"), _icon(12, "#2980b9")
        self.rows: list[tuple[tuple[str, QIcon | None], ...]] = [
            (
                (f"Anonymous official {n}", (wide, narrow, None)[n % 3]),
                ("two officials familiar with the matter said " * (1 + n % 4), None),
                (str(10**n), None),
            )
            for n in range(8)
        ]
        self.rows.append((("", None), ("محمد العلي said ", None), ("–", None)))

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 3

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        text, icon = self.cell(index.row(), index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return text
        if role == Qt.ItemDataRole.DecorationRole:
            return icon
        if role == Qt.ItemDataRole.TextAlignmentRole and self.right_aligned(index.column()):
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        return None

    def cell(self, row: int, column: int) -> tuple[str, QIcon | None]:
        return self.rows[row][column]

    def right_aligned(self, column: int) -> bool:
        return column == 2


@pytest.fixture
def view(qtbot: QtBot) -> Iterator[QTableView]:
    table = QTableView()
    qtbot.addWidget(table)
    model = _Cells()
    table.setModel(model)
    compact_table(table)
    table.horizontalHeader().resizeSection(0, 150)
    table.horizontalHeader().resizeSection(1, 260)
    table.resize(560, 300)
    table.show()
    qtbot.waitExposed(table)
    yield table


def _pictures(view: QTableView) -> tuple[QImage, QImage]:
    """The viewport painted by the style's delegate, then by the plain one."""
    model = view.model()
    assert isinstance(model, _Cells)
    pictures = []
    for delegate in (QStyledItemDelegate(view), PlainCellDelegate(view, model)):
        view.setItemDelegate(delegate)
        view.viewport().repaint()
        pictures.append(view.viewport().grab().toImage())
    return pictures[0], pictures[1]


def test_cells_look_as_the_style_paints_them(view: QTableView) -> None:
    """Icons of two sizes and none, elided text, numbers to the right, an empty cell."""
    styled, plain = _pictures(view)
    assert plain == styled


def test_selected_focused_and_disabled_cells_look_the_same(view: QTableView) -> None:
    view.setFocus()
    # A row with an icon selected; its last cell, current, has the focus frame.
    view.setCurrentIndex(view.model().index(1, 2))
    assert view.selectionModel().isRowSelected(1)
    styled, plain = _pictures(view)
    assert plain == styled
    view.setEnabled(False)
    styled, plain = _pictures(view)
    assert plain == styled


def test_a_dark_palette_and_a_new_font_are_followed(view: QTableView) -> None:
    delegate = PlainCellDelegate(view, view.model())  # type: ignore[arg-type]
    view.setItemDelegate(delegate)
    view.viewport().repaint()  # the texts at the old font are kept now
    palette = QPalette(view.palette())
    palette.setColor(QPalette.ColorRole.Base, QColor("#1e1e1e"))
    palette.setColor(QPalette.ColorRole.AlternateBase, QColor("#262626"))
    palette.setColor(QPalette.ColorRole.Text, QColor("#eeeeee"))
    view.setPalette(palette)
    font = QFont(view.font())
    font.setPointSizeF(font.pointSizeF() * 1.5)
    view.setFont(font)
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 8)
    view.viewport().repaint()
    kept = view.viewport().grab().toImage()
    styled, plain = _pictures(view)
    assert plain == styled
    assert kept == styled  # the delegate dropped what it had laid out at the old font
