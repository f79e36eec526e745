"""Copies of a project taken with SQLite's online backup API, kept in the backups folder.

The backup API copies a consistent snapshot even while another program writes, which a plain
file copy of a WAL database does not.
"""

from __future__ import annotations

import hashlib
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from sourcemark.app.paths import backups_dir


def project_backup_dir(project_path: Path) -> Path:
    """One folder per project file, named so two projects called the same never mix."""
    digest = hashlib.sha256(str(project_path.resolve()).encode()).hexdigest()[:8]
    return backups_dir() / f"{project_path.stem}-{digest}"


def backup_project(project_path: Path, reason: str) -> Path:
    """Copy the project to a new file in its backup folder and return that file's path."""
    folder = project_backup_dir(project_path)
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    target = folder / f"{stamp}-{reason}.sourcemark"
    source = sqlite3.connect(f"file:{project_path}?mode=ro", uri=True)
    try:
        destination = sqlite3.connect(target)
        try:
            source.backup(destination)
        finally:
            destination.close()
    finally:
        source.close()
    return target
