"""Migration 0002: articles get their stored length; the list and the claims' orders are read
from indexes alone (the reason for 0002; docs/performance.md has the figures)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from alembic import command
from sqlalchemy import URL, create_engine

from sourcemark.app import articles
from sourcemark.app.projects import open_project
from sourcemark.db import migrate

TEXTS = ("Plain ASCII text.", "Emoji 🚁 and a flag 🇫🇷 count as code points: é vs e\u0301.")


def _project_at_0001(path: Path) -> None:
    engine = create_engine(URL.create("sqlite", database=str(path)))
    with engine.begin() as connection:
        command.upgrade(migrate.alembic_config(connection), "0001")
    engine.dispose()
    with sqlite3.connect(path) as raw:
        for number, text in enumerate(TEXTS):
            raw.execute(
                "INSERT INTO articles (uuid, title, imported_at, text, content_hash, updated_at) "
                "VALUES (?, ?, '2024-05-01 09:30:00.000000', ?, ?, "
                "'2024-05-01 09:30:00.000000')",
                (f"00000000-0000-4000-8000-0000000000{number:02d}", f"A{number}", text, "h"),
            )
    raw.close()


def test_upgrading_stores_each_articles_length_in_code_points(tmp_path: Path) -> None:
    path = tmp_path / "old.sourcemark"
    _project_at_0001(path)
    project = open_project(path)
    try:
        lengths = {s.article.title: s.article.length for s in articles.list_articles(project)}
    finally:
        project.close()
    assert lengths == {f"A{number}": len(text) for number, text in enumerate(TEXTS)}


def test_new_articles_get_their_length_however_they_are_inserted(tmp_path: Path) -> None:
    project = open_project(tmp_path / "new.sourcemark")
    try:
        info = articles.import_text(project, TEXTS[1], title="t")
        assert info.length == len(TEXTS[1]) == articles.get_article(project, info.id).length
    finally:
        project.close()


def _plan(path: Path, sql: str) -> str:
    with sqlite3.connect(path) as connection:
        return " / ".join(row[3] for row in connection.execute("EXPLAIN QUERY PLAN " + sql))


def test_the_list_and_the_reading_order_come_from_indexes_alone(tmp_path: Path) -> None:
    """Not a timing: the query plans that make the article list and the claims table fast."""
    path = tmp_path / "plans.sourcemark"
    open_project(path).close()
    article_list = _plan(
        path,
        "SELECT id, uuid, title, outlet, author, url, published, imported_at, "
        "source_filename, source_format, content_hash, length FROM articles "
        "ORDER BY imported_at DESC, id DESC",
    )
    assert "COVERING INDEX ix_articles_list" in article_list
    assert "TEMP B-TREE" not in article_list
    reading_order = _plan(
        path,
        "SELECT id FROM claims WHERE origin NOT IN ('suggested', 'rejected') "
        'ORDER BY article_id, start, "end", id',
    )
    assert "COVERING INDEX ix_claims_reading_order" in reading_order
    assert "TEMP B-TREE" not in reading_order
