"""db.rows.indexes_built_after: a bulk insert's indexes built once at the end, safely."""

from __future__ import annotations

import pytest
from sqlalchemy import Table
from sqlalchemy.engine import Connection

from sourcemark.app import articles, claims
from sourcemark.app.projects import Project
from sourcemark.app.textspan import Span
from sourcemark.db.models import Claim
from sourcemark.db.rows import indexes_built_after

CLAIMS: Table = Claim.__table__  # type: ignore[assignment]


def _plain_indexes(connection: Connection) -> set[str]:
    driver = connection.connection.driver_connection
    listed = driver.execute("PRAGMA index_list(claims)").fetchall()  # type: ignore[union-attr]
    return {row[1] for row in listed if row[3] == "c" and not row[2]}


@pytest.fixture
def three_claims(project: Project) -> Project:
    info = articles.import_text(project, "One two three four five six seven.", title="T")
    for number in range(3):
        claims.create_claim(project, info.id, Span(number * 4, number * 4 + 3), [])
    return project


def test_many_rows_drop_the_plain_indexes_and_make_them_again(three_claims: Project) -> None:
    with three_claims.db.write() as session:
        connection = session.connection()
        before = _plain_indexes(connection)
        assert "ix_claims_reading_order" in before
        with indexes_built_after(connection, CLAIMS, adding=3):
            assert _plain_indexes(connection) == set()
        assert _plain_indexes(connection) == before


def test_a_few_rows_into_a_bigger_table_keep_them(three_claims: Project) -> None:
    with three_claims.db.write() as session:
        connection = session.connection()
        before = _plain_indexes(connection)
        with indexes_built_after(connection, CLAIMS, adding=2):
            assert _plain_indexes(connection) == before


def test_a_failure_meanwhile_leaves_the_indexes(three_claims: Project) -> None:
    with pytest.raises(RuntimeError), three_claims.db.write() as session:
        connection = session.connection()
        before = _plain_indexes(connection)
        with indexes_built_after(connection, CLAIMS, adding=10):
            raise RuntimeError("the disk is full")
    with three_claims.db.read() as session:
        assert _plain_indexes(session.connection()) == before
    # Even for a caller that catches the error and commits what it has.
    with three_claims.db.write() as session:
        connection = session.connection()
        with pytest.raises(RuntimeError), indexes_built_after(connection, CLAIMS, adding=10):
            raise RuntimeError("one bad row")
    with three_claims.db.read() as session:
        assert _plain_indexes(session.connection()) == before
