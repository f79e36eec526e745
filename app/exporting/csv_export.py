"""CSV export of tagged claims: one row per (claim, tag), for spreadsheets, pandas and R.

The format (documented for users in ``docs/export.md``):

- UTF-8, a header row, RFC 4180 quoting (fields with commas, quotes or line breaks are quoted,
  quotes doubled), CRLF between records; line breaks inside a quote or note are kept as they are.
- One row per tag of a claim; a claim without a tag gets one row with an empty ``tag``. With a
  tag filter only the rows of the chosen tags are written, so counting rows counts tag uses.
- Pending (``suggested``) and ``rejected`` suggestions are left out unless the filter's
  ``include_suggestions`` is set; manual, accepted and edited claims are always in.
- ``claim_id`` is the claim's UUID, stable across projects merged from several laptops;
  ``claim_number`` is the short local number that ``sourcemark claims`` shows and
  ``sourcemark review`` takes. ``article_id`` is the local number of ``sourcemark articles``
  and ``--article``; ``article_uuid`` is the article's stable id.
- ``start``/``end`` are code-point offsets into the article text (end exclusive).
- Times are ISO 8601 in UTC to the second with a ``Z``: ``2024-05-01T09:30:00Z``.
- Spreadsheet formula injection is neutralised by default: a text cell that starts with
  ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a leading apostrophe, so Excel and
  LibreOffice show it as text instead of running it (OWASP's advice). Turn it off with
  ``escape_formulas=False`` when the file goes only to pandas or R.
- ``excel=True`` writes a UTF-8 byte order mark first: without it Excel reads UTF-8 as the
  local legacy code page and mangles accents, curly quotes, Arabic and emoji.

Rows are streamed from SQLite's own cursor as UTF-8 bytes and written as bytes: text is never
decoded into Python strings and encoded again, and memory stays flat. The claims' own columns
come from one query; the article and tag columns, the same for many rows, are encoded once per
article and tag and looked up. ``csv_cells`` encodes the rows; with 20,000 claims or more and
two cores, a second process (``csv_process``) writes the second half of the file meanwhile.
``tests/app/exporting`` checks that the result is exactly what the ``csv`` module writes.
"""

from __future__ import annotations

import logging
import os
import shutil
import sqlite3
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from itertools import groupby
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, TextIO

from sqlalchemy import ColumnElement, Integer, Select, String, cast, func, select, type_coerce
from sqlalchemy.engine import Connection
from sqlalchemy.orm import InstrumentedAttribute

from sourcemark.app.claims import ClaimFilter, filtered_query
from sourcemark.app.exporting.csv_cells import (
    FORMULA_TRIGGERS,
    Kind,
    Shared,
    Source,
    Step,
    encode_batch,
    encode_column,
    neutralise_formula,
)
from sourcemark.app.exporting.csv_process import Part, PartProcess
from sourcemark.app.exporting.files import WRITE_BUFFER, ExportCancelled, atomic_binary_file
from sourcemark.db.models import Article, Claim, ClaimTag, Tag
from sourcemark.db.rows import driver_sql, plain_batches, plain_rows

if TYPE_CHECKING:
    from sourcemark.app.projects import Project

__all__ = [
    "COLUMNS",
    "FORMULA_TRIGGERS",
    "ExportOptions",
    "export_claims_csv",
    "neutralise_formula",
]

log = logging.getLogger(__name__)

BOM = "\ufeff"
# Rows fetched and encoded at a time (100 to 2,000 measured the same here).
BATCH_ROWS = 256
# Progress is reported, and cancellation asked, about this often.
PROGRESS_ROWS = 2048
# From about this many claims a second process writes the second half of the file (see
# csv_process): below it, its start-up (~50 ms) is a large part of what it could save.
SPLIT_MIN_CLAIMS = 20_000
# The second process starts later, so it gets a little less than half of the claims.
SPLIT_SHARE = 0.52
# A second process silent this long (seconds) is stopped, and its rows written by the first.
SILENCE_LIMIT = 30.0


@dataclass(frozen=True)
class _Column:
    name: str
    expression: InstrumentedAttribute[Any]
    kind: Kind

    @property
    def source(self) -> Source:
        table = self.expression.class_
        if table is Article:
            return Source.ARTICLE
        if table is Tag:
            return Source.TAG
        return Source.CLAIM


_P, _T, _D = Kind.PLAIN, Kind.TEXT, Kind.TIME

