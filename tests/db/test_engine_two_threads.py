"""``Database.read_on_two_threads``: two connections read at once, from one snapshot."""

from __future__ import annotations

import gc
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event
from sqlalchemy.engine import Connection

from sourcemark.db.engine import Database, open_database


@pytest.fixture
def database(tmp_path: Path) -> Iterator[Database]:
    opened = open_database(tmp_path / "two.sourcemark")
    with opened.engine.begin() as connection:
        connection.exec_driver_sql("CREATE TABLE counted (n INTEGER)")
    try:
        yield opened
    finally:
        opened.close()


@pytest.fixture
def collection_paused() -> Iterator[None]:
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _rows(connection: Connection) -> tuple[int, str]:
    count = connection.exec_driver_sql("SELECT count(*) FROM counted").scalar_one()
    return int(count), threading.current_thread().name


def _write(database: Database) -> None:
    assert database.path is not None
    writer = sqlite3.connect(database.path)
    with writer:
        writer.execute("INSERT INTO counted VALUES (1)")
    writer.close()


def test_both_run_and_on_two_threads(database: Database, collection_paused: None) -> None:
    _write(database)
    (one, here), (two, there) = database.read_on_two_threads(_rows, _rows)
    assert one == two == 1
    assert here == threading.current_thread().name
    assert there != here


def test_a_commit_between_the_two_snapshots_is_read_again(
    database: Database, collection_paused: None
) -> None:
    # A program commits right after the first connection has begun its snapshot and before
    # the second begins its own: the two would read different projects, so it reads again.
    pragmas: list[Any] = []

    @event.listens_for(database.engine, "before_cursor_execute")
    def commit_in_between(connection: Any, cursor: Any, statement: str, *_: Any) -> None:
        if statement == "PRAGMA data_version":
            pragmas.append(connection)
            if len(pragmas) == 2:  # the second connection's first: its snapshot begins
                _write(database)

    (one, _), (two, _) = database.read_on_two_threads(_rows, _rows)
    assert (one, two) == (1, 1)
    assert len(pragmas) > 3  # the check, then the second attempt


def test_commits_that_keep_coming_leave_one_connection_to_read_both(
    database: Database, collection_paused: None
) -> None:
    @event.listens_for(database.engine, "before_cursor_execute")
    def commit_every_time(connection: Any, cursor: Any, statement: str, *_: Any) -> None:
        if statement == "PRAGMA data_version":
            _write(database)

    (one, here), (two, there) = database.read_on_two_threads(_rows, _rows)
    assert one == two
    assert here == there == threading.current_thread().name


def test_an_error_on_the_helper_thread_is_raised_here(
    database: Database, collection_paused: None
) -> None:
    def fails(connection: Connection) -> int:
        raise ValueError("on the helper")

    with pytest.raises(ValueError, match="on the helper"):
        database.read_on_two_threads(_rows, fails)


def test_refused_while_the_collector_runs(database: Database) -> None:
    with pytest.raises(RuntimeError, match="garbage collection"):
        database.read_on_two_threads(_rows, _rows)


def test_a_remembered_value_is_recalled_until_any_commit(database: Database) -> None:
    assert database.recall("count")[0] is None
    value, version = database.recall("count")
    database.remember("count", version, 0)
    assert database.recall("count") == (0, version)
    assert database.unchanged_since(version)
    _write(database)  # another program
    assert not database.unchanged_since(version)
    value, later = database.recall("count")
    assert value is None
    database.remember("count", later, 1)
    assert database.recall("count")[0] == 1
    with database.write() as session:  # and this program's own writes
        session.connection().exec_driver_sql("INSERT INTO counted VALUES (2)")
    assert database.recall("count")[0] is None
