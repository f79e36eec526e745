"""Alembic, driven from code: which revision a database is at, and upgrading it to head.

Alembic is imported only when a migration runs (or a test asks for its objects): it costs
about 0.6 s to import, and opening an up-to-date project, the usual case, does not need it.
The revision checks read the ``revision``/``down_revision`` lines of the migration files
instead (a millisecond); ``tests/db/test_migrate.py`` checks that this agrees with alembic.
SQLAlchemy too is imported only by the functions that use it: the start-up checks a file's
revision before SQLAlchemy is loaded (``db/early_list.py``).
"""

from __future__ import annotations

import re
import sys
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from sourcemark.db.errors import NewerProjectError

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import ScriptDirectory
    from sqlalchemy.engine import Connection

VERSION_TABLE = "alembic_version"
MIGRATIONS_DIR = Path(__file__).with_name("migrations")
_REVISION = re.compile(r"^revision(?::[^=]*)? = [\"'](\w+)[\"']", re.MULTILINE)
_DOWN_REVISION = re.compile(r"^down_revision(?::[^=]*)? = (?:None|[\"'](\w+)[\"'])", re.MULTILINE)


def alembic_config(connection: Connection | None = None) -> Config:
    from alembic.config import Config

    # stdout given: alembic's default is whatever sys.stdout was when alembic was imported.
    config = Config(stdout=sys.stdout)
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


@cache
def script_directory() -> ScriptDirectory:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config())


def revisions() -> tuple[str, ...]:
    """Every revision in the migrations folder, oldest first."""
    parents: dict[str, str | None] = {}
    for file in sorted((MIGRATIONS_DIR / "versions").glob("*.py")):
        source = file.read_text(encoding="utf-8")
        revision, down = _REVISION.search(source), _DOWN_REVISION.search(source)
        if revision is not None and down is not None:
            parents[revision.group(1)] = down.group(1)
    children = {parent: child for child, parent in parents.items()}
    chain: list[str] = []
    current = children.get(None)
    while current is not None:
        chain.append(current)
        current = children.get(current)
    if not chain or len(chain) != len(parents) or len(children) != len(parents):
        # Not one straight line (a merge, or a file written differently): ask alembic.
        walked = script_directory().walk_revisions()
        return tuple(reversed([script.revision for script in walked]))
    return tuple(chain)


def head_revision() -> str:
    return revisions()[-1]


def current_revision(connection: Connection) -> str | None:
    """The database's revision, read the way alembic keeps it (one row, or no table yet)."""
    from sqlalchemy import inspect, text

    if not inspect(connection).has_table(VERSION_TABLE):
        return None  # a new, empty database
    row = connection.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).first()
    return None if row is None else str(row[0])


def needs_upgrade(connection: Connection) -> bool:
    return current_revision(connection) != head_revision()


def check_revision_is_known(revision: str, written_by: str | None) -> None:
    """Refuse a database whose schema revision this version of Sourcemark does not know."""
    if revision not in revisions():
        raise NewerProjectError(
            f"This project was last written by Sourcemark {written_by or 'a newer version'} "
            f"(schema {revision}); this is Sourcemark {app_version()} (schema "
            f"{head_revision()}), which cannot read it. Nothing was changed: update Sourcemark "
            "to open this project."
        )


def upgrade_to_head(connection: Connection) -> None:
    from alembic import command

    command.upgrade(alembic_config(connection), "head")
    from sourcemark.db.project_meta import write_meta

    write_meta(connection, "written_by_version", app_version())


def app_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("sourcemark")
    except PackageNotFoundError:
        return "(development)"
