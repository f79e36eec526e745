"""Reading many plain rows fast: SQLite's own cursor instead of SQLAlchemy's Row objects.

For statements whose columns need no type conversion (integers and text; times selected as
text), SQLAlchemy's result machinery is pure overhead: reading 100,000 claim ids took
~150 ms through it and ~80 ms from the driver's cursor (docs/performance.md). These helpers
compile the statement for the connection's dialect and read its rows as tuples straight from
the sqlite3 cursor, inside the caller's transaction. On any other database they fall back to
SQLAlchemy, with the same results.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import datetime
from operator import itemgetter
from typing import Any, TypeAlias

from sqlalchemy import DateTime, Table, bindparam, func, select
from sqlalchemy.engine import Connection
from sqlalchemy.sql import Select

BATCH_ROWS = 2000
# PRAGMA cache_size for bulk inserts: negative means KiB (64 MiB).
BULK_CACHE_KIB = -65536
# Any SELECT, whatever its columns.
AnySelect: TypeAlias = Select[*tuple[Any, ...]]


def driver_sql(connection: Connection, statement: AnySelect) -> tuple[str, list[Any]]:
    """``statement`` as the SQL text and positional parameters the driver itself takes."""
    # render_postcompile expands IN (...) lists into one placeholder per value.
    compiled = statement.compile(
        dialect=connection.dialect, compile_kwargs={"render_postcompile": True}
    )
    return str(compiled), [compiled.params[name] for name in compiled.positiontup or ()]


def _driver_cursor(connection: Connection, statement: AnySelect) -> sqlite3.Cursor | None:
    driver = connection.connection.driver_connection
    if not isinstance(driver, sqlite3.Connection):
        return None
    return driver.execute(*driver_sql(connection, statement))


def ids_in_json(name: str = "ids") -> AnySelect:
    """``column.in_(ids_in_json())`` matches the ids of one JSON array parameter, ``name``.

    However many ids there are, the statement's text stays the same, so it is compiled once
    (see ``Prepared``) and SQLite is handed one parameter instead of hundreds.
    """
    each = func.json_each(bindparam(name)).table_valued("value")
    return select(each.c.value)


class Prepared:
    """A fixed statement (parameters by ``bindparam`` name), compiled once, run by the driver.

    An edit reads a few small lists of rows; building and compiling their statements each
    time cost more than SQLite answering them (~1 ms each). Make these at module level.
    """

    def __init__(self, statement: AnySelect) -> None:
        self.statement = statement
        self._compiled: tuple[str, tuple[str, ...], dict[str, Any]] | None = None

    def rows(self, connection: Connection, **params: Any) -> list[tuple[Any, ...]]:
        driver = connection.connection.driver_connection
        if not isinstance(driver, sqlite3.Connection):
            return [tuple(row) for row in connection.execute(self.statement, params)]
        if self._compiled is None:
            compiled = self.statement.compile(dialect=connection.dialect)
            self._compiled = (str(compiled), tuple(compiled.positiontup or ()), compiled.params)
        sql, names, defaults = self._compiled
        cursor = driver.execute(sql, [params.get(name, defaults.get(name)) for name in names])
        try:
            return cursor.fetchall()
        finally:
            cursor.close()


def plain_rows(connection: Connection, statement: AnySelect) -> list[tuple[Any, ...]]:
    """Every row of ``statement`` as a tuple of the database's own values."""
    cursor = _driver_cursor(connection, statement)
    if cursor is None:
        return [tuple(row) for row in connection.execute(statement)]
    try:
        return cursor.fetchall()
    finally:
        cursor.close()


def rows_as_json(connection: Connection, statement: AnySelect) -> str:
    """Every row of ``statement`` as one JSON array of arrays (``json.loads`` it).

    For many rows of integers and text (no blobs): SQLite builds the array in one step, which
    runs without Python's lock, so another thread can do the reading meanwhile. 50,000 rows of
    six columns took ~110 ms this way (plus ~45 ms for ``json.loads``), against ~145 ms for
    the cursor's tuples, all under the lock. SQLite feeds the aggregate the rows of the
    ordered subquery in order.
    """
    if connection.dialect.name != "sqlite":
        return json.dumps([list(row) for row in plain_rows(connection, statement)])
    ordered = statement.subquery()
    [(array,)] = plain_rows(connection, select(func.json_group_array(func.json_array(*ordered.c))))
    return str(array)


def plain_scalars(connection: Connection, statement: AnySelect) -> list[Any]:
    """The first column of every row of ``statement``."""
    cursor = _driver_cursor(connection, statement)
    if cursor is None:
        return list(connection.execute(statement).scalars())
    try:
        return list(map(itemgetter(0), cursor.fetchall()))
    finally:
        cursor.close()


