"""Open a project database: check what the file is, set the pragmas, migrate, hand out sessions.

Only this module knows which database engine is behind a URL. A path opens (or creates) a
SQLite project file; any other SQLAlchemy URL (e.g. a shared PostgreSQL server) is used as is.
"""

from __future__ import annotations

import gc
import os
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import URL, create_engine, event, make_url
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DatabaseError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from sourcemark.db import migrate, sqlite_file
from sourcemark.db.errors import (
    DamagedProjectError,
    MigrationError,
    ProjectError,
    ReadOnlyProjectError,
    StorageError,
)

# How long a write waits for another Sourcemark (window or CLI) to finish its own.
BUSY_TIMEOUT_MS = 10_000
_IMMEDIATE = "sourcemark_immediate"
A = TypeVar("A")
B = TypeVar("B")
T = TypeVar("T")

BeforeMigration = Callable[[Path], None]
# Looks a project file over (``sqlite_file.check_is_sqlite_or_new`` and ``inspect_file``) ahead
# of time, e.g. on another thread while SQLAlchemy is imported: returns what it found for
# that path, raises what that look raised, or gives None when it did not look at that path.
LookedOver = Callable[[Path], "sqlite_file.FileFacts | None"]


@dataclass
class Database:
    """An open project: its engine and the sessions the services in ``app/`` use."""

    url: str
    engine: Engine
    path: Path | None
    read_only: bool
    _sessions: sessionmaker[Session]
    _version_connection: sqlite3.Connection | None = None
    # What ``remembered`` keeps: a name's value and the version it was read at, and the
    # connection that tells the version (its own: ``data_version`` counts the commits of
    # every other connection, and this one is used from worker threads, under the lock).
    _remembered: dict[str, tuple[int, Any]] = field(default_factory=dict)
    _memory_connection: sqlite3.Connection | None = None
    _memory_lock: threading.Lock = field(default_factory=threading.Lock)

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One unit of work that writes: committed on success, rolled back on any error.

        On SQLite it takes the write lock up front (BEGIN IMMEDIATE), so two programs on one
        project queue behind each other instead of failing halfway with "database is locked".
        """
        if self.read_only:
            raise ReadOnlyProjectError(
                "This project is open read-only, so the change was not saved. "
                "Copy the project somewhere you can write to and open the copy."
            )
        with _translated_errors(), self._sessions() as session, session.begin():
            session.connection(execution_options={_IMMEDIATE: True})
            yield session

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A consistent snapshot to read from; never writes."""
        with _translated_errors(), self._sessions() as session, session.begin():
            yield session

    def read_on_two_threads(
        self, first: Callable[[Connection], A], second: Callable[[Connection], B]
    ) -> tuple[A, B]:
        """``first(connection)`` on this thread and ``second(connection)`` on another, at
        once, each on its own connection, both reading the same snapshot of the project.

        SQLite runs a statement without Python's lock, so two halves of a long scan take
        about half the time on two cores. Each connection's read transaction starts its own
        snapshot; ``PRAGMA data_version`` tells whether anything was committed between the
        two starts (then they may differ), and the read is done again. If commits keep
        coming, one connection reads both, one after the other.

        The caller must have paused Python's automatic garbage collection: a collection runs
        in whichever thread allocates past the threshold, and on the helper thread it could
        free objects that must die on their own thread (Qt's widgets).
        """
        if gc.isenabled():
            raise RuntimeError("pause garbage collection before reading on two threads")
        with _translated_errors(), self.engine.connect() as one, self.engine.connect() as two:
            if self.engine.dialect.name == "sqlite":
                for _attempt in range(2):
                    version = _data_version(one)  # begins one's read transaction
                    _data_version(two)  # and two's
                    results = _both(first, one, second, two)
                    one.rollback()
                    two.rollback()
                    unchanged = _data_version(one) == version
                    one.rollback()
                    if unchanged:  # nothing committed since one began: two began the same
                        return results
            results = first(one), second(one)
            one.rollback()
            return results

    def recall(self, name: str) -> tuple[Any, int]:
        """What ``remember`` kept under ``name`` if nothing was committed since, else None;
        and the version now, to ``remember`` a value under if it is read from now on.

        For a value read whole from the project that few edits change and many reads need
        (each claim's first tag, to sort 100,000 claims by tags: ~40 ms to read). Any
        commit of any connection or program makes it stale. ``unchanged_since(version)``,
        asked once the caller's own read transaction has begun, says that the caller reads
        the same project as the value. On other databases than SQLite nothing is kept.
        """
        version = self._memory_version()
        with self._memory_lock:
            kept = self._remembered.get(name)
        if kept is not None and kept[0] == version and version >= 0:
            return kept[1], version
        return None, version

    def remember(self, name: str, version: int, value: Any) -> None:
        """Keep ``value``, read in a transaction that began after ``recall`` gave
        ``version``: the project at ``version`` or, if a commit came in between, a newer
        one (then the version has changed since, and the value is read again next time)."""
        if version >= 0:
            with self._memory_lock:
                self._remembered[name] = (version, value)

    def unchanged_since(self, version: int) -> bool:
        """Nothing was committed to the project since ``remembered`` gave ``version``."""
        return version >= 0 and self._memory_version() == version

    def _memory_version(self) -> int:
        # Its own connection: ``data_version`` counts the commits of every other one, and
        # this is asked from worker threads (under the lock), the GUI's from the GUI thread.
        if self.path is None:
            return -1
        with self._memory_lock:
            if self._memory_connection is None:
                self._memory_connection = sqlite_file.connect_read_only(self.path)
            return int(self._memory_connection.execute("PRAGMA data_version").fetchone()[0])

    def data_version(self) -> int:
        """A number that changes when another program commits to the project.

        SQLite's ``data_version`` is per connection, so one dedicated connection answers it.
        Other engines report 0: they have no cheap equivalent.
        """
        if self.path is None:
            return 0
        if self._version_connection is None:
            self._version_connection = sqlite_file.connect_read_only(self.path)
        row = self._version_connection.execute("PRAGMA data_version").fetchone()
        return int(row[0])

    def close(self) -> None:
        with self._memory_lock:
            self._remembered.clear()
            if self._memory_connection is not None:
                self._memory_connection.close()
                self._memory_connection = None
        if self._version_connection is not None:
            self._version_connection.close()
            self._version_connection = None
        self.engine.dispose()


