"""Shared pieces of the reliability tests: scaled counts, a project, child writers, audits."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from sourcemark.app import articles, codebook
from sourcemark.app.projects import open_project
from sourcemark.app.textspan import Span, context
from sourcemark.db import migrate
from tests.reliability.writer_process import expected_tags

FULL = os.environ.get("SOURCEMARK_FULL_RELIABILITY") == "1"
WRITER = Path(__file__).with_name("writer_process.py")
ARTICLE = (
    "The minister said on Tuesday that the plan would go ahead. Officials who asked not to be "
    "named said the cost had doubled. « C'est une erreur », a déclaré un expert. "
    "وقال مسؤول إن الخطة ستمضي قدما. A leaked document 📄 showed the figures.\n\n"
    "Critics, including two economists, disputed the estimate; the ministry declined to comment."
)


def scaled(ci: int, full: int) -> int:
    """``ci`` repetitions normally, ``full`` with SOURCEMARK_FULL_RELIABILITY=1."""
    return full if FULL else ci


@dataclass(frozen=True)
class Seeded:
    path: Path
    article_id: int
    tag_ids: list[int]

    def writer_args(self, seed: int, count: int | None = None) -> list[str]:
        args = [
            sys.executable,
            str(WRITER),
            str(self.path),
            str(self.article_id),
            ",".join(map(str, self.tag_ids)),
            str(seed),
        ]
        return args + ([str(count)] if count is not None else [])


def seed_project(path: Path) -> Seeded:
    """A project file with one article and the default codebook, closed again."""
    project = open_project(path)
    try:
        article = articles.import_text(project, ARTICLE, title="Reliability")
        tag_ids = [tag.id for tag in codebook.list_tags(project)][:3]
    finally:
        project.close()
    return Seeded(path, article.id, tag_ids)


def spawn_writer(seeded: Seeded, seed: int, count: int | None = None) -> subprocess.Popen[str]:
    """A writer that has started and waits for ``go`` before it opens the project."""
    return subprocess.Popen(
        seeded.writer_args(seed, count),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def go(process: subprocess.Popen[str]) -> None:
    """Let a writer from ``spawn_writer`` open the project, once it has finished starting."""
    assert process.stdin is not None and process.stdout is not None
    started = process.stdout.readline()
    assert started == "started\n", started
    process.stdin.write("go\n")
    process.stdin.close()
    process.stdin = None  # so that communicate() does not flush the closed pipe


def start_writer(seeded: Seeded, seed: int, count: int | None = None) -> subprocess.Popen[str]:
    process = spawn_writer(seeded, seed, count)
    go(process)
    return process


def acknowledged(stdout: str) -> dict[int, str]:
    """Claim id -> uuid for every complete "id uuid" line a writer printed."""
    acks = {}
    for line in stdout.splitlines(keepends=True):
        if line.endswith("\n") and line[0].isdigit():
            claim_id, uuid = line.split()
            acks[int(claim_id)] = uuid
    return acks


@dataclass
class Audit:
    integrity: list[str]
    claims: dict[int, str] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


def audit(seeded: Seeded) -> Audit:
    """Check the file with plain sqlite3: integrity, and that every claim is whole."""
    connection = sqlite3.connect(seeded.path)
    try:
        result = Audit([row[0] for row in connection.execute("PRAGMA integrity_check")])
        (text,) = connection.execute(
            "SELECT text FROM articles WHERE id = ?", (seeded.article_id,)
        ).fetchone()
        tags: dict[int, set[int]] = {}
        for claim_id, tag_id in connection.execute("SELECT claim_id, tag_id FROM claim_tags"):
            tags.setdefault(claim_id, set()).add(tag_id)
        rows = connection.execute(
            'SELECT id, uuid, start, "end", quote, prefix, suffix FROM claims'
        )
        for claim_id, uuid, start, end, quote, prefix, suffix in rows:
            result.claims[claim_id] = uuid
            if quote != text[start:end] or (prefix, suffix) != context(text, Span(start, end)):
                result.problems.append(f"claim {claim_id}: quote or context does not match")
            if tags.get(claim_id, set()) != set(expected_tags(start, seeded.tag_ids)):
                result.problems.append(f"claim {claim_id}: tags {tags.get(claim_id)} incomplete")
        orphans = set(tags) - set(result.claims)
        if orphans:
            result.problems.append(f"tag rows without a claim: {sorted(orphans)[:5]}")
        return result
    finally:
        connection.close()


class Revisions:
    """A private copy of the migrations folder that tests add synthetic revisions to."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        shutil.copytree(
            migrate.MIGRATIONS_DIR, folder, ignore=shutil.ignore_patterns("__pycache__")
        )
        # Its own patcher: undoing it must not undo the autouse fixtures' environment.
        self._patch = pytest.MonkeyPatch()
        self._patch.setattr(migrate, "MIGRATIONS_DIR", folder)
        migrate.script_directory.cache_clear()

    def add(self, revision: str, upgrade_body: str) -> None:
        """A revision after the current head whose ``upgrade()`` runs ``upgrade_body``."""
        source = (
            f'"""synthetic {revision}"""\n'
            "import sqlalchemy as sa\nfrom alembic import op\n\n"
            f"revision = {revision!r}\ndown_revision = {migrate.head_revision()!r}\n"
            "branch_labels = None\ndepends_on = None\n\n\n"
            "def upgrade() -> None:\n"
            + textwrap.indent(textwrap.dedent(upgrade_body), "    ")
            + "\n\ndef downgrade() -> None:\n    pass\n"
        )
        (self.folder / "versions" / f"{revision}_synthetic.py").write_text(source)
        migrate.script_directory.cache_clear()

    def use_real(self) -> None:
        """Back to the migrations that ship."""
        self._patch.undo()
        migrate.script_directory.cache_clear()
