"""Copies of a project taken with SQLite's online backup API, kept in the backups folder.

The backup API copies a consistent snapshot even while another program writes, which a plain
file copy of a WAL database does not. Each project has its own folder under
``paths.backups_dir()``; file names say when (UTC) and why a copy was made::

    <backups>/<project stem>-<hash of its path>/20240501T093000123456Z-daily.sourcemark

Reasons and how many of each are kept (the oldest go first; see ``KEEP``):

- ``daily``: on opening a project, at most once per ``BACKUP_INTERVAL``;
- ``before-upgrade``: before a newer Sourcemark migrates the project;
- ``before-restore``: the project as it was before a backup was restored over it;
- ``manual``: asked for by the user;
- ``damaged``: a raw copy of a damaged project file set aside by a restore.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import re
import shutil
import sqlite3
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import wraps
from pathlib import Path
from typing import TYPE_CHECKING, ParamSpec, TypeVar

from sourcemark.app.errors import NotFoundError, SourcemarkError
from sourcemark.app.paths import backups_dir
from sourcemark.db import sqlite_file
from sourcemark.db.engine import BUSY_TIMEOUT_MS, open_database
from sourcemark.db.errors import NewerProjectError, NotAProjectError, ProjectError
from sourcemark.db.migrate import check_revision_is_known

if TYPE_CHECKING:
    from sourcemark.app.projects import Project

log = logging.getLogger(__name__)

SUFFIX = ".sourcemark"
BACKUP_INTERVAL = timedelta(days=1)
KEEP = {"daily": 10, "before-upgrade": 5, "before-restore": 10, "manual": 10, "damaged": 5}
_NAME = re.compile(r"^(?P<stamp>\d{8}T\d{12}Z)-(?P<reason>[a-z-]+)\.sourcemark$")
_STAMP = "%Y%m%dT%H%M%S%fZ"
_SIDECARS = ("-wal", "-shm")
# The window takes the daily backup on a worker thread: one backup, prune or restore at a time
# in this process, so a restore waits for a copy in progress instead of racing it.
_LOCK = threading.RLock()
_P = ParamSpec("_P")
_T = TypeVar("_T")


def _one_at_a_time(function: Callable[_P, _T]) -> Callable[_P, _T]:
    @wraps(function)
    def locked(*args: _P.args, **kwargs: _P.kwargs) -> _T:
        with _LOCK:
            return function(*args, **kwargs)

    return locked


class BackupError(SourcemarkError):
    """A backup could not be made or restored; the message says why and what to do."""


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    created_at: datetime  # UTC, timezone-aware
    reason: str
    size: int


def project_backup_dir(project_path: Path) -> Path:
    """One folder per project file, named so two projects called the same never mix."""
    digest = hashlib.sha256(str(project_path.resolve()).encode()).hexdigest()[:8]
    return backups_dir() / f"{project_path.stem}-{digest}"


def list_backups(project_path: Path) -> list[BackupInfo]:
    """The project's backups, newest first."""
    folder = project_backup_dir(project_path)
    if not folder.is_dir():
        return []
    found = []
    for path in folder.iterdir():
        match = _NAME.match(path.name)
        if match is None or not path.is_file():
            continue  # a copy still being written (.partial), or a file someone put there
        created = datetime.strptime(match["stamp"], _STAMP).replace(tzinfo=UTC)
        found.append(BackupInfo(path, created, match["reason"], path.stat().st_size))
    return sorted(found, key=lambda info: info.created_at, reverse=True)


def backup_contents(backup: Path) -> tuple[int, int] | None:
    """How many articles and claims a backup holds, or ``None`` if it cannot be read.

    Read ``immutable``: nothing writes a backup, and no -shm file appears beside it.
    """
    uri = sqlite_file.file_uri(backup, mode="ro", immutable="1")
    try:
        connection = sqlite3.connect(uri, uri=True)
        try:
            (articles,) = connection.execute("SELECT count(*) FROM articles").fetchone()
            (claims,) = connection.execute("SELECT count(*) FROM claims").fetchone()
        finally:
            connection.close()
    except sqlite3.Error:
        return None
    return int(articles), int(claims)


