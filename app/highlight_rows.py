"""What the reader draws of an article's claims: read cheaply, and if asked while the text is
laid out.

Opening an article with 50,000 claims must not build 50,000 ``ClaimInfo`` values (about 3 s
through the ORM): this is one query answered from indexes alone, each claim's tags as one
``group_concat`` string. An article has few distinct tag combinations, so each string is
parsed once. ``claims.get_claim``/``claims_by_id`` give the full details of the few shown.

SQLite hands the rows over as one JSON array (``db.rows.rows_as_json``), built in a single
step that runs without Python's lock. So a reading can run on a worker thread while the
caller lays the article's text out (Qt holds the lock): opening 50,000 claims, the query's
~110 ms then cost nothing on the caller's thread. The worker only sets up the query and
takes the array; what needs the lock for long (parsing it) is left to the caller.
"""

from __future__ import annotations

import gc
import json
import threading
from collections.abc import Sequence
from types import TracebackType
from typing import TYPE_CHECKING, Any, NamedTuple

from sqlalchemy import func, select

from sourcemark.db.models import Claim, ClaimTag, Tag
from sourcemark.db.rows import rows_as_json
from sourcemark.db.vocabulary import ORIGINS

if TYPE_CHECKING:
    from sourcemark.app.projects import Project


class HighlightRow(NamedTuple):
    """What the reader needs to draw a claim: far cheaper to load than ``ClaimInfo``.

    ``tag_ids`` are in codebook order. A NamedTuple, not a dataclass: an article can hold
    50,000 claims, and these are built for all of them when it opens.
    """

    id: int
    start: int
    end: int
    origin: str
    tag_ids: tuple[int, ...]
    status: str


def highlight_rows(
    project: Project, article_id: int, *, origins: Sequence[str] = ORIGINS
) -> list[HighlightRow]:
    """The article's claims with these origins, as the reader draws them, by position."""
    with HighlightRowsReading(project, article_id, origins=origins) as reading:
        return reading.rows()


class HighlightRowsReading:
    """``highlight_rows``, read on a worker thread when ``meanwhile`` is set.

    Use it as a context manager, so the worker has ended when the block does, whatever
    happened in it; ``rows()`` waits for the rows, then raises what the reading raised.

    ``meanwhile`` needs Python's automatic garbage collection off until the block ends: a
    collection runs in whichever thread allocates past the threshold, and on the worker it
    could free objects that must die on their own thread (Qt's widgets).
    """

    def __init__(
        self,
        project: Project,
        article_id: int,
        *,
        origins: Sequence[str] = ORIGINS,
        meanwhile: bool = False,
    ) -> None:
        if meanwhile and gc.isenabled():
            raise RuntimeError("pause garbage collection before reading on a worker thread")
        self._project, self._article_id, self._origins = project, article_id, tuple(origins)
        self._read: tuple[str, dict[int, int]] | None = None
        self._error: BaseException | None = None
        self._thread: threading.Thread | None = None
        self._querying = threading.Event()
        if meanwhile:
            self._thread = threading.Thread(target=self._run, name="highlight rows", daemon=True)
            self._thread.start()
            # Until SQLite runs the query, the worker needs Python's lock: give it the ~1 ms it
            # needs now, before the caller enters a long call into Qt that holds the lock.
            self._querying.wait()
        else:
            self._run()

    def __enter__(self) -> HighlightRowsReading:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._wait()

    def rows(self) -> list[HighlightRow]:
        self._wait()
        if self._error is not None:
            raise self._error
        assert self._read is not None
        array, order = self._read
        rows: list[list[Any]] = json.loads(array)
        # Each distinct tag list parsed once; tuple.__new__ skips the NamedTuple's own __new__
        # (50,000 rows in half the time).
        parsed: dict[str | None, tuple[int, ...]] = {
            listed: tuple(sorted(map(int, listed.split(",")), key=order.__getitem__))
            for listed in {row[4] for row in rows}
            if listed is not None
        }
        parsed[None] = ()
        new = tuple.__new__
        return [
            new(HighlightRow, (claim_id, start, end, origin, parsed[listed], status))
            for claim_id, start, end, origin, listed, status in rows
        ]

    def _wait(self) -> None:
        if self._thread is not None:
            self._thread.join()
            self._thread = None

    def _run(self) -> None:
        tag_list = (
            select(func.group_concat(ClaimTag.tag_id))
            .where(ClaimTag.claim_id == Claim.id)
            .scalar_subquery()
        )
        spans = (
            select(Claim.id, Claim.start, Claim.end, Claim.origin, tag_list, Claim.status)
            .where(Claim.article_id == self._article_id, Claim.origin.in_(self._origins))
            .order_by(Claim.start, Claim.end, Claim.id)
        )
        ranks = select(Tag.id).order_by(Tag.position, Tag.id)
        try:
            with self._project.db.read() as session:
                connection = session.connection()
                order = {tag_id: rank for rank, tag_id in enumerate(connection.scalars(ranks))}
                self._querying.set()
                self._read = (rows_as_json(connection, spans), order)
        except BaseException as error:  # raised again by rows(), on the caller's thread
            self._error = error
        finally:
            self._querying.set()