def _data_version(connection: Connection) -> int:
    # In a read transaction, the snapshot's version: the pragma starts the snapshot.
    return int(connection.exec_driver_sql("PRAGMA data_version").scalar_one())


def _both(
    first: Callable[[Connection], A],
    one: Connection,
    second: Callable[[Connection], B],
    two: Connection,
) -> tuple[A, B]:
    """``second(two)`` on a helper thread while ``first(one)`` runs here."""
    found: list[B] = []
    failed: list[BaseException] = []

    def run() -> None:
        try:
            found.append(second(two))
        except BaseException as error:  # raised again on the caller's thread
            failed.append(error)

    helper = threading.Thread(target=run, name="second half", daemon=True)
    helper.start()
    try:
        mine = first(one)
    finally:
        helper.join()
    if failed:
        raise failed[0]
    return mine, found[0]


def open_database(
    target: str | os.PathLike[str],
    *,
    before_migration: BeforeMigration | None = None,
    looked_over: LookedOver | None = None,
) -> Database:
    """Open the project at a path (created when missing) or a SQLAlchemy URL, migrated to head.

    ``before_migration`` is called with the file's path before an existing SQLite project is
    upgraded, so the caller can back it up first. ``looked_over`` gives the result of the
    look at the file taken ahead of time (see ``LookedOver``) instead of looking again.
    """
    text = os.fspath(target)
    if "://" in text:
        url = make_url(text)
        if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
            # A SQLite URL gets everything a path gets: the look before touching, WAL, backups.
            path = Path(url.database or "").expanduser().absolute()
            return _open_sqlite(path, before_migration, looked_over)
        engine = create_engine(text)
        database = Database(text, engine, None, False, _sessionmaker(engine))
        with engine.begin() as connection:
            revision = migrate.current_revision(connection)
            if revision is not None:
                migrate.check_revision_is_known(revision, None)
            migrate.upgrade_to_head(connection)
        return database
    return _open_sqlite(Path(text).expanduser().absolute(), before_migration, looked_over)


def _open_sqlite(
    path: Path, before_migration: BeforeMigration | None, looked_over: LookedOver | None = None
) -> Database:
    # Look before touching: setting WAL would already change a file that is not ours, and
    # writing to a damaged file can spread the damage.
    facts = looked_over(path) if looked_over is not None else None
    if facts is None or _revision_now(path) != facts.revision:
        facts = _look_over(path)  # not looked at yet, or changed since: look now
    if facts.revision is not None:
        migrate.check_revision_is_known(facts.revision, facts.written_by)
    read_only = sqlite_file.is_read_only(path)
    if read_only and not path.exists():
        raise ProjectError(
            f"Cannot create a project at {path}: the folder is not writable. "
            "Choose a folder you can write to."
        )
    # URL.create, not a formatted string: a "?" or "#" in a file name must not cut the path.
    url = URL.create("sqlite", database=str(path))
    if read_only:
        parameters = sqlite_file.read_only_parameters(path)
        connect_url = URL.create(
            "sqlite", database=sqlite_file.file_uri(path), query={**parameters, "uri": "true"}
        )
    else:
        connect_url = url
    engine = create_engine(connect_url, connect_args={"check_same_thread": False})
    _install_sqlite_pragmas(engine, read_only=read_only)
    database = Database(url.render_as_string(), engine, path, read_only, _sessionmaker(engine))
    try:
        with _translated_errors(), engine.connect() as connection:
            upgrade = migrate.needs_upgrade(connection)
            connection.rollback()
            if upgrade:
                if read_only:
                    raise ReadOnlyProjectError(
                        f"{path} was made by an older Sourcemark and must be upgraded, but it "
                        "is read-only. Copy it somewhere writable and open the copy."
                    )
                backed_up = False
                if facts.revision is not None and before_migration is not None:
                    before_migration(path)
                    backed_up = True
                _migrate(connection, path, facts.revision, backed_up=backed_up)
    except BaseException:
        engine.dispose()
        raise
    return database


