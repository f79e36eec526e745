"""Errors the services raise for a person to read: what is wrong and what to do.

Every message is a complete sentence; the CLI prints it on one line and the desktop shows it
in a message box, so neither needs to know which service failed.
"""

from __future__ import annotations

from sourcemark.db.errors import ProjectError


class SourcemarkError(Exception):
    """Base class for errors a service reports to the user."""


class NotFoundError(SourcemarkError):
    """An article, tag, claim or backup named by id or name does not exist."""


class ValidationError(SourcemarkError):
    """Input that cannot be accepted: an empty span, an unknown status, a bad colour."""


class DuplicateArticleError(SourcemarkError):
    """The article's text is already in the project."""

    def __init__(self, message: str, existing_id: int) -> None:
        super().__init__(message)
        self.existing_id = existing_id


# What a front end catches to show a message instead of a traceback.
USER_ERRORS: tuple[type[Exception], ...] = (SourcemarkError, ProjectError)
