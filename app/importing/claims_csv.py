"""Claims from CSV, in the export's own format: a spreadsheet's edits or a colleague's claims.

The columns are those of ``exporting.csv_export`` (docs/export.md), found by name in the
header, in any order. Needed: ``article_id`` (or ``article_uuid``), ``tag``, and ``start`` with
``end`` or a ``quote`` (or all three, which are then checked against each other). Every other
export column is taken when present: ``claim_id``, speaker, affiliation, cue, quote form,
status, notes, annotator, reviewer and review time, origin, evidence, creation and update
times; a column that is absent takes the value a new claim gets.

- The export writes one row per (claim, tag): rows with the same ``claim_id`` make one claim
  with all their tags. Without a ``claim_id`` column, rows on the same passage of the same
  article make one claim. An empty ``tag`` is a claim without a tag.
- An article is found by ``article_uuid`` when that column is there and the article is in the
  project, else by its number, ``article_id``. With a quote and offsets, the quote must be the
  text at those offsets (so a colleague's numbering that differs is caught, not applied to
  the wrong article); with a quote only, it must occur exactly once in the article. A row
  whose article is not found so is matched by ``url``, then ``article_title``, to the one
  article here that has it, when the quote is there: at the offsets, else where the text has
  it (spaces, quotation marks and dashes may differ: the copies may come from other files),
  at the place nearest the offsets if it has it more than once. A colleague's project numbers
  the same articles otherwise.
- Cells the export escaped against spreadsheet formulas (``'=…``) are read back unescaped.
- A claim already in the project (the same ``claim_id``, or without one, the same passage of
  the same article) is skipped and counted, so importing a file twice adds nothing the
  second time.
- A row that does not fit (unknown article or tag, offsets outside the text, a quote that is
  not the text there, a value that is not one of the allowed ones) is reported with its line
  number and skipped; everything else is saved, all in one transaction: a failure while
  saving leaves the project as it was.

It is made for whole projects: each row is checked in Python (``claims_csv_rows``) against
texts read once per article, everything is saved with two bulk inserts, the tables' indexes
built once at the end when the file brings more claims than the project holds, and Python's
cycle collector stays off meanwhile. 100,000 rows take a few seconds, most of it reading the
CSV and SQLite inserting (docs/performance.md).
"""

from __future__ import annotations

import csv
import gc
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from operator import attrgetter
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from sqlalchemy import Table, func, select
from sqlalchemy.engine import Connection

from sourcemark.app.errors import ValidationError
from sourcemark.app.importing.claims_csv_rows import RowChecker, RowError
from sourcemark.app.importing.fields import is_claims_header
from sourcemark.app.importing.textdecode import sniff_binary_kind
from sourcemark.db.models import Claim, ClaimTag
from sourcemark.db.rows import indexes_built_after, plain_insert

if TYPE_CHECKING:
    from _csv import Reader as _CsvReader

    from sourcemark.app.projects import Project

# Characters read for a header when sniffing a file.
_HEADER_LIMIT = 65536
# At most this many problems are kept in a report (the count is always right).
MAX_PROBLEMS_KEPT = 1000

# (rows read, claims being saved): the second is 0 until every row is read and checked.
Progress = Callable[[int, int], None]
ShouldCancel = Callable[[], bool]
# Rows read between two calls of ``progress`` and ``should_cancel``.
ROWS_PER_STEP = 5000


@dataclass(frozen=True)
class RowProblem:
    """A row that was skipped: its line in the file (1 is the header) and why."""

    line: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


@dataclass
class ClaimsImportReport:
    source: str
    rows: int = 0  # data rows read (the header and blank rows not counted)
    claims: int = 0  # claims added to the project
    tags: int = 0  # tags on them
    already_there: int = 0  # claims skipped because the project has them
    # Rows whose article_uuid and article_id are not this project's article, matched to one
    # of its articles by the URL or title (a colleague's project, numbered otherwise).
    matched_by_url_or_title: int = 0
    problem_count: int = 0
    problems: list[RowProblem] = field(default_factory=list)
    # The articles that received claims.
    article_ids: frozenset[int] = frozenset()
    # Stopped by ``should_cancel`` before saving: nothing was added.
    cancelled: bool = False

    def summary(self) -> str:
        """One line for a status bar or the end of the CLI's output."""
        if self.cancelled:
            read = _count(self.rows, "row")
            return f"{self.source}: cancelled after {read}; nothing was imported."
        claims, rows = _count(self.claims, "claim"), _count(self.rows, "row")
        parts = [f"{self.source}: imported {claims} from {rows}"]
        if self.already_there:
            parts.append(f"{_count(self.already_there, 'claim')} already in the project")
        if self.matched_by_url_or_title:
            rows = _count(self.matched_by_url_or_title, "row")
            parts.append(f"{rows} matched to an article by its URL or title")
        if self.problem_count:
            parts.append(f"{_count(self.problem_count, 'row')} skipped")
        return ", ".join(parts) + "."

    def reasons(self) -> list[tuple[str, list[int]]]:
        """The kept problems grouped by message, most lines first: a file's skipped rows
        mostly share a few reasons (one misspelt tag on thousands of rows)."""
        lines: dict[str, list[int]] = {}
        for problem in self.problems:
            lines.setdefault(problem.message, []).append(problem.line)
        return sorted(lines.items(), key=lambda reason: -len(reason[1]))

    def _problem(self, line: int, message: str) -> None:
        self.problem_count += 1
        if len(self.problems) < MAX_PROBLEMS_KEPT:
            self.problems.append(RowProblem(line, message))


