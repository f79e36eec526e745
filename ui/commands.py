"""Every edit the analyst makes, as an undoable command that calls the services in ``app/``.

A command's first run happens before it is pushed, so a refused edit (a whitespace-only span,
a clashing shortcut) shows its message and never enters the undo history. Each run commits at
once; undo and redo are new transactions, never a rollback of an open one.
"""

from __future__ import annotations

from abc import abstractmethod
from dataclasses import replace
from typing import Any

from PySide6.QtGui import QUndoCommand

from sourcemark.app import claims, codebook
from sourcemark.app.articles import ArticleText
from sourcemark.app.claims import ClaimInfo
from sourcemark.app.codebook import TagInfo
from sourcemark.app.errors import USER_ERRORS
from sourcemark.app.textspan import Span
from sourcemark.ui.changes import Change
from sourcemark.ui.context import AppContext


class ServiceCommand(QUndoCommand):
    """Base: subclasses say what redo and undo do; this class reports the change and errors."""

    def __init__(self, context: AppContext, text: str) -> None:
        super().__init__(text)
        self.context = context
        self._skip_next_redo = False

    @abstractmethod
    def apply(self) -> Change: ...

    @abstractmethod
    def revert(self) -> Change: ...

    def redo(self) -> None:
        if self._skip_next_redo:
            self._skip_next_redo = False
            return
        self._run(self.apply)

    def undo(self) -> None:
        self._run(self.revert)

    def _run(self, step: object) -> None:
        assert callable(step)
        try:
            change = step()
        except USER_ERRORS as error:
            # The project changed under this command (another window, a deleted article):
            # it cannot be replayed, so drop it from the history rather than fail again.
            self.setObsolete(True)
            self.context.errorRaised.emit(str(error))
            return
        self.context.notify(change)


def run(context: AppContext, command: ServiceCommand) -> bool:
    """Apply ``command`` now; on success push it on the undo stack. False when refused."""
    try:
        change = command.apply()
    except USER_ERRORS as error:
        context.errorRaised.emit(str(error))
        return False
    command._skip_next_redo = True
    context.undo_stack.push(command)
    context.notify(change)
    return True


class TagSpanCommand(ServiceCommand):
    """Apply a tag to a passage: a new claim, or one more tag on the claim with that span."""

    def __init__(
        self,
        context: AppContext,
        article_id: int,
        span: Span,
        tag: TagInfo,
        known_text: ArticleText | None = None,
    ) -> None:
        super().__init__(context, context.tr("Tag “%s”") % tag.name)
        self.article_id, self.span, self.tag = article_id, span, tag
        self.known_text = known_text  # the article's text as the reader shows it
        self.created: ClaimInfo | None = None
        self.claim_id: int | None = None
        self.tag_added = False

    def apply(self) -> Change:
        if self.claim_id is None:
            result = claims.tag_span(
                self.context.project,
                self.article_id,
                self.span,
                self.tag.id,
                known_text=self.known_text,
            )
            self.claim_id, self.tag_added = result.claim.id, result.tag_added
            if result.created:
                self.created = result.claim
                # As written: nobody needs to read the new claim back.
                self.context.set_claim(self.claim_id, known=result.claim)
                return Change.of_claim(self.article_id, self.claim_id, known=result.claim)
            if self.tag_added:
                self.setText(self.context.tr("Add tag “%s”") % self.tag.name)
            else:
                # The claim already had this tag: nothing to undo.
                self.setObsolete(True)
        elif self.created is not None:
            # Redo after undo: put the very same claim back, so later commands still find it.
            claims.restore_claim(self.context.project, self.created)
        elif self.tag_added:
            claims.add_tag(self.context.project, self.claim_id, self.tag.id)
        self.context.set_claim(self.claim_id)
        return Change.of_claim(self.article_id, self.claim_id)

    def revert(self) -> Change:
        if self.created is not None:
            claims.delete_claim(self.context.project, self.created.id)
            if self.context.claim_id == self.created.id:
                self.context.set_claim(None)
            return Change.of_claim(self.article_id, self.created.id, gone=True)
        elif self.tag_added and self.claim_id is not None:
            claims.remove_tag(self.context.project, self.claim_id, self.tag.id)
        return Change.of_claim(self.article_id, self.claim_id)


