"""Upgrades: every earlier schema with data in it reaches head intact, backed up first; a failed
migration leaves the file as it was; a newer project is refused untouched.

Only revision 0001 exists today, so the upgrade path itself is also exercised with synthetic
revisions added to a copy of the migrations folder: one that rebuilds tables the way alembic's
SQLite batch mode does (copy, drop, rename), and one that fails half-way.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import URL, create_engine

from sourcemark.app import articles, backups, claims, codebook
from sourcemark.app.projects import open_project
from sourcemark.app.textspan import Span
from sourcemark.db import migrate
from sourcemark.db.errors import MigrationError, NewerProjectError
from tests.reliability.support import Revisions

# Rows that fit each revision's schema, inserted with plain SQL as that version would have
# stored them. A new migration needs an entry here: test_every_revision_has_sample_data says so.
SAMPLE_ARTICLE_UUID = "00000000-0000-4000-8000-00000000a001"
SAMPLE_TEXT = "Le ministre a déclaré « non ». Officials said 🙂 the plan was دقيق."
SAMPLE_CLAIMS = {  # uuid -> (start, end, tag names)
    "00000000-0000-4000-8000-00000000c001": (0, 11, ("Sample source", "Sample doubt")),
    "00000000-0000-4000-8000-00000000c002": (31, 40, ("Sample source",)),
}


def _sample_0001(connection: sqlite3.Connection) -> None:
    now = "2024-05-01 09:30:00.000000"
    connection.execute(
        "INSERT INTO project_meta (key, value) VALUES ('written_by_version', '0.1.0')"
    )
    for position, name in enumerate(("Sample source", "Sample doubt")):
        connection.execute(
            "INSERT INTO tags (uuid, name, key, description, colour, parent_id, shortcut, "
            "position, archived, created_at, updated_at) "
            "VALUES (?, ?, NULL, '', '#336699', NULL, NULL, ?, 0, ?, ?)",
            (f"00000000-0000-4000-8000-00000000t00{position}", name, position, now, now),
        )
    connection.execute(
        "INSERT INTO articles (uuid, title, outlet, author, url, published, imported_at, text, "
        "content_hash, source_filename, source_format, updated_at) "
        "VALUES (?, 'Sample', 'Outlet', NULL, NULL, '2024-05', ?, ?, ?, NULL, 'text', ?)",
        (SAMPLE_ARTICLE_UUID, now, SAMPLE_TEXT, articles.content_hash(SAMPLE_TEXT), now),
    )
    for uuid, (start, end, tag_names) in SAMPLE_CLAIMS.items():
        cursor = connection.execute(
            'INSERT INTO claims (uuid, article_id, start, "end", quote, prefix, suffix, '
            "speaker, affiliation, cue, quote_form, note, status, reviewer_note, reviewer, "
            "reviewed_at, annotator, origin, evidence, created_at, updated_at) "
            "VALUES (?, 1, ?, ?, ?, '', '', 'Speaker', '', '', 'direct', 'note', 'confirmed', "
            "'', 'rev', ?, 'ann', 'manual', '', ?, ?)",
            (uuid, start, end, SAMPLE_TEXT[start:end], now, now, now),
        )
        for name in tag_names:
            connection.execute(
                "INSERT INTO claim_tags (claim_id, tag_id) SELECT ?, id FROM tags WHERE name = ?",
                (cursor.lastrowid, name),
            )


def _sample_0002(connection: sqlite3.Connection) -> None:
    """0002 stores each article's length (in code points) beside its text."""
    _sample_0001(connection)
    connection.execute("UPDATE articles SET length = length(text)")


SAMPLES: dict[str, Callable[[sqlite3.Connection], None]] = {
    "0001": _sample_0001,
    "0002": _sample_0002,
    "0003": _sample_0002,  # 0003 adds indexes only: the same rows
}


def _revisions() -> list[str]:
    """Every revision, oldest first."""
    return [
        script.revision for script in reversed(list(migrate.script_directory().walk_revisions()))
    ]


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _build_at(path: Path, revision: str) -> None:
    """A project file at ``revision`` holding the sample rows, in WAL mode like every project."""
    raw = sqlite3.connect(path)
    raw.execute("PRAGMA journal_mode=WAL")
    raw.close()
    engine = create_engine(URL.create("sqlite", database=str(path)))
    with engine.begin() as connection:
        command.upgrade(migrate.alembic_config(connection), revision)
    engine.dispose()
    raw = sqlite3.connect(path)
    with raw:
        SAMPLES[revision](raw)
    raw.close()


def _revision_of(path: Path) -> str:
    connection = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True)
    try:
        return str(connection.execute("SELECT version_num FROM alembic_version").fetchone()[0])
    finally:
        connection.close()


def test_every_revision_has_sample_data() -> None:
    missing = [r for r in _revisions() if r not in SAMPLES]
    assert not missing, f"add sample rows for revision(s) {missing} to SAMPLES"


