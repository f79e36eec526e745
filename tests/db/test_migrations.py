"""The schema comes only from migrations, and a project file is never harmed by opening it."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import create_engine, inspect

from sourcemark.db.engine import open_database
from sourcemark.db.errors import NewerProjectError, NotAProjectError
from sourcemark.db.migrate import alembic_config, head_revision


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_empty_database_upgrades_to_head_and_matches_models(tmp_path: Path) -> None:
    database = open_database(tmp_path / "new.sourcemark")
    try:
        with database.engine.connect() as connection:
            assert {"articles", "tags", "claims", "claim_tags", "project_meta"} <= set(
                inspect(connection).get_table_names()
            )
            # Raises when the models and the migrations disagree.
            command.check(alembic_config(connection))
    finally:
        database.close()


def test_pragmas_are_set_on_every_connection(tmp_path: Path) -> None:
    database = open_database(tmp_path / "p.sourcemark")
    try:
        with database.read() as session:
            connection = session.connection()
            assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            # FULL (2): an acknowledged commit is on disk.
            assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 2
    finally:
        database.close()


def test_project_from_a_newer_version_is_refused_and_untouched(tmp_path: Path) -> None:
    path = tmp_path / "future.sourcemark"
    open_database(path).close()
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = 'f999'")
        connection.execute("UPDATE project_meta SET value = '9.0' WHERE key = 'written_by_version'")
    connection.close()
    before = _digest(path)
    with pytest.raises(NewerProjectError) as error:
        open_database(path)
    message = str(error.value)
    assert "9.0" in message and "f999" in message and head_revision() in message
    assert _digest(path) == before


def test_a_file_that_is_not_sqlite_is_refused_and_untouched(tmp_path: Path) -> None:
    path = tmp_path / "notes.sourcemark"
    path.write_text("these are my notes, not a database\n" * 100)
    before = _digest(path)
    with pytest.raises(NotAProjectError, match="not an SQLite database"):
        open_database(path)
    assert _digest(path) == before


def test_another_programs_database_is_refused_and_untouched(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as connection:
        connection.exec_driver_sql("CREATE TABLE recipes (id INTEGER PRIMARY KEY, name TEXT)")
    engine.dispose()
    before = _digest(path)
    with pytest.raises(NotAProjectError, match="not a Sourcemark project"):
        open_database(path)
    assert _digest(path) == before


def test_a_folder_is_not_a_project(tmp_path: Path) -> None:
    with pytest.raises(NotAProjectError, match="is a folder"):
        open_database(tmp_path)


def test_reopening_an_up_to_date_project_keeps_its_data(tmp_path: Path) -> None:
    path = tmp_path / "again.sourcemark"
    database = open_database(path)
    with database.write() as session:
        session.connection().exec_driver_sql(
            "INSERT INTO project_meta (key, value) VALUES ('probe', 'kept')"
        )
    database.close()
    database = open_database(path)
    try:
        with database.read() as session:
            value = session.connection().exec_driver_sql(
                "SELECT value FROM project_meta WHERE key = 'probe'"
            )
            assert value.scalar() == "kept"
    finally:
        database.close()


def test_data_version_moves_when_another_connection_commits(tmp_path: Path) -> None:
    path = tmp_path / "shared.sourcemark"
    first, second = open_database(path), open_database(path)
    try:
        before = first.data_version()
        assert first.data_version() == before, "stable while nothing is written"
        with second.write() as session:
            session.connection().exec_driver_sql(
                "INSERT INTO project_meta (key, value) VALUES ('from', 'second')"
            )
        assert first.data_version() != before
    finally:
        first.close()
        second.close()


def test_a_sqlite_url_opens_the_same_file_as_its_path(tmp_path: Path) -> None:
    path = tmp_path / "by-url.sourcemark"
    database = open_database(f"sqlite:///{path}")
    try:
        assert database.path == path
        with database.read() as session:
            connection = session.connection()
            assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    finally:
        database.close()