# The first twenty columns are the ones issue 2 asks for, in its order; more come after, so a
# reader that picks columns by position keeps working when columns are added at the end.
_COLUMNS: tuple[_Column, ...] = (
    _Column("claim_id", Claim.uuid, _P),
    _Column("article_id", Claim.article_id, _P),
    _Column("article_title", Article.title, _T),
    _Column("outlet", Article.outlet, _T),
    _Column("published", Article.published, _T),
    _Column("url", Article.url, _T),
    _Column("tag", Tag.name, _T),
    _Column("quote", Claim.quote, _T),
    _Column("start", Claim.start, _P),
    _Column("end", Claim.end, _P),
    _Column("speaker", Claim.speaker, _T),
    _Column("affiliation", Claim.affiliation, _T),
    _Column("cue", Claim.cue, _T),
    _Column("quote_form", Claim.quote_form, _P),
    _Column("status", Claim.status, _P),
    _Column("note", Claim.note, _T),
    _Column("reviewer_note", Claim.reviewer_note, _T),
    _Column("annotator", Claim.annotator, _T),
    _Column("created_at", Claim.created_at, _D),
    _Column("updated_at", Claim.updated_at, _D),
    _Column("claim_number", Claim.id, _P),
    _Column("article_uuid", Article.uuid, _P),
    _Column("author", Article.author, _T),
    _Column("tag_key", Tag.key, _T),
    _Column("origin", Claim.origin, _P),
    _Column("reviewer", Claim.reviewer, _T),
    _Column("reviewed_at", Claim.reviewed_at, _D),
    _Column("evidence", Claim.evidence, _T),
)

COLUMNS: tuple[str, ...] = tuple(column.name for column in _COLUMNS)
_CLAIM_COLUMNS = tuple(c for c in _COLUMNS if c.source is Source.CLAIM)


@dataclass(frozen=True)
class ExportOptions:
    """What to export and how.

    ``criteria`` selects claims as everywhere else (article, tags, statuses, annotators, text,
    ``include_suggestions``); its ``tag_ids`` also limit the rows to those tags.
    ``excel`` adds a UTF-8 byte order mark; ``escape_formulas`` (on by default) prefixes cells
    that a spreadsheet would run as a formula with an apostrophe.
    """

    criteria: ClaimFilter = field(default_factory=ClaimFilter)
    excel: bool = False
    escape_formulas: bool = True


Progress = Callable[[int], None]


def export_claims_csv(
    project: Project,
    destination: Path | TextIO,
    options: ExportOptions | None = None,
    *,
    progress: Progress | None = None,
    should_cancel: Callable[[], bool] | None = None,
) -> int:
    """Write the claims ``options`` select as CSV and return the number of rows (header excluded).

    A ``Path`` is written atomically: to a temporary file in the same folder, renamed over the
    destination only when complete, so a failure (``ExportError`` with a readable message) or a
    cancellation (``ExportCancelled``) never leaves a partial file or spoils an existing one.
    A text stream is written as is and not closed; open files with ``newline=""`` so the CRLF
    record separators are not translated.
    ``progress`` gets the running row count every couple of thousand rows and at the end;
    ``should_cancel`` is asked as often and stops the export when it returns true.
    """
    options = options or ExportOptions()
    rows = _Rows(progress, should_cancel)
    if isinstance(destination, Path):
        with atomic_binary_file(destination) as file:
            if options.excel:
                file.write(BOM.encode())
            return _write(project, file, options, rows, beside=destination)
    if options.excel:
        destination.write(BOM)
    return _write(project, _TextSink(destination), options, rows, beside=None)


class _TextSink:
    """A text stream that takes the encoder's UTF-8 bytes (one decode per batch)."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def write(self, data: bytes) -> int:
        return self.stream.write(data.decode("utf-8", "surrogateescape"))


def export_query(criteria: ClaimFilter) -> Select[Any]:
    """The claims' side of the export: one row per (claim, tag), in reading order.

    Its columns are the claim columns of ``COLUMNS`` in their order, then the article id and
    the tag id (None for an untagged claim) by which the other columns are looked up.
    """
    if criteria.tag_ids:
        joined = Claim.__table__.join(ClaimTag.__table__, ClaimTag.claim_id == Claim.id)
    else:
        joined = Claim.__table__.outerjoin(ClaimTag.__table__, ClaimTag.claim_id == Claim.id)
    selected = [_as_text(c) for c in _CLAIM_COLUMNS]
    # Claim selection is the claims service's; the tag restriction is per row here.
    statement = (
        filtered_query(replace(criteria, tag_ids=()))
        .with_only_columns(*selected, Claim.article_id, ClaimTag.tag_id)
        .select_from(joined)
        # The order of ix_claims_reading_order: SQLite reads in that order and never sorts
        # 100,000 wide rows.
        .order_by(Claim.article_id, Claim.start, Claim.end, Claim.id, ClaimTag.tag_id)
    )
    if criteria.tag_ids:
        statement = statement.where(ClaimTag.tag_id.in_(criteria.tag_ids))
    return statement


def _as_text(column: _Column) -> ColumnElement[Any] | InstrumentedAttribute[Any]:
    """The column as the database's text, so encoding needs no type conversion in Python."""
    if column.kind is Kind.TIME:
        # Parsing stored times into datetimes only to print them again cost more than all
        # the rest of the export together.
        return type_coerce(column.expression, String)
    if isinstance(column.expression.type, Integer):
        return cast(column.expression, String)
    return column.expression


