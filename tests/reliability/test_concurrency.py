"""Two at once: several processes writing one project queue behind each other and lose nothing.

Rests on: BEGIN IMMEDIATE for every write (the write lock is taken before anything is read, so
a transaction never fails half-way on a lock), a 10 s busy timeout, and WAL (readers never
block the writer). A window learns of another program's commits through ``data_version``.
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

import pytest

from sourcemark.app import claims
from sourcemark.app.projects import open_project
from sourcemark.app.textspan import Span
from sourcemark.db import engine
from sourcemark.db.errors import StorageError
from tests.reliability.support import acknowledged, audit, scaled, seed_project, start_writer
from tests.reliability.writer_process import expected_tags

CLAIMS_PER_WRITER = scaled(150, 1500)


@pytest.mark.timeout(60 + CLAIMS_PER_WRITER // 10)
def test_two_processes_and_an_open_window_write_concurrently_without_errors_or_losses(
    tmp_path: Path,
) -> None:
    seeded = seed_project(tmp_path / "shared.sourcemark")
    # This process plays the window that has the project open while two commands write.
    window = open_project(seeded.path)
    try:
        seen = window.db.data_version()
        writers = [start_writer(seeded, seed, CLAIMS_PER_WRITER) for seed in (1, 2)]
        mine: dict[int, str] = {}
        start = 0
        while any(writer.poll() is None for writer in writers):
            span = Span(start, start + 3)
            info = claims.create_claim(
                window, seeded.article_id, span, expected_tags(start, seeded.tag_ids)
            )
            mine[info.id] = info.uuid
            start = (start + 1) % 50
            # A long read while the others write: WAL lets both go on.
            with window.db.read() as session:
                session.connection().exec_driver_sql("SELECT count(*) FROM claims").scalar()
            time.sleep(0.005)
        outputs = [writer.communicate(timeout=60) for writer in writers]
        assert window.db.data_version() != seen, "the window cannot tell others wrote"
    finally:
        window.close()
    acked = dict(mine)
    for writer, (stdout, stderr) in zip(writers, outputs, strict=True):
        assert writer.returncode == 0, stderr
        assert "Traceback" not in stderr and "locked" not in stderr
        written = acknowledged(stdout)
        assert len(written) == CLAIMS_PER_WRITER
        acked.update(written)
    result = audit(seeded)
    assert result.integrity == ["ok"]
    assert result.claims == acked  # every acknowledged claim, and nothing else
    assert not result.problems


def test_data_version_changes_only_when_another_program_commits(tmp_path: Path) -> None:
    seeded = seed_project(tmp_path / "refresh.sourcemark")
    window = open_project(seeded.path)
    try:
        before = window.db.data_version()
        assert window.db.data_version() == before  # nothing happened: no refresh
        writer = start_writer(seeded, seed=3, count=1)
        stdout, stderr = writer.communicate(timeout=60)
        assert writer.returncode == 0, stderr
        assert len(acknowledged(stdout)) == 1
        assert window.db.data_version() != before
    finally:
        window.close()


def test_a_write_blocked_too_long_says_so_plainly_and_the_next_one_works(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seeded = seed_project(tmp_path / "busy.sourcemark")
    monkeypatch.setattr(engine, "BUSY_TIMEOUT_MS", 300)
    project = open_project(seeded.path)
    blocker = sqlite3.connect(seeded.path, isolation_level=None)
    try:
        blocker.execute("BEGIN IMMEDIATE")  # another program in the middle of a long write
        started = time.monotonic()
        with pytest.raises(StorageError, match=r"busy for too long.*Try again"):
            claims.create_claim(project, seeded.article_id, Span(0, 3), [seeded.tag_ids[0]])
        assert time.monotonic() - started >= 0.25  # it waited before giving up
        blocker.execute("COMMIT")
        info = claims.create_claim(project, seeded.article_id, Span(0, 3), [seeded.tag_ids[0]])
        assert claims.get_claim(project, info.id).quote == "The"
    finally:
        blocker.close()
        project.close()
