"""The article list, read with the standard library's sqlite3 while the window starts.

Importing SQLAlchemy and the models takes 0.35-0.5 s of the start-up (docs/performance.md).
The first thing a person looks for, the project's articles, needs none of it: these two
queries are ``app.articles.list_rows``'s, written out as SQL, and
``tests/db/test_early_list.py`` checks both give the same rows. The start-up shows them
while SQLAlchemy loads on a worker thread.

Only a file that is plainly an up-to-date project is read here; for anything else (new,
missing, another program's, written by a newer or older Sourcemark, damaged, locked) the
answer is ``None`` and opening, later, says what is wrong exactly as it always did.

The connection stays open until ``close``, so that ``unchanged`` can tell whether anything
was committed to the file since (SQLite's ``data_version``), or the file replaced by another
(restoring a backup over a damaged project does that): if neither, the main window shows
these rows instead of reading them again (~70 ms less at 10,000 articles).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from sourcemark.db import migrate, sqlite_file
from sourcemark.db.errors import ProjectError
from sourcemark.db.vocabulary import NOT_CLAIMED_ORIGINS

# (id, title, outlet, author, published, claims, reviewed, pending suggestions)
ListRow = tuple[int, str, str | None, str | None, str | None, int, int, int]

_ARTICLES = (
    "SELECT id, title, outlet, author, published FROM articles ORDER BY imported_at DESC, id DESC"
)
_CLAIMED = " AND ".join(f"origin <> '{origin}'" for origin in NOT_CLAIMED_ORIGINS)
_CLAIM_COUNTS = (
    "SELECT article_id, "
    f"count(*) FILTER (WHERE {_CLAIMED}), "
    f"count(*) FILTER (WHERE {_CLAIMED} AND status <> 'unreviewed'), "
    "count(*) FILTER (WHERE origin = 'suggested') "
    "FROM claims GROUP BY article_id"
)
_NO_CLAIMS = (0, 0, 0)


@dataclass
class EarlyList:
    """The rows read, and the read-only connection they came through (until ``close``)."""

    rows: list[ListRow]
    _connection: sqlite3.Connection
    _data_version: int
    _path: Path
    _file: tuple[int, int]  # (device, inode) of the file read

    def unchanged(self) -> bool:
        """Whether the file is the one read, and no connection has committed to it since."""
        try:
            (now,) = self._connection.execute("PRAGMA data_version").fetchone()
            return bool(now == self._data_version) and _identity(self._path) == self._file
        except (OSError, sqlite3.Error):
            return False

    def close(self) -> None:
        self._connection.close()


def read_article_list(path: Path) -> EarlyList | None:
    """Every article's list row, newest import first, or ``None`` when ``path`` is not plainly
    an up-to-date project (see the module's docstring). Reads only; never raises."""
    try:
        if not path.is_file() or path.stat().st_size == 0:
            return None
        file = _identity(path)
        connection = sqlite_file.connect_read_only(path)
    except (OSError, sqlite3.Error, ProjectError):
        return None
    try:
        version = connection.execute(
            f"SELECT version_num FROM {sqlite_file.VERSION_TABLE}"
        ).fetchall()
        if version != [(migrate.head_revision(),)]:
            connection.close()
            return None
        # One read transaction: the counts, the version and the articles are of one moment
        # (the first read starts it; the version is asked after, so it is that snapshot's).
        connection.execute("BEGIN")
        counts = {row[0]: row[1:] for row in connection.execute(_CLAIM_COUNTS)}
        (data_version,) = connection.execute("PRAGMA data_version").fetchone()
        get = counts.get
        rows = [(*row, *get(row[0], _NO_CLAIMS)) for row in connection.execute(_ARTICLES)]
        connection.execute("COMMIT")
    except sqlite3.Error:
        connection.close()
        return None
    return EarlyList(rows, connection, int(data_version), path, file)


def _identity(path: Path) -> tuple[int, int]:
    status = path.stat()
    return status.st_dev, status.st_ino
