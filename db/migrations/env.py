"""Alembic environment: run from code by ``db.engine``, never from an alembic.ini.

The caller hands its open connection in ``config.attributes["connection"]`` so the migration
runs inside the caller's transaction and on the same SQLite file it already checked.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy.engine import Connection

from sourcemark.db.models import Base

config = context.config


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if not isinstance(connection, Connection):
        raise RuntimeError("Sourcemark runs its migrations from code, with a connection given.")
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        # SQLite cannot ALTER most things: let alembic recreate tables in batches.
        render_as_batch=True,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations_online()
