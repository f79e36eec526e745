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
decoded into Python strings and encoded again (a quote with one emoji made a whole batch a
4-byte-per-character string), and memory stays flat. The claims' own columns come from one
query; the article and tag columns, the same for many rows, are encoded once per article and
tag and looked up. Encoding works a batch at a time and column by column: a column of a batch
with no byte that needs quoting or escaping (most of them) is passed through untouched, so only
the cells that need it pay for Python code.
``tests/app/exporting`` checks that the result is exactly what the ``csv`` module writes.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import Enum
from itertools import groupby
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, TextIO

from sqlalchemy import ColumnElement, Integer, Select, String, cast, select, type_coerce
from sqlalchemy.engine import Connection
from sqlalchemy.orm import InstrumentedAttribute

from sourcemark.app.claims import ClaimFilter, filtered_query
from sourcemark.app.exporting.files import ExportCancelled, atomic_binary_file
from sourcemark.db.models import Article, Claim, ClaimTag, Tag
from sourcemark.db.rows import plain_batches, plain_rows

if TYPE_CHECKING:
    from sourcemark.app.projects import Project

# Cells starting with one of these are formulas (or become one) in Excel/LibreOffice.
FORMULA_TRIGGERS = frozenset("=+-@\t\r")
BOM = "\ufeff"
# Rows fetched and encoded at a time (100 to 2,000 measured the same here).
BATCH_ROWS = 256
# Progress is reported, and cancellation asked, about this often.
PROGRESS_ROWS = 2048
_TRIGGER_BYTES = frozenset(trigger.encode() for trigger in FORMULA_TRIGGERS)
# A cell after the first that starts with a trigger (a NUL inside a cell may give a false
# alarm, which only costs the look at every cell that a real one needs).
_trigger_after_separator = re.compile(rb"\x00[-=+@\t\r]").search


class _Kind(Enum):
    PLAIN = "plain"  # numbers, UUIDs, validated choices: written as they are
    TEXT = "text"  # anything a person or an imported file typed: formula-escaped
    TIME = "time"  # naive UTC datetimes: ISO 8601 with Z


class _Source(Enum):
    CLAIM = "claim"  # one value per row
    ARTICLE = "article"  # the same for every row of an article: encoded once per article
    TAG = "tag"  # the same for every row of a tag: encoded once per tag


@dataclass(frozen=True)
class _Column:
    name: str
    expression: InstrumentedAttribute[Any]
    kind: _Kind

    @property
    def source(self) -> _Source:
        table = self.expression.class_
        if table is Article:
            return _Source.ARTICLE
        if table is Tag:
            return _Source.TAG
        return _Source.CLAIM


_P, _T, _D = _Kind.PLAIN, _Kind.TEXT, _Kind.TIME

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
_CLAIM_COLUMNS = tuple(c for c in _COLUMNS if c.source is _Source.CLAIM)


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


def neutralise_formula(value: str) -> str:
    """``value`` with an apostrophe in front if a spreadsheet would read it as a formula."""
    if value and value[0] in FORMULA_TRIGGERS:
        return "'" + value
    return value


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
    statement = export_query(options.criteria)
    if isinstance(destination, Path):
        with atomic_binary_file(destination) as file:
            if options.excel:
                file.write(BOM.encode())
            return _write(project, statement, file, options, progress, should_cancel)
    if options.excel:
        destination.write(BOM)
    return _write(project, statement, _TextSink(destination), options, progress, should_cancel)


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
    if column.kind is _Kind.TIME:
        # Parsing stored times into datetimes only to print them again cost more than all
        # the rest of the export together.
        return type_coerce(column.expression, String)
    if isinstance(column.expression.type, Integer):
        return cast(column.expression, String)
    return column.expression


