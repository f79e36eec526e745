"""Migration 0003: indexes that give the claims table its sorted orders (by quote, by speaker,
by article title) and a tag's claims, upgraded into and out of a project with data in it."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from alembic import command
from sqlalchemy import URL, Column, Index, create_engine
from sqlalchemy.sql.elements import BinaryExpression, CollationClause

from sourcemark.db import migrate
from sourcemark.db.engine import open_database
from sourcemark.db.models import Base

NOW = "2024-05-01 09:30:00.000000"
TITLES = ("beta", "Alpha", "Ångström", "alpha")
QUOTES = ("zebra crossing", "Apple pie", "apple Pie", "Éclair", "banana")
SPEAKERS = ("bob", "Alice", "", "alice", "Ørsted")


def _at(path: Path, revision: str, *, downgrade: bool = False) -> None:
    engine = create_engine(URL.create("sqlite", database=str(path)))
    with engine.begin() as connection:
        config = migrate.alembic_config(connection)
        (command.downgrade if downgrade else command.upgrade)(config, revision)
    engine.dispose()


def _project_at_0002(path: Path) -> None:
    _at(path, "0002")
    with sqlite3.connect(path) as raw:
        raw.execute(
            "INSERT INTO tags (uuid, name, description, colour, position, archived, created_at, "
            "updated_at) VALUES ('t', 'Tag', '', '#336699', 0, 0, ?, ?)",
            (NOW, NOW),
        )
        for number, title in enumerate(TITLES):
            raw.execute(
                "INSERT INTO articles (uuid, title, imported_at, text, content_hash, updated_at,"
                " length) VALUES (?, ?, ?, 'x' || ?, 'h', ?, 2)",
                (f"a{number}", title, NOW, number, NOW),
            )
        for number, (quote, speaker) in enumerate(zip(QUOTES, SPEAKERS, strict=True)):
            raw.execute(
                'INSERT INTO claims (uuid, article_id, start, "end", quote, prefix, suffix, '
                "speaker, affiliation, cue, note, status, reviewer_note, reviewer, annotator, "
                "origin, evidence, created_at, updated_at) VALUES (?, ?, 0, 1, ?, '', '', ?, "
                "'', '', '', 'unreviewed', '', '', 'ann', 'manual', '', ?, ?)",
                (f"c{number}", number % len(TITLES) + 1, quote, speaker, NOW, NOW),
            )
            raw.execute("INSERT INTO claim_tags (claim_id, tag_id) VALUES (?, 1)", (number + 1,))
    raw.close()


def _indexes(path: Path) -> dict[str, list[tuple[str, str]]]:
    """Each index's key columns with their collations, as SQLite reports them."""
    with sqlite3.connect(path) as connection:
        names = [
            row[0]
            for row in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
            )
        ]
        found = {
            name: [
                (str(row[2]), str(row[4]).upper())
                for row in connection.execute(f"PRAGMA index_xinfo('{name}')")
                if row[5]  # key columns only, not the rowid SQLite appends
            ]
            for name in names
        }
    connection.close()
    return found


def _declared(index: Index) -> list[tuple[str, str]]:
    columns = []
    for expression in index.expressions:
        collation = "BINARY"
        # column.collate("X") is the expression "column COLLATE X".
        if isinstance(expression, BinaryExpression):
            assert isinstance(expression.right, CollationClause)
            collation = str(expression.right.collation).upper()
            expression = expression.left
        assert isinstance(expression, Column), f"{index.name}: {expression!r}"
        columns.append((expression.name, collation))
    return columns


def test_the_indexes_and_their_collations_are_those_of_the_models(tmp_path: Path) -> None:
    """alembic's check cannot see a collation; a batch rebuild would drop it silently."""
    path = tmp_path / "head.sourcemark"
    open_database(path).close()
    declared = {
        str(index.name): _declared(index)
        for table in Base.metadata.sorted_tables
        for index in table.indexes
    }
    assert _indexes(path) == declared
    assert declared["ix_claims_quote_order"][0] == ("quote", "NOCASE")


def _ids(path: Path, sql: str) -> list[int]:
    with sqlite3.connect(path) as connection:
        ids = [row[0] for row in connection.execute(sql)]
    connection.close()
    return ids


def _plan(path: Path, sql: str) -> str:
    with sqlite3.connect(path) as connection:
        plan = " / ".join(row[3] for row in connection.execute("EXPLAIN QUERY PLAN " + sql))
    connection.close()
    return plan


BY_QUOTE = 'SELECT id FROM claims ORDER BY quote COLLATE NOCASE, article_id, start, "end", id'
BY_SPEAKER = 'SELECT id FROM claims ORDER BY speaker COLLATE NOCASE, article_id, start, "end", id'


def test_upgrading_a_project_with_data_sorts_it_from_the_indexes(tmp_path: Path) -> None:
    path = tmp_path / "old.sourcemark"
    _project_at_0002(path)
    before = _ids(path, "SELECT id FROM claims ORDER BY id")
    _at(path, "0003")
    assert _ids(path, "SELECT id FROM claims ORDER BY id") == before
    assert "COVERING INDEX ix_claims_quote_order" in _plan(path, BY_QUOTE)
    assert "TEMP B-TREE" not in _plan(path, BY_QUOTE)
    assert "COVERING INDEX ix_claims_speaker_order" in _plan(path, BY_SPEAKER)
    # NOCASE folds ASCII letters only, like SQLite's lower(): "Éclair" sorts after "zebra".
    assert _ids(path, BY_QUOTE) == [2, 3, 5, 1, 4]
    assert _ids(path, BY_SPEAKER) == [3, 2, 4, 1, 5]
    assert _ids(path, BY_QUOTE) == _ids(
        path, "SELECT id FROM claims NOT INDEXED ORDER BY lower(quote), article_id, start, id"
    )
    by_title = "SELECT id FROM articles ORDER BY title COLLATE NOCASE, id"
    assert "COVERING INDEX ix_articles_title" in _plan(path, by_title)
    assert _ids(path, by_title) == [2, 4, 1, 3]
    tagged = "SELECT claim_id FROM claim_tags WHERE tag_id = 1"
    assert "COVERING INDEX ix_claim_tags_tag_id" in _plan(path, tagged)
    assert _ids(path, tagged) == [1, 2, 3, 4, 5]
    with sqlite3.connect(path) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    connection.close()


def test_downgrading_drops_the_indexes_and_keeps_the_data(tmp_path: Path) -> None:
    path = tmp_path / "down.sourcemark"
    _project_at_0002(path)
    at_0002 = _indexes(path)
    _at(path, "0003")
    _at(path, "0002", downgrade=True)
    assert _indexes(path) == at_0002
    assert _ids(path, "SELECT id FROM claims ORDER BY id") == [1, 2, 3, 4, 5]
    assert _ids(path, "SELECT claim_id FROM claim_tags ORDER BY claim_id") == [1, 2, 3, 4, 5]