def _look_over(path: Path) -> sqlite_file.FileFacts:
    sqlite_file.check_is_sqlite_or_new(path)
    return sqlite_file.inspect_file(path)


_UNREADABLE = "(unreadable)"


def _revision_now(path: Path) -> str | None:
    """The schema revision the file holds right now (a millisecond: no check of its pages).

    Anything unexpected gives a value no look returns, so the full look runs and explains.
    """
    if not path.exists() or path.stat().st_size == 0:
        return None
    try:
        connection = sqlite_file.connect_read_only(path)
        try:
            row = connection.execute(f"SELECT version_num FROM {migrate.VERSION_TABLE}").fetchone()
        finally:
            connection.close()
    except sqlite3.Error:
        return _UNREADABLE
    return None if row is None else str(row[0])


def _migrate(connection: Connection, path: Path, revision: str | None, *, backed_up: bool) -> None:
    """Upgrade to head in one transaction: a migration that fails leaves the file as it was.

    Alembic's batch mode rebuilds a SQLite table by copying it and dropping the original; with
    foreign keys enforced, that DROP would delete every row referring to it (all the claims of
    the articles table). So they are off during the migration and checked before the commit.
    """
    driver = connection.connection.driver_connection
    assert isinstance(driver, sqlite3.Connection)
    # PRAGMA foreign_keys is ignored inside a transaction: set it on the bare connection.
    driver.execute("PRAGMA foreign_keys=OFF")
    try:
        # A second program opening the same new file waits here, then finds it done.
        connection.execution_options(**{_IMMEDIATE: True})
        with connection.begin():
            migrate.upgrade_to_head(connection)
            orphans = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            if orphans:
                raise RuntimeError(f"{len(orphans)} rows would refer to rows that do not exist")
    except Exception as error:
        if revision is None:
            raise MigrationError(
                f"Could not set up the new project {path.name} ({error}). Try again, or choose "
                "another folder."
            ) from error
        kept = " A copy taken before the upgrade is in the backups folder." if backed_up else ""
        raise MigrationError(
            f"Upgrading {path.name} from schema {revision} to {migrate.head_revision()} failed "
            f"({error}). The project was left exactly as it was.{kept} Keep using the "
            "Sourcemark version that last wrote it, and report this problem."
        ) from error
    finally:
        driver.execute("PRAGMA foreign_keys=ON")


def _sessionmaker(engine: Engine) -> sessionmaker[Session]:
    # Services return plain values, never live objects: nothing needs to survive a commit.
    return sessionmaker(engine, expire_on_commit=False)


def _install_sqlite_pragmas(engine: Engine, *, read_only: bool) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event decide how transactions start (see below).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        if not read_only:
            # WAL: readers never block the writer. FULL: a commit is on disk before it is
            # acknowledged, so an annotation survives even a power cut right after it.
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=FULL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        immediate = connection.get_execution_options().get(_IMMEDIATE, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


@contextmanager
def _translated_errors() -> Iterator[None]:
    """Turn the driver's terse errors into messages that say what happened and what to do."""
    try:
        yield
    except OperationalError as error:
        raise _storage_error(str(error.orig)) from error
    except DatabaseError as error:
        message = str(error.orig)
        if "not a database" in message or "malformed" in message:
            raise _damaged(message) from error
        raise


def _storage_error(message: str) -> ProjectError:
    lowered = message.lower()
    if "full" in lowered:
        return StorageError(
            "The disk is full, so the change was not saved; earlier work is safe. "
            "Free some space and try again."
        )
    if "readonly" in lowered or "read-only" in lowered:
        return ReadOnlyProjectError(
            "The project file cannot be written (it or its folder is read-only), so the "
            "change was not saved. Check the file's permissions."
        )
    if "locked" in lowered or "busy" in lowered:
        return StorageError(
            "Another Sourcemark window or command kept the project busy for too long, so the "
            "change was not saved. Try again in a moment."
        )
    if "not a database" in lowered or "malformed" in lowered:
        return _damaged(message)
    if "i/o" in lowered:
        return StorageError(
            f"The disk reported an error ({message}), so the change was not saved; earlier "
            "work is safe. Check that the disk is still connected and has free space."
        )
    return StorageError(f"The project could not be written ({message}). Try again.")


def _damaged(message: str) -> DamagedProjectError:
    return DamagedProjectError(
        f"The project file is damaged ({message}). Nothing was changed. " + sqlite_file.RESTORE_HINT
    )
