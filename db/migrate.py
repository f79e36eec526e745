"""Alembic, driven from code: which revision a database is at, and upgrading it to head."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util.exc import CommandError
from sqlalchemy.engine import Connection

from sourcemark.db.errors import NewerProjectError

VERSION_TABLE = "alembic_version"
MIGRATIONS_DIR = Path(__file__).with_name("migrations")


def alembic_config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


@cache
def script_directory() -> ScriptDirectory:
    return ScriptDirectory.from_config(alembic_config())


def head_revision() -> str:
    head = script_directory().get_current_head()
    assert head is not None, "the migrations folder holds no revision"
    return head


def current_revision(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


def needs_upgrade(connection: Connection) -> bool:
    return current_revision(connection) != head_revision()


def check_revision_is_known(revision: str, written_by: str | None) -> None:
    """Refuse a database whose schema revision this version of Sourcemark does not know."""
    try:
        script_directory().get_revision(revision)
    except CommandError:
        raise NewerProjectError(
            f"This project was last written by Sourcemark {written_by or 'a newer version'} "
            f"(schema {revision}); this is Sourcemark {app_version()} (schema "
            f"{head_revision()}), which cannot read it. Nothing was changed: update Sourcemark "
            "to open this project."
        ) from None


def upgrade_to_head(connection: Connection) -> None:
    command.upgrade(alembic_config(connection), "head")
    from sourcemark.db.project_meta import write_meta

    write_meta(connection, "written_by_version", app_version())


def app_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("sourcemark")
    except PackageNotFoundError:
        return "(development)"
