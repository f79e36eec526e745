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
    QAbstractItemModel,
    QAbstractTableModel,
    QItemSelectionModel,
    QModelIndex,
    QModelRoleData,
    QModelRoleDataSpan,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Slot,
)
from PySide6.QtGui import QResizeEvent
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
from sourcemark.ui.scroll_grooves import keep_grooves

ModelIndex = QModelIndex | QPersistentModelIndex
_ID = itemgetter(0)  # an ArticleRow's id
# The least share of a narrow list its titles keep, the numbers giving way (down to half).
TITLE_SHARE = 0.5
TITLE, OUTLET, DATE, CLAIMS, REVIEWED = range(5)
# What the proxy sorts by: numbers as numbers, dates as ISO text, names without case.
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ID_ROLE = Qt.ItemDataRole.UserRole + 2
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole)
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
# Below these widths the panel hides the outlet and date columns so titles stay readable.
_WIDTH_FOR_OUTLET, _WIDTH_FOR_DATE = 470, 360


class ArticleListModel(QAbstractTableModel):
    """The articles of ``articles.list_rows``, one row each."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[ArticleRow] = []
        self._row_of: dict[int, int] = {}
        # Lower-case "title outlet author" per article, made when a filter first asks.
        self._haystacks: dict[int, str] = {}
        # With a filter: whether each row matches it, in row order (the proxy reads it).
        self._needle = ""
        self.shown: list[bool] = []
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

        A reset makes the proxy and the view start over (~40 ms for 10,000 articles: the
        proxy maps and filters every row again, the view lays itself out again), and most
        reloads (details edited, claims changed in another program) keep every article.
        """
        ordered = self._sorted(rows)
        old = self._rows
        if list(map(_ID, ordered)) != list(map(_ID, old)):
            self.beginResetModel()
            self._haystacks = {}
            self._store(ordered)
            self.endResetModel()
            return
        changed = [row for row, (a, b) in enumerate(zip(ordered, old, strict=True)) if a != b]
        self._rows = ordered
        for row in changed:
            self._haystacks.pop(ordered[row].id, None)
        self._match()
        if changed:  # one range: the proxy filters it again, the view repaints what shows
            self.dataChanged.emit(self.index(changed[0], 0), self.index(changed[-1], REVIEWED))

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort the rows themselves with a Python key: 10,000 rows in a few milliseconds.

        A proxy sorting through ``data()`` calls back into Python for every comparison and
        took 3-4 s on 10,000 articles; the keys are the same as ``SORT_ROLE``'s.
        """
        if (column, order) == (self._sort_column, self._sort_order):
            return  # QTableView.sortByColumn asks twice; the rows are already in this order
        self._sort_column, self._sort_order = column, order
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        ids = [self._rows[index.row()].id for index in persistent]
        self._store(self._sorted(self._rows))
        moved = [
            self.index(self._row_of[article_id], index.column())
            for article_id, index in zip(ids, persistent, strict=True)
        ]
        self.changePersistentIndexList(persistent, moved)
        self.layoutChanged.emit()

    def _sorted(self, rows: list[ArticleRow]) -> list[ArticleRow]:
        column = self._sort_column
        if column < 0:
            return rows  # the service's order: newest import first
        descending = self._sort_order == Qt.SortOrder.DescendingOrder
        return sorted(rows, key=lambda s: self._sort_key(s, column), reverse=descending)

    def _store(self, rows: list[ArticleRow]) -> None:
        self._rows = rows
        self._row_of = {article.id: row for row, article in enumerate(rows)}
        self._match()

    def set_needle(self, needle: str) -> None:
        """Mark the rows whose title, outlet or author contain ``needle`` (lower case)."""
        self._needle = needle
        self._match()

    def _match(self) -> None:
        needle = self._needle
        if needle:
            self.shown = [needle in self.haystack(row) for row in range(len(self._rows))]

    def update_counts(
        self, article_id: int, claim_count: int, reviewed: int, suggestions: int | None = None
    ) -> None:
        row = self._row_of.get(article_id)
        if row is None:
            return
        old = self._rows[row]
        pending = old.suggestions if suggestions is None else suggestions
        self._rows[row] = old._replace(claims=claim_count, reviewed=reviewed, suggestions=pending)
        self.dataChanged.emit(self.index(row, 0), self.index(row, REVIEWED))

    def row_of(self, article_id: int) -> int | None:
        return self._row_of.get(article_id)

    def summary(self, row: int) -> ArticleRow:
        return self._rows[row]

    def matches(self, row: int, needle: str) -> bool:
        return needle in self.haystack(row)

    def haystack(self, row: int) -> str:
        """The row's title, outlet and author in lower case: what the filter looks in."""
        article = self._rows[row]
        text = self._haystacks.get(article.id)
        if text is None:
            text = " ".join((article.title, article.outlet or "", article.author or "")).lower()
            self._haystacks[article.id] = text
        return text

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
        if role == SORT_ROLE:
            return self._sort_key(article, column)
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
            elif role in (SORT_ROLE, ID_ROLE):
                role_data.setData(self.data(index, role))
            else:  # the delegate reuses the span from cell to cell: clear what is not ours
                role_data.clearData()

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


class ArticleFilterProxy(QSortFilterProxyModel):
    """Shows the rows the model marks as matching; sorting is handed to the model's ``sort``.

    The model decides which rows match in one pass over its rows; ``filterAcceptsRow``, which
    Qt calls once per row from C++, only reads the answer. Asking the model per row (or
    Qt's own fixed-string filter, which calls ``index``, ``rowCount``, ``columnCount`` and
    ``data`` in Python for each row) cost 30-70 ms per keystroke over 10,000 articles.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._needle = ""
        self._model: ArticleListModel | None = None
        self.setSortRole(SORT_ROLE)

    def setSourceModel(self, model: QAbstractItemModel) -> None:
        assert isinstance(model, ArticleListModel)
        self._model = model
        super().setSourceModel(model)

    def set_needle(self, text: str) -> None:
        needle = text.strip().lower()
        if needle != self._needle and self._model is not None:
            self.beginFilterChange()
            self._needle = needle
            self._model.set_needle(needle)
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.sourceModel().sort(column, order)

    def multiData(
        self, index: ModelIndex, roleDataSpan: QModelRoleDataSpan | QModelRoleData
    ) -> None:
        # QSortFilterProxyModel would ask the model role by role, through data().
        if self._model is not None and index.isValid():
            self._model.multiData(self.mapToSource(index), roleDataSpan)
        else:
            super().multiData(index, roleDataSpan)

    def filterAcceptsRow(self, source_row: int, source_parent: ModelIndex) -> bool:
        model = self._model
        return not self._needle or (model is not None and model.shown[source_row])


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
        self.proxy = ArticleFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        keep_grooves(self.table)
        self.table.setModel(self.proxy)
        compact_table(self.table)
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
        source_row = None if article_id is None else self.model.row_of(article_id)
        index = QModelIndex()
        if source_row is not None:
            index = self.proxy.mapFromSource(self.model.index(source_row, TITLE))
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
        self.proxy.set_needle(text)
        self._update_count()

    def _update_count(self) -> None:
        # Only while filtering: "28 / 10,000" says how much the filter hides.
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        locale = self.locale()
        self.count_label.setText(f"{locale.toString(shown)} / {locale.toString(total)}")
        self.count_label.setVisible(bool(self.filter_edit.text().strip()))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        width = event.size().width()
        self.table.setColumnHidden(OUTLET, width < _WIDTH_FOR_OUTLET)
        self.table.setColumnHidden(DATE, width < _WIDTH_FOR_DATE)