class _Rows:
    """The rows written so far, reported to ``progress`` and checked against ``should_cancel``
    every ``PROGRESS_ROWS`` or so."""

    def __init__(self, progress: Progress | None, should_cancel: Callable[[], bool] | None):
        self.progress = progress
        self.should_cancel = should_cancel
        self.here = 0  # written by this process
        self.elsewhere = 0  # written by the second process, as it last said
        self._next_check = 0
        self._reported = 0

    @property
    def total(self) -> int:
        return self.here + self.elsewhere

    def check(self, *, always: bool = False) -> None:
        """Ask whether to cancel and report progress, if ``PROGRESS_ROWS`` more rows are
        written since the last time (or ``always``)."""
        if self.total < self._next_check and not always:
            return
        if self.should_cancel is not None and self.should_cancel():
            raise ExportCancelled("The export was cancelled; no file was written.")
        self._next_check = self.total + PROGRESS_ROWS
        self.report()

    def report(self) -> None:
        if self.progress is not None and self.total > self._reported:
            self.progress(self.total)
            self._reported = self.total


def _write(
    project: Project,
    file: IO[bytes] | _TextSink,
    options: ExportOptions,
    rows: _Rows,
    beside: Path | None,
) -> int:
    """Write the header and the records. With ``beside`` (the destination file), the second
    half of a big export is written by a second process into a scratch file beside it."""
    statement = export_query(options.criteria)
    file.write(_HEADER)
    with project.db.read() as session, _utf8_bytes(session.connection()) as connection:
        split, helper = None, None
        if beside is not None and project.path is not None and _may_split(connection, file):
            # Started first, so that its start-up overlaps finding where to split.
            helper = PartProcess.start()
        try:
            if helper is not None:
                split = _split_point(connection, options.criteria)
            writer = _Writer(connection, file, options, rows)
            if split is None or helper is None or beside is None or project.path is None:
                writer.write(statement)
            else:
                writer.write_in_two(statement, split, helper, project.path, beside)
        finally:
            if helper is not None:  # whatever happened, it does not outlive the export
                helper.stop()
    rows.report()
    return rows.total


class _Writer:
    """Records of export queries, encoded and written to one file."""

    def __init__(
        self,
        connection: Connection,
        file: IO[bytes] | _TextSink,
        options: ExportOptions,
        rows: _Rows,
    ) -> None:
        self.connection = connection
        self.file = file
        self.rows = rows
        self.escape = options.escape_formulas
        self.shared: Shared = {
            Source.ARTICLE: _encoded_runs(connection, Source.ARTICLE, options, self.escape),
            Source.TAG: _encoded_runs(connection, Source.TAG, options, self.escape),
        }

    def write(self, statement: Select[Any]) -> None:
        for batch in plain_batches(self.connection, statement, BATCH_ROWS):
            self.rows.check()
            self.file.write(encode_batch(batch, _PLAN, self.shared, self.escape))
            self.rows.here += len(batch)

    def write_in_two(
        self, statement: Select[Any], split: int, helper: PartProcess, database: Path, beside: Path
    ) -> None:
        """The claims of articles up to ``split`` written here, the rest by ``helper``'s
        process into a scratch file beside ``beside``, then appended; if that process fails,
        its rows are written here instead.

        Each article's rows come from one reading of the project. The two processes begin
        their readings about a tenth of a second apart, which only shows if another program
        saves claims in between.
        """
        handle, name = tempfile.mkstemp(
            prefix=f".{beside.name}.", suffix=".part", dir=beside.parent
        )
        os.close(handle)
        output = Path(name)
        rest = statement.where(Claim.article_id > split)
        try:
            sql, parameters = driver_sql(self.connection, rest)
            helper.send(
                Part(database, sql, parameters, _PLAN, self.shared, self.escape, output,
                     BATCH_ROWS, PROGRESS_ROWS)
            )  # fmt: skip
            self.write(statement.where(Claim.article_id <= split))
            while not helper.wait(0.05):
                self.rows.elsewhere = helper.rows
                self.rows.check(always=True)
                if helper.silent_for() > SILENCE_LIMIT:
                    helper.stop()  # stuck: its rows are written here
            if helper.succeeded and helper.total is not None:
                self.rows.elsewhere = helper.total
                with output.open("rb") as theirs:
                    shutil.copyfileobj(theirs, self.file, WRITE_BUFFER)
                log.debug("A second process wrote %d of the %d rows", helper.total, self.rows.total)
                return
            log.warning(
                "The export's second process failed; its rows are written by the first: %s",
                " / ".join(helper.said[-5:]) or "it said nothing",
            )
            self.rows.elsewhere = 0
            self.write(rest)
        finally:
            helper.stop()
            output.unlink(missing_ok=True)


