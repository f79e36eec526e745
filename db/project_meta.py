"""Key/value facts stored in the project file itself, read and written with Core statements."""

from __future__ import annotations

from typing import cast

from sqlalchemy import Table, inspect, select
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Connection

from sourcemark.db.models import ProjectMeta

_table = cast(Table, ProjectMeta.__table__)


def read_meta(connection: Connection, key: str) -> str | None:
    if not inspect(connection).has_table(ProjectMeta.__tablename__):
        return None
    value = connection.execute(select(_table.c.value).where(_table.c.key == key)).scalar()
    return None if value is None else str(value)


def write_meta(connection: Connection, key: str, value: str) -> None:
    if connection.dialect.name == "sqlite":
        statement = sqlite_insert(_table).values(key=key, value=value)
        connection.execute(
            statement.on_conflict_do_update(index_elements=["key"], set_={"value": value})
        )
        return
    updated = connection.execute(_table.update().where(_table.c.key == key).values(value=value))
    if updated.rowcount == 0:
        connection.execute(_table.insert().values(key=key, value=value))
