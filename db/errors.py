"""Errors the data layer raises when a project cannot be opened or written.

Each carries a message for a person: what is wrong and what to do about it.
"""

from __future__ import annotations


class ProjectError(Exception):
    """A project file could not be opened or used; ``str(error)`` says why and what to do."""


class NotAProjectError(ProjectError):
    """The file is not a Sourcemark project (not SQLite, another program's database, damaged)."""


class NewerProjectError(ProjectError):
    """The project was written by a newer Sourcemark whose schema this version does not know."""


class ReadOnlyProjectError(ProjectError):
    """A write was attempted on a project opened read-only."""


class StorageError(ProjectError):
    """A write failed for a reason outside the program: disk full, I/O error, lock held too long."""


class DamagedProjectError(NotAProjectError):
    """The file is a Sourcemark project but damaged (truncated, overwritten pages).

    A front end can offer to restore one of the project's backups.
    """


class MigrationError(ProjectError):
    """Upgrading the project's schema failed; the file was left as it was."""