class ClaimTagCommand(ServiceCommand):
    """Add a tag to a claim, or take one off."""

    def __init__(self, context: AppContext, claim: ClaimInfo, tag: TagInfo, *, add: bool) -> None:
        label = context.tr("Add tag “%s”") if add else context.tr("Remove tag “%s”")
        super().__init__(context, label % tag.name)
        self.claim, self.tag, self.add = claim, tag, add

    def apply(self) -> Change:
        return self._changed(self._set(self.add))

    def revert(self) -> Change:
        self._set(not self.add)
        now = claims.update_claim(self.context.project, self.claim.id, origin=self.claim.origin)
        return self._changed(now)

    def _set(self, present: bool) -> ClaimInfo:
        if present:
            return claims.add_tag(self.context.project, self.claim.id, self.tag.id)
        return claims.remove_tag(self.context.project, self.claim.id, self.tag.id)

    def _changed(self, now: ClaimInfo) -> Change:
        return Change.of_claim(self.claim.article_id, self.claim.id, known=now)


class DeleteClaimCommand(ServiceCommand):
    def __init__(self, context: AppContext, claim: ClaimInfo) -> None:
        super().__init__(context, context.tr("Delete claim"))
        self.snapshot = claim

    def apply(self) -> Change:
        self.snapshot = claims.delete_claim(self.context.project, self.snapshot.id)
        if self.context.claim_id == self.snapshot.id:
            self.context.set_claim(None)
        return Change.of_claim(self.snapshot.article_id, self.snapshot.id, gone=True)

    def revert(self) -> Change:
        restored = claims.restore_claim(self.context.project, self.snapshot)
        self.context.set_claim(self.snapshot.id, known=restored)
        return Change.of_claim(self.snapshot.article_id, self.snapshot.id, known=restored)


class EditClaimCommand(ServiceCommand):
    """Change one text field of a claim (speaker, affiliation, cue, quote form, note, origin).

    Consecutive edits of the same field of the same claim merge into one undo step, so
    typing a name is undone as a whole.
    """

    FIELDS = ("speaker", "affiliation", "cue", "quote_form", "note", "origin")

    def __init__(
        self, context: AppContext, claim: ClaimInfo, field: str, value: str | None
    ) -> None:
        assert field in self.FIELDS, field
        super().__init__(context, context.tr("Edit %s") % field.replace("_", " "))
        self.before, self.field, self.value = claim, field, value

    def id(self) -> int:
        return 0x5EED

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not (
            isinstance(other, EditClaimCommand)
            and other.before.id == self.before.id
            and other.field == self.field
            and self.field != "origin"
        ):
            return False
        self.value = other.value
        return True

    def apply(self) -> Change:
        values: dict[str, Any] = {self.field: self.value}
        now = claims.update_claim(self.context.project, self.before.id, **values)
        return Change.of_claim(self.before.article_id, self.before.id, known=now)

    def revert(self) -> Change:
        values: dict[str, Any] = {self.field: getattr(self.before, self.field)}
        values.setdefault("origin", self.before.origin)
        now = claims.update_claim(self.context.project, self.before.id, **values)
        return Change.of_claim(self.before.article_id, self.before.id, known=now)


class SetSpanCommand(ServiceCommand):
    def __init__(self, context: AppContext, claim: ClaimInfo, span: Span) -> None:
        super().__init__(context, context.tr("Change claim span"))
        self.before, self.span = claim, span

    def apply(self) -> Change:
        now = claims.set_span(self.context.project, self.before.id, self.span)
        return Change.of_claim(self.before.article_id, self.before.id, known=now)

    def revert(self) -> Change:
        old = Span(self.before.start, self.before.end)
        claims.set_span(self.context.project, self.before.id, old)
        now = claims.update_claim(self.context.project, self.before.id, origin=self.before.origin)
        return Change.of_claim(self.before.article_id, self.before.id, known=now)


