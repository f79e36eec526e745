"""The state the whole window shares: the open project, the undo stack, the selection.

Panels get this object, read ``project`` to call services in ``app/``, and listen to its
signals; they never talk to each other directly.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoStack

from sourcemark.app import claims, codebook
from sourcemark.app.claims import ClaimInfo
from sourcemark.app.codebook import TagInfo
from sourcemark.app.errors import NotFoundError
from sourcemark.app.projects import Project
from sourcemark.app.settings import Settings, load_settings, save_settings
from sourcemark.app.tally import ClaimTally
from sourcemark.ui.background import wait_for_reads
from sourcemark.ui.changes import Change

NO_ID = -1
# Claims' details kept between two changes at most (tooltips, the inspector): a few MB.
_REMEMBERED_CLAIMS = 5_000


class AppContext(QObject):
    projectOpened = Signal()
    # Emitted once after every write, with a ``Change`` saying what it touched.
    changed = Signal(object)
    currentArticleChanged = Signal(int)
    currentClaimChanged = Signal(int)
    # The open article's counts (article id, ``app.tally.ClaimTally``), kept by the reader's
    # controller after each change, so the panels need not recount with queries.
    tallyChanged = Signal(int, object)
    # A user-facing error from a service, for the window to show.
    errorRaised = Signal(str)

    def __init__(self, project: Project, settings: Settings | None = None) -> None:
        super().__init__()
        self._project = project
        self.settings = settings or load_settings()
        self.undo_stack = QUndoStack(self)
        self._article_id = NO_ID
        self._claim_id = NO_ID
        # Claims' details as read since the last write: after a tag, the inspector, the
        # suggestion actions and others all ask for the same claim; it is read once.
        self._claims: dict[int, ClaimInfo | None] = {}
        # The codebook as read since it last changed: five panels ask for it when the window
        # is built, and again on every change to it (~0.5 ms a read through the ORM).
        self._tags: list[TagInfo] | None = None
        # The article whose counts the reader's controller last published (``tallyChanged``):
        # panels showing that article's counts take them from the tally, not from a query.
        self.tally_of: int | None = None
        # Going on to the next claim after a decision, a turn of the event loop later.
        self._move: Callable[[], None] | None = None
        self._move_timer = QTimer(self)
        self._move_timer.setSingleShot(True)
        self._move_timer.setInterval(0)
        self._move_timer.timeout.connect(self._move_turn)
        self._move_turns = 0

    @property
    def project(self) -> Project:
        return self._project

    def close(self) -> None:
        """Let go of the undo history now, while every command's Python side is alive.

        Left to Python's garbage collector, a context, its stack and its commands are freed
        together in any order; a command freed by Python and then again by the stack's
        destructor crashed the test process (a segmentation fault in ``QUndoStack::clear``).
        Call when the window or panel using this context is done with it.
        """
        self.undo_stack.clear()

    def close_project(self) -> None:
        """Close the project's file, once no read on a worker thread still uses it."""
        wait_for_reads()
        self._project.close()

    def replace_project(self, project: Project) -> None:
        """Switch to another project; its undo history does not carry over."""
        self.undo_stack.clear()
        self.close_project()
        self._move = None  # a move within the project closed
        self._move_timer.stop()
        self._project = project
        self._article_id = self._claim_id = NO_ID
        self._claims.clear()
        self._tags = None
        self.tally_of = None  # article ids of another project
        self.projectOpened.emit()
        self.changed.emit(Change(everything=True))

    @property
    def article_id(self) -> int | None:
        return None if self._article_id == NO_ID else self._article_id

    @property
    def claim_id(self) -> int | None:
        return None if self._claim_id == NO_ID else self._claim_id

    def move_on(self, move: Callable[[], None]) -> None:
        """Do ``move`` (going on to the next claim after a verdict or a decided suggestion)
        two turns of the event loop later.

        The window paints the decision first; the views that follow changes a turn later
        (``later.ChangesLater``: the claims table) take it and paint on the next turn; the
        move and its repaint come after. Done at once, all of it kept the window from
        answering for ~20-35 ms in a 50,000-claim article; in turns, each part is ~10-20 ms.
        A claim or an article chosen meanwhile, or the next decision, makes the move first
        (``settle``), so what a person does keeps its order.
        """
        self.settle()
        self._move = move
        self._move_turns = 2
        self._move_timer.start()

    def _move_turn(self) -> None:
        # Zero timers started in the same turn fire together: one turn would put the move
        # together with the claims table's update in one long pause.
        self._move_turns -= 1
        if self._move_turns > 0:
            self._move_timer.start()
        else:
            self.settle()

    @property
    def moving(self) -> bool:
        """A move put off by ``move_on`` is still to come."""
        return self._move is not None

    def settle(self) -> None:
        """Make the move ``move_on`` put off, now, if it is still to come."""
        move, self._move = self._move, None
        if move is not None:
            self._move_timer.stop()
            move()

    def set_article(self, article_id: int | None) -> None:
        self.settle()
        value = NO_ID if article_id is None else article_id
        if value != self._article_id:
            self._article_id = value
            self._claim_id = NO_ID
            self.currentArticleChanged.emit(value)
            self.currentClaimChanged.emit(NO_ID)

    def set_claim(self, claim_id: int | None, *, known: ClaimInfo | None = None) -> None:
        """Make a claim current; ``known`` is the claim as its command has just written it."""
        self.settle()
        value = NO_ID if claim_id is None else claim_id
        if value != self._claim_id:
            self._claim_id = value
            # Commands make a claim current right after writing it (before they notify):
            # what was remembered of it may be from before that write.
            self._claims.pop(value, None)
            if known is not None and known.id == value:
                self._claims[value] = known
            self.currentClaimChanged.emit(value)

    def claim(self, claim_id: int | None) -> ClaimInfo | None:
        """A claim's details (None when it is gone), read once between two changes."""
        if claim_id is None:
            return None
        if claim_id not in self._claims:
            if len(self._claims) >= _REMEMBERED_CLAIMS:
                self._claims.clear()  # hours of hovering without an edit: start afresh
            try:
                self._claims[claim_id] = claims.get_claim(self._project, claim_id)
            except NotFoundError:
                self._claims[claim_id] = None
        return self._claims[claim_id]

    def tags(self, *, include_archived: bool = True) -> list[TagInfo]:
        """The codebook's tags in their order (``codebook.list_tags``), read once between two
        changes to the codebook."""
        if self._tags is None:
            self._tags = codebook.list_tags(self._project)
        if include_archived:
            return list(self._tags)
        return [tag for tag in self._tags if not tag.archived]

    def claims_now(self, claim_ids: Iterable[int]) -> dict[int, ClaimInfo]:
        """These claims' details (those still there), the ones not remembered read at once."""
        wanted = list(claim_ids)
        missing = [i for i in wanted if i not in self._claims]
        if missing:
            found = claims.claims_by_id(self._project, missing)
            self.remember(found, gone=set(missing) - {claim.id for claim in found})
        return {i: claim for i in wanted if (claim := self._claims.get(i)) is not None}

    def remember(self, found: Iterable[ClaimInfo], gone: Iterable[int] = ()) -> None:
        """Keep claims just read (after the latest change), so others need not read them."""
        self._claims.update((claim.id, claim) for claim in found)
        self._claims.update((claim_id, None) for claim_id in gone)

    def publish_tally(self, article_id: int, tally: ClaimTally) -> None:
        self.tally_of = article_id
        self.tallyChanged.emit(article_id, tally)

    def notify(self, change: Change) -> None:
        if change.everything or change.codebook:
            self._claims.clear()
            self._tags = None
        else:
            for claim_id in change.claim_ids:
                self._claims.pop(claim_id, None)
            self._claims.update(change.known)
            if change.claims_of and not change.claim_ids:
                self._claims.clear()  # some claims of these articles, not said which
        self.changed.emit(change)

    def save_settings(self) -> None:
        save_settings(self.settings)