@pytest.mark.parametrize("revision", _revisions())
def test_a_project_at_each_revision_opens_at_head_with_its_data(
    tmp_path: Path, revision: str
) -> None:
    path = tmp_path / f"at-{revision}.sourcemark"
    _build_at(path, revision)
    project = open_project(path)
    try:
        article = next(
            a for a in articles.list_articles(project) if a.article.uuid == SAMPLE_ARTICLE_UUID
        )
        assert articles.get_article_text(project, article.article.id) == SAMPLE_TEXT
        names = {tag.id: tag.name for tag in codebook.list_tags(project)}
        stored = {c.uuid: c for c in claims.list_claims(project)}
        for uuid, (start, end, tag_names) in SAMPLE_CLAIMS.items():
            claim = stored[uuid]
            assert (claim.start, claim.end, claim.quote) == (start, end, SAMPLE_TEXT[start:end])
            assert (claim.speaker, claim.status, claim.quote_form) == (
                "Speaker",
                "confirmed",
                "direct",
            )
            assert {names[t] for t in claim.tag_ids} == set(tag_names)
    finally:
        project.close()
    assert _revision_of(path) == migrate.head_revision()
    upgrade_backups = [b for b in backups.list_backups(path) if b.reason == "before-upgrade"]
    if revision == migrate.head_revision():
        assert upgrade_backups == []
    else:
        assert len(upgrade_backups) == 1
        assert _revision_of(upgrade_backups[0].path) == revision


def _project_with_claims(path: Path) -> int:
    project = open_project(path)
    try:
        article = articles.import_text(project, SAMPLE_TEXT)
        tag_ids = [tag.id for tag in codebook.list_tags(project)][:2]
        for start in (0, 12, 31):
            claims.create_claim(project, article.id, Span(start, start + 6), tag_ids)
        return claims.count_claims(project)
    finally:
        project.close()


def test_a_migration_that_rebuilds_tables_keeps_every_claim(
    tmp_path: Path, revisions: Revisions
) -> None:
    path = tmp_path / "rebuild.sourcemark"
    count = _project_with_claims(path)
    old_head = migrate.head_revision()
    # Batch mode copies a table, drops the original and renames the copy. With foreign keys
    # enforced, dropping articles would delete every claim (ON DELETE CASCADE).
    revisions.add(
        "9001",
        """
        with op.batch_alter_table("articles", recreate="always") as batch:
            batch.add_column(sa.Column("probe", sa.Text(), nullable=True))
        with op.batch_alter_table("tags", recreate="always") as batch:
            batch.add_column(sa.Column("probe", sa.Text(), nullable=True))
        """,
    )
    project = open_project(path)
    try:
        assert claims.count_claims(project) == count
        assert all(len(c.tag_ids) == 2 for c in claims.list_claims(project))
    finally:
        project.close()
    assert _revision_of(path) == "9001"
    (kept,) = [b for b in backups.list_backups(path) if b.reason == "before-upgrade"]
    assert _revision_of(kept.path) == old_head


def test_a_failed_migration_leaves_the_project_exactly_as_it_was(
    tmp_path: Path, revisions: Revisions
) -> None:
    path = tmp_path / "broken.sourcemark"
    count = _project_with_claims(path)
    before = _digest(path)
    old_head = migrate.head_revision()
    revisions.add(
        "9002",
        """
        op.create_table("scratch", sa.Column("id", sa.Integer(), primary_key=True))
        with op.batch_alter_table("claims", recreate="always") as batch:
            batch.add_column(sa.Column("probe", sa.Text(), nullable=True))
        op.execute("UPDATE claims SET note = 'changed by a broken migration'")
        raise RuntimeError("simulated failure half-way through")
        """,
    )
    with pytest.raises(MigrationError) as error:
        open_project(path)
    message = str(error.value)
    for part in (old_head, "9002", "simulated failure", "left exactly as it was", "backups"):
        assert part in message
    assert _digest(path) == before
    wal = path.with_name(path.name + "-wal")
    assert not wal.exists() or wal.stat().st_size == 0
    assert [b.reason for b in backups.list_backups(path)] == ["before-upgrade"]
    # Back on the real migrations, the project opens with its data as it was.
    revisions.use_real()
    project = open_project(path)
    try:
        assert claims.count_claims(project) == count
        assert all(c.note == "" for c in claims.list_claims(project))
    finally:
        project.close()


def test_no_upgrade_without_a_backup_first(
    tmp_path: Path, revisions: Revisions, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "nobackup.sourcemark"
    _project_with_claims(path)
    before = _digest(path)
    revisions.add(
        "9003", 'op.create_table("scratch", sa.Column("id", sa.Integer(), primary_key=True))'
    )
    # The backups folder cannot be created: a file stands where its parent should be.
    home = tmp_path / "home"
    home.mkdir()
    (home / "data").write_text("not a folder")
    monkeypatch.setenv("SOURCEMARK_HOME", str(home))
    with pytest.raises(backups.BackupError, match="not upgraded or changed"):
        open_project(path)
    assert _digest(path) == before


def test_a_project_from_a_newer_version_is_refused_unchanged_and_not_backed_up(
    tmp_path: Path,
) -> None:
    path = tmp_path / "future.sourcemark"
    _project_with_claims(path)
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = 'f999'")
        connection.execute("UPDATE project_meta SET value = '9.0' WHERE key = 'written_by_version'")
    connection.close()
    before = _digest(path)
    with pytest.raises(NewerProjectError) as error:
        open_project(path)
    message = str(error.value)
    assert "9.0" in message and "f999" in message and migrate.head_revision() in message
    assert _digest(path) == before
    assert backups.list_backups(path) == []