class ReviewCommand(ServiceCommand):
    """Record a review verdict and/or reviewer note."""

    def __init__(
        self, context: AppContext, claim: ClaimInfo, status: str, note: str | None = None
    ) -> None:
        super().__init__(context, context.tr("Review: %s") % status)
        self.before, self.status, self.note = claim, status, note

    def id(self) -> int:
        return 0x5EEE

    def mergeWith(self, other: QUndoCommand) -> bool:
        # Typing a reviewer note merges into one step.
        if not (
            isinstance(other, ReviewCommand)
            and other.before.id == self.before.id
            and other.status == self.status
        ):
            return False
        self.note = other.note
        return True

    def apply(self) -> Change:
        now = claims.review_claim(
            self.context.project, self.before.id, status=self.status, note=self.note
        )
        return Change.of_claim(self.before.article_id, self.before.id, known=now)

    def revert(self) -> Change:
        now = claims.review_claim(
            self.context.project,
            self.before.id,
            status=self.before.status,
            note=self.before.reviewer_note,
        )
        return Change.of_claim(self.before.article_id, self.before.id, known=now)


class UpdateTagCommand(ServiceCommand):
    """Rename, recolour, describe, re-key, regroup or (un)archive a codebook tag."""

    def __init__(self, context: AppContext, tag: TagInfo, after: TagInfo, text: str) -> None:
        super().__init__(context, text)
        self.before, self.after = tag, after

    def apply(self) -> Change:
        self._write(self.after)
        return Change(codebook=True, everything=True)

    def revert(self) -> Change:
        self._write(self.before)
        return Change(codebook=True, everything=True)

    def _write(self, tag: TagInfo) -> None:
        project = self.context.project
        # Clear the shortcut first: swapping keys between two tags must not clash midway.
        # A refused write (a taken name or key) puts the old key back: nothing half-done stays.
        old_key = codebook.get_tag(project, tag.id).shortcut
        codebook.update_tag(project, tag.id, shortcut=None)
        try:
            codebook.update_tag(
                project,
                tag.id,
                name=tag.name,
                colour=tag.colour,
                description=tag.description,
                shortcut=tag.shortcut,
                parent_id=tag.parent_id,
                archived=tag.archived,
            )
        except USER_ERRORS:
            codebook.update_tag(project, tag.id, shortcut=old_key)
            raise


class AddTagCommand(ServiceCommand):
    def __init__(self, context: AppContext, name: str, colour: str | None = None) -> None:
        super().__init__(context, context.tr("Add tag “%s”") % name)
        self.name, self.colour = name, colour
        self.created: TagInfo | None = None

    def apply(self) -> Change:
        if self.created is None:
            self.created = codebook.add_tag(self.context.project, self.name, colour=self.colour)
        else:
            # Redo: bring back the same tag so claims tagged with it later stay consistent.
            codebook.update_tag(self.context.project, self.created.id, archived=False)
        return Change(codebook=True)

    def revert(self) -> Change:
        assert self.created is not None
        # A tag may have been used since; archiving hides it without losing those claims.
        codebook.update_tag(self.context.project, self.created.id, archived=True)
        return Change(codebook=True)


class ReorderTagsCommand(ServiceCommand):
    def __init__(self, context: AppContext, before: list[int], after: list[int]) -> None:
        super().__init__(context, context.tr("Reorder tags"))
        self.before, self.after = before, after

    def apply(self) -> Change:
        codebook.reorder_tags(self.context.project, self.after)
        return Change(codebook=True, everything=True)

    def revert(self) -> Change:
        codebook.reorder_tags(self.context.project, self.before)
        return Change(codebook=True, everything=True)


def renamed(tag: TagInfo, **changes: object) -> TagInfo:
    """A copy of ``tag`` with some fields changed, for ``UpdateTagCommand``."""
    return replace(tag, **changes)  # type: ignore[arg-type]