@dataclass(slots=True)
class _Pending:
    """A claim about to be inserted, gathered from one or more rows."""

    line: int
    where: tuple[int, int, int]  # article, start, end
    values: tuple[object, ...]  # in the order of _INSERTED, without the id
    tag_ids: list[int]


def import_claims_csv(
    project: Project,
    source: Path | TextIO,
    *,
    progress: Progress | None = None,
    should_cancel: ShouldCancel | None = None,
) -> ClaimsImportReport:
    """Add the claims of a CSV file (see the module's docstring); returns what happened.

    ``progress`` is told the rows read so far every ``ROWS_PER_STEP`` rows, then the number
    of claims being saved; ``should_cancel`` is asked whether to stop as often, and once
    more before saving. Stopped, nothing is saved (``report.cancelled``).
    Raises ``ValidationError`` with a readable message, and changes nothing, when the file
    cannot be read as a claims CSV at all (not UTF-8, no header, a needed column missing).
    """
    name = source.name if isinstance(source, Path) else getattr(source, "name", "the CSV")
    if isinstance(source, Path):
        try:
            _check_not_binary(source, str(name))
            # utf-8-sig: a file exported with --excel starts with a byte order mark.
            with source.open(encoding="utf-8-sig", newline="") as file:
                return _import(project, file, str(name), progress, should_cancel)
        except UnicodeDecodeError as error:
            raise ValidationError(
                f"{name} is not UTF-8 text (byte {error.start}); save it as 'CSV UTF-8' and "
                "import it again."
            ) from None
        except OSError as error:
            raise ValidationError(f"Cannot read {name}: {error.strerror or error}.") from None
    return _import(project, source, str(name), progress, should_cancel)


def looks_like_claims_csv(path: Path) -> bool:
    """Whether ``path`` is a CSV file whose header names claims' columns, not articles'
    (``fields.is_claims_header``): for a file dropped on the window."""
    if path.suffix.casefold() != ".csv" or not path.is_file():
        return False
    try:
        with path.open(encoding="utf-8-sig", errors="replace", newline="") as file:
            header = next(csv.reader([file.readline(_HEADER_LIMIT)]), [])
    except OSError:
        return False
    return is_claims_header(header)


def _check_not_binary(path: Path, name: str) -> None:
    """A spreadsheet's own file, a document or other binary data given for the CSV gets a
    message that says so, rather than one about missing columns or bytes."""
    with path.open("rb") as file:
        head = file.read(4096)
    kind = sniff_binary_kind(head)
    if kind is None and b"\x00" not in head:
        return
    what = f"is {kind}" if kind else "looks like a binary file"
    raise ValidationError(
        f"{name} {what}, not a CSV file. Save the claims as 'CSV UTF-8' (in a spreadsheet: "
        "File → Save As) and import that file."
    )


class _Cancelled(Exception):
    """Raised inside the write to roll it back when ``should_cancel`` says so."""


def _import(
    project: Project,
    file: TextIO,
    name: str,
    progress: Progress | None,
    should_cancel: ShouldCancel | None,
) -> ClaimsImportReport:
    # Quotes can be long; the csv module's default cell limit is 128 KiB.
    csv.field_size_limit(max(csv.field_size_limit(), 2**31 - 1))
    reader = csv.reader(file, strict=True)
    try:
        header = [cell.strip().lstrip("\ufeff").casefold() for cell in next(reader)]
    except StopIteration:
        raise ValidationError(f"{name} is empty; there are no claims to import.") from None
    except csv.Error as error:
        raise ValidationError(f"{name} is not a readable CSV file ({error}).") from None
    columns = _columns(header, name)
    report = ClaimsImportReport(name)
    try:
        _read_and_save(project, reader, name, columns, report, progress, should_cancel)
    except _Cancelled:
        return ClaimsImportReport(name, rows=report.rows, cancelled=True)
    return report


