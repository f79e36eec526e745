"""The article list's table: its model, its filter, and the widget both lists are made of.

Only Qt here, no database code: the start-up shows the project's articles in this widget
(``ArticleBrowser``) while SQLAlchemy is still loading, and the main window's panel
(``ui/panels/article_list.py``) is the same widget with the actions and the project's
services added.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from operator import itemgetter
from typing import Any, cast

from PySide6.QtCore import (
    QAbstractTableModel,
    QItemSelectionModel,
    QModelIndex,
    QModelRoleData,
    QModelRoleDataSpan,
    QPersistentModelIndex,
    Qt,
    Slot,
)
from PySide6.QtGui import QIcon, QResizeEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from sourcemark.app.article_rows import ArticleRow
from sourcemark.ui.panels.common import compact_table, sortable_columns
from sourcemark.ui.panels.plain_cells import PlainCellDelegate
from sourcemark.ui.scroll_grooves import keep_grooves

ModelIndex = QModelIndex | QPersistentModelIndex
_ID = itemgetter(0)  # an ArticleRow's id
# The least share of a narrow list its titles keep, the numbers giving way (down to half).
TITLE_SHARE = 0.5
TITLE, OUTLET, DATE, CLAIMS, REVIEWED = range(5)
ID_ROLE = Qt.ItemDataRole.UserRole + 2
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole)
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
# More rows than this joining or leaving the filter's after an edit: the model starts over.
_FEW_ROWS = 50
# Below these widths the panel hides the outlet and date columns so titles stay readable.
_WIDTH_FOR_OUTLET, _WIDTH_FOR_DATE = 470, 360


class ArticleListModel(QAbstractTableModel):
    """The articles of ``articles.list_rows``, one row each: those the filter shows.

    The model sorts and filters its rows itself, in Python, and the view shows it directly.
    A proxy model in between called ``filterAcceptsRow`` in Python for every row of every
    reset (~15 ms of opening a list of 10,000 articles) and sorted through ``data()`` for
    every comparison (3-4 s).
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._all: list[ArticleRow] = []  # every article, in the list's order
        self._rows: list[ArticleRow] = []  # those the filter shows
        self._row_of: dict[int, int] = {}  # the shown rows by article id
        self._index_in_all: dict[int, int] = {}  # and where each article is in _all
        # Lower-case "title outlet author" per article, made when a filter first asks.
        self._haystacks: dict[int, str] = {}
        self._needle = ""
        self._sort_column, self._sort_order = -1, Qt.SortOrder.AscendingOrder
        # Short headers for the number columns: the list is narrow and titles need the room.
        self._headers = (
            self.tr("Title"),
            self.tr("Outlet"),
            self.tr("Date"),
            self.tr("#", "number of claims"),
            self.tr("✓", "claims reviewed"),
        )

    def set_rows(self, rows: list[ArticleRow]) -> None:
        """Show ``rows``: in place when they are the same articles in the same order, only
        the rows whose values changed told, else by resetting the model.

        A reset makes the view start over (it lays itself out again), and most reloads
        (details edited, claims changed in another program) keep every article.
        """
        ordered = self._sorted(rows)
        if list(map(_ID, ordered)) != list(map(_ID, self._all)):
            self._haystacks = {}
            self._reset(ordered)
            return
        changed = {new.id for old, new in zip(self._all, ordered, strict=True) if old != new}
        for article_id in changed:
            self._haystacks.pop(article_id, None)
        shown = self._filtered(ordered)
        # Unfiltered, the shown rows are every article, whose ids were just compared.
        if self._needle and list(map(_ID, shown)) != list(map(_ID, self._rows)):
            # An edit made articles match the filter, or stop matching.
            if not self._refilter(ordered, shown):
                self._reset(ordered)
            return
        self._all, self._rows = ordered, shown
        rows_changed = sorted(self._row_of[i] for i in changed if i in self._row_of)
        if rows_changed:  # one range: the view repaints what shows
            self.dataChanged.emit(
                self.index(rows_changed[0], 0), self.index(rows_changed[-1], REVIEWED)
            )

    def _refilter(self, ordered: list[ArticleRow], shown: list[ArticleRow]) -> bool:
        """Take out and put in the rows that an edit made leave or join the filter's, the
        others in place, so the view keeps its place; False when too many rows would move."""
        joining = {article.id for article in shown}
        leaving = [row for row, article in enumerate(self._rows) if article.id not in joining]
        if len(leaving) + len(shown) - (len(self._rows) - len(leaving)) > _FEW_ROWS:
            return False
        rows = self._rows = list(self._rows)  # its own list, not every article's
        for row in reversed(leaving):
            self.beginRemoveRows(QModelIndex(), row, row)
            del rows[row]
            self.endRemoveRows()
        for row, article in enumerate(shown):  # both in the list's order: a merge
            if row < len(rows) and rows[row].id == article.id:
                if rows[row] != article:
                    rows[row] = article
                    self.dataChanged.emit(self.index(row, 0), self.index(row, REVIEWED))
                continue
            self.beginInsertRows(QModelIndex(), row, row)
            rows.insert(row, article)
            self.endInsertRows()
        self._all = ordered
        self._row_of = {article.id: row for row, article in enumerate(rows)}
        self._index_in_all = {article.id: index for index, article in enumerate(ordered)}
        return True

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort the rows themselves with a Python key: 10,000 rows in a few milliseconds."""
        if (column, order) == (self._sort_column, self._sort_order):
            return  # QTableView.sortByColumn asks twice; the rows are already in this order
        self._sort_column, self._sort_order = column, order
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        ids = [self._rows[index.row()].id for index in persistent]
        self._store(self._sorted(self._all))
        moved = [
            self.index(self._row_of[article_id], index.column())
            for article_id, index in zip(ids, persistent, strict=True)
        ]
        self.changePersistentIndexList(persistent, moved)
        self.layoutChanged.emit()

    def set_needle(self, needle: str) -> None:
        """Show only the articles whose title, outlet or author contain ``needle`` (lower
        case; every article when it is empty)."""
        if needle != self._needle:
            self._needle = needle
            self._reset(self._all)

    def total(self) -> int:
        """How many articles there are, shown or not."""
        return len(self._all)

    def _sorted(self, rows: list[ArticleRow]) -> list[ArticleRow]:
        column = self._sort_column
        if column < 0:
            return rows  # the service's order: newest import first
        descending = self._sort_order == Qt.SortOrder.DescendingOrder
        return sorted(rows, key=lambda s: self._sort_key(s, column), reverse=descending)

    def _reset(self, rows: list[ArticleRow]) -> None:
        self.beginResetModel()
        self._store(rows)
        self.endResetModel()

    def _store(self, rows: list[ArticleRow]) -> None:
        self._all = rows
        self._rows = self._filtered(rows)
        self._row_of = {article.id: row for row, article in enumerate(self._rows)}
        self._index_in_all = (
            self._row_of
            if self._rows is rows
            else {article.id: index for index, article in enumerate(rows)}
        )

    def _filtered(self, rows: list[ArticleRow]) -> list[ArticleRow]:
        needle = self._needle
        if not needle:
            return rows
        return [article for article in rows if needle in self._haystack(article)]

    def _haystack(self, article: ArticleRow) -> str:
        """The article's title, outlet and author in lower case: what the filter looks in."""
        text = self._haystacks.get(article.id)
        if text is None:
            text = " ".join((article.title, article.outlet or "", article.author or "")).lower()
            self._haystacks[article.id] = text
        return text

    def update_counts(
        self, article_id: int, claim_count: int, reviewed: int, suggestions: int | None = None
    ) -> None:
        index = self._index_in_all.get(article_id)
        if index is None:
            return
        old = self._all[index]
        pending = old.suggestions if suggestions is None else suggestions
        self._all[index] = new = old._replace(
            claims=claim_count, reviewed=reviewed, suggestions=pending
        )
        row = self._row_of.get(article_id)
        if row is not None:
            self._rows[row] = new  # the same list as _all when nothing is filtered out
            self.dataChanged.emit(self.index(row, 0), self.index(row, REVIEWED))

    def row_of(self, article_id: int) -> int | None:
        return self._row_of.get(article_id)

    def summary(self, row: int) -> ArticleRow:
        return self._rows[row]

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
            tips = (
                self.tr("The article's title; click to sort"),
                self.tr("Who published it"),
                self.tr("Publication date"),
                self.tr("Claims marked in the article"),
                self.tr("Claims reviewed / claims marked"),
            )
            return tips[section]
        if role == Qt.ItemDataRole.TextAlignmentRole and section in (CLAIMS, REVIEWED):
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        return None

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        article, column = self._rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(article, column)
        if role == ID_ROLE:
            return article.id
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (CLAIMS, REVIEWED):
            return _RIGHT
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(article)
        return None

    def multiData(
        self, index: ModelIndex, roleDataSpan: QModelRoleDataSpan | QModelRoleData
    ) -> None:
        """What the item delegate asks of a cell to paint it, in one call instead of nine
        ``data()`` calls from C++ into Python (a repaint of the list: ~17 → ~10 ms)."""
        if isinstance(roleDataSpan, QModelRoleData) or not index.isValid():
            super().multiData(index, roleDataSpan)
            return
        # PySide6 makes the span a sequence (len, indexing); its type stubs do not say so.
        roles = cast("Sequence[QModelRoleData]", roleDataSpan)
        article, column = self._rows[index.row()], index.column()
        for role_data in roles:
            role = role_data.role()
            if role == _DISPLAY:
                role_data.setData(self._display(article, column))
            elif role == _ALIGNMENT and column >= CLAIMS:
                role_data.setData(_RIGHT)
            elif role == ID_ROLE:
                role_data.setData(article.id)
            else:  # the delegate reuses the span from cell to cell: clear what is not ours
                role_data.clearData()

    def cell(self, row: int, column: int) -> tuple[str, QIcon | None]:
        """A cell's text for ``PlainCellDelegate``; no icons here."""
        return self._display(self._rows[row], column), None

    def right_aligned(self, column: int) -> bool:
        return column >= CLAIMS

    @staticmethod
    def _display(article: ArticleRow, column: int) -> str:
        if column == TITLE:
            return article.title
        if column == OUTLET:
            return article.outlet or ""
        if column == DATE:
            return article.published or ""
        if column == CLAIMS:
            return str(article.claims)
        if article.claims == 0:
            return "–"
        return f"{article.reviewed}/{article.claims}"

    @staticmethod
    def _sort_key(article: ArticleRow, column: int) -> Any:
        if column == TITLE:
            return article.title.casefold()
        if column == OUTLET:
            return (article.outlet or "").casefold()
        if column == DATE:
            # ISO dates sort as text; undated articles go first ascending.
            return article.published or ""
        if column == CLAIMS:
            return article.claims
        # Progress as a fraction; articles without claims sort below any progress.
        return article.reviewed / article.claims if article.claims else -1.0

    def _tooltip(self, article: ArticleRow) -> str:
        lines = [article.title]
        byline = " · ".join(p for p in (article.outlet, article.author, article.published) if p)
        if byline:
            lines.append(byline)
        lines.append(
            self.tr("%1 claims, %2 reviewed")
            .replace("%1", str(article.claims))
            .replace("%2", str(article.reviewed))
        )
        return "\n".join(lines)


