"""Suggested claims in the window: ask for them, then walk them, accepting or rejecting each.

Suggestions are found on a worker thread (``ui.workers.run_with_progress``) and stored at once
by ``app.suggesting.service``; the window gets one undoable step for the whole batch, so an
unwanted "Suggest" is taken back with Ctrl+Z instead of by rejecting every proposal (rejections
are data: they measure the suggester and are never proposed again).

Accepting or rejecting is an undoable command, then moves on: in review mode, to the next claim
of the walk when the suggestion was part of it (the "Pending suggestions" filter); otherwise to
the next pending suggestion of the article, so a person can go through them with two keys.

The suggester is imported inside the functions that use it: the window opens without it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from functools import partial

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMessageBox, QWidget

from sourcemark.app import claims
from sourcemark.app.claims import ClaimInfo
from sourcemark.ui.annotate import AnnotationController
from sourcemark.ui.changes import Change
from sourcemark.ui.commands import ServiceCommand, run
from sourcemark.ui.context import AppContext
from sourcemark.ui.review_mode import ReviewBar
from sourcemark.ui.workers import Progress, ShouldCancel, run_with_progress

PENDING = "suggested"
# Above this many new suggestions a change names articles, not claims: views reload instead
# of fetching thousands of claims by id.
MAX_CLAIMS_IN_CHANGE = 500


class SuggestClaimsCommand(ServiceCommand):
    """Suggestions already stored by a worker; undo deletes them, redo brings the same back.

    Undo deletes only suggestions still pending: one accepted or rejected meanwhile (from the
    command line, say) is the analyst's decision and stays.
    """

    def __init__(
        self, context: AppContext, created: Sequence[ClaimInfo], article_ids: Sequence[int]
    ) -> None:
        text = context.tr("Suggest claims (%n)", "", len(created))
        super().__init__(context, text)
        self.created = tuple(created)
        self.article_ids = frozenset(article_ids)
        self.deleted: tuple[ClaimInfo, ...] = ()
        self._first_run = True

    def apply(self) -> Change:
        if self._first_run:
            self._first_run = False  # the worker stored them; nothing more to write
        else:
            for claim in self.deleted:
                claims.restore_claim(self.context.project, claim)
        return self._change()

    def revert(self) -> Change:
        project = self.context.project
        ids = [claim.id for claim in self.created]
        still_pending = [c for c in claims.claims_by_id(project, ids) if c.origin == PENDING]
        self.deleted = tuple(claims.delete_claim(project, c.id) for c in still_pending)
        if self.context.claim_id in ids:
            self.context.set_claim(None)
        return self._change()

    def _change(self) -> Change:
        ids = [claim.id for claim in self.created]
        return Change(
            articles=True,  # the article list counts suggestions
            claims_of=self.article_ids,
            claim_ids=frozenset(ids) if len(ids) <= MAX_CLAIMS_IN_CHANGE else frozenset(),
        )


class _DecideCommand(ServiceCommand):
    """Accept or reject one suggestion; undo makes it pending again (origin "suggested")."""

    def __init__(self, context: AppContext, claim: ClaimInfo, text: str) -> None:
        super().__init__(context, text)
        self.before = claim

    def revert(self) -> Change:
        now = claims.update_claim(self.context.project, self.before.id, origin=self.before.origin)
        return Change.of_claim(self.before.article_id, self.before.id, known=now)

    def undo(self) -> None:
        super().undo()
        # After the views know it again: show the suggestion the undo brought back.
        self.context.set_article(self.before.article_id)
        self.context.set_claim(self.before.id)


class AcceptSuggestionCommand(_DecideCommand):
    def __init__(self, context: AppContext, claim: ClaimInfo) -> None:
        super().__init__(context, claim, context.tr("Accept suggestion"))

    def apply(self) -> Change:
        from sourcemark.app.suggesting import service

        now = service.accept(self.context.project, self.before.id)
        return Change.of_claim(self.before.article_id, self.before.id, known=now)


class RejectSuggestionCommand(_DecideCommand):
    def __init__(self, context: AppContext, claim: ClaimInfo) -> None:
        super().__init__(context, claim, context.tr("Reject suggestion"))

    def apply(self) -> Change:
        from sourcemark.app.suggesting import service

        now = service.reject(self.context.project, self.before.id)
        return Change.of_claim(self.before.article_id, self.before.id, known=now)


class SuggestionController(QObject):
    """The Suggestions menu's work; keeps Accept and Reject enabled only on a pending one."""

    # A short message for the status bar.
    message = Signal(str)

    def __init__(
        self,
        context: AppContext,
        window: QWidget,
        review_bar: ReviewBar,
        actions: Mapping[str, QAction],
        annotation: AnnotationController,
    ) -> None:
        super().__init__(window)
        self.context = context
        self.window = window
        self.review_bar = review_bar
        self.annotation = annotation  # knows the open article's suggestions
        self.accept_action = actions["accept_suggestion"]
        self.reject_action = actions["reject_suggestion"]
        context.currentClaimChanged.connect(self._on_current_claim_changed)
        context.changed.connect(self._on_changed)
        context.projectOpened.connect(self.update_actions)
        self.update_actions()

    # -- state ---------------------------------------------------------------------------

    def current_suggestion(self) -> ClaimInfo | None:
        """The current claim if it is a pending suggestion."""
        claim = self.context.claim(self.context.claim_id)
        return claim if claim is not None and claim.origin == PENDING else None

    def scope_shortcuts(self, window: QWidget, widgets: Iterable[QWidget]) -> None:
        """Let Accept's and Reject's keys work only while one of ``widgets`` has the focus.

        A text field does not claim Ctrl+Backspace from a window-wide shortcut (Qt lets the
        shortcut win), so window-wide, rejecting would replace "delete the previous word" in
        every field. Menus and the inspector's buttons still trigger the actions anywhere.
        """
        for action in (self.accept_action, self.reject_action):
            window.removeAction(action)
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            for widget in widgets:
                widget.addAction(action)

    @Slot()
    def update_actions(self) -> None:
        pending = self.current_suggestion() is not None
        writable = not self.context.project.read_only
        self.accept_action.setEnabled(pending and writable)
        self.reject_action.setEnabled(pending and writable)

    # -- suggesting ----------------------------------------------------------------------

    @Slot()
    def suggest_current(self) -> list[ClaimInfo] | None:
        """Suggest claims for the open article and select the first pending one."""
        article_id = self.context.article_id
        if article_id is None:
            self.message.emit(self.tr("Open an article first, then ask for suggestions."))
            return None
        created = self._suggest([article_id], self.tr("Suggesting claims…"))
        if created is None:
            return None
        if created:
            self.message.emit(
                self.tr("Suggestions to decide: %1. Accept with %2, reject with %3.")
                .replace("%1", str(len(created)))
                .replace("%2", _keys(self.accept_action))
                .replace("%3", _keys(self.reject_action))
            )
        else:
            self.message.emit(
                self.tr("No new suggestions: what the rules find is already claimed or rejected.")
            )
        self._select_first_pending(article_id)
        return created

    @Slot()
    def suggest_all(self) -> list[ClaimInfo] | None:
        from sourcemark.app import articles

        ids = [summary.article.id for summary in articles.list_articles(self.context.project)]
        if not ids:
            self.message.emit(self.tr("There are no articles yet."))
            return None
        created = self._suggest(ids, self.tr("Suggesting claims for every article…"))
        if created is None:
            return None
        articles_touched = len({claim.article_id for claim in created})
        self.message.emit(
            self.tr("New suggestions: %1, in %2 of %3 articles")
            .replace("%1", str(len(created)))
            .replace("%2", str(articles_touched))
            .replace("%3", str(len(ids)))
        )
        if self.context.article_id is not None and self.context.claim_id is None:
            self._select_first_pending(self.context.article_id)
        return created

    def _suggest(self, article_ids: list[int], title: str) -> list[ClaimInfo] | None:
        """Suggest on a worker thread; one undo step for everything stored. None on failure."""
        project = self.context.project
        label = self.tr("Article %1 of %2")
        from sourcemark.app.suggesting import service

        def work(progress: Progress, should_cancel: ShouldCancel) -> list[ClaimInfo]:
            created: list[ClaimInfo] = []
            total = len(article_ids)
            # One article at a time, so Cancel keeps what is done and stops between articles.
            for done, article_id in enumerate(article_ids):
                if should_cancel():
                    break
                progress(done, total, label.replace("%1", str(done + 1)).replace("%2", str(total)))
                for result in service.suggest_for_articles(project, [article_id]):
                    created.extend(result.stored)
            progress(total, total, "")
            return created

        created, error = run_with_progress(self.window, title, work)
        if error is not None or created is None:
            QMessageBox.warning(self.window, self.tr("Suggestions failed"), error or "")
            return None
        if created:
            run(self.context, SuggestClaimsCommand(self.context, created, article_ids))
        return created

    # -- deciding ------------------------------------------------------------------------

    @Slot()
    def accept_current(self) -> bool:
        return self._decide(accept=True)

    @Slot()
    def reject_current(self) -> bool:
        return self._decide(accept=False)

    def _decide(self, *, accept: bool) -> bool:
        self.context.settle()
        claim = self.current_suggestion()
        if claim is None:
            self.message.emit(self.tr("Select a pending suggestion (drawn dashed) first."))
            return False
        walk = self.review_bar
        in_walk = walk.isVisible() and claim.id in walk.claim_ids
        command: ServiceCommand = (
            AcceptSuggestionCommand(self.context, claim)
            if accept
            else RejectSuggestionCommand(self.context, claim)
        )
        if not run(self.context, command):
            return False
        # Once the window has shown the decision (``AppContext.move_on``).
        self.context.move_on(partial(self._move_past, claim, in_walk=in_walk, accepted=accept))
        return True

    def _move_past(self, claim: ClaimInfo, *, in_walk: bool, accepted: bool) -> None:
        if in_walk:
            self.review_bar.step_past(claim.id)
        else:
            self._go_to_pending(claim, +1)
        if self.context.claim_id == claim.id and not accepted:
            self.context.set_claim(None)  # a rejected claim is no longer shown

    # -- walking -------------------------------------------------------------------------

    @Slot()
    def next_suggestion(self) -> None:
        self._step(+1)

    @Slot()
    def previous_suggestion(self) -> None:
        self._step(-1)

    def _step(self, direction: int) -> None:
        self.context.settle()
        article_id = self.context.article_id
        if article_id is None:
            return
        current = self.context.claim(self.context.claim_id)
        if current is None or current.article_id != article_id:
            first = self.annotation.pending_suggestion(direction)
            if first is None:
                self.message.emit(self.tr("No pending suggestions in this article."))
                return
            self.context.set_claim(first)
            return
        self._go_to_pending(current, direction)

    def _go_to_pending(self, after: ClaimInfo, direction: int) -> None:
        """Select the pending suggestion after (or before) ``after`` in its article, wrapping."""
        if after.article_id != self.context.article_id:
            self.context.set_article(after.article_id)
        target = self.annotation.pending_suggestion(direction, (after.start, after.end, after.id))
        if target is None:
            self.message.emit(self.tr("No more pending suggestions in this article."))
            return
        self.context.set_claim(target)

    def _select_first_pending(self, article_id: int) -> None:
        from sourcemark.app.suggesting import service

        pending = service.pending_suggestions(self.context.project, article_id)
        if pending:
            self.context.set_claim(pending[0].id)

    # -- reacting ------------------------------------------------------------------------

    @Slot(int)
    def _on_current_claim_changed(self, _claim_id: int) -> None:
        self.update_actions()

    @Slot(object)
    def _on_changed(self, _change: Change) -> None:
        self.update_actions()


def _keys(action: QAction) -> str:
    return action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
