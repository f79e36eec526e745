"""Metadata as files state it, cleaned into the draft's fields.

Bulk exports name their columns every which way ("Headline", "body", "Publication Date"); one
table of synonyms serves CSV, JSON Lines and Markdown front matter alike.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from email.utils import parsedate_to_datetime

from sourcemark.app.titles import title_from_text

# The draft field each column name stands for, by priority: when an export has both "text" and
# "summary", the earlier name in the tuple wins.
FIELD_SYNONYMS: dict[str, tuple[str, ...]] = {
    "text": (
        "text",
        "body",
        "content",
        "full_text",
        "fulltext",
        "article_text",
        "article_body",
        "articlebody",
        "main_text",
        "maintext",
        "story",
        "article",
    ),
    "title": ("title", "headline", "heading", "header", "subject"),
    "url": (
        "url",
        "link",
        "uri",
        "canonical_url",
        "source_url",
        "article_url",
        "permalink",
        "href",
    ),
    "outlet": (
        "outlet",
        "source",
        "source_name",
        "publication",
        "publisher",
        "sitename",
        "site_name",
        "site",
        "newspaper",
        "media",
        "medium",
        "journal",
    ),
    "author": ("author", "authors", "byline", "writer", "creator", "by"),
    "published": (
        "published",
        "date",
        "published_at",
        "published_date",
        "publication_date",
        "date_published",
        "pubdate",
        "pub_date",
        "datetime",
        "publish_date",
    ),
}

TITLE_MAX_CHARS = 300
_SPACES = re.compile(r"\s+")
_ISO = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2})(?:[T ]\d.*)?)?)?")
_DAY_FIRST = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")
_YEAR_SLASH = re.compile(r"(\d{4})/(\d{1,2})/(\d{1,2})")
_WRITTEN_FORMATS = ("%d %B %Y", "%d %b %Y", "%B %d, %Y", "%b %d, %Y", "%B %d %Y", "%b %d %Y")
# The column holds 32 characters; a value that is no recognisable date is kept for a person
# to fix rather than dropped, shortened to fit.
PUBLISHED_MAX_CHARS = 32


def column_key(name: str) -> str:
    """``"Publication Date"``, ``"publication-date"`` and ``"PublicationDate "`` → one key."""
    name = name.strip().removeprefix("\ufeff").lower()
    return re.sub(r"[\s\-.]+", "_", name)


def map_columns(names: Iterable[str]) -> dict[str, str]:
    """The draft field → the column name that supplies it, best synonym first."""
    by_key: dict[str, str] = {}
    for name in names:
        by_key.setdefault(column_key(name), name)
    mapping: dict[str, str] = {}
    for field, synonyms in FIELD_SYNONYMS.items():
        for synonym in synonyms:
            if synonym in by_key:
                mapping[field] = by_key[synonym]
                break
    return mapping


def clean(value: object) -> str | None:
    """A metadata value as one line of text, or None when there is nothing in it."""
    if value is None:
        return None
    if isinstance(value, list | tuple):
        value = ", ".join(str(item) for item in value if item is not None and str(item).strip())
    text = _SPACES.sub(" ", str(value)).strip()
    return text or None


def clean_title(value: object) -> str | None:
    text = clean(value)
    if text is None:
        return None
    if len(text) > TITLE_MAX_CHARS:
        cut = text[:TITLE_MAX_CHARS].rsplit(" ", 1)[0] or text[:TITLE_MAX_CHARS]
        return cut + "…"
    return text


def title_from_first_line(text: str, *, markdown: bool = False) -> str | None:
    """The first non-empty line, as a person would name the article (``app/titles``)."""
    return title_from_text(text, markdown=markdown)


def normalise_date(value: object) -> str | None:
    """ISO 8601 date text ("2024-03-05", or "2024-03" / "2024" when that is all there is).

    News dates arrive as ISO timestamps, RFC 2822 (e-mail, RSS), "05.03.2024" or
    "March 5, 2024". Slash dates other than year-first are ambiguous (5 March or May 3?) and
    are kept as written, as is anything else unrecognised, for a person to correct.
    """
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    text = clean(value)
    if text is None:
        return None
    found = _parse_date(text)
    return found if found is not None else text[:PUBLISHED_MAX_CHARS]


def _parse_date(text: str) -> str | None:
    if match := _ISO.fullmatch(text):
        year, month, day = match.groups()
        if month is None:
            return year
        if day is None:
            return f"{year}-{int(month):02d}" if 1 <= int(month) <= 12 else None
        return _valid(int(year), int(month), int(day))
    if match := _DAY_FIRST.fullmatch(text):
        day, month, year = match.groups()
        return _valid(int(year), int(month), int(day))
    if match := _YEAR_SLASH.fullmatch(text):
        year, month, day = match.groups()
        return _valid(int(year), int(month), int(day))
    for pattern in _WRITTEN_FORMATS:
        try:
            return datetime.strptime(text, pattern).date().isoformat()
        except ValueError:
            continue
    try:
        return parsedate_to_datetime(text).date().isoformat()
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


def _valid(year: int, month: int, day: int) -> str | None:
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def pick(record: Mapping[str, object], columns: Mapping[str, str], field: str) -> object:
    """The value of ``field`` in a record, through the column mapping."""
    column = columns.get(field)
    return None if column is None else record.get(column)


def is_claims_header(header: Iterable[str]) -> bool:
    """Whether a CSV header is that of an export of claims (article_id or article_uuid, and
    tag) rather than of articles: people drop both kinds on the window."""
    named = {column.strip().lstrip("\ufeff").casefold() for column in header}
    return bool(named & {"article_id", "article_uuid"}) and "tag" in named and "text" not in named