def find_backup(project_path: Path, reference: str) -> BackupInfo:
    """A backup named by its number in ``list_backups`` (1 = newest) or by its file path."""
    backups = list_backups(project_path)
    if reference.isdigit():
        number = int(reference)
        if not 1 <= number <= len(backups):
            raise NotFoundError(
                f"There is no backup number {number}; this project has {len(backups)} "
                "('sourcemark backups' lists them)."
            )
        return backups[number - 1]
    path = Path(reference).expanduser()
    if not path.is_file():
        raise NotFoundError(f"No backup file {path}; 'sourcemark backups' lists them.")
    for info in backups:
        if info.path.resolve() == path.resolve():
            return info
    stat = path.stat()
    return BackupInfo(path, datetime.fromtimestamp(stat.st_mtime, UTC), "file", stat.st_size)


@_one_at_a_time
def backup_project(project_path: Path, reason: str) -> Path:
    """Copy the project to a new file in its backup folder and return that file's path.

    The copy is written under a temporary name and renamed when complete, so a crash or a full
    disk never leaves a half backup that looks whole. Older backups of the same reason beyond
    ``KEEP`` are then deleted.
    """
    folder = project_backup_dir(project_path)
    stamp = datetime.now(UTC).strftime(_STAMP)
    target = folder / f"{stamp}-{reason}{SUFFIX}"
    partial = target.with_name(target.name + ".partial")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        partial.unlink(missing_ok=True)
        source = sqlite_file.connect_read_only(project_path)
        try:
            source.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
            _copy(source, partial)
        finally:
            source.close()
        os.replace(partial, target)
        _sync_folder(folder)
    except (OSError, sqlite3.Error) as error:
        _discard(partial)
        raise BackupError(
            f"Could not back up {project_path.name} into {folder} ({error}). "
            "Check that the disk has free space and the folder can be written."
        ) from error
    prune(project_path)
    return target


@_one_at_a_time
def backup_if_due(project: Project, *, now: datetime | None = None) -> Path | None:
    """Back up the project if its newest backup is older than ``BACKUP_INTERVAL``.

    Read-only projects and databases on a server are not backed up here. When nothing changed
    since the newest daily backup, the new copy replaces it instead of pushing out an older,
    different one. Returns the new backup, or ``None`` when none was due.
    """
    path = project.path
    if path is None or project.read_only:
        return None
    now = now or datetime.now(UTC)
    existing = list_backups(path)
    # A newest backup "in the future" means the clock was changed: do not wait for it.
    if existing and timedelta(0) <= now - existing[0].created_at < BACKUP_INTERVAL:
        return None
    created = backup_project(path, "daily")
    previous = existing[0] if existing else None
    if previous is not None and previous.reason == "daily" and _same_bytes(previous.path, created):
        _discard(previous.path)
    return created


@_one_at_a_time
def restore_backup(project_path: Path, backup: Path | BackupInfo) -> Path | None:
    """Put a backup's content back into the project; return the copy kept of what it replaced.

    The current project is first backed up itself (``before-restore``; a damaged file is set
    aside byte for byte as ``damaged``), so a restore can be undone by restoring that copy.
    A sound project is overwritten through SQLite's backup API in one transaction: a crash
    half-way leaves it as it was, and another Sourcemark window that has it open sees the
    restored content at its next refresh. A damaged project is replaced as a file, after its
    stale -wal and -shm files are removed (SQLite would otherwise replay them into the
    restored file). A backup from an older schema is upgraded right away.
    Returns ``None`` when there was no project file to keep.
    """
    source_path = backup.path if isinstance(backup, BackupInfo) else Path(backup)
    project_path = project_path.expanduser().absolute()
    _check_restorable(source_path)
    if sqlite_file.is_read_only(project_path):
        raise BackupError(
            f"{project_path} is read-only, so no backup can be restored into it. "
            "Make it writable, or restore into a copy."
        )
    kept: Path | None = None
    if project_path.exists() and project_path.stat().st_size > 0:
        try:
            sqlite_file.check_is_sqlite_or_new(project_path)
            sqlite_file.inspect_file(project_path)
        except NotAProjectError:
            kept = _set_aside_damaged(project_path)
            _replace_file(source_path, project_path)
        else:
            kept = backup_project(project_path, "before-restore")
            _copy_into_live(source_path, project_path)
    else:
        _replace_file(source_path, project_path)
    # Upgrading now means no other program ever finds the project at the backup's old schema.
    open_database(project_path).close()
    return kept


