"""Disk trouble: read-only projects open read-only and refuse edits plainly; a full disk fails
the one write with a clear message, keeps earlier work, and the project goes on working.

Root ignores file permissions, so the permission tests run their probe in a child process
whose bounding set lacks CAP_DAC_OVERRIDE/CAP_DAC_READ_SEARCH/CAP_FOWNER: still uid 0, but
bound by permissions like any user. Read-only mounts and a tiny tmpfs need ``mount`` (root with
CAP_SYS_ADMIN); where it is refused those tests are skipped and the disk-full guarantee is
still tested through SQLite's own size limit.
"""

from __future__ import annotations

import contextlib
import ctypes
import json
import os
import signal
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event

from sourcemark.app import claims
from sourcemark.app.claims import ClaimFields
from sourcemark.app.projects import open_project
from sourcemark.app.textspan import Span
from sourcemark.db.errors import StorageError
from tests.reliability.support import acknowledged, audit, go, seed_project, spawn_writer

PROBE = Path(__file__).with_name("probe_process.py")
_PR_CAPBSET_DROP = 24
_FILE_CAPABILITIES = (1, 2, 3)  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER


def _drop_file_capabilities() -> None:
    libc = ctypes.CDLL(None, use_errno=True)
    for capability in _FILE_CAPABILITIES:
        if libc.prctl(_PR_CAPBSET_DROP, capability, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP) refused")


def _probe(path: Path) -> dict[str, Any]:
    """Open ``path`` in a child process that file permissions apply to, even under root."""
    as_root = os.geteuid() == 0
    if as_root and not sys.platform.startswith("linux"):
        pytest.skip("needs Linux capabilities to test permissions as root")
    try:
        done = subprocess.run(
            [sys.executable, str(PROBE), str(path)],
            capture_output=True,
            text=True,
            timeout=60,
            preexec_fn=_drop_file_capabilities if as_root else None,
        )
    except subprocess.SubprocessError as error:
        if "prctl" in str(error):
            pytest.skip("cannot drop root's file capabilities here")
        raise
    assert done.returncode == 0, done.stderr
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def _mount(*args: str) -> bool:
    if os.geteuid() != 0:
        return False
    done = subprocess.run(["mount", *args], capture_output=True, check=False)
    return done.returncode == 0


@contextlib.contextmanager
def _read_only_bind(folder: Path) -> Iterator[None]:
    if not _mount("--bind", str(folder), str(folder)):
        pytest.skip("mount is not permitted here")
    try:
        if not _mount("-o", "remount,ro,bind", str(folder)):
            pytest.skip("a read-only remount is not permitted here")
        yield
    finally:
        subprocess.run(["umount", str(folder)], check=False)


