"""The state the whole window shares: the open project, the undo stack, the selection.

Panels get this object, read ``project`` to call services in ``app/``, and listen to its
signals; they never talk to each other directly.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from sourcemark.app.projects import Project
from sourcemark.app.settings import Settings, load_settings, save_settings
from sourcemark.ui.changes import Change

NO_ID = -1


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

    @property
    def project(self) -> Project:
        return self._project

    def replace_project(self, project: Project) -> None:
        """Switch to another project; its undo history does not carry over."""
        old = self._project
        self.undo_stack.clear()
        self._project = project
        self._article_id = self._claim_id = NO_ID
        old.close()
        self.projectOpened.emit()
        self.changed.emit(Change(everything=True))

    @property
    def article_id(self) -> int | None:
        return None if self._article_id == NO_ID else self._article_id

    @property
    def claim_id(self) -> int | None:
        return None if self._claim_id == NO_ID else self._claim_id

    def set_article(self, article_id: int | None) -> None:
        value = NO_ID if article_id is None else article_id
        if value != self._article_id:
            self._article_id = value
            self._claim_id = NO_ID
            self.currentArticleChanged.emit(value)
            self.currentClaimChanged.emit(NO_ID)

    def set_claim(self, claim_id: int | None) -> None:
        value = NO_ID if claim_id is None else claim_id
        if value != self._claim_id:
            self._claim_id = value
            self.currentClaimChanged.emit(value)

    def notify(self, change: Change) -> None:
        self.changed.emit(change)

    def save_settings(self) -> None:
        save_settings(self.settings)
