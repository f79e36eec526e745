"""The article list read without SQLAlchemy at start-up: the same rows as the service's,
and nothing at all for a file that is not plainly an up-to-date project."""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path

from sourcemark.app import articles, claims, codebook
from sourcemark.app.article_rows import early_article_rows
from sourcemark.app.claims import ClaimFields
from sourcemark.app.projects import open_project
from sourcemark.app.textspan import Span
from sourcemark.db import migrate
from tests.reliability.test_upgrades import _build_at
from tests.ui.test_application_imports import loaded_after_importing


def _varied_project(path: Path) -> None:
    """Articles with no claims and with claims of every origin, reviewed and not, one of
    them with an outlet, author and date."""
    project = open_project(path)
    expert = codebook.find_tag(project, "expert")
    official = codebook.find_tag(project, "anonymous-official")
    for number in range(6):
        article = articles.import_text(
            project, f"Article {number}: officials said the strike was near. " * 3
        )
        if number == 0:
            continue  # no claims at all
        made = claims.create_claims(
            project,
            article.id,
            [
                (Span(0, 9), [expert.id], ClaimFields()),
                (Span(11, 20), [official.id], ClaimFields(origin="suggested")),
                (Span(21, 30), [expert.id], ClaimFields(origin="rejected")),
                (Span(31, 40), [official.id], ClaimFields(origin="accepted")),
                (Span(41, 50), [expert.id, official.id], ClaimFields(origin="edited")),
            ][: number + 1],
        )
        claims.review_claim(project, made[0].id, status="confirmed")
        if number % 2:
            claims.review_claim(project, made[-1].id, status="disputed")
    articles.update_article(
        project, 3, outlet="Reuters", author="A. Writer", published="2024-10-27"
    )
    project.close()


def test_the_early_rows_are_the_services_rows(tmp_path: Path) -> None:
    path = tmp_path / "varied.sourcemark"
    _varied_project(path)
    project = open_project(path)
    try:
        expected = articles.list_rows(project)
    finally:
        project.close()
    assert len(expected) == 6
    assert {row.claims for row in expected} >= {0, 1, 2}  # the project has what it should
    assert any(row.suggestions for row in expected) and any(row.reviewed for row in expected)
    early = early_article_rows(path)
    assert early is not None
    try:
        assert early.rows == expected
    finally:
        early.close()


def test_the_early_rows_know_whether_the_project_changed_since(tmp_path: Path) -> None:
    """Opening the project changes nothing; a write, from any connection, does."""
    path = tmp_path / "changing.sourcemark"
    _varied_project(path)
    early = early_article_rows(path)
    assert early is not None
    project = open_project(path)
    try:
        articles.list_rows(project)
        assert early.still_current()
        articles.import_text(project, "Another article, written after the list was read.")
        assert not early.still_current()
    finally:
        project.close()
        early.close()


def test_a_file_replaced_since_is_not_the_one_read(tmp_path: Path) -> None:
    """Restoring a backup over a damaged project replaces the file: the early rows, read from
    the file before, must not stand for the restored one, whatever its data_version says."""
    path = tmp_path / "replaced.sourcemark"
    _varied_project(path)
    early = early_article_rows(path)
    assert early is not None
    try:
        assert early.still_current()
        stand_in = tmp_path / "stand-in.sourcemark"
        shutil.copyfile(path, stand_in)
        os.replace(stand_in, path)
        assert not early.still_current()
    finally:
        early.close()


def test_a_new_or_missing_file_has_no_early_rows(tmp_path: Path) -> None:
    assert early_article_rows(tmp_path / "missing.sourcemark") is None
    empty = tmp_path / "empty.sourcemark"
    empty.write_bytes(b"")
    assert early_article_rows(empty) is None
    assert early_article_rows(tmp_path) is None  # a folder


def test_files_that_are_not_projects_have_no_early_rows(tmp_path: Path) -> None:
    text = tmp_path / "notes.sourcemark"
    text.write_text("not a database at all\n" * 100, encoding="utf-8")
    assert early_article_rows(text) is None
    other = tmp_path / "other.db"
    connection = sqlite3.connect(other)
    connection.execute("CREATE TABLE articles (id INTEGER PRIMARY KEY, title TEXT)")
    connection.commit()
    connection.close()
    assert early_article_rows(other) is None


def test_an_older_or_newer_schema_is_left_to_opening(tmp_path: Path) -> None:
    older = tmp_path / "older.sourcemark"
    _build_at(older, migrate.revisions()[0])
    assert early_article_rows(older) is None  # opening migrates it first
    newer = tmp_path / "newer.sourcemark"
    _varied_project(newer)
    connection = sqlite3.connect(newer)
    with connection:
        connection.execute("UPDATE alembic_version SET version_num = 'f999'")
    connection.close()
    assert early_article_rows(newer) is None  # opening refuses it, and says why


def test_reading_early_rows_changes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "untouched.sourcemark"
    _varied_project(path)
    before = path.read_bytes()
    early = early_article_rows(path)
    assert early is not None and early.rows
    early.close()
    assert path.read_bytes() == before


def test_the_early_list_needs_no_sqlalchemy() -> None:
    loaded = loaded_after_importing(
        ("sourcemark.app.article_rows", "sourcemark.ui.panels.article_table")
    )
    assert "sourcemark.db.early_list" in loaded  # the check saw the early list's imports
    assert not {name.split(".")[0] for name in loaded} & {"sqlalchemy", "alembic"}