def _write(
    project: Project,
    statement: Select[Any],
    file: IO[bytes] | _TextSink,
    options: ExportOptions,
    progress: Progress | None,
    should_cancel: Callable[[], bool] | None,
) -> int:
    escape = options.escape_formulas
    file.write(_HEADER)
    written, next_check, reported = 0, 0, 0
    with project.db.read() as session, _utf8_bytes(session.connection()) as connection:
        shared = {
            _Source.ARTICLE: _encoded_runs(connection, _Source.ARTICLE, options, escape),
            _Source.TAG: _encoded_runs(connection, _Source.TAG, options, escape),
        }
        for batch in plain_batches(connection, statement, BATCH_ROWS):
            if written >= next_check:
                if should_cancel is not None and should_cancel():
                    raise ExportCancelled("The export was cancelled; no file was written.")
                next_check = written + PROGRESS_ROWS
                if progress is not None and written > reported:
                    progress(written)
                    reported = written
            file.write(_encode_batch(batch, shared, escape))
            written += len(batch)
    if progress is not None and written > reported:
        progress(written)
    return written


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


# -- encoding -------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Step:
    """One piece of a record: a claim column (``index`` into the query's columns) or a run of
    consecutive article or tag columns (``index``: which run), encoded once per article/tag."""

    source: _Source
    index: int
    kind: _Kind


def _plan() -> tuple[_Step, ...]:
    steps: list[_Step] = []
    runs = {_Source.ARTICLE: 0, _Source.TAG: 0}
    claim_index = 0
    for source, run in groupby(_COLUMNS, key=lambda c: c.source):
        if source is _Source.CLAIM:
            for column in run:
                steps.append(_Step(source, claim_index, column.kind))
                claim_index += 1
        else:
            steps.append(_Step(source, runs[source], _Kind.TEXT))
            runs[source] += 1
    return tuple(steps)


_PLAN = _plan()


def _encoded_runs(
    connection: Connection, source: _Source, options: ExportOptions, escape: bool
) -> list[dict[Any, bytes]]:
    """Per run of ``source``'s columns: id -> the run's cells encoded and joined by commas.

    ``None`` (an untagged claim) maps to empty cells.
    """
    model: type[Article] | type[Tag] = Article if source is _Source.ARTICLE else Tag
    runs = [list(run) for key, run in groupby(_COLUMNS, key=lambda c: c.source) if key is source]
    query = select(model.id, *(c.expression for run in runs for c in run))
    if source is _Source.ARTICLE and options.criteria.article_id is not None:
        query = query.where(Article.id == options.criteria.article_id)
    encoded: list[dict[Any, bytes]] = [{None: b"," * (len(run) - 1)} for run in runs]
    rows = plain_rows(connection, query)
    if not rows:
        return encoded
    ids, *values = zip(*rows, strict=True)
    cells = iter(values)
    for number, run in enumerate(runs):
        columns = [_encode_column(next(cells), c.kind, escape) for c in run]
        encoded[number].update(zip(ids, map(b",".join, zip(*columns, strict=True)), strict=True))
    return encoded


def _encode_batch(
    batch: Sequence[Sequence[Any]], shared: dict[_Source, list[dict[Any, bytes]]], escape: bool
) -> bytes:
    """The CSV records of a batch of ``export_query`` rows, each ending in CRLF."""
    columns = list(zip(*batch, strict=True))
    ids = {_Source.ARTICLE: columns[-2], _Source.TAG: columns[-1]}
    pieces: list[Sequence[bytes]] = []
    for step in _PLAN:
        if step.source is _Source.CLAIM:
            pieces.append(_encode_column(columns[step.index], step.kind, escape))
        else:
            pieces.append(list(map(shared[step.source][step.index].__getitem__, ids[step.source])))
    return b"\r\n".join(map(b",".join, zip(*pieces, strict=True))) + b"\r\n"


