"""The claims table: claims of this article or the whole project, filtered and sorted.

Selecting a row opens its article and selects the claim; the window scrolls the reader to it.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QTimer, Slot
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from sourcemark.app import claims
from sourcemark.app.claims import ClaimFilter
from sourcemark.app.errors import USER_ERRORS
from sourcemark.ui.changes import Change
from sourcemark.ui.context import NO_ID, AppContext
from sourcemark.ui.later import ChangesLater
from sourcemark.ui.panels.claims_model import (
    ANNOTATOR,
    ARTICLE,
    ARTICLE_ID_ROLE,
    CLAIM_ID_ROLE,
    QUOTE,
    SPEAKER,
    STATUS,
    TAGS,
    ClaimsTableModel,
)
from sourcemark.ui.panels.common import (
    STATUS_COLOURS,
    STATUSES,
    compact_table,
    counted,
    letters_wide,
    sortable_columns,
    status_text,
    swatch_icon,
)
from sourcemark.ui.panels.plain_cells import PlainCellDelegate
from sourcemark.ui.scroll_grooves import keep_grooves

# Typing in the text filter waits this long before asking the project again.
TEXT_FILTER_DELAY_MS = 250


class ClaimsTablePanel(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self._syncing = False
        self._reload_timer = QTimer(self)
        self._reload_timer.setSingleShot(True)
        self._reload_timer.setInterval(0)
        self._text_timer = QTimer(self)
        self._text_timer.setSingleShot(True)
        self._text_timer.setInterval(TEXT_FILTER_DELAY_MS)

        # Widgets
        self.article_button = self._scope_button(
            self.tr("Article"), self.tr("Show the claims of the open article")
        )
        self.project_button = self._scope_button(
            self.tr("Project"), self.tr("Show the claims of every article in the project")
        )
        self.article_button.setChecked(True)
        self.scope_group = QButtonGroup(self)
        self.scope_group.addButton(self.article_button)
        self.scope_group.addButton(self.project_button)
        self.tag_combo = QComboBox()
        self.tag_combo.setToolTip(self.tr("Show only claims with this tag"))
        self.status_combo = QComboBox()
        self.status_combo.setToolTip(self.tr("Show only claims with this review status"))
        self.status_combo.addItem(self.tr("Any status"), None)
        for status in STATUSES:
            self.status_combo.addItem(
                swatch_icon(STATUS_COLOURS[status], 10), status_text(status), status
            )
        self.annotator_combo = QComboBox()
        self.annotator_combo.setToolTip(self.tr("Show only claims marked by this annotator"))
        # The start of a name, and room left for the text filter in half a screen.
        letters_wide(self.tag_combo, 8)
        letters_wide(self.annotator_combo, 6)
        self.text_edit = QLineEdit()
        self.text_edit.setPlaceholderText(self.tr("Filter claims…"))
        self.text_edit.setClearButtonEnabled(True)
        # A word's room at the least, even in a window of half a screen.
        self.text_edit.setMinimumWidth(self.text_edit.fontMetrics().averageCharWidth() * 10)
        self.text_edit.setToolTip(
            self.tr("Show only claims whose quote, speaker, affiliation or notes contain this text")
        )
        self.count_label = QLabel()
        self.count_label.setToolTip(self.tr("Claims shown"))
        self.model = ClaimsTableModel(context, self)
        self.table = QTableView()
        keep_grooves(self.table)
        self.table.setModel(self.model)
        compact_table(self.table)
        self.table.setItemDelegate(PlainCellDelegate(self.table, self.model))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        metrics = self.table.fontMetrics()
        # Unsorted at first: claims in the order of the text.
        sortable_columns(
            self.table,
            QUOTE,
            {
                TAGS: metrics.horizontalAdvance("Anonymous official, Expert") + 30,
                SPEAKER: metrics.horizontalAdvance("David Schenker, expert") + 12,
                STATUS: metrics.horizontalAdvance(status_text("needs-check")) + 34,
                ANNOTATOR: metrics.horizontalAdvance("Annotator") + 24,
                ARTICLE: metrics.horizontalAdvance("A headline of some length here") + 12,
            },
            kept=frozenset({STATUS}),  # "Unrevi…" reads as nothing
        )

        # Layout
        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        bar.setSpacing(4)
        bar.addWidget(self.article_button)
        bar.addWidget(self.project_button)
        bar.addSpacing(8)
        bar.addWidget(self.tag_combo)
        bar.addWidget(self.status_combo)
        bar.addWidget(self.annotator_combo)
        bar.addWidget(self.text_edit, 1)
        bar.addWidget(self.count_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(4)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)

        # Signals
        self.scope_group.buttonToggled.connect(self._scope_toggled)
        self.tag_combo.activated.connect(self._filters_changed)
        self.status_combo.activated.connect(self._filters_changed)
        self.annotator_combo.activated.connect(self._filters_changed)
        self.text_edit.textChanged.connect(self._text_timer.start)
        self._text_timer.timeout.connect(self._filters_changed)
        self._reload_timer.timeout.connect(self.reload)
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        self.model.modelReset.connect(self._model_reset)
        self.model.loaded.connect(self._model_reset)
        self.model.loadFailed.connect(context.errorRaised)
        self.model.rowsInserted.connect(self._rows_inserted_or_removed)
        self.model.rowsRemoved.connect(self._rows_inserted_or_removed)
        self.setFocusProxy(self.table)
        # One pass of the event loop after they happen: finding a new row's place and laying
        # the rows out would otherwise add ~14 ms to the key that tagged (ui/later.py).
        self.changes = ChangesLater(context, self._on_changed, self)
        context.currentArticleChanged.connect(self._article_changed)
        context.currentClaimChanged.connect(self._follow_claim)
        context.projectOpened.connect(self._project_opened)

        self._load_choices()
        self.reload()

    # Public API

    @property
    def whole_project(self) -> bool:
        return self.project_button.isChecked()

    def set_whole_project(self, whole: bool) -> None:
        (self.project_button if whole else self.article_button).setChecked(True)

    def criteria(self) -> ClaimFilter:
        """The filter the controls describe, for this panel or an export of what it shows."""
        tag_id = self.tag_combo.currentData()
        status = self.status_combo.currentData()
        annotator = self.annotator_combo.currentData()
        return ClaimFilter(
            article_id=None if self.whole_project else self.context.article_id,
            tag_ids=(int(tag_id),) if tag_id is not None else (),
            statuses=(str(status),) if status is not None else (),
            annotators=(str(annotator),) if annotator is not None else (),
            text=self.text_edit.text().strip() or None,
        )

    @Slot()
    def reload(self) -> None:
        """Run the query again (on a worker thread) and keep the current claim selected."""
        self._reload_timer.stop()
        self._text_timer.stop()
        self.table.setColumnHidden(ARTICLE, not self.whole_project)
        self._load_annotators()
        if not self.whole_project and self.context.article_id is None:
            self.model.clear()
            self._update_count()
        else:
            # Read on a worker thread: ``_model_reset`` selects and counts once it is shown.
            self.model.set_criteria(self.criteria())

    # Filters

    def _load_choices(self) -> None:
        """Fill the tag and annotator boxes, keeping what was chosen if it still exists."""
        try:
            tags = self.context.tags()
        except USER_ERRORS as error:
            self.context.errorRaised.emit(str(error))
            return
        self.model.set_tags(tags)
        chosen_tag = self.tag_combo.currentData()
        self.tag_combo.clear()
        self.tag_combo.addItem(self.tr("Any tag"), None)
        for tag in tags:
            label = (
                tag.name if not tag.archived else self.tr("%1 (archived)").replace("%1", tag.name)
            )
            self.tag_combo.addItem(swatch_icon(tag.colour), label, tag.id)
        self.tag_combo.setCurrentIndex(max(0, self.tag_combo.findData(chosen_tag)))

    def _load_annotators(self) -> None:
        # Read again on every reload: claims by other people arrive with merges and imports.
        try:
            people = set(claims.annotators(self.context.project))
        except USER_ERRORS as error:
            self.context.errorRaised.emit(str(error))
            return
        people.add(self.context.project.annotator)
        listed = [self.annotator_combo.itemData(i) for i in range(1, self.annotator_combo.count())]
        if listed == sorted(p for p in people if p):
            return  # as shown: rebuilding the list costs the reload ~1 ms for nothing
        chosen_person = self.annotator_combo.currentData()
        self.annotator_combo.clear()
        self.annotator_combo.addItem(self.tr("Anyone"), None)
        for person in sorted(p for p in people if p):
            self.annotator_combo.addItem(person, person)
        self.annotator_combo.setCurrentIndex(max(0, self.annotator_combo.findData(chosen_person)))

    @Slot()
    def _filters_changed(self) -> None:
        self.reload()

    @Slot(QAbstractButton, bool)
    def _scope_toggled(self, button: QAbstractButton, checked: bool) -> None:
        if checked:
            self.reload()

    # Reacting to the context

    @Slot(object)
    def _on_changed(self, change: Change) -> None:
        if change.everything or change.codebook:
            self._load_choices()
            self._reload_timer.start()
            return
        relevant = (
            bool(change.claims_of)
            if self.whole_project
            else self.context.article_id in change.claims_of
        )
        if change.articles and self.whole_project:
            self._reload_timer.start()  # titles changed, or an article and its claims went
        elif relevant:
            # Removing the current row moves Qt's current index to a neighbour: that is not
            # the person choosing another claim, so it must not change the current claim.
            self._syncing = True
            try:
                refreshed = self.model.refresh_claims(change.claim_ids)
            finally:
                self._syncing = False
            if not refreshed:
                self._reload_timer.start()
            elif self.context.claim_id in change.claim_ids:
                # A new claim becomes current before its row exists: select it now.
                self._select(self.context.claim_id)

    @Slot(int)
    def _article_changed(self, article_id: int) -> None:
        if not self.whole_project:
            self.reload()

    @Slot(int)
    def _follow_claim(self, claim_id: int) -> None:
        if not self._syncing:
            self._select(None if claim_id == NO_ID else claim_id)

    @Slot()
    def _project_opened(self) -> None:
        self.changes.drop()  # the project before's: the reload covers the new one
        self.model.clear()  # and its ids, shown or being read, are not this project's
        self.text_edit.blockSignals(True)
        self.text_edit.clear()
        self.text_edit.blockSignals(False)
        self.tag_combo.setCurrentIndex(0)
        self.status_combo.setCurrentIndex(0)
        self.annotator_combo.setCurrentIndex(0)
        self._load_choices()
        self._reload_timer.start()

    # Selection

    @Slot(QModelIndex, QModelIndex)
    def _row_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        if self._syncing or not current.isValid():
            return
        claim_id = current.data(CLAIM_ID_ROLE)
        article_id = current.data(ARTICLE_ID_ROLE)
        if claim_id is None or article_id is None:
            return
        self._syncing = True
        try:
            self.context.set_article(int(article_id))
            self.context.set_claim(int(claim_id))
        finally:
            self._syncing = False

    def _select(self, claim_id: int | None) -> None:
        row = None if claim_id is None else self.model.row_of(claim_id)
        selection = self.table.selectionModel()
        self._syncing = True
        try:
            if row is None:
                selection.clearSelection()
                selection.setCurrentIndex(QModelIndex(), QItemSelectionModel.SelectionFlag.NoUpdate)
            else:
                index = self.model.index(row, QUOTE)
                selection.setCurrentIndex(
                    index,
                    QItemSelectionModel.SelectionFlag.ClearAndSelect
                    | QItemSelectionModel.SelectionFlag.Rows,
                )
                self.table.scrollTo(index)
        finally:
            self._syncing = False

    @Slot()
    def _model_reset(self) -> None:
        self._select(self.context.claim_id)
        self._update_count()

    @Slot(QModelIndex, int, int)
    def _rows_inserted_or_removed(self, _parent: QModelIndex, _first: int, _last: int) -> None:
        self._update_count()

    def _update_count(self) -> None:
        if not self.whole_project and self.context.article_id is None:
            self.count_label.setText(self.tr("No article open"))
            return
        shown = self.model.rowCount()
        self.count_label.setText(counted(shown, self.tr("%n claim"), self.tr("%n claims")))

    def _scope_button(self, text: str, tooltip: str) -> QToolButton:
        button = QToolButton()
        button.setText(text)
        button.setToolTip(tooltip)
        button.setCheckable(True)
        button.setAutoRaise(True)
        return button
