"""Opening with a look at the file taken ahead of time (``open_database(looked_over=...)``):
used as it is while the file is unchanged, taken again when the file changed meanwhile, and
its errors are opening's errors."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest

from sourcemark.db import migrate, sqlite_file
from sourcemark.db.engine import open_database
from sourcemark.db.errors import DamagedProjectError, NewerProjectError
from sourcemark.db.sqlite_file import FileFacts


@pytest.fixture
def project_file(tmp_path: Path) -> Path:
    path = tmp_path / "looked.sourcemark"
    open_database(path).close()
    return path


@pytest.fixture
def looks(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Every full look opening takes itself."""
    taken: list[Path] = []
    original = sqlite_file.inspect_file

    def counted(path: Path) -> FileFacts:
        taken.append(path)
        return original(path)

    monkeypatch.setattr(sqlite_file, "inspect_file", counted)
    return taken


def test_an_unchanged_file_is_not_looked_at_twice(project_file: Path, looks: list[Path]) -> None:
    ahead = FileFacts(migrate.head_revision(), None)
    asked: list[Path] = []

    def looked_over(path: Path) -> FileFacts | None:
        asked.append(path)
        return ahead

    open_database(project_file, looked_over=looked_over).close()
    assert asked == [project_file]
    assert looks == []


def test_a_look_at_another_path_or_none_means_opening_looks_itself(
    project_file: Path, looks: list[Path]
) -> None:
    open_database(project_file, looked_over=lambda path: None).close()
    assert looks == [project_file]


def test_a_file_upgraded_by_a_newer_program_since_the_look_is_refused(
    project_file: Path, looks: list[Path]
) -> None:
    ahead = FileFacts(migrate.head_revision(), None)
    with sqlite3.connect(project_file) as connection:
        connection.execute("UPDATE alembic_version SET version_num = 'f00d_from_the_future'")
    connection.close()
    before = hashlib.sha256(project_file.read_bytes()).digest()
    with pytest.raises(NewerProjectError, match="f00d_from_the_future"):
        open_database(project_file, looked_over=lambda path: ahead)
    assert looks == [project_file]  # looked again, and refused before touching it
    assert hashlib.sha256(project_file.read_bytes()).digest() == before


def test_what_the_look_raised_is_what_opening_raises(project_file: Path) -> None:
    def damaged(path: Path) -> FileFacts | None:
        raise sqlite_file.damaged(path, "found by the look ahead")

    with pytest.raises(DamagedProjectError, match="found by the look ahead"):
        open_database(project_file, looked_over=damaged)
