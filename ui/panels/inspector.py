"""The inspector: the selected claim's quote, tags, sourcing details and review, edited in place.

Every edit is an undoable command. Text fields commit when the analyst leaves them (or pauses
typing), and consecutive edits of one field merge into one undo step. A field being typed into
is never overwritten when the claim changes underneath.
"""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import QDateTime, QEvent, QObject, QSize, Qt, QTimer, Slot
from PySide6.QtGui import QAction, QColor, QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from sourcemark.app.claims import ClaimInfo
from sourcemark.app.codebook import TagInfo
from sourcemark.app.errors import USER_ERRORS
from sourcemark.ui import commands
from sourcemark.ui.changes import Change
from sourcemark.ui.context import NO_ID, AppContext
from sourcemark.ui.panels.common import (
    STATUS_COLOURS,
    STATUSES,
    dim_colour,
    letters_wide,
    one_line,
    status_text,
    swatch_icon,
)
from sourcemark.ui.panels.flow_layout import FlowLayout
from sourcemark.ui.panels.quote_preview import QuotePreview
from sourcemark.ui.panels.tag_chip import TagChip
from sourcemark.ui.panels.wrapping_label import WrappingLabel

# Common attribution verbs, offered in the cue box; anything else can be typed.
COMMON_CUES = ("said", "according to", "told", "confirmed", "stated", "declined to comment")
# Typing pauses this long before a text field is saved.
COMMIT_DELAY_MS = 800
# The text fields, by the claim attribute they edit.
TEXT_FIELDS = ("speaker", "affiliation", "cue", "note", "reviewer_note")


class _FormScroll(QScrollArea):
    """Scrolls the claim's form up and down, never sideways, so the panel is never narrower
    than the form: the window grows instead of cutting the fields off at its edge."""

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        form = self.widget()
        if form is not None:
            bar = self.verticalScrollBar().sizeHint().width()
            hint.setWidth(max(hint.width(), form.minimumSizeHint().width() + bar))
        return hint