@_one_at_a_time
def prune(project_path: Path) -> None:
    """Delete the oldest backups of each reason beyond ``KEEP``."""
    seen: dict[str, int] = {}
    for info in list_backups(project_path):
        seen[info.reason] = seen.get(info.reason, 0) + 1
        if seen[info.reason] > KEEP.get(info.reason, 10):
            for path in (info.path, *(sqlite_file.sidecar(info.path, s) for s in _SIDECARS)):
                _discard(path)


def _check_restorable(source: Path) -> None:
    """Refuse to restore anything but a sound Sourcemark project this version can read."""
    if not source.is_file():
        raise NotFoundError(f"No backup file {source}; 'sourcemark backups' lists them.")
    try:
        sqlite_file.check_is_sqlite_or_new(source)
        facts = sqlite_file.inspect_file(source)
        if facts.revision is None:
            raise NotAProjectError(f"{source} holds no Sourcemark project.")
        check_revision_is_known(facts.revision, facts.written_by)
    except NewerProjectError as error:
        raise BackupError(f"That backup cannot be restored: {error}") from error
    except ProjectError as error:
        raise BackupError(
            f"That backup cannot be restored: {error} Choose another backup."
        ) from error


def _copy(source: sqlite3.Connection, target: Path) -> None:
    destination = sqlite3.connect(target)
    try:
        source.backup(destination)
        # The copy says WAL in its header like the project; make it one self-contained file.
        destination.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        # The last connection to close removes the (now empty) -wal and -shm files.
        destination.close()


def _copy_into_live(source_path: Path, project_path: Path) -> None:
    source = sqlite_file.connect_read_only(source_path)
    try:
        target = sqlite3.connect(project_path, timeout=BUSY_TIMEOUT_MS / 1000)
        try:
            target.execute("PRAGMA synchronous=FULL")
            source.backup(target)
        finally:
            target.close()
    except sqlite3.Error as error:
        raise BackupError(
            f"Could not restore {source_path.name} into {project_path.name} ({error}); the "
            "project was left as it was. Close other Sourcemark windows and try again."
        ) from error
    finally:
        source.close()


def _replace_file(source_path: Path, project_path: Path) -> None:
    """Write the backup beside the project, then rename it over the project in one step."""
    fresh = project_path.with_name(f".{project_path.name}.restoring")
    try:
        fresh.unlink(missing_ok=True)
        source = sqlite_file.connect_read_only(source_path)
        try:
            _copy(source, fresh)
        finally:
            source.close()
        for suffix in _SIDECARS:
            sqlite_file.sidecar(project_path, suffix).unlink(missing_ok=True)
        os.replace(fresh, project_path)
        _sync_folder(project_path.parent)
    except (OSError, sqlite3.Error) as error:
        _discard(fresh)
        raise BackupError(
            f"Could not restore {source_path.name} as {project_path} ({error}). "
            "Check that the folder can be written and the disk has free space."
        ) from error


def _set_aside_damaged(project_path: Path) -> Path:
    """Copy a damaged project (and its -wal, which may hold the latest work) byte for byte."""
    folder = project_backup_dir(project_path)
    stamp = datetime.now(UTC).strftime(_STAMP)
    target = folder / f"{stamp}-damaged{SUFFIX}"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(project_path, target)
        wal = sqlite_file.sidecar(project_path, "-wal")
        if wal.exists():
            shutil.copyfile(wal, sqlite_file.sidecar(target, "-wal"))
    except OSError as error:
        raise BackupError(
            f"Could not keep a copy of the damaged {project_path.name} in {folder} ({error}), "
            "so nothing was restored. Free some space and try again."
        ) from error
    return target


def _discard(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink(missing_ok=True)


def _same_bytes(first: Path, second: Path) -> bool:
    if first.stat().st_size != second.stat().st_size:
        return False
    return _digest(first) == _digest(second)


def _digest(path: Path) -> bytes:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.digest()


def _sync_folder(folder: Path) -> None:
    """Make a rename durable: on POSIX the folder's entry must reach the disk too."""
    if os.name != "posix":
        return
    handle = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)
