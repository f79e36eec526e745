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
  article here that has it, when the quote is there (at the offsets, or once in the text): a
  colleague's project numbers the same articles otherwise.
- Cells the export escaped against spreadsheet formulas (``'=…``) are read back unescaped.
- A claim already in the project (the same ``claim_id``, or without one, the same passage of
  the same article) is skipped and counted, so importing a file twice adds nothing the
  second time.
- A row that does not fit (unknown article or tag, offsets outside the text, a quote that is
  not the text there, a value that is not one of the allowed ones) is reported with its line
  number and skipped; everything else is saved, all in one transaction: a failure while
  saving leaves the project as it was.

It is made for whole projects: each row is checked in Python against texts read once per
article, everything is saved with two bulk inserts, the tables' indexes built once at the
end when the file brings more claims than the project holds, and Python's cycle collector
stays off meanwhile. 100,000 rows take a few seconds, most of it reading the CSV and SQLite
inserting (docs/performance.md).
"""

from __future__ import annotations

import csv
import gc
import os
import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from operator import attrgetter, itemgetter
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from sqlalchemy import Table, bindparam, func, select
from sqlalchemy.engine import Connection

from sourcemark.app.errors import ValidationError
from sourcemark.app.exporting.csv_export import FORMULA_TRIGGERS
from sourcemark.app.importing.fields import is_claims_header
from sourcemark.app.importing.textdecode import sniff_binary_kind
from sourcemark.app.textspan import CONTEXT_WIDTH
from sourcemark.db.models import Article, Claim, ClaimTag, Tag, utcnow
from sourcemark.db.rows import (
    indexes_built_after,
    plain_insert,
    plain_rows,
    plain_scalars,
    prepared,
)
from sourcemark.db.vocabulary import ORIGINS, QUOTE_FORMS, REVIEW_STATUSES

if TYPE_CHECKING:
    from _csv import Reader as _CsvReader

    from sourcemark.app.projects import Project

_UUID = re.compile(r"[0-9a-fA-F]{8}-(?:[0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}")
# Characters read for a header when sniffing a file.
_HEADER_LIMIT = 65536
# At most this many problems are kept in a report (the count is always right).
MAX_PROBLEMS_KEPT = 1000
# Article texts read at a time (see _RowChecker).
TEXTS_AT_ONCE = 64
# New UUIDs made at a time for rows without a claim_id.
UUIDS_AT_ONCE = 1024

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


class _RowError(Exception):
    """Why one row cannot be imported (becomes a ``RowProblem``)."""


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
        checker = _RowChecker(connection, columns, project.annotator)
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
            except _RowError as error:
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


# The columns read from a row, in the order ``_RowChecker.check`` unpacks them: first those
# the export writes as they are, then the text it formula-escapes.
_FIELDS = (
    "article_uuid", "article_id", "start", "end", "claim_id", "quote_form", "status",
    "reviewed_at", "origin", "created_at", "updated_at",
    "quote", "tag", "speaker", "affiliation", "cue", "note", "reviewer_note", "reviewer",
    "annotator", "evidence",
)  # fmt: skip
UNREV, QF, ST = "unreviewed", "quote_form", "status"


class _RowChecker:
    """Turns rows into checked claim values, looking articles and tags up once each."""

    def __init__(self, connection: Connection, columns: dict[str, int], annotator: str) -> None:
        self.connection = connection
        self.has = frozenset(columns)
        self.width = max(columns.values()) + 1
        # One C call picks every field; an absent column reads the empty cell appended last.
        self.pick = itemgetter(*(columns.get(name, self.width) for name in _FIELDS))
        self.annotator = annotator
        self.has_annotator = "annotator" in columns
        self.now = _stored(utcnow())
        # Texts are read TEXTS_AT_ONCE articles at a time: files list claims article by
        # article, and a query per article took ~0.3 s at 10,000 articles.
        self._article_texts = prepared(
            connection,
            select(Article.id, Article.text).where(
                Article.id >= bindparam("first"), Article.id < bindparam("past")
            ),
        )
        self.texts: dict[int, str | None] = {}
        # Looked up by the cell as written, then stripped: only UUIDs a stripped cell can
        # equal (never empty, no spaces around), so both find the same articles.
        self.by_uuid: dict[str, int] = (
            {
                uuid: article_id
                for uuid, article_id in plain_rows(connection, select(Article.uuid, Article.id))
                if uuid and uuid == uuid.strip()
            }
            if "article_uuid" in columns
            else {}
        )
        self.tags: dict[str, int] = {}
        # Tag ids by the cell as written: most files spell each tag the same way each time.
        self.tag_cells: dict[str, int | None] = {}
        for tag_id, tag_name, key in plain_rows(connection, select(Tag.id, Tag.name, Tag.key)):
            self.tags.setdefault(tag_name.strip().casefold(), tag_id)
            if key:
                self.tags.setdefault(key.casefold(), tag_id)
        # For rows whose article is not this project's (``_elsewhere``): the export's URL
        # and title columns, and this project's articles by them, read when first needed.
        self._url_column = columns.get("url")
        self._title_column = columns.get("article_title")
        self._by_url_and_title: tuple[dict[str, int | None], dict[str, int | None]] | None = None
        self.found_elsewhere = 0
        self.known_uuids: set[str] | None = None
        self.known_spans: dict[int, set[tuple[int, int]]] = {}
        self.already_there = 0
        self._counted: set[object] = set()
        self._new_uuids: Iterator[str] = iter(())

    def note_seen(self, key: object) -> None:
        if key not in self._counted:
            self._counted.add(key)
            self.already_there += 1

    def check(
        self, row: list[str]
    ) -> tuple[object, tuple[int, int, int], tuple[object, ...] | None, int | None]:
        """(claim key, where, values for a new claim or None if the project has it, tag id)."""
        if len(row) != self.width:
            row = (row + [""] * self.width)[: self.width]
        row.append("")
        (
            article_uuid, article_number, start_text, end_text, claim_uuid, quote_form, status,
            reviewed_at, origin, created_at, updated_at, quote, tag, speaker, affiliation, cue,
            note, reviewer_note, reviewer, annotator, evidence,
        ) = self.pick(row)  # fmt: skip
        if "'" in (quote[:1], tag[:1], speaker[:1], affiliation[:1], cue[:1], note[:1]) or "'" in (
            reviewer_note[:1],
            reviewer[:1],
            annotator[:1],
            evidence[:1],
        ):
            quote, tag, speaker, affiliation, cue, note, reviewer_note, reviewer = map(
                _unescaped, (quote, tag, speaker, affiliation, cue, note, reviewer_note, reviewer)
            )
            annotator, evidence = _unescaped(annotator), _unescaped(evidence)
        article_id = self.by_uuid.get(article_uuid)
        if article_id is not None:
            text = self.texts.get(article_id) or self._text(article_id)
            start, end = self._span(text, start_text, end_text, quote)
        else:
            try:
                article_id = self._article(article_uuid.strip(), article_number.strip())
                text = self.texts.get(article_id) or self._text(article_id)
                start, end = self._span(text, start_text, end_text, quote)
            except _RowError:
                # Not this project's article: a colleague's project, which numbered the
                # same articles otherwise. Its URL or title may name one here.
                found = self._elsewhere(row, quote, start_text, end_text)
                if found is None:
                    raise
                article_id, text, (start, end) = found
        try:
            tag_id = self.tag_cells[tag]
        except KeyError:
            tag_id = self.tag_cells[tag] = self._tag(tag)
        claim_uuid = claim_uuid.strip()
        where = (article_id, start, end)
        if claim_uuid:
            if _UUID.fullmatch(claim_uuid) is None:
                raise _RowError(
                    f"claim_id {claim_uuid!r} is not a UUID; leave it empty for a new claim."
                )
            key: object = claim_uuid
            if claim_uuid in self._known_uuids():
                return key, where, None, tag_id
        else:
            key = where
            if (start, end) in self._known_spans(article_id):
                return key, where, None, tag_id
        values = (
            claim_uuid or self._new_uuid(),
            article_id,
            start,
            end,
            quote or text[start:end],  # a quote given is the text there (checked)
            text[max(0, start - CONTEXT_WIDTH) : start],
            text[end : end + CONTEXT_WIDTH],
            speaker.strip(),
            affiliation.strip(),
            cue.strip(),
            quote_form if quote_form in QUOTE_FORMS else _choice(quote_form, QUOTE_FORMS, None, QF),
            note,
            status if status in REVIEW_STATUSES else _choice(status, REVIEW_STATUSES, UNREV, ST),
            reviewer_note,
            reviewer,
            _time(reviewed_at, "reviewed_at", None) if reviewed_at else None,
            annotator if self.has_annotator else self.annotator,
            origin if origin in ORIGINS else _choice(origin, ORIGINS, "manual", "origin"),
            evidence,
            created := _time(created_at, "created_at", self.now),
            created if updated_at == created_at else _time(updated_at, "updated_at", self.now),
        )
        return key, where, values, tag_id

    def _elsewhere(
        self, row: list[str], quote: str, start: str, end: str
    ) -> tuple[int, str, tuple[int, int]] | None:
        """The article this project has under the row's URL or title, with the passage, when
        the quote is there: at the row's offsets, else once in its text (an article imported
        from another file of the same story can differ in its spaces)."""
        if not quote.strip() or (self._url_column is None and self._title_column is None):
            return None
        by_url, by_title = self._articles_by_url_and_title()
        url = row[self._url_column].strip() if self._url_column is not None else ""
        title = row[self._title_column] if self._title_column is not None else ""
        candidates = (by_url.get(url), by_title.get(_unescaped(title).strip().casefold()))
        for article_id in dict.fromkeys(c for c in candidates if c is not None):
            text = self._text(article_id)
            for offsets in ((start, end), ("", "")):
                try:
                    span = self._span(text, *offsets, quote)
                except _RowError:
                    continue
                self.found_elsewhere += 1
                return article_id, text, span
        return None

    def _articles_by_url_and_title(self) -> tuple[dict[str, int | None], dict[str, int | None]]:
        """This project's articles by URL and by title (None where several share one), read
        when first needed."""
        if self._by_url_and_title is None:
            by_url: dict[str, int | None] = {}
            by_title: dict[str, int | None] = {}
            rows = plain_rows(self.connection, select(Article.id, Article.url, Article.title))
            for article_id, url, title in rows:
                for found, key in (
                    (by_url, (url or "").strip()),
                    (by_title, title.strip().casefold()),
                ):
                    if key:
                        found[key] = None if key in found else article_id
            self._by_url_and_title = (by_url, by_title)
        return self._by_url_and_title

    def _article(self, article_uuid: str, number: str) -> int:
        if article_uuid and article_uuid in self.by_uuid:
            return self.by_uuid[article_uuid]
        if not number:
            raise _RowError(
                f"no article in this project has the article_uuid {article_uuid!r}, and the "
                "row gives no article_id; import the article first."
            )
        try:
            article_id = int(number)
        except ValueError:
            raise _RowError(f"article_id {number!r} is not a number.") from None
        self._text(article_id, must=False)
        if self.texts[article_id] is None:
            raise _RowError(
                f"no article has the id {article_id} in this project; import the article "
                "first, or check the ids with 'sourcemark articles'."
            )
        return article_id

    def _text(self, article_id: int, *, must: bool = True) -> str:
        if article_id not in self.texts:
            # The block of ids around it, so each text is read once in whatever order.
            first = article_id - article_id % TEXTS_AT_ONCE
            block = {"first": first, "past": first + TEXTS_AT_ONCE}
            self.texts.update(dict.fromkeys(range(first, first + TEXTS_AT_ONCE)))
            self.texts.update(self._article_texts(block))
        text = self.texts[article_id]
        if text is None and must:
            raise _RowError(f"no article has the id {article_id}.")
        return text or ""

    def _span(self, text: str, start: str, end: str, quote: str) -> tuple[int, int]:
        try:  # first the usual case, a passage that fits, without the checks' messages
            begin, finish = int(start), int(end)
        except ValueError:
            pass
        else:
            if 0 <= begin < finish <= len(text):
                passage = text[begin:finish]
                if (not quote or passage == quote) and not passage.isspace():
                    return begin, finish
        if start.strip() or end.strip():
            try:
                begin, finish = int(start), int(end)
            except ValueError:
                raise _RowError(f"start {start!r} and end {end!r} must be numbers.") from None
            if finish <= begin:
                raise _RowError(
                    f"the passage {begin}–{finish} ends before it starts; end must be greater "
                    "than start."
                )
            if not 0 <= begin < finish <= len(text):
                raise _RowError(
                    f"the passage {begin}–{finish} is outside the article, which has "
                    f"{len(text)} characters."
                )
            if quote and text[begin:finish] != quote:
                raise _RowError(
                    f"the quote {_short(quote)!r} is not the article's text at {begin}–{finish} "
                    f"({_short(text[begin:finish])!r}); is this the right article?"
                )
            if not text[begin:finish].strip():
                raise _RowError(f"the passage {begin}–{finish} is only whitespace.")
            return begin, finish
        if not quote.strip():
            raise _RowError("the row has neither start and end nor a quote.")
        found = text.find(quote)
        if found < 0:
            raise _RowError(f"the quote {_short(quote)!r} does not occur in the article.")
        if text.find(quote, found + 1) >= 0:
            raise _RowError(
                f"the quote {_short(quote)!r} occurs more than once in the article; give start "
                "and end to say which."
            )
        return found, found + len(quote)

    def _tag(self, name: str) -> int | None:
        wanted = name.strip().casefold()
        if not wanted:
            return None
        tag_id = self.tags.get(wanted)
        if tag_id is None:
            raise _RowError(
                f"there is no tag called {name.strip()!r}; add it to the codebook (or with "
                "'sourcemark tags add'), or correct the name."
            )
        return tag_id

    def _known_uuids(self) -> set[str]:
        if self.known_uuids is None:
            self.known_uuids = set(plain_scalars(self.connection, select(Claim.uuid)))
        return self.known_uuids

    def _known_spans(self, article_id: int) -> set[tuple[int, int]]:
        spans = self.known_spans.get(article_id)
        if spans is None:
            query = select(Claim.start, Claim.end).where(
                Claim.article_id == article_id, Claim.origin != "rejected"
            )
            spans = {(start, end) for start, end in plain_rows(self.connection, query)}
            self.known_spans[article_id] = spans
        return spans

    def _new_uuid(self) -> str:
        new = next(self._new_uuids, None)
        if new is None:
            self._new_uuids = iter(_random_uuids(UUIDS_AT_ONCE))
            new = next(self._new_uuids)
        return new


# uuid4's bits: the version (4) in the high nibble of byte 6, the variant (10) in byte 8.
_VERSION_4 = bytes((b & 0x0F) | 0x40 for b in range(256))
_VARIANT = bytes((b & 0x3F) | 0x80 for b in range(256))


def _random_uuids(count: int) -> list[str]:
    """``count`` random UUIDs as text, as ``str(uuid.uuid4())`` makes them, several times
    faster (a file without claim_id needs one per row)."""
    raw = bytearray(os.urandom(16 * count))
    raw[6::16] = raw[6::16].translate(_VERSION_4)
    raw[8::16] = raw[8::16].translate(_VARIANT)
    h = raw.hex()
    return [
        f"{h[i : i + 8]}-{h[i + 8 : i + 12]}-{h[i + 12 : i + 16]}-{h[i + 16 : i + 20]}-"
        f"{h[i + 20 : i + 32]}"
        for i in range(0, 32 * count, 32)
    ]


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


def _unescaped(value: str) -> str:
    """A cell without the apostrophe the export puts before a formula's first character."""
    if value[:1] == "'" and value[1:2] in FORMULA_TRIGGERS and len(value) > 1:
        return value[1:]
    return value


def _choice(value: str, allowed: Sequence[str], default: str | None, column: str) -> str | None:
    """``value`` if it is one of ``allowed`` (spaces aside), ``default`` if empty."""
    cleaned = value.strip()
    if not cleaned:
        return default
    if cleaned not in allowed:
        raise _RowError(f"{column} {value!r} is not one of: {', '.join(allowed)}.")
    return cleaned


def _time(value: str, column: str, default: str | None) -> str | None:
    """An export time (2024-05-01T09:30:00Z, or any ISO 8601) as the project stores times."""
    value = value.strip()
    if not value:
        return default
    if len(value) == 20 and value[10] == "T" and value[19] == "Z" and value[4] == "-":
        return f"{value[:10]} {value[11:19]}.000000"  # the export's own form: no parsing
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise _RowError(f"{column} {value!r} is not a time like 2024-05-01T09:30:00Z.") from None
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return _stored(moment)


def _stored(moment: datetime) -> str:
    """How SQLAlchemy stores a datetime in SQLite."""
    return moment.strftime("%Y-%m-%d %H:%M:%S.%f")


def _short(text: str, width: int = 40) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _count(number: int, noun: str) -> str:
    return f"{number:,} {noun}" if number == 1 else f"{number:,} {noun}s"
