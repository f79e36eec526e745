"""``sourcemark backups``, ``backups create|restore`` and ``check``, healthy and damaged.

They must work without opening the project the usual way: a damaged project is exactly when
they are needed.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sourcemark.app import backups
from sourcemark.app.cli import main
from tests.reliability.support import seed_project


def _run(capsys: pytest.CaptureFixture[str], path: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--db", str(path), *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_create_list_and_restore_by_number(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = seed_project(tmp_path / "cli.sourcemark").path
    code, out, err = _run(capsys, path, "backups")
    assert code == 0 and out == "" and "no backups" in err
    code, out, _ = _run(capsys, path, "backups", "create")
    assert code == 0 and Path(out.strip()).is_file()
    code, out, _ = _run(capsys, path, "backups")
    header, row = out.splitlines()
    assert header.split() == ["N", "DATE", "REASON", "ARTICLES", "CLAIMS", "SIZE"]
    assert row.split()[0] == "1" and "manual" in row and row.split()[4:6] == ["1", "0"]

    code, _, err = _run(capsys, path, "backups", "restore", "1")
    assert code == 0 and "restored the manual backup" in err and "undoes" in err
    assert [b.reason for b in backups.list_backups(path)] == ["before-restore", "manual"]


def test_a_damaged_project_is_checked_and_restored_without_opening_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = seed_project(tmp_path / "broken.sourcemark").path
    good = backups.backup_project(path, "manual")
    assert _run(capsys, path, "check")[0] == 0
    data = bytearray(path.read_bytes())
    data[4096 * 2 : 4096 * 4] = b"\x5a" * 8192
    path.write_bytes(bytes(data))

    code, out, err = _run(capsys, path, "check")
    assert code == 1 and out.strip() and "sourcemark backups" in err
    code, _, err = _run(capsys, path, "tags")  # the ordinary way refuses it, and says where to go
    assert code == 1 and "damaged" in err and "sourcemark backups" in err
    code, _, err = _run(capsys, path, "backups", "create")
    assert code == 1 and "damaged" in err  # never copied over good backups

    code, _, _ = _run(capsys, path, "backups", "restore", str(good))
    assert code == 0
    assert _run(capsys, path, "check")[:2] == (0, f"{path}: ok\n")
    assert [b.reason for b in backups.list_backups(path)] == ["damaged", "manual"]


def test_bad_references_and_missing_projects_get_one_line_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = seed_project(tmp_path / "refs.sourcemark").path
    code, _, err = _run(capsys, path, "backups", "restore", "4")
    assert code == 1 and "no backup number 4" in err and len(err.splitlines()) == 1
    code, _, err = _run(capsys, tmp_path / "nowhere.sourcemark", "check")
    assert code == 1 and "no project at" in err
    assert not (tmp_path / "nowhere.sourcemark").exists()
