"""Looking at a SQLite project file without changing a byte of it.

Before Sourcemark sets a single pragma on an existing file it must know what the file is: not
SQLite at all, another program's database, damaged, written by a newer Sourcemark, or in a
place it cannot write to. Everything here reads through a read-only connection.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from sourcemark.db.errors import (
    DamagedProjectError,
    NotAProjectError,
    ProjectError,
    ReadOnlyProjectError,
)

SQLITE_HEADER = b"SQLite format 3\x00"
VERSION_TABLE = "alembic_version"
# quick_check reads every page: ~0.17 s for a 64 MB project (5,000 articles, 100,000 claims)
# with a warm cache. Above this size the check would make opening slow, so it is skipped.
QUICK_CHECK_MAX_BYTES = 256 * 1024 * 1024
RESTORE_HINT = "Restore a backup of it: 'sourcemark backups' lists them."


@dataclass(frozen=True)
class FileFacts:
    """What an existing project file says about itself."""

    revision: str | None
    written_by: str | None


def sidecar(path: Path, suffix: str) -> Path:
    """SQLite's companion files: ``-wal`` (committed changes not yet in the file), ``-shm``."""
    return path.with_name(path.name + suffix)


def file_uri(path: Path, **parameters: str) -> str:
    """An SQLite URI for ``path``; quoting keeps ``#``, ``?`` and ``%`` in names from cutting it."""
    query = "&".join(f"{key}={value}" for key, value in parameters.items())
    return f"file:{quote(path.as_posix())}" + (f"?{query}" if query else "")


def is_read_only(path: Path) -> bool:
    """Whether Sourcemark cannot write the project (or, for a new one, create it).

    ``os.access`` also answers no on a read-only mount, even for root. WAL needs to create
    the -wal and -shm files beside the project, so the folder must be writable too.
    """
    if path.exists():
        return not (os.access(path, os.W_OK) and os.access(path.parent, os.W_OK))
    parent = next((p for p in [path.parent, *path.parents] if p.exists()), None)
    return parent is None or not os.access(parent, os.W_OK)


def read_only_parameters(path: Path) -> dict[str, str]:
    """URI parameters that open an existing project for reading only, wherever it lies.

    Reading a WAL database needs its -shm file. In a folder Sourcemark may not write to, where
    SQLite cannot create one, the file is opened ``immutable`` instead, which is right only
    when no -wal file holds changes that are not in the main file yet; if one does, say so.
    """
    try:
        connection = sqlite3.connect(file_uri(path, mode="ro"), uri=True)
        try:
            connection.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchall()
        finally:
            connection.close()
        return {"mode": "ro"}
    except sqlite3.OperationalError:
        if os.access(path.parent, os.W_OK):
            return {"mode": "ro"}  # not the missing -shm: the real check reports the problem
    except sqlite3.DatabaseError:
        return {"mode": "ro"}  # damaged: the real check says so
    wal = sidecar(path, "-wal")
    if wal.exists() and wal.stat().st_size > 0:
        raise ReadOnlyProjectError(
            f"{path} has recent changes in {wal.name}, and SQLite cannot read them in a "
            "read-only folder. Copy both files into a folder you can write to and open the copy."
        )
    return {"mode": "ro", "immutable": "1"}


def connect_read_only(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(
        file_uri(path, **read_only_parameters(path)), uri=True, check_same_thread=False
    )


def check_is_sqlite_or_new(path: Path) -> None:
    """Refuse folders and files that are not SQLite databases, by their first 16 bytes."""
    if path.is_dir():
        raise NotAProjectError(f"{path} is a folder, not a project file. Name a file instead.")
    if not path.exists() or path.stat().st_size == 0:
        return
    try:
        with path.open("rb") as file:
            header = file.read(len(SQLITE_HEADER))
    except OSError as error:
        raise ProjectError(f"Cannot read {path}: {error.strerror}.") from error
    if header != SQLITE_HEADER:
        raise NotAProjectError(
            f"{path} is not a Sourcemark project (it is not an SQLite database), so it was not "
            "opened or changed. Check the file name; if it was your project, it is damaged. "
            + RESTORE_HINT
        )


def inspect_file(path: Path) -> FileFacts:
    """The revision and writer of an existing project, after checking it is sound.

    A new or empty file gives ``FileFacts(None, None)``. Raises ``NotAProjectError`` for
    another program's database and ``DamagedProjectError`` for a damaged one.
    """
    if not path.exists() or path.stat().st_size == 0:
        return FileFacts(None, None)
    try:
        connection = connect_read_only(path)
    except sqlite3.Error as error:
        raise ProjectError(f"Cannot open {path} ({error}). Check its permissions.") from error
    try:
        tables = {
            row[0]
            for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
        }
        if not tables:
            return FileFacts(None, None)
        if VERSION_TABLE not in tables:
            raise NotAProjectError(
                f"{path} is an SQLite database but not a Sourcemark project, so it was not "
                "opened or changed. Open a Sourcemark project, or give a new file name."
            )
        problems = health_problems(connection, path.stat().st_size)
        if problems:
            raise damaged(path, problems[0])
        row = connection.execute(f"SELECT version_num FROM {VERSION_TABLE}").fetchone()
        revision = None if row is None else str(row[0])
        written_by = None
        if "project_meta" in tables:
            meta = connection.execute(
                "SELECT value FROM project_meta WHERE key = 'written_by_version'"
            ).fetchone()
            written_by = None if meta is None else str(meta[0])
        return FileFacts(revision, written_by)
    except sqlite3.OperationalError as error:
        if "unable to open" in str(error) or "readonly" in str(error):
            raise ProjectError(f"Cannot read {path} ({error}). Check its permissions.") from error
        raise damaged(path, str(error)) from error
    except sqlite3.DatabaseError as error:
        raise damaged(path, str(error)) from error
    finally:
        connection.close()


def health_problems(connection: sqlite3.Connection, size: int) -> list[str]:
    """What ``PRAGMA quick_check`` finds wrong (at most three things); empty when sound.

    A truncated file fails already when SQLite reads its header (the size recorded there
    exceeds the file); overwritten pages are what this check finds.
    """
    if size > QUICK_CHECK_MAX_BYTES:
        return []
    rows = [str(row[0]) for row in connection.execute("PRAGMA quick_check(3)")]
    return [] if rows == ["ok"] else rows


def damaged(path: Path, detail: str) -> DamagedProjectError:
    return DamagedProjectError(
        f"{path} is damaged ({detail}), so it was not opened or changed. " + RESTORE_HINT
    )


def full_check(path: Path) -> list[str]:
    """What ``PRAGMA integrity_check`` and ``foreign_key_check`` find (up to 20); [] if sound.

    Slower than the check on opening (it also compares every index with its table), so it
    runs on request: ``sourcemark check``. Raises ``NotAProjectError`` for a file that is not
    a Sourcemark project at all.
    """
    check_is_sqlite_or_new(path)
    if not path.is_file():
        raise NotAProjectError(f"There is no project file at {path}.")
    connection = connect_read_only(path)
    try:
        tables = {r[0] for r in connection.execute("SELECT name FROM sqlite_master")}
        if VERSION_TABLE not in tables:
            raise NotAProjectError(f"{path} is not a Sourcemark project.")
        problems = [str(row[0]) for row in connection.execute("PRAGMA integrity_check(20)")]
        if problems == ["ok"]:
            return [
                f"row {row[1]} of {row[0]} refers to a missing row of {row[2]}"
                for row in connection.execute("PRAGMA foreign_key_check")
            ][:20]
        return problems
    except sqlite3.DatabaseError as error:
        return [str(error)]
    finally:
        connection.close()
