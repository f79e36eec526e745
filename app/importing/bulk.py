"""Bulk exports: CSV (or TSV) and JSON Lines, one article per row or line.

News databases and scrapers name their columns differently; ``fields.FIELD_SYNONYMS`` maps
"Headline", "body", "Publication Date" and the like onto the draft's fields, ignoring case.
A file is imported whole or not at all: a row without text, a line that is not a JSON
object or an article over the size limit fails the file with its row or line number, so a
person fixes the export and imports it again rather than hunting for what was left out.
Fully empty rows and blank lines are skipped.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping

from sourcemark.app.importing import fields
from sourcemark.app.importing.draft import ArticleDraft, ImportFailure, checked_text
from sourcemark.app.importing.textdecode import decode_text

_DELIMITERS = ",;\t|"
_MAX_LISTED = 5


def read_csv(data: bytes, *, name: str, delimiter: str | None = None) -> list[ArticleDraft]:
    text = decode_text(data, name=name)
    header_line = text.split("\n", 1)[0]
    if delimiter is None:
        # The header names columns and rarely holds a delimiter inside a value, so the most
        # frequent candidate in it is the delimiter (Excel writes ';' in many locales).
        delimiter = max(_DELIMITERS, key=header_line.count)
    # Article texts are longer than the csv module's default field limit of 128 KiB.
    csv.field_size_limit(max(csv.field_size_limit(), 2**31 - 1))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
    try:
        header = next(reader)
    except (StopIteration, csv.Error):
        raise ImportFailure(f"{name} is empty; there is nothing to import.") from None
    columns = fields.map_columns(header)
    if "text" not in columns and fields.is_claims_header(header):
        raise ImportFailure(
            f"{name} holds claims (it has the columns article_id and tag), not articles; "
            "import it with File → Import Claims from CSV… or 'sourcemark import-claims'."
        )
    if "text" not in columns:
        found = ", ".join(repr(column) for column in header[:10] if column.strip()) or "none"
        raise ImportFailure(
            f"{name} has no text column (columns found: {found}); name the column that holds "
            "the article text 'text' (or body, content) and import it again."
        )
    drafts: list[ArticleDraft] = []
    missing: list[int] = []
    try:
        for number, row in enumerate(reader, start=2):
            if not any(cell.strip() for cell in row):
                continue
            record = dict(zip(header, row, strict=False))
            draft = _draft(record, columns, name=name, part=f"row {number}", kind="csv")
            if draft is None:
                missing.append(number)
            else:
                drafts.append(draft)
    except csv.Error as error:
        raise ImportFailure(
            f"{name} is not valid CSV near row {reader.line_num} ({error}); export it again as CSV."
        ) from None
    if missing:
        raise ImportFailure(
            f"{name}: {_numbered('row', missing)} no text; fill in the text or delete "
            f"{'that row' if len(missing) == 1 else 'those rows'}, then import it again."
        )
    if not drafts:
        raise ImportFailure(f"{name} has a header but no articles; there is nothing to import.")
    return drafts


def read_jsonl(data: bytes, *, name: str) -> list[ArticleDraft]:
    text = decode_text(data, name=name)
    drafts: list[ArticleDraft] = []
    missing: list[int] = []
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except (json.JSONDecodeError, RecursionError):
            raise ImportFailure(
                f"{name}: line {number} is not valid JSON; each line must be one JSON object "
                'such as {"title": ..., "text": ...}.'
            ) from None
        if not isinstance(record, dict):
            raise ImportFailure(
                f"{name}: line {number} is not a JSON object; each line must be one object "
                'such as {"title": ..., "text": ...}.'
            )
        columns = fields.map_columns(record)
        draft = _draft(record, columns, name=name, part=f"line {number}", kind="jsonl")
        if draft is None:
            missing.append(number)
        else:
            drafts.append(draft)
    if missing:
        raise ImportFailure(
            f'{name}: {_numbered("line", missing)} no "text"; add the article text '
            f"or remove {'that line' if len(missing) == 1 else 'those lines'}, "
            "then import it again."
        )
    if not drafts:
        raise ImportFailure(f"{name} is empty; there is nothing to import.")
    return drafts


def _draft(
    record: Mapping[str, object], columns: Mapping[str, str], *, name: str, part: str, kind: str
) -> ArticleDraft | None:
    raw_text = fields.pick(record, columns, "text")
    if not isinstance(raw_text, str) or not raw_text.strip():
        return None
    text = checked_text(raw_text, name=f"{name} ({part})")
    return ArticleDraft(
        text=text,
        title=fields.clean_title(fields.pick(record, columns, "title"))
        or fields.title_from_first_line(text),
        outlet=fields.clean(fields.pick(record, columns, "outlet")),
        author=fields.clean(fields.pick(record, columns, "author")),
        url=fields.clean(fields.pick(record, columns, "url")),
        published=fields.normalise_date(fields.pick(record, columns, "published")),
        source_filename=name,
        source_format=kind,
        source_part=part,
    )


def _numbered(unit: str, numbers: list[int]) -> str:
    """ "row 4 has", "rows 4, 9 have", "rows 1, 2, 3, 4, 5 and 7 more have"."""
    listed = ", ".join(str(n) for n in numbers[:_MAX_LISTED])
    more = f" and {len(numbers) - _MAX_LISTED} more" if len(numbers) > _MAX_LISTED else ""
    return f"{unit} {listed} has" if len(numbers) == 1 else f"{unit}s {listed}{more} have"
