"""Encoding rows of the CSV export into bytes: cells, quoting, formula escaping, times.

Kept apart from the query (``csv_export``) and free of SQLAlchemy so that the second process
of a big export (``csv_process``) starts in tens of milliseconds: importing SQLAlchemy alone
takes a quarter of a second.

Values arrive as SQLite's UTF-8 bytes and leave as CSV bytes, never decoded into ``str``.
A batch is encoded column by column: a column with no byte that needs quoting or escaping
(most of them) passes through untouched, so only the cells that need it pay for Python code.
The cells are exactly what the ``csv`` module writes (QUOTE_MINIMAL, ``,`` and CRLF);
``tests/app/exporting`` checks it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import Enum
from typing import Any

# Cells starting with one of these are formulas (or become one) in Excel/LibreOffice.
FORMULA_TRIGGERS = frozenset("=+-@\t\r")
_TRIGGER_BYTES = frozenset(trigger.encode() for trigger in FORMULA_TRIGGERS)
# A cell after the first that starts with a trigger (a NUL inside a cell may give a false
# alarm, which only costs the look at every cell that a real one needs).
_trigger_after_separator = re.compile(rb"\x00[-=+@\t\r]").search


class Kind(Enum):
    PLAIN = "plain"  # numbers, UUIDs, validated choices: written as they are
    TEXT = "text"  # anything a person or an imported file typed: formula-escaped
    TIME = "time"  # naive UTC datetimes: ISO 8601 with Z


class Source(Enum):
    CLAIM = "claim"  # one value per row
    ARTICLE = "article"  # the same for every row of an article: encoded once per article
    TAG = "tag"  # the same for every row of a tag: encoded once per tag


@dataclass(frozen=True)
class Step:
    """One piece of a record: a claim column (``index`` into the query's columns) or a run of
    consecutive article or tag columns (``index``: which run), encoded once per article/tag."""

    source: Source
    index: int
    kind: Kind


# Per source, per run of its columns: article or tag id -> the run's cells, joined by commas.
Shared = dict[Source, list[dict[Any, bytes]]]


def neutralise_formula(value: str) -> str:
    """``value`` with an apostrophe in front if a spreadsheet would read it as a formula."""
    if value and value[0] in FORMULA_TRIGGERS:
        return "'" + value
    return value


def encode_batch(
    batch: Sequence[Sequence[Any]], plan: Sequence[Step], shared: Shared, escape: bool
) -> bytes:
    """The CSV records of a batch of rows, each ending in CRLF.

    A row holds the claim columns in the plan's order, then the article id and the tag id by
    which the ``shared`` runs are looked up.
    """
    columns = list(zip(*batch, strict=True))
    ids = {Source.ARTICLE: columns[-2], Source.TAG: columns[-1]}
    pieces: list[Sequence[bytes]] = []
    for step in plan:
        if step.source is Source.CLAIM:
            pieces.append(encode_column(columns[step.index], step.kind, escape))
        else:
            pieces.append(list(map(shared[step.source][step.index].__getitem__, ids[step.source])))
    return b"\r\n".join(map(b",".join, zip(*pieces, strict=True))) + b"\r\n"


def encode_column(values: Sequence[Any], kind: Kind, escape: bool) -> Sequence[bytes]:
    """A column of a batch (UTF-8 bytes, or None or numbers) as CSV cells.

    The cells are what the csv module writes (QUOTE_MINIMAL, "," and CRLF), formula-escaped if
    asked. The integers below are bytes' values: 34 '"', 44 ",", 10 LF, 13 CR (``in`` with an
    integer is one memchr; with a one-byte ``bytes`` it is several times slower).
    """
    if kind is Kind.TIME:
        return _encode_times(values)
    escape = escape and kind is Kind.TEXT
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
        return [b"" if v is None else _time_cell(v) for v in values]
    if len(joined) == 26 * len(values) and _sqlalchemy_times_only(joined):
        return _sqlalchemy_times(joined, len(values))
    return [_time_cell(v) for v in values]


# What SQLAlchemy stores in SQLite ("YYYY-MM-DD HH:MM:SS.ffffff"), one after another.
_sqlalchemy_times_only = re.compile(rb"(?:\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6})*").fullmatch


_SPACE_TO_T = bytes.maketrans(b" ", b"T")


def _sqlalchemy_times(joined: bytes, count: int) -> list[bytes]:
    """``count`` times as SQLAlchemy stores them, joined, as ``v[:19].replace(b" ", b"T") +
    b"Z"`` each: the cells ``_iso_time`` makes, made by a few C-level copies of every nth byte
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


def _time_cell(value: Any) -> bytes:
    return _iso_time(_text(value)).encode("utf-8", "surrogateescape")


# A naive time to the second or finer: cut, not parsed (UTC, as Sourcemark stores it).
_naive_time = re.compile(r"\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d(?:\.\d+)?").fullmatch


def _iso_time(value: Any) -> str:
    """A stored time as ISO 8601 in UTC to the second with a Z.

    Sourcemark stores naive UTC; a time another program stored with an offset is converted
    to UTC; anything that is no time at all is written as it is stored (formula-escaped),
    so an export never stops on it and nothing is lost.
    """
    if value is None:
        return ""
    if isinstance(value, str):
        if _naive_time(value):
            return value[:10] + "T" + value[11:19] + "Z"
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return _cell(value, True)
    if isinstance(value, datetime):
        moment: datetime = value
        if moment.tzinfo is not None:
            moment = moment.astimezone(UTC).replace(tzinfo=None)
        return moment.isoformat("T", "seconds") + "Z"
    return _cell(value, False)
