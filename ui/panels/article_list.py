"""The article list: every article with its outlet, date, claims and review progress."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    Slot,
)
from PySide6.QtGui import QKeySequence, QResizeEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from sourcemark.app import articles, claims
from sourcemark.app.articles import ArticleRow
from sourcemark.app.claims import ClaimFilter
from sourcemark.app.errors import USER_ERRORS
from sourcemark.app.tally import ClaimTally
from sourcemark.ui.changes import Change
from sourcemark.ui.context import NO_ID, AppContext
from sourcemark.ui.dialogs.article_details import ArticleDetailsDialog
from sourcemark.ui.panels.common import STATUSES, compact_table, make_action

ModelIndex = QModelIndex | QPersistentModelIndex
TITLE, OUTLET, DATE, CLAIMS, REVIEWED = range(5)
# What the proxy sorts by: numbers as numbers, dates as ISO text, names without case.
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ID_ROLE = Qt.ItemDataRole.UserRole + 2
_REVIEWED_STATUSES = tuple(s for s in STATUSES if s != "unreviewed")
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
        self.beginResetModel()
        self._haystacks = {}
        self._store(self._sorted(rows))
        self.endResetModel()

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
        if role == SORT_ROLE:
            return self._sort_key(article, column)
        if role == ID_ROLE:
            return article.id
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (CLAIMS, REVIEWED):
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(article)
        return None

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

    def filterAcceptsRow(self, source_row: int, source_parent: ModelIndex) -> bool:
        model = self._model
        return not self._needle or (model is not None and model.shown[source_row])


class ArticleListPanel(QWidget):
    """A filter box over a sortable table of articles; selecting one opens it."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self._syncing = False
        self._reload_timer = QTimer(self)
        self._reload_timer.setSingleShot(True)
        self._reload_timer.setInterval(0)
        self._reload_timer.timeout.connect(self.reload)

        # Widgets
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
        self.table.setModel(self.proxy)
        compact_table(self.table)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header = self.table.horizontalHeader()
        # Fixed widths from the font, not ResizeToContents: measuring 10,000 rows on every
        # change cost ~0.4 s.
        metrics = self.table.fontMetrics()
        header.setMinimumSectionSize(metrics.horizontalAdvance("00") + 12)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(TITLE, QHeaderView.ResizeMode.Stretch)
        widths = {
            OUTLET: metrics.horizontalAdvance("The Guardian") + 12,
            DATE: metrics.horizontalAdvance("2024-12-31") + 14,
            CLAIMS: metrics.horizontalAdvance("000") + 16,
            REVIEWED: metrics.horizontalAdvance("00/00") + 16,
        }
        for column, width in widths.items():
            header.resizeSection(column, width)
        # No sort at first: the service's order (newest import first) until a header is clicked.
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)

        # Actions
        self.edit_action = make_action(
            self,
            self.tr("Edit details…"),
            self.tr("Edit the selected article's title, outlet, author, address and date"),
            QKeySequence("Alt+Return"),
            self.edit_details,
        )
        self.delete_action = make_action(
            self,
            self.tr("Delete article…"),
            self.tr("Delete the selected article and all its claims"),
            QKeySequence("Shift+Del"),
            self.delete_article,
        )

        # Layout
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.filter_edit, 1)
        top.addWidget(self.count_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(4)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)

        # Signals
        self.filter_edit.textChanged.connect(self._filter_changed)
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        self.table.customContextMenuRequested.connect(self._show_menu)
        self.setFocusProxy(self.table)
        context.changed.connect(self._on_changed)
        context.tallyChanged.connect(self._tally_changed)
        context.currentArticleChanged.connect(self._follow_article)
        context.projectOpened.connect(self._project_opened)

        self.reload()

    # Public API

    def current_article_id(self) -> int | None:
        index = self.table.currentIndex()
        if not index.isValid() or not self.table.selectionModel().isSelected(index):
            return None
        value = index.data(ID_ROLE)
        return int(value) if value is not None else None

    @Slot()
    def select_next(self) -> None:
        """Open the next article in the list's order (the first if none is open)."""
        self._step(+1)

    @Slot()
    def select_previous(self) -> None:
        """Open the previous article in the list's order (the last if none is open)."""
        self._step(-1)

    def _step(self, step: int) -> None:
        rows = self.proxy.rowCount()
        if rows == 0:
            return
        current = self.table.currentIndex()
        if current.isValid() and self.current_article_id() is not None:
            row = current.row() + step
        else:
            row = 0 if step > 0 else rows - 1
        if 0 <= row < rows:
            self.table.selectRow(row)

    @Slot()
    def reload(self) -> None:
        """Read every article again (one query) and keep the current one selected."""
        self._reload_timer.stop()
        try:
            rows = articles.list_rows(self.context.project)
        except USER_ERRORS as error:
            self.context.errorRaised.emit(str(error))
            rows = []
        self._syncing = True
        try:
            self.model.set_rows(rows)
        finally:
            self._syncing = False
        self._select(self.context.article_id)
        self._update_count()

    @Slot()
    def edit_details(self) -> None:
        article_id = self.current_article_id()
        if article_id is None:
            return
        try:
            article = articles.get_article(self.context.project, article_id)
            details = ArticleDetailsDialog.edit(article, self)
            if details is None:
                return
            articles.update_article(
                self.context.project,
                article_id,
                title=details.title,
                outlet=details.outlet,
                author=details.author,
                url=details.url,
                published=details.published,
            )
        except USER_ERRORS as error:
            self.context.errorRaised.emit(str(error))
            return
        self.context.notify(Change(articles=True))

    @Slot()
    def delete_article(self) -> None:
        article_id = self.current_article_id()
        row = None if article_id is None else self.model.row_of(article_id)
        if article_id is None or row is None:
            return
        summary = self.model.summary(row)
        question = self.tr("Delete “%1”?").replace("%1", summary.title)
        if summary.claims:
            detail = self.tr("Its %n claim(s) will be deleted with it.", "", summary.claims)
        else:
            detail = self.tr("It has no claims yet.")
        answer = QMessageBox.question(
            self,
            self.tr("Delete article"),
            f"{question}\n\n{detail} {self.tr('This cannot be undone.')}",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        if self.context.article_id == article_id:
            self.context.set_article(None)
        try:
            articles.delete_article(self.context.project, article_id)
        except USER_ERRORS as error:
            self.context.errorRaised.emit(str(error))
            return
        self.context.notify(Change(articles=True, claims_of=frozenset({article_id})))

    # Reacting to the context

    @Slot(object)
    def _on_changed(self, change: Change) -> None:
        if change.everything or change.articles:
            self._reload_timer.start()
            return
        for article_id in change.claims_of:
            # The open article's counts arrive with the reader's tally (``tallyChanged``).
            if article_id != self.context.tally_of:
                self._update_counts(article_id)

    @Slot(int, object)
    def _tally_changed(self, article_id: int, tally: ClaimTally) -> None:
        self.model.update_counts(article_id, tally.claims, tally.reviewed, tally.suggestions)

    def _update_counts(self, article_id: int) -> None:
        if self.model.row_of(article_id) is None:
            return
        project = self.context.project
        try:
            total = claims.count_claims(project, ClaimFilter(article_id=article_id))
            reviewed = claims.count_claims(
                project, ClaimFilter(article_id=article_id, statuses=_REVIEWED_STATUSES)
            )
        except USER_ERRORS:
            self._reload_timer.start()
            return
        self.model.update_counts(article_id, total, reviewed)

    @Slot()
    def _project_opened(self) -> None:
        self.filter_edit.clear()
        self._reload_timer.start()

    @Slot(int)
    def _follow_article(self, article_id: int) -> None:
        if not self._syncing:
            self._select(None if article_id == NO_ID else article_id)

    def _select(self, article_id: int | None) -> None:
        source_row = None if article_id is None else self.model.row_of(article_id)
        index = QModelIndex()
        if source_row is not None:
            index = self.proxy.mapFromSource(self.model.index(source_row, TITLE))
        selection = self.table.selectionModel()
        self._syncing = True
        try:
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
        finally:
            self._syncing = False
        self._update_actions()

    # Reacting to the user

    @Slot(str)
    def _filter_changed(self, text: str) -> None:
        # When the filter hides the current row, Qt makes a neighbour current: that must not
        # open another article (it did, and read its text on every keystroke).
        self._syncing = True
        try:
            self.proxy.set_needle(text)
        finally:
            self._syncing = False
        self._update_count()
        self._select(self.context.article_id)

    @Slot(QModelIndex, QModelIndex)
    def _row_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        self._update_actions()
        if self._syncing or not current.isValid():
            return
        self._syncing = True
        try:
            self.context.set_article(int(current.data(ID_ROLE)))
        finally:
            self._syncing = False

    @Slot(QPoint)
    def _show_menu(self, position: QPoint) -> None:
        if self.current_article_id() is None:
            return
        menu = QMenu(self)
        menu.addAction(self.edit_action)
        menu.addSeparator()
        menu.addAction(self.delete_action)
        menu.exec(self.table.viewport().mapToGlobal(position))
        menu.deleteLater()

    def _update_actions(self) -> None:
        editable = self.current_article_id() is not None and not self.context.project.read_only
        self.edit_action.setEnabled(editable)
        self.delete_action.setEnabled(editable)

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
