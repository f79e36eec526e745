"""Open or create a project, and who is working in it."""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path

from sourcemark.app import backups, codebook
from sourcemark.app.paths import resolve_project_target
from sourcemark.app.settings import current_annotator
from sourcemark.db.engine import Database, LookedOver, open_database

log = logging.getLogger(__name__)


@dataclass
class Project:
    """An open project: the database and the annotator whose name goes on new claims."""

    db: Database
    annotator: str
    # False when this open made the file (nothing in it is worth a copy yet) or the project
    # was named by a URL: no daily backups then.
    daily_backups: bool = True

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
    target: str | os.PathLike[str] | None = None,
    *,
    annotator: str | None = None,
    daily_backup: bool = True,
    looked_over: LookedOver | None = None,
) -> Project:
    """Open the project at ``target`` (path or URL), $SOURCEMARK_DB, or the default location.

    A path that does not exist yet becomes a new project with the default codebook.
    Raises ``ProjectError`` subclasses with a readable message when the file cannot be used.
    The day's backup is taken here unless ``daily_backup`` is false: then the caller takes it
    with ``take_daily_backup``, e.g. on a worker thread once the window is up. The backup
    before an upgrade is always taken here, before anything is changed. ``looked_over``: see
    ``db.engine.open_database``.
    """
    resolved = resolve_project_target(target)
    existed = False
    if "://" not in resolved:
        file = Path(resolved).expanduser().absolute()
        existed = file.is_file() and file.stat().st_size > 0
        file.parent.mkdir(parents=True, exist_ok=True)
    database = open_database(
        resolved, before_migration=_backup_before_migration, looked_over=looked_over
    )
    project = Project(
        database, (annotator or "").strip() or current_annotator(), daily_backups=existed
    )
    if not database.read_only:
        codebook.seed_default_codebook(project)
        if daily_backup:
            _daily_backup(project)
    return project


def take_daily_backup(project: Project) -> Path | None:
    """Back the project up if its newest backup is a day old; return the new copy, if any.

    Projects made just now, read-only ones and databases named by a URL are not backed up.
    Uses only its own SQLite connections, so it may run on any thread while the project is
    in use. Raises ``BackupError`` when the copy cannot be made.
    """
    if not project.daily_backups or project.read_only:
        return None
    return backups.backup_if_due(project)


def _daily_backup(project: Project) -> None:
    try:
        take_daily_backup(project)
    except backups.BackupError as error:
        # A missed daily backup must not keep the analyst from working; the next open retries.
        log.warning("%s", error)


def _backup_before_migration(path: Path) -> None:
    try:
        backups.backup_project(path, "before-upgrade")
    except backups.BackupError as error:
        raise backups.BackupError(f"{error} The project was not upgraded or changed.") from error
