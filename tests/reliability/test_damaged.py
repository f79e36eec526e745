"""Not a project, or a damaged one: a clear message that points to the backups, the file untouched.

Not-SQLite and another program's database are covered in tests/db/test_migrations.py; here are
the files that look like a Sourcemark project but are damaged, and restoring one.
"""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest

from sourcemark.app import articles, backups, claims, codebook
from sourcemark.app.projects import open_project
from sourcemark.app.textspan import Span
from sourcemark.db.errors import DamagedProjectError

WORDS = [
    "officials",
    "said",
    "the",
    "minister",
    "confirmed",
    "a",
    "report",
    "that",
    "experts",
    "disputed",
]


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _project(path: Path, articles_count: int = 25) -> int:
    """A closed project of a few hundred KB: many pages for damage to land on."""
    project = open_project(path)
    try:
        tag_ids = [tag.id for tag in codebook.list_tags(project)][:2]
        for number in range(articles_count):
            text = f"Article {number}. " + " ".join(
                WORDS[(number + i) % len(WORDS)] for i in range(600)
            )
            article = articles.import_text(project, text)
            for start in range(0, 400, 40):
                claims.create_claim(project, article.id, Span(start, start + 20), tag_ids)
        return claims.count_claims(project)
    finally:
        project.close()


def _assert_refused_untouched(path: Path) -> None:
    before = _digest(path)
    with pytest.raises(DamagedProjectError) as error:
        open_project(path)
    message = str(error.value)
    assert "damaged" in message and "sourcemark backups" in message
    assert _digest(path) == before
    assert backups.list_backups(path) == []  # a damaged file is never copied over good backups


def test_a_truncated_project_is_refused_and_left_as_it_is(tmp_path: Path) -> None:
    path = tmp_path / "truncated.sourcemark"
    _project(path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    _assert_refused_untouched(path)


def test_a_project_with_overwritten_pages_is_refused_and_left_as_it_is(tmp_path: Path) -> None:
    path = tmp_path / "corrupt.sourcemark"
    _project(path)
    data = bytearray(path.read_bytes())
    middle = len(data) // 2 // 4096 * 4096
    data[middle : middle + 3 * 4096] = b"\xa5" * (3 * 4096)
    path.write_bytes(bytes(data))
    # SQLite itself still reads the schema: only a check of every page finds the damage.
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as connection:
        assert connection.execute("SELECT version_num FROM alembic_version").fetchone()
    connection.close()
    _assert_refused_untouched(path)


def test_a_damaged_project_can_be_restored_from_a_backup_and_is_kept_aside(tmp_path: Path) -> None:
    path = tmp_path / "restore-me.sourcemark"
    count = _project(path, articles_count=5)
    good = backups.backup_project(path, "manual")
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 3])
    damaged = path.read_bytes()

    kept = backups.restore_backup(path, good)

    assert kept is not None and kept.read_bytes() == damaged
    assert [b.reason for b in backups.list_backups(path)] == ["damaged", "manual"]
    project = open_project(path)
    try:
        assert claims.count_claims(project) == count
    finally:
        project.close()


def test_names_with_url_characters_open_the_file_they_name(tmp_path: Path) -> None:
    # "?" and "#" once cut the path short and opened a different, new file.
    folder = tmp_path / "dossier n°1 #a"
    folder.mkdir()
    path = folder / "Projet ?100% été#2.sourcemark"
    count = _project(path, articles_count=1)
    assert sorted(p.name for p in folder.iterdir()) == [path.name]
    project = open_project(path)
    try:
        assert claims.count_claims(project) == count
        assert project.db.data_version() >= 0
    finally:
        project.close()
    backup = backups.backup_project(path, "manual")
    assert backups.restore_backup(path, backup) is not None
    assert sorted(p.name for p in folder.iterdir()) == [path.name]
