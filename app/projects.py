"""Open or create a project, and who is working in it."""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path

from sourcemark.app import backups, codebook
from sourcemark.app.paths import resolve_project_target
from sourcemark.app.settings import current_annotator
from sourcemark.db.engine import Database, open_database

log = logging.getLogger(__name__)


@dataclass
class Project:
    """An open project: the database and the annotator whose name goes on new claims."""

    db: Database
    annotator: str

    @property
    def path(self) -> Path | None:
        return self.db.path

    @property
    def label(self) -> str:
        """A short name for titles and status bars."""
        return self.db.path.name if self.db.path else self.db.engine.url.render_as_string()

    @property
    def read_only(self) -> bool:
        return self.db.read_only

    def close(self) -> None:
        self.db.close()


def open_project(
    target: str | os.PathLike[str] | None = None, *, annotator: str | None = None
) -> Project:
    """Open the project at ``target`` (path or URL), $SOURCEMARK_DB, or the default location.

    A path that does not exist yet becomes a new project with the default codebook.
    Raises ``ProjectError`` subclasses with a readable message when the file cannot be used.
    """
    resolved = resolve_project_target(target)
    existed = False
    if "://" not in resolved:
        file = Path(resolved).expanduser().absolute()
        existed = file.is_file() and file.stat().st_size > 0
        file.parent.mkdir(parents=True, exist_ok=True)
    database = open_database(resolved, before_migration=_backup_before_migration)
    project = Project(database, (annotator or "").strip() or current_annotator())
    if not database.read_only:
        codebook.seed_default_codebook(project)
        if existed:  # a project made just now holds nothing worth a copy yet
            _daily_backup(project)
    return project


def _daily_backup(project: Project) -> None:
    try:
        backups.backup_if_due(project)
    except backups.BackupError as error:
        # A missed daily backup must not keep the analyst from working; the next open retries.
        log.warning("%s", error)


def _backup_before_migration(path: Path) -> None:
    try:
        backups.backup_project(path, "before-upgrade")
    except backups.BackupError as error:
        raise backups.BackupError(f"{error} The project was not upgraded or changed.") from error