@contextlib.contextmanager
def _tmpfs(folder: Path, size: str) -> Iterator[None]:
    folder.mkdir()
    if not _mount("-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)):
        pytest.skip("mounting a tmpfs is not permitted here")
    try:
        yield
    finally:
        subprocess.run(["umount", str(folder)], check=False)


def _assert_read_only_report(report: dict[str, Any], claims_count: int) -> None:
    assert report.get("open_error") is None, report
    assert report["read_only"] is True
    assert report["claims"] == claims_count
    assert report["data_version"] is True
    error_type, message = report["write_error"]
    assert error_type == "ReadOnlyProjectError"
    assert "read-only" in message and "not saved" in message


# Read-only ----------------------------------------------------------------------------------


def test_a_project_on_a_read_only_mount_opens_read_only(tmp_path: Path) -> None:
    folder = tmp_path / "usb"
    folder.mkdir()
    seeded = seed_project(folder / "p.sourcemark")
    assert sorted(p.name for p in folder.iterdir()) == ["p.sourcemark"]  # no -wal, no -shm
    with _read_only_bind(folder):
        # WAL needs a -shm file that cannot be created here: opened immutable instead.
        _assert_read_only_report(_probe(seeded.path), 0)
        project = open_project(seeded.path)  # root too: a read-only mount binds everyone
        try:
            assert project.read_only
        finally:
            project.close()
        assert sorted(p.name for p in folder.iterdir()) == ["p.sourcemark"]


def test_a_read_only_mount_with_unmerged_changes_is_read_or_refused_plainly(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "crashed"
    folder.mkdir()
    seeded = seed_project(folder / "p.sourcemark")
    # A writer killed mid-work leaves its last commits in the -wal file.
    writer = spawn_writer(seeded, seed=5)
    go(writer)
    assert writer.stdout is not None
    while len(acknowledged(writer.stdout.readline())) == 0:
        pass
    lines = [writer.stdout.readline() for _ in range(20)]
    writer.send_signal(signal.SIGKILL)
    writer.communicate()
    acked = len(acknowledged("".join(lines))) + 1
    wal = folder / "p.sourcemark-wal"
    assert wal.stat().st_size > 0
    with _read_only_bind(folder):
        # With the -shm file there, SQLite reads the -wal's commits even from a read-only mount.
        report = _probe(seeded.path)
        assert report["read_only"] is True and report["claims"] >= acked
    (folder / "p.sourcemark-shm").unlink()
    with _read_only_bind(folder):
        report = _probe(seeded.path)
        error_type, message = report["open_error"]
        assert error_type == "ReadOnlyProjectError"
        assert "p.sourcemark-wal" in message and "Copy both files" in message


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_a_read_only_file_and_folder_open_read_only(tmp_path: Path) -> None:
    folder = tmp_path / "shared"
    folder.mkdir()
    seeded = seed_project(folder / "p.sourcemark")
    seeded.path.chmod(0o444)
    folder.chmod(0o555)
    try:
        _assert_read_only_report(_probe(seeded.path), 0)
    finally:
        folder.chmod(0o755)
    assert sorted(p.name for p in folder.iterdir()) == ["p.sourcemark"]


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_a_read_only_file_in_a_writable_folder_opens_read_only(tmp_path: Path) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    seeded = seed_project(folder / "p.sourcemark")
    seeded.path.chmod(0o444)
    folder.chmod(folder.stat().st_mode | stat.S_IWOTH | stat.S_IWGRP)
    _assert_read_only_report(_probe(seeded.path), 0)
    assert audit(seeded).integrity == ["ok"]


# Disk full ----------------------------------------------------------------------------------


def _big_note(kilobytes: int) -> ClaimFields:
    return ClaimFields(note="la note est longue; " * (kilobytes * 1024 // 20))


def test_a_full_disk_fails_the_write_plainly_and_the_project_recovers(tmp_path: Path) -> None:
    folder = tmp_path / "small-disk"
    with _tmpfs(folder, "3m"):
        seeded = seed_project(folder / "p.sourcemark")
        project = open_project(seeded.path)
        try:
            kept = [
                claims.create_claim(project, seeded.article_id, Span(s, s + 3), [seeded.tag_ids[0]])
                for s in (0, 4, 8)
            ]
            filler = folder / "filler"
            with filler.open("wb") as file, contextlib.suppress(OSError):
                while True:
                    file.write(b"\0" * 65536)
                    file.flush()
            with pytest.raises(StorageError, match=r"disk is full.*earlier work is safe"):
                claims.create_claim(
                    project, seeded.article_id, Span(12, 15), [seeded.tag_ids[0]], _big_note(512)
                )
            # Reading goes on; what was saved is all there.
            assert [c.id for c in claims.list_claims(project)] == [c.id for c in kept]
            filler.unlink()  # the analyst frees some space
            claims.create_claim(
                project, seeded.article_id, Span(12, 15), [seeded.tag_ids[0]], _big_note(512)
            )
            assert claims.count_claims(project) == 4
        finally:
            project.close()
        assert audit(seeded).integrity == ["ok"]


def test_a_write_past_the_size_limit_fails_plainly_and_the_project_recovers(
    tmp_path: Path,
) -> None:
    # The same guarantee without mount: SQLite's max_page_count makes it report a full disk.
    seeded = seed_project(tmp_path / "limited.sourcemark")
    project = open_project(seeded.path)
    limit = {"pages": 0}

    def limit_size(dbapi_connection: Any, _record: Any, _proxy: Any) -> None:
        cursor = dbapi_connection.cursor()
        if limit["pages"]:
            cursor.execute(f"PRAGMA max_page_count={limit['pages']}")
        else:
            cursor.execute("PRAGMA max_page_count=1073741823")
        cursor.close()

    event.listen(project.db.engine, "checkout", limit_size)
    try:
        first = claims.create_claim(project, seeded.article_id, Span(0, 3), [seeded.tag_ids[0]])
        pages = os.path.getsize(seeded.path) // 4096
        limit["pages"] = pages + 2
        with pytest.raises(StorageError, match="disk is full"):
            claims.create_claim(
                project, seeded.article_id, Span(4, 7), [seeded.tag_ids[0]], _big_note(256)
            )
        assert [c.id for c in claims.list_claims(project)] == [first.id]
        limit["pages"] = 0
        claims.create_claim(
            project, seeded.article_id, Span(4, 7), [seeded.tag_ids[0]], _big_note(256)
        )
        assert claims.count_claims(project) == 2
    finally:
        event.remove(project.db.engine, "checkout", limit_size)
        project.close()
    assert audit(seeded).integrity == ["ok"]
