"""Review mode: walk through claims one by one and give each a verdict with one key.

The bar sits above the reader. It holds the list of claims to walk (filtered by tag, status,
annotator, or pending suggestions), where the reviewer is in it, and the reviewer's note.
Moving to a claim opens its article and selects the passage, so it is read in context.

The walk is read on a worker thread (``ui/background.py``): 50,000 claims' ids and statuses
are ~40 ms of SQLite, which the window no longer waits through when review mode opens or a
filter changes. A key that needs the walk before it has arrived waits for it, so none is lost.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QHideEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from sourcemark.app import claim_rows, claims
from sourcemark.app.claims import ClaimFilter, ClaimInfo
from sourcemark.app.errors import USER_ERRORS
from sourcemark.db.vocabulary import REVIEW_STATUSES
from sourcemark.ui.background import BackgroundRead
from sourcemark.ui.changes import Change
from sourcemark.ui.commands import ReviewCommand, run
from sourcemark.ui.context import AppContext
from sourcemark.ui.panels.common import letters_wide

if TYPE_CHECKING:
    from sourcemark.app.projects import Project

PENDING = "__pending__"


class ReviewBar(QWidget):
    """The review-mode strip: filters, progress, verdict buttons and the reviewer note."""

    exitRequested = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.claim_ids: list[int] = []
        self.index = -1
        # Each claim's review status in the walk, and how many are reviewed (the progress).
        self._statuses: dict[int, str] = {}
        self._reviewed = 0
        # The walk being read: the claim to stay on, and what to do once it is shown.
        self._walk = BackgroundRead(self)
        self._keep: int | None = None
        self._then: Callable[[], None] | None = None
        self._build()
        context.changed.connect(self._on_changed)

    # -- build ---------------------------------------------------------------------------

    def _build(self) -> None:
        self.setObjectName("reviewBar")
        self.tag_filter = QComboBox(self)
        self.tag_filter.setToolTip(self.tr("Review only claims with this tag"))
        self.status_filter = QComboBox(self)
        self.status_filter.setToolTip(self.tr("Review only claims with this status"))
        self.annotator_filter = QComboBox(self)
        self.annotator_filter.setToolTip(self.tr("Review only this annotator's claims"))
        self.position_label = QLabel(self)
        self.progress_label = QLabel(self)
        self.progress_label.setToolTip(self.tr("Claims in this walk that have a verdict"))
        self.note_edit = QLineEdit(self)
        self.note_edit.setPlaceholderText(self.tr("Reviewer note (R), Enter to save"))
        self.note_edit.setToolTip(self.tr("A note for the annotator about this claim"))
        self.note_edit.returnPressed.connect(self._on_note_entered)

        self.buttons: dict[str, QToolButton] = {}
        for key, text, tip in (
            ("previous", self.tr("◀ Prev"), self.tr("Previous claim (P)")),
            ("next", self.tr("Next ▶"), self.tr("Next claim (N)")),
            ("confirmed", self.tr("✓ Confirm"), self.tr("Mark confirmed and go on (C)")),
            ("disputed", self.tr("✗ Dispute"), self.tr("Mark disputed and go on (D)")),
            ("needs-check", self.tr("? Needs check"), self.tr("Flag for a check and go on (X)")),
            ("exit", self.tr("Done"), self.tr("Leave review mode (F7 or Esc)")),
        ):
            button = QToolButton(self)
            button.setText(text)
            button.setToolTip(tip)
            button.setAutoRaise(False)
            button.setObjectName(f"review_{key}")
            self.buttons[key] = button
        self.buttons["previous"].clicked.connect(self.previous)
        self.buttons["next"].clicked.connect(self.next)
        self.buttons["confirmed"].clicked.connect(self._on_confirm_clicked)
        self.buttons["disputed"].clicked.connect(self._on_dispute_clicked)
        self.buttons["needs-check"].clicked.connect(self._on_needs_check_clicked)
        self.buttons["exit"].clicked.connect(self.exitRequested)

        for combo in (self.tag_filter, self.status_filter, self.annotator_filter):
            combo.currentIndexChanged.connect(self._on_filter_changed)

        # Two rows, so the bar fits the reader's column on a laptop (1366 px: ~760 px) and
        # opening it takes height from the reader, never width from the side panels.
        walking = QHBoxLayout()
        walking.setSpacing(6)
        walking.addWidget(QLabel(self.tr("<b>Review</b>"), self))
        walking.addWidget(self.buttons["previous"])
        walking.addWidget(self.position_label)
        walking.addWidget(self.buttons["next"])
        walking.addSpacing(8)
        walking.addWidget(self.buttons["confirmed"])
        walking.addWidget(self.buttons["disputed"])
        walking.addWidget(self.buttons["needs-check"])
        walking.addStretch(1)
        walking.addWidget(self.buttons["exit"])
        choosing = QHBoxLayout()
        choosing.setSpacing(6)
        for combo in (self.tag_filter, self.status_filter, self.annotator_filter):
            letters_wide(combo, 10)
            choosing.addWidget(combo)
        choosing.addWidget(self.note_edit, 1)
        choosing.addWidget(self.progress_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.setSpacing(4)
        layout.addLayout(walking)
        layout.addLayout(choosing)

    def hideEvent(self, event: QHideEvent) -> None:
        # Review mode left before its walk arrived: it must not move to a claim afterwards.
        # (Not the window minimised: the system's hide; the walk goes on arriving then.)
        if not event.spontaneous():
            self._walk.cancel()
            self._then = None
            self.context.settle()  # a move the walk put off is made before review mode ends
        super().hideEvent(event)

    # -- public --------------------------------------------------------------------------

    def start(self) -> None:
        """Fill the filters and go to the first claim of the walk still waiting for a verdict
        (once the walk, read on a worker thread, is there)."""
        self._fill_filters()
        self._reload(keep=None, then=self._to_first_unreviewed)
        self.note_edit.clearFocus()

    @property
    def loading(self) -> bool:
        """The walk is being read (the bar shows the one before, or none)."""
        return self._walk.busy

    @Slot()
    def next(self) -> None:
        self._settle()
        if self.index + 1 < len(self.claim_ids):
            self._go(self.index + 1)

    @Slot()
    def previous(self) -> None:
        self._settle()
        if self.index > 0:
            self._go(self.index - 1)

    def verdict(self, status: str) -> bool:
        """Give the current claim a status (keeping a typed note), then move to the next once
        the window has shown the verdict (``AppContext.move_on``)."""
        self._settle()
        claim = self.current_claim()
        if claim is None:
            return False
        note = self.note_edit.text()
        if not run(self.context, ReviewCommand(self.context, claim, status, note)):
            return False
        self.context.move_on(partial(self.step_past, claim.id))
        return True

    def step_past(self, claim_id: int) -> None:
        """Go on after ``claim_id`` got a verdict, or was accepted or rejected as a suggestion."""
        self._settle()
        if claim_id in self.claim_ids:
            self.next()
        elif 0 <= self.index < len(self.claim_ids):
            # It left a filtered walk (a status, pending suggestions); the next took its place.
            self._go(self.index)

    def focus_note(self) -> None:
        self.note_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.note_edit.selectAll()

    def current_claim(self) -> ClaimInfo | None:
        self._settle()
        if not 0 <= self.index < len(self.claim_ids):
            return None
        # Through the context, which reads a claim once between changes for every panel.
        return self.context.claim(self.claim_ids[self.index])

    def criteria(self) -> ClaimFilter:
        tag = self.tag_filter.currentData()
        status = self.status_filter.currentData()
        annotator = self.annotator_filter.currentData()
        pending = status == PENDING
        return ClaimFilter(
            tag_ids=[tag] if tag is not None else [],
            statuses=[status] if status and not pending else [],
            annotators=[annotator] if annotator else [],
            origins=["suggested"] if pending else [],
        )

    # -- internals -----------------------------------------------------------------------

    def _settle(self) -> None:
        """Before a step: the walk read, and the move after the last verdict made."""
        self._walk.finish()
        self.context.settle()

    def _fill_filters(self) -> None:
        project = self.context.project
        for combo in (self.tag_filter, self.status_filter, self.annotator_filter):
            combo.blockSignals(True)
            combo.clear()
        self.tag_filter.addItem(self.tr("All tags"), None)
        for tag in self.context.tags(include_archived=False):
            self.tag_filter.addItem(tag.name, tag.id)
        self.status_filter.addItem(self.tr("Any status"), None)
        for status in REVIEW_STATUSES:
            self.status_filter.addItem(_status_label(self, status), status)
        self.status_filter.addItem(self.tr("Pending suggestions"), PENDING)
        self.annotator_filter.addItem(self.tr("All annotators"), None)
        for name in claims.annotators(project):
            self.annotator_filter.addItem(name, name)
        for combo in (self.tag_filter, self.status_filter, self.annotator_filter):
            combo.blockSignals(False)

    def _first_unreviewed(self) -> int:
        statuses = self._statuses
        return next((i for i, c in enumerate(self.claim_ids) if statuses[c] == "unreviewed"), 0)

    def _to_first_unreviewed(self) -> None:
        if self.claim_ids:
            self._go(self._first_unreviewed())

    def _reload(self, keep: int | None, then: Callable[[], None] | None = None) -> None:
        """Read the walk again on a worker thread, staying on ``keep``; then call ``then``."""
        self._keep, self._then = keep, then
        read = partial(_read_walk, self.context.project, self.criteria())
        self._walk.request(read, self._show_walk, self._walk_failed)

    def _show_walk(self, walk: _Walk) -> None:
        self.claim_ids, self._statuses, self._reviewed = walk
        self.index = self.claim_ids.index(self._keep) if self._keep in self._statuses else -1
        self._update_position()
        then, self._then = self._then, None
        if then is not None:
            # A turn or two later, so the bar's new count and the move to a claim each
            # paint in a pause of their own (``AppContext.move_on``).
            self.context.move_on(then)

    def _walk_failed(self, error: BaseException) -> None:
        if not isinstance(error, USER_ERRORS):
            raise error
        self._then = None
        self.context.errorRaised.emit(str(error))

    def _follow(self, claim_id: int) -> None:
        """Bring one changed claim's place in the walk up to date.

        Re-reading the whole walk after every verdict cost seconds in a big project. A claim
        already in the walk keeps its place: only whether the filter still selects it counts,
        answered without a query unless the filter searches text (the query took ~1.5 ms of
        each verdict). A claim new to the walk is placed by bisection (small queries).
        """
        claim = self.context.claim(claim_id)
        criteria = self.criteria()
        was = self._statuses.pop(claim_id, None)
        if was is not None:
            self._reviewed -= was != "unreviewed"
            if claim is None or not self._still_selected(claim, criteria):
                # Gone, or out of a filtered walk: the next takes its place.
                row = self.claim_ids.index(claim_id)
                del self.claim_ids[row]
                if row < self.index:
                    self.index -= 1
                self.index = min(self.index, len(self.claim_ids) - 1)
                return
        elif claim is None:
            return
        else:
            place = claim_rows.place_in_reading_order(
                self.context.project, claim_id, self.claim_ids, criteria
            )
            if place is None:
                return
            self.claim_ids.insert(place, claim_id)
            if 0 <= place <= self.index:
                self.index += 1
        self._statuses[claim_id] = claim.status
        self._reviewed += claim.status != "unreviewed"

    def _still_selected(self, claim: ClaimInfo, criteria: ClaimFilter) -> bool:
        selected = claims.selects(criteria, claim)
        if selected is None:
            found = claim_rows.place_in_reading_order(self.context.project, claim.id, [], criteria)
            selected = found is not None
        return selected

    def _go(self, index: int) -> None:
        self.index = index
        claim = self.current_claim()
        if claim is None:
            return
        self.context.set_article(claim.article_id)
        # Just read, after the latest change: the inspector need not read it again.
        self.context.set_claim(claim.id, known=claim)
        self.note_edit.setText(claim.reviewer_note)
        self._update_position()

    def _update_position(self) -> None:
        total = len(self.claim_ids)
        self.progress_label.setText(self._progress_text(self._reviewed, total))
        if total == 0:
            self.position_label.setText(self.tr("No claims match"))
        else:
            shown = self.index + 1 if self.index >= 0 else 0
            self.position_label.setText(self._position_text(shown, total))
        # Wide enough for the walk's longest numbers: the bar keeps its size from claim to
        # claim, so the buttons stay put and the window is not laid out again at each step.
        for label, widest in (
            (self.position_label, self._position_text(total, total)),
            (self.progress_label, self._progress_text(total, total)),
        ):
            advance = label.fontMetrics().horizontalAdvance
            # From the texts alone (a label's size hint grows with the least width set here),
            # with room for the label's margins.
            width = max(advance(widest), advance(label.text())) + 2 * label.margin() + 4
            if label.minimumWidth() != width:
                label.setMinimumWidth(width)
        self.buttons["previous"].setEnabled(self.index > 0)
        self.buttons["next"].setEnabled(self.index + 1 < total)

    def _position_text(self, shown: int, total: int) -> str:
        number = self.locale().toString
        return self.tr("Claim %1 of %2").replace("%1", number(shown)).replace("%2", number(total))

    def _progress_text(self, reviewed: int, total: int) -> str:
        number = self.locale().toString
        return (
            self.tr("%1 / %2 reviewed").replace("%1", number(reviewed)).replace("%2", number(total))
        )

    @Slot(object)
    def _on_changed(self, change: Change) -> None:
        if not self.isVisible():
            return  # start() reads the walk afresh when review mode opens again
        if self._walk.busy:
            # The walk being read may be from before this change: read it again after it.
            self._reload(self._keep, self._then)
        elif change.claim_ids and not (change.everything or change.codebook):
            for claim_id in sorted(change.claim_ids):
                self._follow(claim_id)
            self._update_position()
        elif change.claims_of or change.everything or change.codebook:
            current = self.claim_ids[self.index] if 0 <= self.index < len(self.claim_ids) else None
            # A verdict can take a claim out of a status-filtered walk: stay at its place.
            position = self.index

            def stay() -> None:
                if self.index < 0 and self.claim_ids:
                    self.index = min(max(position, 0), len(self.claim_ids) - 1)
                    self._update_position()

            self._reload(keep=current, then=stay)

    @Slot(int)
    def _on_filter_changed(self, _index: int) -> None:
        self._reload(keep=self.context.claim_id, then=self._to_first_if_lost)

    def _to_first_if_lost(self) -> None:
        if self.index < 0 and self.claim_ids:
            self._go(0)

    @Slot()
    def _on_note_entered(self) -> None:
        claim = self.current_claim()
        if claim is not None:
            run(
                self.context,
                ReviewCommand(self.context, claim, claim.status, self.note_edit.text()),
            )

    @Slot()
    def _on_confirm_clicked(self) -> None:
        self.verdict("confirmed")

    @Slot()
    def _on_dispute_clicked(self) -> None:
        self.verdict("disputed")

    @Slot()
    def _on_needs_check_clicked(self) -> None:
        self.verdict("needs-check")


# The walk's claim ids in reading order, their statuses by id, and how many have a verdict.
_Walk = tuple[list[int], dict[int, str], int]


def _read_walk(project: Project, criteria: ClaimFilter) -> _Walk:
    """The walk as the bar keeps it, made on the worker thread that reads it (building the
    statuses of 50,000 claims took ~5 ms of the GUI thread)."""
    ids, statuses = claim_rows.statuses_in_reading_order(project, criteria)
    reviewed = len(statuses) - statuses.count("unreviewed")
    return ids, dict(zip(ids, statuses, strict=True)), reviewed


def _status_label(widget: QWidget, status: str) -> str:
    labels = {
        "unreviewed": widget.tr("Unreviewed"),
        "confirmed": widget.tr("Confirmed"),
        "disputed": widget.tr("Disputed"),
        "needs-check": widget.tr("Needs check"),
    }
    return labels[status]
