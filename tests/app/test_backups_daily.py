"""The daily backup taken apart from opening: later, on another thread, while the project is
written to, and always whole."""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

import pytest

from sourcemark.app import backups, claims
from sourcemark.app.projects import open_project, take_daily_backup
from sourcemark.app.textspan import Span
from tests.reliability.support import seed_project


def _integrity_and_claims(path: Path) -> tuple[str, int]:
    connection = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True)
    try:
        (integrity,) = connection.execute("PRAGMA integrity_check").fetchone()
        (count,) = connection.execute("SELECT count(*) FROM claims").fetchone()
    finally:
        connection.close()
    return str(integrity), int(count)


def test_opening_without_the_daily_backup_leaves_it_to_take_daily_backup(tmp_path: Path) -> None:
    seeded = seed_project(tmp_path / "later.sourcemark")
    project = open_project(seeded.path, daily_backup=False)
    try:
        assert backups.list_backups(seeded.path) == []
        made = take_daily_backup(project)
        assert made is not None
        assert [b.path for b in backups.list_backups(seeded.path)] == [made]
        assert take_daily_backup(project) is None  # one a day
    finally:
        project.close()


def test_a_project_made_by_this_open_gets_no_daily_backup(tmp_path: Path) -> None:
    project = open_project(tmp_path / "new.sourcemark", daily_backup=False)
    try:
        assert take_daily_backup(project) is None
        assert backups.list_backups(tmp_path / "new.sourcemark") == []
    finally:
        project.close()


def test_a_daily_backup_on_another_thread_while_claims_are_written_is_whole(
    tmp_path: Path,
) -> None:
    seeded = seed_project(tmp_path / "busy.sourcemark")
    project = open_project(seeded.path, daily_backup=False)
    made: list[Path | None] = []
    try:
        worker = threading.Thread(target=lambda: made.append(take_daily_backup(project)))
        worker.start()
        written = 0
        while worker.is_alive() or written < 20:
            start = (written * 4) % 200
            claims.create_claim(project, seeded.article_id, Span(start, start + 3), [])
            written += 1
        worker.join()
    finally:
        project.close()
    [copy] = made
    assert copy is not None
    integrity, copied = _integrity_and_claims(copy)
    assert integrity == "ok"
    assert 0 <= copied <= written  # a snapshot of some moment, never a mixture
    assert not list(copy.parent.glob("*.partial"))


def test_a_restore_waits_for_a_backup_in_progress(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Backups and restores in one process take turns: a restore never overlaps a copy."""
    seeded = seed_project(tmp_path / "turns.sourcemark")
    kept = backups.backup_project(seeded.path, "manual")
    inside: list[str] = []
    overlaps: list[str] = []
    original_copy = backups._copy

    def watched_copy(source: sqlite3.Connection, target: Path) -> None:
        if inside:
            overlaps.append(target.name)
        inside.append(target.name)
        try:
            time.sleep(0.05)  # a slow disk: long enough for the others to start meanwhile
            original_copy(source, target)
        finally:
            inside.remove(target.name)

    monkeypatch.setattr(backups, "_copy", watched_copy)
    threads = [
        threading.Thread(target=backups.backup_project, args=(seeded.path, "daily")),
        threading.Thread(target=backups.restore_backup, args=(seeded.path, kept)),
        threading.Thread(target=backups.backup_project, args=(seeded.path, "manual")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert overlaps == []
    reasons = sorted(b.reason for b in backups.list_backups(seeded.path))
    assert reasons == ["before-restore", "daily", "manual", "manual"]