def _encode_column(values: Sequence[Any], kind: _Kind, escape: bool) -> Sequence[bytes]:
    """A column of a batch (UTF-8 bytes, or None or numbers) as CSV cells.

    The cells are what the csv module writes (QUOTE_MINIMAL, "," and CRLF), formula-escaped if
    asked. The integers below are bytes' values: 34 '"', 44 ",", 10 LF, 13 CR (``in`` with an
    integer is one memchr; with a one-byte ``bytes`` it is several times slower).
    """
    if kind is _Kind.TIME:
        return _encode_times(values)
    escape = escape and kind is _Kind.TEXT
    try:
        # A few searches over the whole column: most columns of most batches need nothing.
        joined = b"\x00".join(values)
    except TypeError:  # a None among them (an optional field), or a number
        values = [b"" if v is None else v for v in values]
        try:
            joined = b"\x00".join(values)
        except TypeError:  # a number where text was expected
            values = [v if type(v) is bytes else _raw(v) for v in values]
            joined = b"\x00".join(values)
    if escape and (joined[:1] in _TRIGGER_BYTES or _trigger_after_separator(joined)):
        values = [b"'" + v if v[:1] in _TRIGGER_BYTES else v for v in values]
    # One test per cell where one will do: with no quote in the column, a cell needs only
    # enclosing (no replace), and usually only a comma can be the reason. This halved the
    # time of the quote column, where three cells in four have a comma.
    if 34 in joined:
        return [
            b'"' + v.replace(b'"', b'""') + b'"' if 44 in v or 34 in v or 10 in v or 13 in v else v
            for v in values
        ]
    if 10 in joined or 13 in joined:
        return [b'"' + v + b'"' if 44 in v or 10 in v or 13 in v else v for v in values]
    if 44 in joined:
        return [b'"' + v + b'"' if 44 in v else v for v in values]
    return values


def _raw(value: Any) -> bytes:
    """A value that did not come as text: None as an empty cell, a number as its digits."""
    return b"" if value is None else str(value).encode()


def _encode_times(values: Sequence[Any]) -> Sequence[bytes]:
    try:
        joined = b"".join(values)
    except TypeError:  # a None (an optional time) or a number
        pass
    else:
        if set(map(len, values)) == {26} and joined.isascii() and 0 not in joined:
            return _sqlalchemy_times(joined, len(values))
    try:
        lengths = set(map(len, filter(None, values)))
        plain = b"".join(filter(None, values)).isascii()
    except TypeError:  # a number
        return [_iso_time(_text(v)).encode() for v in values]
    if plain and lengths <= {19, 26}:
        # What SQLAlchemy stores in SQLite: "YYYY-MM-DD HH:MM:SS.ffffff".
        return [v[:19].replace(b" ", b"T") + b"Z" if v else b"" for v in values]
    return [_iso_time(_text(v)).encode() for v in values]


_SPACE_TO_T = bytes.maketrans(b" ", b"T")


def _sqlalchemy_times(joined: bytes, count: int) -> list[bytes]:
    """``count`` times of 26 ASCII bytes each, joined, as ``v[:19].replace(b" ", b"T") + b"Z"``
    each: the same cells as the loop above, made by a few C-level copies of every nth byte
    instead of three new objects per cell (twice as fast)."""
    width = 21  # 19 bytes, "Z" and a NUL, by which the result is split into cells
    cells = bytearray(width * count - 1)
    for position in range(19):
        cells[position::width] = joined[position::26]
    cells[19::width] = b"Z" * count
    cells[20::width] = bytes(count - 1)
    return bytes(cells).translate(_SPACE_TO_T).split(b"\x00")


def _text(value: Any) -> Any:
    """Bytes from the database as the text they are; anything else as it is."""
    return value.decode("utf-8", "surrogateescape") if isinstance(value, bytes) else value


def _cell(value: Any, escape: bool) -> str:
    """One field as the csv module writes it (QUOTE_MINIMAL), formula-escaped if asked."""
    if value is None:
        return ""
    text = value if isinstance(value, str) else str(value)
    if escape and text and text[0] in FORMULA_TRIGGERS:
        text = "'" + text
    if '"' in text or "," in text or "\n" in text or "\r" in text:
        return '"' + text.replace('"', '""') + '"'
    return text


def _iso_time(value: Any) -> str:
    """A stored naive-UTC time as ISO 8601 to the second with a Z."""
    if value is None:
        return ""
    if isinstance(value, str):
        # SQLite holds SQLAlchemy's "YYYY-MM-DD HH:MM:SS.ffffff": cut it, don't parse it.
        if len(value) >= 19 and value[10] in " T" and value[13] == ":":
            return value[:10] + "T" + value[11:19] + "Z"
        value = datetime.fromisoformat(value)
    if isinstance(value, datetime):
        return value.isoformat("T", "seconds") + "Z"
    return _cell(value, False)
