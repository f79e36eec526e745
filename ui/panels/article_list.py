"""The article list: every article with its outlet, date, claims and review progress."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QModelIndex, QPoint, Qt, QTimer, Slot
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QMenu, QMessageBox, QWidget

from sourcemark.app import articles, claims
from sourcemark.app.article_rows import ArticleRow
from sourcemark.app.claims import ClaimFilter
from sourcemark.app.errors import USER_ERRORS
from sourcemark.app.tally import ClaimTally
from sourcemark.ui.background import BackgroundRead
from sourcemark.ui.changes import Change
from sourcemark.ui.context import NO_ID, AppContext
from sourcemark.ui.dialogs.article_details import ArticleDetailsDialog
from sourcemark.ui.garbage import collection_paused, settle_survivors
from sourcemark.ui.panels.article_table import ID_ROLE, ArticleBrowser
from sourcemark.ui.panels.common import STATUSES, counted, make_action

_REVIEWED_STATUSES = tuple(s for s in STATUSES if s != "unreviewed")


class ArticleListPanel(ArticleBrowser):
    """The project's articles (``ArticleBrowser``); selecting one opens it."""

    def __init__(
        self,
        context: AppContext,
        parent: QWidget | None = None,
        *,
        rows: list[ArticleRow] | None = None,
    ) -> None:
        """``rows``: the project's list rows as they are now, when the caller has them."""
        super().__init__(parent)
        self.context = context
        self._syncing = False
        # After a change the rows are read again on a worker thread: at 10,000 articles the
        # read is most of a reload's ~80-130 ms, which held the window still.
        self._reading = BackgroundRead(self)
        self._reload_timer = QTimer(self)
        self._reload_timer.setSingleShot(True)
        self._reload_timer.setInterval(0)
        self._reload_timer.timeout.connect(self._read_again)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)

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

        # Signals
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        self.table.customContextMenuRequested.connect(self._show_menu)
        context.changed.connect(self._on_changed)
        context.tallyChanged.connect(self._tally_changed)
        context.currentArticleChanged.connect(self._follow_article)
        context.projectOpened.connect(self._project_opened)

        self.reload(rows)

    # Public API

    @Slot()
    def select_next(self) -> None:
        """Open the next article in the list's order (the first if none is open)."""
        self._step(+1)

    @Slot()
    def select_previous(self) -> None:
        """Open the previous article in the list's order (the last if none is open)."""
        self._step(-1)

    def _step(self, step: int) -> None:
        rows = self.model.rowCount()
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
    def reload(self, rows: list[ArticleRow] | None = None) -> None:
        """Read every article again (one query; none when ``rows`` are given) and keep the
        current one selected."""
        self._reload_timer.stop()
        self._reading.cancel()  # a read asked before this one would bring older rows
        if rows is None:
            try:
                # Counted on two threads, which needs the collector paused.
                with collection_paused():
                    rows = articles.list_rows(self.context.project, two_threads=True)
                    settle_survivors()  # the rows live on: walked once, here (~3 ms at 10,000)
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

    @property
    def reading(self) -> bool:
        """The rows are being read again after a change (the list shows them as they were)."""
        return self._reading.busy or self._reload_timer.isActive()

    @Slot()
    def _read_again(self) -> None:
        read = partial(articles.list_rows, self.context.project, two_threads=True)
        self._reading.request(read, self._show_read, self._read_failed)

    def _show_read(self, rows: list[ArticleRow]) -> None:
        settle_survivors()  # the rows live on: walked once, here (~3 ms at 10,000)
        self.reload(rows)

    def _read_failed(self, error: BaseException) -> None:
        if not isinstance(error, USER_ERRORS):
            raise error
        self.context.errorRaised.emit(str(error))

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
            detail = counted(
                summary.claims,
                self.tr("Its claim will be deleted with it."),
                self.tr("Its %n claims will be deleted with it."),
            )
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
        # Emptied at once; the read that follows the project's change fills it. Meanwhile it
        # must not offer the other project's articles: picking one would open whatever
        # article has its id here.
        self.reload([])

    @Slot(int)
    def _follow_article(self, article_id: int) -> None:
        if not self._syncing:
            self._select(None if article_id == NO_ID else article_id)

    def _select(self, article_id: int | None) -> None:
        self._syncing = True
        try:
            self.select_article(article_id)
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
            self.model.set_needle(text.strip().lower())
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