class InspectorPanel(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self._claim: ClaimInfo | None = None
        self._tags: dict[int, TagInfo] = {}
        # The chips, reused from claim to claim; the tags and add-tag choices shown.
        self._chips: list[TagChip] = []  # in the order shown; more tags, more chips
        self._chips_shown: tuple[TagInfo, ...] = ()
        self._tags_offered: tuple[TagInfo, ...] | None = None
        self._dirty: set[str] = set()
        self._loading = False
        self._commit_timer = QTimer(self)
        self._commit_timer.setSingleShot(True)
        self._commit_timer.setInterval(COMMIT_DELAY_MS)

        # Widgets: the empty state
        self.empty_label = QLabel(
            self.tr("Select a passage and press a tag's key, or click a highlight.")
        )
        self.empty_label.setWordWrap(True)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setMargin(16)
        palette = self.empty_label.palette()
        palette.setColor(QPalette.ColorRole.WindowText, dim_colour(self))
        self.empty_label.setPalette(palette)

        # Widgets: the claim
        self.quote_label = QuotePreview()
        # A bar in the first tag's colour ties the quote to its highlight in the reader.
        self.quote_bar = QFrame()
        self.quote_bar.setFixedWidth(4)
        self.quote_bar.setAutoFillBackground(True)
        self.chips = QWidget()
        self.chip_layout = FlowLayout(self.chips)
        self.add_tag_combo = QComboBox()
        self.add_tag_combo.setToolTip(self.tr("Add another tag to this claim"))
        letters_wide(self.add_tag_combo, 9)
        self.speaker_edit = QLineEdit()
        self.speaker_edit.setPlaceholderText(self.tr("Who is quoted, e.g. David Schenker"))
        self.speaker_edit.setToolTip(self.tr("The source the claim is attributed to"))
        self.affiliation_edit = QLineEdit()
        self.affiliation_edit.setPlaceholderText(self.tr("e.g. Washington Institute"))
        self.affiliation_edit.setToolTip(self.tr("The source's organisation or role"))
        self.cue_combo = QComboBox()
        self.cue_combo.setEditable(True)
        self.cue_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.cue_combo.addItems(list(COMMON_CUES))
        self.cue_combo.setToolTip(self.tr("The attribution words: said, according to, told…"))
        cue_edit = self.cue_combo.lineEdit()
        assert cue_edit is not None  # an editable combo box always has one
        self.cue_edit: QLineEdit = cue_edit
        self.cue_edit.setPlaceholderText(self.tr("e.g. according to"))
        self.form_combo = QComboBox()
        self.form_combo.addItem("—", None)
        self.form_combo.addItem(self.tr("Direct quote"), "direct")
        self.form_combo.addItem(self.tr("Indirect (paraphrase)"), "indirect")
        self.form_combo.setToolTip(self.tr("Whether the source's words are quoted or paraphrased"))
        self.note_edit = QPlainTextEdit()
        self.note_edit.setPlaceholderText(self.tr("Your note on this claim"))
        self.note_edit.setToolTip(self.tr("A note for yourself and the reviewer"))
        self.note_edit.setTabChangesFocus(True)
        self.note_edit.setFixedHeight(self.fontMetrics().lineSpacing() * 3 + 12)
        self.status_combo = QComboBox()
        for status in STATUSES:
            self.status_combo.addItem(
                swatch_icon(STATUS_COLOURS[status]), status_text(status), status
            )
        self.status_combo.setToolTip(self.tr("The review verdict on this claim"))
        for combo in (self.cue_combo, self.form_combo, self.status_combo):
            letters_wide(combo, 8)  # the form fits the panel in a window of half a screen
        self.reviewer_note_edit = QLineEdit()
        self.reviewer_note_edit.setPlaceholderText(self.tr("Why, for the record"))
        self.reviewer_note_edit.setToolTip(self.tr("The reviewer's note on the verdict"))
        self.meta_label = self._small_label()
        self.origin_label = self._small_label()
        # Accept / Reject for a pending suggestion: the window's actions, filled in by
        # set_suggestion_actions, so the buttons share their keys, tooltips and enabled state.
        self.suggestion_row = QWidget()
        self.accept_button = QToolButton()
        self.reject_button = QToolButton()
        suggestion_layout = QHBoxLayout(self.suggestion_row)
        suggestion_layout.setContentsMargins(0, 0, 0, 0)
        suggestion_layout.addWidget(self.accept_button)
        suggestion_layout.addWidget(self.reject_button)
        suggestion_layout.addStretch(1)
        self.suggestion_row.hide()
        self._fields: dict[str, QLineEdit | QPlainTextEdit] = {
            "speaker": self.speaker_edit,
            "affiliation": self.affiliation_edit,
            "cue": self.cue_edit,
            "note": self.note_edit,
            "reviewer_note": self.reviewer_note_edit,
        }

        # Layout
        self.chip_layout.addWidget(self.add_tag_combo)
        form = QFormLayout()
        form.setContentsMargins(0, 0, 0, 0)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        form.addRow(self.tr("&Speaker:"), self.speaker_edit)
        form.addRow(self.tr("&Affiliation:"), self.affiliation_edit)
        form.addRow(self.tr("&Cue:"), self.cue_combo)
        form.addRow(self.tr("&Form:"), self.form_combo)
        form.addRow(self.tr("&Note:"), self.note_edit)
        form.addRow(self._separator())
        form.addRow(self.tr("S&tatus:"), self.status_combo)
        form.addRow(self.tr("&Review note:"), self.reviewer_note_edit)
        claim_page = QWidget()
        claim_layout = QVBoxLayout(claim_page)
        claim_layout.setContentsMargins(6, 6, 6, 6)
        claim_layout.setSpacing(6)
        quote_row = QHBoxLayout()
        quote_row.setSpacing(8)
        quote_row.addWidget(self.quote_bar)
        quote_row.addWidget(self.quote_label, 1)
        claim_layout.addLayout(quote_row)
        claim_layout.addWidget(self.chips)
        claim_layout.addLayout(form)
        claim_layout.addWidget(self.origin_label)
        claim_layout.addWidget(self.suggestion_row)
        claim_layout.addWidget(self.meta_label)
        claim_layout.addStretch(1)
        scroll = _FormScroll()
        scroll.setWidget(claim_page)
        scroll.setWidgetResizable(True)
        # The scroll area makes the form and its viewport opaque. Shown again (each time a
        # passage is tagged), Qt then painted every field twice in one frame, once for the
        # opaque form and once for its fields: ~3 ms. See-through, they paint once; the
        # window's background behind them is the same colour.
        claim_page.setAutoFillBackground(False)
        scroll.viewport().setAutoFillBackground(False)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty_label)
        self.stack.addWidget(scroll)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)

        # Signals
        for edit in (
            self.speaker_edit,
            self.affiliation_edit,
            self.cue_edit,
            self.reviewer_note_edit,
        ):
            edit.textEdited.connect(self._text_edited)
            edit.editingFinished.connect(self.commit_pending)
        self.note_edit.textChanged.connect(self._text_edited)
        self.note_edit.installEventFilter(self)
        self.cue_combo.activated.connect(self._cue_chosen)
        self.form_combo.activated.connect(self._form_chosen)
        self.status_combo.activated.connect(self._status_chosen)
        self.add_tag_combo.activated.connect(self._add_tag_chosen)
        self._commit_timer.timeout.connect(self.commit_pending)
        self.setFocusProxy(self.speaker_edit)
        context.changed.connect(self._on_changed)
        context.currentClaimChanged.connect(self._claim_changed)
        context.projectOpened.connect(self._project_opened)

        self._load_tags()
        self._show_claim(context.claim_id)

    def sizeHint(self) -> QSize:
        # Room for the quote, the tags and every field without scrolling.
        return QSize(300, 480)

    # Public API

    @property
    def claim(self) -> ClaimInfo | None:
        """The claim shown, as last read from the project."""
        return self._claim

    @Slot()
    def focus_speaker(self) -> None:
        """Put the cursor in the speaker field, its text selected, ready to type over."""
        if self._claim is not None and not self.context.project.read_only:
            self.speaker_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
            self.speaker_edit.selectAll()

    def set_suggestion_actions(self, accept: QAction, reject: QAction) -> None:
        """Show buttons for these actions under a pending suggestion's origin and evidence."""
        for button, action, label in (
            (self.accept_button, accept, self.tr("✓ Accept")),
            (self.reject_button, reject, self.tr("✗ Reject")),
        ):
            action.setIconText(label)  # the button's label; menus keep the action's text
            button.setDefaultAction(action)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)

    @Slot()
    def commit_pending(self) -> None:
        """Save every field typed into since it was last saved."""
        self._commit_timer.stop()
        for field in [f for f in TEXT_FIELDS if f in self._dirty]:
            self._commit(field)

    # Editing

    def _value(self, field: str) -> str:
        widget = self._fields[field]
        return widget.toPlainText() if isinstance(widget, QPlainTextEdit) else widget.text()

    def _commit(self, field: str) -> None:
        self._dirty.discard(field)
        claim = self._claim
        if claim is None:
            return
        value = self._value(field)
        if value.strip() == getattr(claim, field):
            return
        command: commands.ServiceCommand
        if field == "reviewer_note":
            command = commands.ReviewCommand(self.context, claim, claim.status, note=value)
        else:
            command = commands.EditClaimCommand(self.context, claim, field, value)
        commands.run(self.context, command)

    @Slot()
    def _text_edited(self) -> None:
        if self._loading or self._claim is None:
            return
        sender = self.sender()
        for field, widget in self._fields.items():
            if widget is sender:
                self._dirty.add(field)
        self._commit_timer.start()

    @Slot(int)
    def _cue_chosen(self, index: int) -> None:
        self._dirty.add("cue")
        self.commit_pending()

    @Slot(int)
    def _form_chosen(self, index: int) -> None:
        claim = self._claim
        value = self.form_combo.itemData(index)
        if claim is not None and value != claim.quote_form:
            command = commands.EditClaimCommand(self.context, claim, "quote_form", value)
            commands.run(self.context, command)

    @Slot(int)
    def _status_chosen(self, index: int) -> None:
        self.commit_pending()  # a reviewer note typed first is saved with the old verdict
        claim = self._claim
        status = str(self.status_combo.itemData(index))
        if claim is not None and status != claim.status:
            command = commands.ReviewCommand(self.context, claim, status, claim.reviewer_note)
            commands.run(self.context, command)

    @Slot(int)
    def _add_tag_chosen(self, index: int) -> None:
        tag = self._tags.get(self.add_tag_combo.itemData(index) or NO_ID)
        self.add_tag_combo.setCurrentIndex(0)
        if tag is not None and self._claim is not None:
            command = commands.ClaimTagCommand(self.context, self._claim, tag, add=True)
            commands.run(self.context, command)

    @Slot(int)
    def _remove_tag(self, tag_id: int) -> None:
        tag = self._tags.get(tag_id)
        if tag is not None and self._claim is not None:
            command = commands.ClaimTagCommand(self.context, self._claim, tag, add=False)
            commands.run(self.context, command)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # A plain-text edit has no editingFinished: leaving it commits the note.
        # getattr: Qt can deliver events while the panel is being torn down, attributes gone.
        note_edit = getattr(self, "note_edit", None)
        if note_edit is not None and watched is note_edit and event.type() == QEvent.Type.FocusOut:
            self.commit_pending()
        return super().eventFilter(watched, event)

    # Reacting to the context

    @Slot(object)
    def _on_changed(self, change: Change) -> None:
        if change.everything or change.codebook:
            self._load_tags()
        claim = self._claim
        if claim is not None and (
            change.everything or change.codebook or claim.id in change.claim_ids
        ):
            self._show_claim(claim.id, keep_typing=True)

    @Slot(int)
    def _claim_changed(self, claim_id: int) -> None:
        if self._claim is not None and self._claim.id != claim_id:
            self.commit_pending()
        self._show_claim(None if claim_id == NO_ID else claim_id)

    @Slot()
    def _project_opened(self) -> None:
        self._dirty.clear()
        self._claim = None
        self._load_tags()
        self._show_claim(self.context.claim_id)

    def _load_tags(self) -> None:
        try:
            self._tags = {tag.id: tag for tag in self.context.tags()}
        except USER_ERRORS as error:
            self.context.errorRaised.emit(str(error))

    # Showing a claim

    def _show_claim(self, claim_id: int | None, *, keep_typing: bool = False) -> None:
        claim = None
        try:
            claim = self.context.claim(claim_id)
        except USER_ERRORS as error:
            self.context.errorRaised.emit(str(error))
        if not keep_typing or claim is None or self._claim is None or claim.id != self._claim.id:
            self._dirty.clear()
            self._commit_timer.stop()
            keep_typing = False
        elif claim == self._claim and self.stack.currentIndex() == 1:
            return  # shown as it is: refilling every field costs a frame's worth of layout
        self._claim = claim
        if claim is None:
            self.stack.setCurrentIndex(0)
            return
        self._loading = True
        try:
            self._fill(claim, keep_typing=keep_typing)
        finally:
            self._loading = False
        self.stack.setCurrentIndex(1)

    def _fill(self, claim: ClaimInfo, *, keep_typing: bool) -> None:
        tags = [self._tags[t] for t in claim.tag_ids if t in self._tags]
        self.quote_label.set_quote(claim.quote)
        palette = self.quote_bar.palette()
        bar = QColor(tags[0].colour) if tags else dim_colour(self)
        palette.setColor(QPalette.ColorRole.Window, bar)
        self.quote_bar.setPalette(palette)
        self._fill_chips(claim, tags)
        for field in TEXT_FIELDS:
            self._set_text(field, getattr(claim, field), keep_typing=keep_typing)
        self.form_combo.setCurrentIndex(max(0, self.form_combo.findData(claim.quote_form)))
        self.status_combo.setCurrentIndex(max(0, self.status_combo.findData(claim.status)))
        self.meta_label.setText(self._meta_text(claim))
        self._set_writable(not self.context.project.read_only)
        if claim.origin != "manual":
            text = self.tr("Origin: %1").replace("%1", claim.origin)
            if claim.evidence:
                evidence = one_line(claim.evidence, 200)
                text += " · " + self.tr("evidence: %1").replace("%1", evidence)
            self.origin_label.setText(text)
        self.origin_label.setVisible(claim.origin != "manual")
        self.suggestion_row.setVisible(
            claim.origin == "suggested" and not self.context.project.read_only
        )

    def _set_writable(self, writable: bool) -> None:
        for widget in self._fields.values():
            widget.setReadOnly(not writable)
        for combo in (self.cue_combo, self.form_combo, self.status_combo, self.add_tag_combo):
            combo.setEnabled(writable and (combo is not self.add_tag_combo or combo.count() > 1))
        for chip in self._chips:
            chip.set_removable(writable)

    def _set_text(self, field: str, value: str, *, keep_typing: bool) -> None:
        widget = self._fields[field]
        current = self._value(field)
        if keep_typing and field in self._dirty:
            return  # the analyst is typing here; their text wins until it is saved
        if keep_typing and widget.hasFocus() and current.strip() == value:
            return  # saved while typing: keep the cursor and any trailing space
        if current != value:
            if isinstance(widget, QPlainTextEdit):
                widget.setPlainText(value)
            else:
                widget.setText(value)
                widget.setCursorPosition(0)  # show a long affiliation from its start

    def _fill_chips(self, claim: ClaimInfo, tags: list[TagInfo]) -> None:
        # Most edits leave the chips and the combo's choices as they were; building them
        # again (widgets, relayout) cost several ms of every edit's frame. Another claim's
        # tags go on the chips already there, without showing or hiding one (see TagChip).
        shown = tuple(tags)
        if shown != self._chips_shown:
            self._chips_shown = shown
            while len(self._chips) < len(tags):
                chip = TagChip(tags[len(self._chips)], self.chips)
                chip.removeRequested.connect(self._remove_tag)
                self.chip_layout.insertWidget(len(self._chips), chip)
                self._chips.append(chip)
            for chip, tag in zip(self._chips, tags, strict=False):
                if chip.tag != tag:
                    chip.show_tag(tag)
            for index, chip in enumerate(self._chips):
                chip.setVisible(index < len(tags))
        offered = tuple(
            t for t in self._tags.values() if t.id not in claim.tag_ids and not t.archived
        )
        if offered != self._tags_offered:
            self._tags_offered = offered
            self.add_tag_combo.clear()
            self.add_tag_combo.addItem(self.tr("+ Add tag"), None)
            for tag in offered:
                self.add_tag_combo.addItem(swatch_icon(tag.colour), tag.name, tag.id)
        self.add_tag_combo.setEnabled(self.add_tag_combo.count() > 1)

    def _meta_text(self, claim: ClaimInfo) -> str:
        created, updated = self._when(claim.created_at), self._when(claim.updated_at)
        parts = [
            self.tr("By %1").replace("%1", claim.annotator or self.tr("unknown")),
            self.tr("created %1").replace("%1", created),
        ]
        if updated != created:
            parts.append(self.tr("edited %1").replace("%1", updated))
        if claim.reviewer and claim.reviewed_at is not None:
            parts.append(
                self.tr("reviewed by %1, %2")
                .replace("%1", claim.reviewer)
                .replace("%2", self._when(claim.reviewed_at))
            )
        return " · ".join(parts)

    def _when(self, moment: datetime) -> str:
        # Stored as naive UTC; shown in the analyst's time zone and locale.
        seconds = int(moment.replace(tzinfo=UTC).timestamp())
        local = QDateTime.fromSecsSinceEpoch(seconds)
        return self.locale().toString(local, "d MMM yyyy HH:mm")

    def _small_label(self) -> QLabel:
        label = WrappingLabel()
        font = label.font()
        font.setPointSizeF(max(7.0, font.pointSizeF() * 0.88))
        label.setFont(font)
        palette = label.palette()
        palette.setColor(QPalette.ColorRole.WindowText, dim_colour(self))
        label.setPalette(palette)
        return label

    def _separator(self) -> QFrame:
        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        line.setFrameShadow(QFrame.Shadow.Sunken)
        return line
