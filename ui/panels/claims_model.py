"""The item model behind the claims table: sorted ids up front, row contents on demand.

The model holds the ids of every matching claim in display order (one query, sorted and
filtered by SQLite) and fetches the rows' contents a block at a time as they are shown, so
100,000 claims cost one id list, never 100,000 objects. Tag names and colours come from a
tag-id dictionary, never a query per row.

The id list is read on a worker thread (``ui/background.py``): sorting 50,000 claims by
quote is ~100 ms of SQLite, during which the window goes on answering. Until the new list
arrives the table shows the one before; ``loading`` says so.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from typing import Any, cast

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QModelRoleData,
    QModelRoleDataSpan,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QWidget

from sourcemark.app import claim_rows
from sourcemark.app.claim_rows import ClaimRow
from sourcemark.app.claims import ClaimFilter
from sourcemark.app.codebook import TagInfo
from sourcemark.app.errors import USER_ERRORS
from sourcemark.ui.background import BackgroundRead
from sourcemark.ui.context import AppContext
from sourcemark.ui.panels.common import STATUS_COLOURS, one_line, status_text, swatch_icon
from sourcemark.ui.panels.row_keys import RowKeys

ModelIndex = QModelIndex | QPersistentModelIndex
QUOTE, TAGS, SPEAKER, STATUS, ANNOTATOR, ARTICLE = range(6)
CLAIM_ID_ROLE = Qt.ItemDataRole.UserRole + 1
ARTICLE_ID_ROLE = Qt.ItemDataRole.UserRole + 2
# The service's sort order for each column; no column (-1) means the order of the text.
SORT_KEYS = {
    QUOTE: "quote",
    TAGS: "tags",
    SPEAKER: "speaker",
    STATUS: "status",
    ANNOTATOR: "annotator",
    ARTICLE: "article",
}
# Rows read at a time as they scroll into view: a screenful or two. 200 took ~9 ms to read,
# which a new claim's row paid whenever the table scrolled to it.
BLOCK_ROWS = 64
# Rows kept in memory; scrolling far away fetches again rather than growing without bound.
MAX_CACHED_ROWS = 20_000
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_DECORATION = int(Qt.ItemDataRole.DecorationRole)
# Claims changed at once that are looked up by scanning, before the table of rows is made.
_FEW_CLAIMS = 2
_OTHER_ROLES = (int(Qt.ItemDataRole.ToolTipRole), int(CLAIM_ID_ROLE), int(ARTICLE_ID_ROLE))


class ClaimsTableModel(QAbstractTableModel):
    # A reload failed with this message for the person (the table is then empty).
    loadFailed = Signal(str)
    # A reload's ids are shown (after the reset, or the same ids' rows read again).
    loaded = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self._reading = BackgroundRead(self)
        self.criteria = ClaimFilter()
        self.sort_key, self.descending = "position", False
        self._rows = RowKeys()
        self._build_rows_later = QTimer(self)
        self._build_rows_later.setSingleShot(True)
        self._build_rows_later.setInterval(0)
        self._build_rows_later.timeout.connect(self._build_rows)
        self._cache: dict[int, ClaimRow] = {}
        # Each cached row's cells as shown (made when first painted, dropped with the row).
        self._cells: dict[int, tuple[str, ...]] = {}
        self._tags: dict[int, TagInfo] = {}
        self._tag_icons: dict[tuple[str, ...], QIcon] = {}
        self._status_icons = {s: swatch_icon(c, 10) for s, c in STATUS_COLOURS.items()}
        self._headers = (
            self.tr("Quote"),
            self.tr("Tags"),
            self.tr("Speaker"),
            self.tr("Status"),
            self.tr("Annotator"),
            self.tr("Article"),
        )

    # Loading

    def set_tags(self, tags: list[TagInfo]) -> None:
        self._tags = {tag.id: tag for tag in tags}
        self._tag_icons.clear()
        self._cells.clear()
        if self._rows.ids:
            self.dataChanged.emit(self.index(0, TAGS), self.index(len(self._rows) - 1, TAGS))

    def set_criteria(self, criteria: ClaimFilter) -> None:
        self.criteria = criteria
        self.reload()

    @property
    def loading(self) -> bool:
        """A reload was asked for and its ids are not shown yet."""
        return self._reading.busy

    def reload(self) -> None:
        """Ask for the matching ids again, on a worker thread; rows are re-read as shown.

        The worker also reads the rows the table shows first (the top, and the current
        claim's): read at the first paint instead, they took 2-3 ms of that frame.
        """
        ids_of = partial(
            claim_rows.sorted_claim_ids,
            self.context.project,
            self.criteria,
            sort=self.sort_key,
            descending=self.descending,
            # The worker runs with collection paused (ui/background.py), as this needs.
            two_threads=True,
        )
        project, current = self.context.project, self.context.claim_id

        def read() -> tuple[list[int], list[ClaimRow]]:
            ids = ids_of()
            return ids, claim_rows.claim_rows(project, _first_shown(ids, current))

        self._reading.request(read, self._show_ids, self._reload_failed)

    def _reload_failed(self, error: BaseException) -> None:
        if not isinstance(error, USER_ERRORS):
            raise error  # a bug: reported like any other, not shown as an empty table
        self.clear()
        self.loadFailed.emit(str(error))

    def _show_ids(self, found: tuple[list[int], list[ClaimRow]]) -> None:
        ids, first_rows = found
        if ids == self._rows.ids:
            self._cache.clear()
            self._cells.clear()
            if ids:
                self.dataChanged.emit(self.index(0, 0), self.index(len(ids) - 1, ARTICLE))
        else:
            self.beginResetModel()
            self._rows = RowKeys(ids)
            self._cache.clear()
            self._cells.clear()
            self.endResetModel()
        self._cache.update((row.id, row) for row in first_rows)
        self.loaded.emit()

    def clear(self) -> None:
        self._reading.cancel()
        self.beginResetModel()
        self._rows = RowKeys()
        self._cache.clear()
        self._cells.clear()
        self.endResetModel()

    def refresh_claims(self, claim_ids: frozenset[int]) -> bool:
        """Bring these claims' rows up to date in place; False when a full reload is needed.

        Edits keep a row where it is (like a spreadsheet, the order catches up on the next
        reload); a deleted claim's row goes; a new claim that the filter selects is put in
        its sorted place. Each costs one or two small queries, never the whole id list again.
        """
        if not claim_ids:
            return False
        if self._reading.busy:
            # The ids being read may be from before this change: read them again after it.
            self.reload()
            return True
        found_rows = claim_rows.claim_rows(self.context.project, sorted(claim_ids))
        rows = {row.id: row for row in found_rows}
        # Edits come in runs, each looking rows up about three times: a scan of the ids
        # each (~0.7 ms at 50,000), or a table of rows by id, made once per reload (6-10 ms
        # here at 50,000). The first edit after a reload scans, and the table is made on the
        # next turn, out of that edit's frames; many claims at once make it at once.
        if len(claim_ids) > _FEW_CLAIMS:
            self._rows.build()
        elif not self._rows.built:
            self._build_rows_later.start()
        for claim_id in sorted(claim_ids):
            found = rows.get(claim_id)
            row = self._rows.row_of(claim_id)
            if row is not None:
                if found is None:
                    self._remove(row, claim_id)
                else:
                    self._cache[claim_id] = found
                    self._cells.pop(claim_id, None)
                    self.dataChanged.emit(self.index(row, 0), self.index(row, ARTICLE))
            elif found is not None:
                place = self._place_of(claim_id)
                if place is not None:
                    self._insert(min(place, len(self._rows)), found)
        return True

    @Slot()
    def _build_rows(self) -> None:
        self._rows.build()

    def _place_of(self, claim_id: int) -> int | None:
        project = self.context.project
        if self.sort_key == "position":  # the order people annotate in: bisect the rows
            return claim_rows.place_in_reading_order(
                project, claim_id, self._rows.ids, self.criteria, descending=self.descending
            )
        return claim_rows.place_of(
            project, claim_id, self.criteria, sort=self.sort_key, descending=self.descending
        )

    def _insert(self, row: int, found: ClaimRow) -> None:
        self.beginInsertRows(QModelIndex(), row, row)
        self._rows.insert(row, found.id)
        self._cache[found.id] = found
        self.endInsertRows()

    def _remove(self, row: int, claim_id: int) -> None:
        self.beginRemoveRows(QModelIndex(), row, row)
        self._rows.remove(row)
        self._cache.pop(claim_id, None)
        self._cells.pop(claim_id, None)
        self.endRemoveRows()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = SORT_KEYS.get(column, "position")
        descending = order == Qt.SortOrder.DescendingOrder and column in SORT_KEYS
        # QTableView.sortByColumn asks twice, and enabling sorting asks for the order the
        # model already has: only a new order is worth a query.
        if (key, descending) != (self.sort_key, self.descending):
            self.sort_key, self.descending = key, descending
            self.reload()

    # Reading

    def claim_ids(self) -> list[int]:
        return list(self._rows.ids)

    def row_of(self, claim_id: int) -> int | None:
        return self._rows.row_of(claim_id)

    def claim_row(self, row: int) -> ClaimRow | None:
        """The row's contents, fetching its block of rows if they are not in memory yet."""
        if not 0 <= row < len(self._rows):
            return None
        claim_id = self._rows.ids[row]
        cached = self._cache.get(claim_id)
        if cached is None:
            self._fetch_block(row)
            cached = self._cache.get(claim_id)
        return cached

    def _fetch_block(self, row: int) -> None:
        if len(self._cache) > MAX_CACHED_ROWS:
            self._cache.clear()
            self._cells.clear()
        start = row - row % BLOCK_ROWS
        wanted = [i for i in self._rows.ids[start : start + BLOCK_ROWS] if i not in self._cache]
        for found in claim_rows.claim_rows(self.context.project, wanted):
            self._cache[found.id] = found

    # The model interface

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tr("Click to sort by %1").replace("%1", self._headers[section].lower())
        return None

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role == CLAIM_ID_ROLE:
            return self._rows.ids[index.row()]
        if role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.DecorationRole,
            Qt.ItemDataRole.ToolTipRole,
            ARTICLE_ID_ROLE,
        ):
            return None
        row = self.claim_row(index.row())
        if row is None:
            return None
        column = index.column()
        if role == ARTICLE_ID_ROLE:
            return row.article_id
        if role == Qt.ItemDataRole.DisplayRole:
            return self._shown(row)[column]
        if role == Qt.ItemDataRole.DecorationRole:
            if column == TAGS:
                return self._tag_icon(row)
            if column == STATUS:
                return self._status_icons.get(row.status)
            return None
        return self._tooltip(row, column)

    def multiData(
        self, index: ModelIndex, roleDataSpan: QModelRoleDataSpan | QModelRoleData
    ) -> None:
        """Every role the item delegate asks of a cell, in one call instead of seven.

        Each call from Qt into Python costs ~15 µs in PySide6: a table repainting its rows
        after an edit spent twice as long in ``data()`` as in painting. The delegate reuses
        its span from cell to cell, so every role is set or cleared, never left as it was.
        """
        if isinstance(roleDataSpan, QModelRoleData):
            super().multiData(index, roleDataSpan)
            return
        # PySide6 makes the span a sequence (len, indexing); its type stubs do not say so.
        roles = cast("Sequence[QModelRoleData]", roleDataSpan)
        row = self.claim_row(index.row()) if index.isValid() else None
        column = index.column()
        for role_data in roles:
            role = role_data.role()
            value: Any = None
            if row is None:
                pass
            elif role == _DISPLAY:
                value = self._shown(row)[column]
            elif role == _DECORATION:
                if column == TAGS:
                    value = self._tag_icon(row)
                elif column == STATUS:
                    value = self._status_icons.get(row.status)
            elif role in _OTHER_ROLES:
                value = self.data(index, role)
            if value is None:
                role_data.clearData()
            else:
                role_data.setData(value)

    def cell(self, row: int, column: int) -> tuple[str, QIcon | None]:
        """A cell's text and icon for ``PlainCellDelegate``: one call where roles take seven."""
        found = self.claim_row(row)
        if found is None:
            return "", None
        if column == TAGS:
            return self._shown(found)[column], self._tag_icon(found)
        if column == STATUS:
            return self._shown(found)[column], self._status_icons.get(found.status)
        return self._shown(found)[column], None

    def right_aligned(self, column: int) -> bool:
        return False

    def _shown(self, row: ClaimRow) -> tuple[str, ...]:
        cells = self._cells.get(row.id)
        if cells is None:
            cells = self._cells[row.id] = tuple(self._display(row, c) for c in range(ARTICLE + 1))
        return cells

    def _display(self, row: ClaimRow, column: int) -> str:
        if column == QUOTE:
            return one_line(row.quote, 160)
        if column == TAGS:
            return ", ".join(self._tags[t].name for t in row.tag_ids if t in self._tags)
        if column == SPEAKER:
            return row.speaker
        if column == STATUS:
            return status_text(row.status)
        if column == ANNOTATOR:
            return row.annotator
        return row.article_title

    def _tooltip(self, row: ClaimRow, column: int) -> str:
        if column == QUOTE:
            return one_line(row.quote, 400)
        if column == SPEAKER and row.affiliation:
            return f"{row.speaker}, {row.affiliation}" if row.speaker else row.affiliation
        return self._display(row, column)

    def _tag_icon(self, row: ClaimRow) -> QIcon | None:
        colours = tuple(self._tags[t].colour for t in row.tag_ids if t in self._tags)
        if not colours:
            return None
        icon = self._tag_icons.get(colours)
        if icon is None:
            icon = _dots(colours[:4])
            self._tag_icons[colours] = icon
        return icon


def _dots(colours: tuple[str, ...], size: int = 10) -> QIcon:
    """Overlapping colour dots, one per tag, for the tags column."""
    step = size * 2 // 3
    pixmap = QPixmap(size + step * (len(colours) - 1) + 2, size + 2)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    for position, colour in enumerate(colours):
        fill = QColor(colour)
        painter.setBrush(fill)
        painter.setPen(fill.darker(150))
        painter.drawEllipse(1 + position * step, 1, size - 1, size - 1)
    painter.end()
    return QIcon(pixmap)


def _first_shown(ids: list[int], current: int | None) -> list[int]:
    """The ids of the rows a reload shows first: the top ones, and those around the current
    claim (the table scrolls to it), as many as a block of rows."""
    wanted = ids[:BLOCK_ROWS]
    if current is not None and current not in wanted:
        try:
            at = ids.index(current)
        except ValueError:
            return wanted
        start = max(at - BLOCK_ROWS // 2, BLOCK_ROWS)
        wanted += ids[start : start + BLOCK_ROWS]
    return wanted