def _read_and_save(
    project: Project,
    reader: _CsvReader,
    name: str,
    columns: dict[str, int],
    report: ClaimsImportReport,
    progress: Progress | None,
    should_cancel: ShouldCancel | None,
) -> None:
    with project.db.write() as session, _without_cyclic_gc():
        connection = session.connection()
        checker = RowChecker(connection, columns, project.annotator)
        pending: dict[object, _Pending] = {}
        check, read = checker.check, 0
        for line, row in _rows(reader, name):
            read += 1
            if read % ROWS_PER_STEP == 0:
                if should_cancel is not None and should_cancel():
                    report.rows = read
                    raise _Cancelled
                if progress is not None:
                    progress(read, 0)
            try:
                key, where, values, tag_id = check(row)
            except RowError as error:
                report._problem(line, str(error))
                continue
            if values is None:  # the project has this claim already
                checker.note_seen(key)
                continue
            claim = pending.get(key)
            if claim is None:
                pending[key] = _Pending(line, where, values, [] if tag_id is None else [tag_id])
            elif claim.where != where:
                report._problem(
                    line,
                    f"claim {key} is on another passage on line {claim.line}; one claim has "
                    "one passage. Give this row its own claim_id, or the same passage.",
                )
            elif tag_id is not None and tag_id not in claim.tag_ids:
                claim.tag_ids.append(tag_id)
        report.rows, report.already_there = read, checker.already_there
        report.matched_by_url_or_title = checker.found_elsewhere
        if should_cancel is not None and should_cancel():
            raise _Cancelled
        claims = list(pending.values())
        if progress is not None:
            progress(read, len(claims))
        report.article_ids = frozenset(claim.where[0] for claim in claims)
        report.claims, report.tags = _insert(connection, claims)


@contextmanager
def _without_cyclic_gc() -> Iterator[None]:
    """Python's cycle collector off meanwhile: the rows and claims built here hold no cycles,
    and the collector walking hundreds of thousands of them again and again took a fifth
    of a 100,000-row import. (The window keeps it off anyway; see ui/garbage.py.)"""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _columns(header: Sequence[str], name: str) -> dict[str, int]:
    columns: dict[str, int] = {}
    for index, column in enumerate(header):
        columns.setdefault(column, index)
    missing = []
    if "article_id" not in columns and "article_uuid" not in columns:
        missing.append("article_id")
    if "tag" not in columns:
        missing.append("tag")
    if "quote" not in columns and not ("start" in columns and "end" in columns):
        missing.append("start and end, or quote")
    if missing:
        found = ", ".join(repr(c) for c in header[:12] if c) or "none"
        raise ValidationError(
            f"{name} lacks the column(s) {', '.join(missing)} (columns found: {found}). "
            "A claims CSV has the columns an export of claims writes; docs/export.md lists them."
        )
    return columns


def _rows(reader: _CsvReader, name: str) -> Iterator[tuple[int, list[str]]]:
    """Non-blank rows with the line each starts on (a quoted cell can span lines)."""
    start = reader.line_num + 1  # after the header, however long
    try:
        for row in reader:
            # A row with some cell that is not only whitespace (most rows: their first cell).
            if any(map(str.strip, row)):
                yield start, row
            start = reader.line_num + 1
    except csv.Error as error:
        raise ValidationError(
            f"{name}, line {reader.line_num}: {error}; nothing was imported. Fix the file (a "
            "quote that is never closed?) and import it again."
        ) from None


# The claims table's columns as the importer fills them, id first.
_INSERTED = (
    "id", "uuid", "article_id", "start", "end", "quote", "prefix", "suffix", "speaker",
    "affiliation", "cue", "quote_form", "note", "status", "reviewer_note", "reviewer",
    "reviewed_at", "annotator", "origin", "evidence", "created_at", "updated_at",
)  # fmt: skip


def _insert(connection: Connection, claims: list[_Pending]) -> tuple[int, int]:
    """Insert the claims and their tags; returns (claims, tags) added.

    Ids are given here, after the highest in use: the write transaction holds the project's
    lock, and knowing the ids saves reading them back for the tag rows. Claims go in in
    reading order, which keeps the reading-order index's inserts at its end. When they are
    more than the project holds, the tables' indexes are built once at the end instead
    (``indexes_built_after``).
    """
    if not claims:
        return 0, 0
    claims.sort(key=attrgetter("where"))
    first = (connection.execute(select(func.max(Claim.id))).scalar() or 0) + 1
    rows = [(number, *claim.values) for number, claim in enumerate(claims, start=first)]
    links = [
        (number, tag_id)
        for number, claim in enumerate(claims, start=first)
        for tag_id in claim.tag_ids
    ]
    claim_table: Table = Claim.__table__  # type: ignore[assignment]
    link_table: Table = ClaimTag.__table__  # type: ignore[assignment]
    with (
        indexes_built_after(connection, claim_table, adding=len(rows)),
        indexes_built_after(connection, link_table, adding=len(links)),
    ):
        plain_insert(connection, claim_table, _INSERTED, rows)
        plain_insert(connection, link_table, ("claim_id", "tag_id"), links)
    return len(rows), len(links)


def _count(number: int, noun: str) -> str:
    return f"{number:,} {noun}" if number == 1 else f"{number:,} {noun}s"