def _may_split(connection: Connection, file: IO[bytes] | _TextSink) -> bool:
    """Whether the project may hold enough claims for a second process to pay (its largest
    claim id, read at once, bounds their number), with two cores to run it."""
    if isinstance(file, _TextSink) or _processors() < 2:
        return False
    [(largest,)] = plain_rows(connection, select(func.max(Claim.id)))
    return largest is not None and int(largest) >= SPLIT_MIN_CLAIMS


def _split_point(connection: Connection, criteria: ClaimFilter) -> int | None:
    """The last article the export writes itself when a second process writes the rest, or
    None when one process will do."""
    selected = filtered_query(criteria).order_by(None)
    [(claims,)] = plain_rows(connection, selected.with_only_columns(func.count()))
    if claims < SPLIT_MIN_CLAIMS:
        return None
    # SQLite counts along the reading-order index without handing Python a row (a count per
    # article took twice as long). One article holding most claims goes whole to this
    # process, and the other has little or nothing to do.
    middle = plain_rows(
        connection,
        selected.with_only_columns(Claim.article_id)
        .order_by(Claim.article_id)
        .offset(int(claims * SPLIT_SHARE))
        .limit(1),
    )
    return int(middle[0][0]) if middle else None


def _processors() -> int:
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


_HEADER = (",".join(COLUMNS) + "\r\n").encode()


@contextmanager
def _utf8_bytes(connection: Connection) -> Iterator[Connection]:
    """``connection`` with SQLite returning text as its UTF-8 bytes meanwhile.

    Text goes from the database to the file without becoming Python strings: decoding it
    (and encoding it again to write it) was a fifth of the export's time.
    """
    driver = connection.connection.driver_connection
    if not isinstance(driver, sqlite3.Connection):  # pragma: no cover - projects are SQLite
        raise TypeError("the CSV export reads SQLite projects only")
    before = driver.text_factory
    driver.text_factory = bytes
    try:
        yield connection
    finally:
        driver.text_factory = before


def _plan() -> tuple[Step, ...]:
    steps: list[Step] = []
    runs = {Source.ARTICLE: 0, Source.TAG: 0}
    claim_index = 0
    for source, run in groupby(_COLUMNS, key=lambda c: c.source):
        if source is Source.CLAIM:
            for column in run:
                steps.append(Step(source, claim_index, column.kind))
                claim_index += 1
        else:
            steps.append(Step(source, runs[source], Kind.TEXT))
            runs[source] += 1
    return tuple(steps)


_PLAN = _plan()


def _encoded_runs(
    connection: Connection, source: Source, options: ExportOptions, escape: bool
) -> list[dict[Any, bytes]]:
    """Per run of ``source``'s columns: id -> the run's cells encoded and joined by commas.

    ``None`` (an untagged claim) maps to empty cells.
    """
    model: type[Article] | type[Tag] = Article if source is Source.ARTICLE else Tag
    runs = [list(run) for key, run in groupby(_COLUMNS, key=lambda c: c.source) if key is source]
    query = select(model.id, *(c.expression for run in runs for c in run))
    if source is Source.ARTICLE and options.criteria.article_id is not None:
        query = query.where(Article.id == options.criteria.article_id)
    encoded: list[dict[Any, bytes]] = [{None: b"," * (len(run) - 1)} for run in runs]
    rows = plain_rows(connection, query)
    if not rows:
        return encoded
    ids, *values = zip(*rows, strict=True)
    cells = iter(values)
    for number, run in enumerate(runs):
        columns = [encode_column(next(cells), c.kind, escape) for c in run]
        encoded[number].update(zip(ids, map(b",".join, zip(*columns, strict=True)), strict=True))
    return encoded