@dataclass(frozen=True)
class BrowserState:
    """What the person did to a list: handed from the start-up's list to the main window's."""

    filter_text: str
    sort_column: int
    sort_order: Qt.SortOrder
    article_id: int | None
    typing: bool = False  # the filter box has the keyboard


class ArticleBrowser(QWidget):
    """A filter box over a sortable table of articles."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText(self.tr("Filter articles…"))
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.setToolTip(
            self.tr("Show only articles whose title, outlet or author contains this text")
        )
        self.count_label = QLabel()
        self.count_label.setToolTip(self.tr("Articles shown / articles in the project"))
        self.model = ArticleListModel(self)
        self.table = QTableView()
        keep_grooves(self.table)
        self.table.setModel(self.model)
        compact_table(self.table)
        self.table.setItemDelegate(PlainCellDelegate(self.table, self.model))
        metrics = self.table.fontMetrics()
        self.table.horizontalHeader().setMinimumSectionSize(metrics.horizontalAdvance("00") + 12)
        # Unsorted at first: the service's order (newest import first).
        sortable_columns(
            self.table,
            TITLE,
            {
                OUTLET: metrics.horizontalAdvance("The Guardian") + 12,
                DATE: metrics.horizontalAdvance("2024-12-31") + 14,
                CLAIMS: metrics.horizontalAdvance("000") + 16,
                REVIEWED: metrics.horizontalAdvance("00/00") + 16,
            },
            # A list narrowed to a few letters (half a screen) still shows the titles' start.
            stretch_share=TITLE_SHARE,
        )

        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.filter_edit, 1)
        top.addWidget(self.count_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(4)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        self.filter_edit.textChanged.connect(self._filter_changed)
        self.setFocusProxy(self.table)
        self._update_count()

    def set_rows(self, rows: list[ArticleRow]) -> None:
        self.model.set_rows(rows)
        self._update_count()

    def current_article_id(self) -> int | None:
        """The selected article's id (none when nothing is selected)."""
        index = self.table.currentIndex()
        if not index.isValid() or not self.table.selectionModel().isSelected(index):
            return None
        value = index.data(ID_ROLE)
        return int(value) if value is not None else None

    def state(self) -> BrowserState:
        header = self.table.horizontalHeader()
        return BrowserState(
            self.filter_edit.text(),
            header.sortIndicatorSection(),
            header.sortIndicatorOrder(),
            self.current_article_id(),
            # The window's focus widget, which it keeps while not the active window.
            typing=self.window().focusWidget() is self.filter_edit,
        )

    def show_state(self, state: BrowserState) -> None:
        """Filter and sort as ``state`` says (the selection is the caller's: it opens an
        article; so is the keyboard, which opening an article moves)."""
        self.filter_edit.setText(state.filter_text)
        if 0 <= state.sort_column < self.model.columnCount():
            self.table.sortByColumn(state.sort_column, state.sort_order)

    def select_article(self, article_id: int | None) -> None:
        """Make ``article_id``'s row the current, selected one and scroll to it."""
        row = None if article_id is None else self.model.row_of(article_id)
        index = QModelIndex() if row is None else self.model.index(row, TITLE)
        selection = self.table.selectionModel()
        if index.isValid():
            selection.setCurrentIndex(
                index,
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )
            self.table.scrollTo(index)
        else:
            selection.clearSelection()
            selection.setCurrentIndex(QModelIndex(), QItemSelectionModel.SelectionFlag.NoUpdate)

    @Slot(str)
    def _filter_changed(self, text: str) -> None:
        shown = self.current_article_id()
        self.model.set_needle(text.strip().lower())
        self.select_article(shown)  # still selected, if the filter still shows it
        self._update_count()

    def _update_count(self) -> None:
        # Only while filtering: "28 / 10,000" says how much the filter hides.
        shown, total = self.model.rowCount(), self.model.total()
        locale = self.locale()
        self.count_label.setText(f"{locale.toString(shown)} / {locale.toString(total)}")
        self.count_label.setVisible(bool(self.filter_edit.text().strip()))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        width = event.size().width()
        self.table.setColumnHidden(OUTLET, width < _WIDTH_FOR_OUTLET)
        self.table.setColumnHidden(DATE, width < _WIDTH_FOR_DATE)
