"""Backups: made on open at most once a day and before upgrades, bounded, listed and restored."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from sourcemark.app import backups, claims
from sourcemark.app.errors import NotFoundError
from sourcemark.app.projects import open_project
from sourcemark.app.textspan import Span
from sourcemark.db import migrate
from tests.reliability.support import (
    Revisions,
    Seeded,
    acknowledged,
    audit,
    seed_project,
    start_writer,
)
from tests.reliability.writer_process import expected_tags


def _add_claim(seeded: Seeded, start: int = 0) -> None:
    project = open_project(seeded.path)
    try:
        tags = expected_tags(start, seeded.tag_ids)
        claims.create_claim(project, seeded.article_id, Span(start, start + 3), tags)
    finally:
        project.close()


def _claim_count(path: Path) -> int:
    connection = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True)
    try:
        return int(connection.execute("SELECT count(*) FROM claims").fetchone()[0])
    finally:
        connection.close()


def test_opening_backs_up_at_most_once_a_day_and_only_changed_work(tmp_path: Path) -> None:
    seeded = seed_project(tmp_path / "daily.sourcemark")
    assert backups.list_backups(seeded.path) == []  # a brand-new project has nothing to keep
    _add_claim(seeded)  # opens the project: the first daily backup
    (first,) = backups.list_backups(seeded.path)
    assert first.reason == "daily" and first.size > 0
    _add_claim(seeded, 4)  # the same day: no new backup
    assert backups.list_backups(seeded.path) == [first]

    project = open_project(seeded.path)
    try:
        tomorrow = datetime.now(UTC) + timedelta(days=1, minutes=1)
        second = backups.backup_if_due(project, now=tomorrow)
        assert second is not None and _claim_count(second) == 2
        assert [b.path for b in backups.list_backups(seeded.path)] == [second, first.path]
        # Nothing changed since: the new copy replaces the old one instead of adding a twin.
        third = backups.backup_if_due(project, now=tomorrow + timedelta(days=1, minutes=1))
        assert third is not None
        assert [b.path for b in backups.list_backups(seeded.path)] == [third, first.path]
    finally:
        project.close()


def test_read_only_and_just_created_projects_are_not_backed_up(tmp_path: Path) -> None:
    project = open_project(tmp_path / "new.sourcemark")
    try:
        assert backups.list_backups(tmp_path / "new.sourcemark") == []
    finally:
        project.close()


def test_backups_are_bounded_per_reason_oldest_first(tmp_path: Path) -> None:
    seeded = seed_project(tmp_path / "bounded.sourcemark")
    upgrade = backups.backup_project(seeded.path, "before-upgrade")
    made = [backups.backup_project(seeded.path, "daily") for _ in range(backups.KEEP["daily"] + 3)]
    kept = backups.list_backups(seeded.path)
    assert [b.path for b in kept if b.reason == "daily"] == made[::-1][: backups.KEEP["daily"]]
    assert upgrade in [b.path for b in kept]


def test_list_and_find_backups(tmp_path: Path) -> None:
    seeded = seed_project(tmp_path / "listed.sourcemark")
    older = backups.backup_project(seeded.path, "manual")
    newer = backups.backup_project(seeded.path, "before-upgrade")
    # A copy still being written, and a stranger's file, are not backups.
    (older.parent / "20990101T000000000000Z-daily.sourcemark.partial").write_bytes(b"half")
    (older.parent / "notes.txt").write_text("mine")
    listed = backups.list_backups(seeded.path)
    assert [(b.path, b.reason) for b in listed] == [(newer, "before-upgrade"), (older, "manual")]
    assert listed[0].created_at > listed[1].created_at
    assert listed[0].created_at.tzinfo is not None
    assert backups.find_backup(seeded.path, "2").path == older
    assert backups.find_backup(seeded.path, str(newer)).reason == "before-upgrade"
    with pytest.raises(NotFoundError, match="no backup number 3"):
        backups.find_backup(seeded.path, "3")
    with pytest.raises(NotFoundError, match="sourcemark backups"):
        backups.find_backup(seeded.path, str(tmp_path / "missing.sourcemark"))


def test_a_backup_taken_while_another_process_writes_is_consistent(tmp_path: Path) -> None:
    seeded = seed_project(tmp_path / "busy.sourcemark")
    writer = start_writer(seeded, seed=7, count=150)
    copies = []
    while writer.poll() is None:
        copies.append(backups.backup_project(seeded.path, "manual"))
    stdout, stderr = writer.communicate(timeout=60)
    assert writer.returncode == 0, stderr
    assert len(acknowledged(stdout)) == 150
    # The newest ones: older copies were pruned. (The writer's open may add a daily backup
    # too, when it opens the project before the first copy here is made.)
    kept = [b for b in backups.list_backups(seeded.path) if b.reason == "manual"]
    assert len(kept) == min(len(copies), backups.KEEP["manual"])
    for copy in kept:
        result = audit(Seeded(copy.path, seeded.article_id, seeded.tag_ids))
        assert result.integrity == ["ok"] and not result.problems


def test_restore_replaces_the_content_keeps_the_current_state_and_reaches_open_windows(
    tmp_path: Path,
) -> None:
    seeded = seed_project(tmp_path / "restore.sourcemark")
    _add_claim(seeded)
    snapshot = backups.backup_project(seeded.path, "manual")
    for start in (4, 8, 12):
        _add_claim(seeded, start)
    window = open_project(seeded.path)  # another window with the project open
    try:
        seen = window.db.data_version()
        kept = backups.restore_backup(seeded.path, snapshot)
        assert kept is not None and "before-restore" in kept.name
        assert _claim_count(kept) == 4
        assert window.db.data_version() != seen  # the window knows to refresh
        assert claims.count_claims(window) == 1
        # The window goes on working on the restored project.
        claims.create_claim(window, seeded.article_id, Span(0, 3), [seeded.tag_ids[0]])
    finally:
        window.close()
    assert audit(seeded).integrity == ["ok"]
    # Restoring the kept copy undoes the restore.
    backups.restore_backup(seeded.path, kept)
    assert _claim_count(seeded.path) == 4


def test_restore_into_a_missing_project_file_recreates_it(tmp_path: Path) -> None:
    seeded = seed_project(tmp_path / "deleted.sourcemark")
    _add_claim(seeded)
    snapshot = backups.backup_project(seeded.path, "manual")
    seeded.path.unlink()
    assert backups.restore_backup(seeded.path, snapshot) is None
    assert _claim_count(seeded.path) == 1


def test_a_backup_that_is_not_sound_is_not_restored(tmp_path: Path) -> None:
    seeded = seed_project(tmp_path / "keep.sourcemark")
    _add_claim(seeded)
    before = seeded.path.read_bytes()
    existing = backups.list_backups(seeded.path)
    bogus = tmp_path / "bogus.sourcemark"
    bogus.write_bytes(b"SQLite format 3\x00" + b"\x00" * 5000)
    with pytest.raises(backups.BackupError, match="cannot be restored"):
        backups.restore_backup(seeded.path, bogus)
    assert seeded.path.read_bytes() == before
    assert backups.list_backups(seeded.path) == existing  # refused before anything was done


def test_restoring_an_older_schema_upgrades_it_at_once(
    tmp_path: Path, revisions: Revisions
) -> None:
    seeded = seed_project(tmp_path / "old.sourcemark")
    _add_claim(seeded)
    old = backups.backup_project(seeded.path, "manual")
    revisions.add("9101", 'op.create_table("scratch", sa.Column("id", sa.Integer()))')
    backups.restore_backup(seeded.path, old)
    connection = sqlite3.connect(f"file:{seeded.path}?mode=ro", uri=True)
    try:
        assert connection.execute("SELECT version_num FROM alembic_version").fetchone() == (
            migrate.head_revision(),
        )
    finally:
        connection.close()
    assert _claim_count(seeded.path) == 1