def plain_batches(
    connection: Connection, statement: AnySelect, size: int = BATCH_ROWS
) -> Iterator[Sequence[Sequence[Any]]]:
    """The rows of ``statement``, ``size`` at a time, for streaming large results."""
    cursor = _driver_cursor(connection, statement)
    if cursor is None:
        result = connection.execute(statement.execution_options(yield_per=size))
        yield from result.partitions()
        return
    try:
        while batch := cursor.fetchmany(size):
            yield batch
    finally:
        cursor.close()


def plain_insert(
    connection: Connection, table: Table, columns: Sequence[str], rows: Sequence[Sequence[Any]]
) -> None:
    """Insert ``rows`` (tuples in the order of ``columns``) into ``table`` in one statement.

    Values are the database's own: text, numbers, and times as SQLAlchemy stores them in
    SQLite (``YYYY-MM-DD HH:MM:SS.ffffff``). On SQLite they go straight to the driver's
    ``executemany`` (SQLAlchemy's per-row parameter handling tripled the time of a
    100,000-claim import); elsewhere through SQLAlchemy, times parsed back into datetimes.
    """
    if not rows:
        return
    driver = connection.connection.driver_connection
    if isinstance(driver, sqlite3.Connection):
        names = ", ".join(connection.dialect.identifier_preparer.quote(c) for c in columns)
        marks = ", ".join("?" * len(columns))
        with _bulk_cache(driver):
            driver.executemany(f"INSERT INTO {table.name} ({names}) VALUES ({marks})", rows)
        return
    times = [i for i, c in enumerate(columns) if isinstance(table.c[c].type, DateTime)]
    records = []
    for row in rows:
        record = dict(zip(columns, row, strict=True))
        for i in times:
            if isinstance(row[i], str):
                record[columns[i]] = datetime.fromisoformat(row[i])
        records.append(record)
    connection.execute(table.insert(), records)


@contextmanager
def indexes_built_after(connection: Connection, table: Table, *, adding: int) -> Iterator[None]:
    """Build ``table``'s plain indexes once after a bulk insert instead of row by row.

    When the ``adding`` rows about to be inserted are at least as many as the table holds,
    its indexes made by CREATE INDEX (not unique ones) are dropped, the caller inserts, and
    they are made again from their own SQL (also when the insert fails), all in the caller's
    transaction, so a rollback undoes the drop with the rest. Sorting once is cheaper than
    updating each index for every row (a quarter less time for 100,000 claims); for a few rows
    into a big table it is not, and nothing is dropped. Only on SQLite.
    """
    driver = connection.connection.driver_connection
    if not isinstance(driver, sqlite3.Connection) or not driver.in_transaction:
        yield
        return
    name = connection.dialect.identifier_preparer.quote(table.name)
    (held,) = driver.execute(f"SELECT count(*) FROM {name}").fetchone()
    if adding < max(int(held), 1):
        yield
        return
    # index_list: (seq, name, unique, origin, partial); origin "c" is CREATE INDEX.
    listed = driver.execute(f"PRAGMA index_list({name})").fetchall()
    plain = [row[1] for row in listed if row[3] == "c" and not row[2]]
    statements = [
        driver.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?", (index,)
        ).fetchone()[0]
        for index in plain
    ]
    quote = connection.dialect.identifier_preparer.quote
    for index in plain:
        driver.execute(f"DROP INDEX {quote(index)}")
    try:
        yield
    finally:
        # Also after a failure: a caller that goes on and commits keeps its indexes.
        with _bulk_cache(driver):
            for statement in statements:
                driver.execute(statement)


@contextmanager
def _bulk_cache(driver: sqlite3.Connection) -> Iterator[None]:
    """A bigger page cache meanwhile: pages being filled stay in memory instead of being
    written out and read back (a fifth less time to insert 100,000 claims, and building
    their indexes with the default cache took three times as long)."""
    (cache,) = driver.execute("PRAGMA cache_size").fetchone()
    driver.execute(f"PRAGMA cache_size={min(int(cache), BULK_CACHE_KIB)}")
    try:
        yield
    finally:
        driver.execute(f"PRAGMA cache_size={int(cache)}")


def prepared(
    connection: Connection, statement: AnySelect
) -> Callable[[Mapping[str, Any]], list[tuple[Any, ...]]]:
    """``statement`` compiled once, run many times with new values for its bind parameters
    (SQLAlchemy compiles, or looks up its cache, on every execution: ~0.3 ms each)."""
    driver = connection.connection.driver_connection
    if not isinstance(driver, sqlite3.Connection):
        return lambda values: [tuple(row) for row in connection.execute(statement, values)]
    compiled = statement.compile(dialect=connection.dialect)
    sql, names, defaults = str(compiled), compiled.positiontup or [], compiled.params

    def run(values: Mapping[str, Any]) -> list[tuple[Any, ...]]:
        return driver.execute(sql, [values.get(n, defaults[n]) for n in names]).fetchall()

    return run
