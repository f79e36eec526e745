"""One row of a claims CSV checked against the project: its article, passage, tag and values.

``RowChecker.check`` turns a row into the values of a new claim, or says the project has the
claim already, or raises ``RowError`` with why the row cannot be imported (its line number
is added by ``claims_csv``). Articles and tags are looked up once each; texts are read in
blocks of ids. A row whose article is not this project's is matched by the export's URL or
title (``RowChecker._elsewhere``); see ``claims_csv``'s docstring for the rules.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from operator import itemgetter

from sqlalchemy import bindparam, select
from sqlalchemy.engine import Connection

from sourcemark.app.exporting.csv_export import FORMULA_TRIGGERS
from sourcemark.app.textspan import CONTEXT_WIDTH
from sourcemark.db.models import Article, Claim, Tag, utcnow
from sourcemark.db.rows import plain_rows, plain_scalars, prepared
from sourcemark.db.vocabulary import ORIGINS, QUOTE_FORMS, REVIEW_STATUSES

_UUID = re.compile(r"[0-9a-fA-F]{8}-(?:[0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}")

# Article texts read at a time (see RowChecker).
TEXTS_AT_ONCE = 64
# New UUIDs made at a time for rows without a claim_id.
UUIDS_AT_ONCE = 1024


class RowError(Exception):
    """Why one row cannot be imported (becomes a ``RowProblem``)."""


# The columns read from a row, in the order ``RowChecker.check`` unpacks them: first those
# the export writes as they are, then the text it formula-escapes.
_FIELDS = (
    "article_uuid", "article_id", "start", "end", "claim_id", "quote_form", "status",
    "reviewed_at", "origin", "created_at", "updated_at",
    "quote", "tag", "speaker", "affiliation", "cue", "note", "reviewer_note", "reviewer",
    "annotator", "evidence",
)  # fmt: skip
UNREV, QF, ST = "unreviewed", "quote_form", "status"


class RowChecker:
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
        self._titles: dict[int, str] = {}  # read with them, to name an article in a message
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
            except RowError:
                # Not this project's article: a colleague's project, which numbered the
                # same articles otherwise. Its URL or title may name one here.
                found = self._elsewhere(row, quote, start_text, end_text)
                if found is None:
                    raise
                article_id, text, (start, end) = found
                quote = text[start:end]  # this copy's own, which may differ in its spaces
        try:
            tag_id = self.tag_cells[tag]
        except KeyError:
            tag_id = self.tag_cells[tag] = self._tag(tag)
        claim_uuid = claim_uuid.strip()
        where = (article_id, start, end)
        if claim_uuid:
            if _UUID.fullmatch(claim_uuid) is None:
                raise RowError(
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
        the quote is there: at the row's offsets, else found in the text (``quote_places``): a
        copy of the story from another file can differ in its spaces, quotation marks and
        dashes, and so in its offsets. None when no article here has the URL or title."""
        if not quote.strip() or (self._url_column is None and self._title_column is None):
            return None
        by_url, by_title = self._articles_by_url_and_title()
        url = row[self._url_column].strip() if self._url_column is not None else ""
        title = row[self._title_column] if self._title_column is not None else ""
        candidates = (by_url.get(url), by_title.get(_unescaped(title).strip().casefold()))
        found = [c for c in dict.fromkeys(candidates) if c is not None]
        if not found:
            return None
        try:
            near: int | None = int(start)
        except ValueError:
            near = None
        counts: list[int] = []  # places of the quote in each article looked in
        for article_id in found:
            text = self._text(article_id)
            try:
                span: tuple[int, int] | None = self._span(text, start, end, quote)
            except RowError:
                places = quote_places(text, quote)
                span = nearest(places, near)
                counts.append(len(places))
            if span is not None:
                self.found_elsewhere += 1
                return article_id, text, span
        by = "URL" if found[0] == candidates[0] else "title"
        named = f"{_short(self._titles[found[0]])!r}, the article here with the row's {by}"
        if counts[0]:
            raise RowError(
                f"the quote {_short(quote)!r} occurs {counts[0]} times in {named}; give start "
                "and end to say which."
            )
        raise RowError(
            f"the quote {_short(quote)!r} is not in {named}: its text may differ from the copy "
            "the claim was made in. Tag that passage by hand."
        )

    def _articles_by_url_and_title(self) -> tuple[dict[str, int | None], dict[str, int | None]]:
        """This project's articles by URL and by title (None where several share one), read
        when first needed."""
        if self._by_url_and_title is None:
            by_url: dict[str, int | None] = {}
            by_title: dict[str, int | None] = {}
            rows = plain_rows(self.connection, select(Article.id, Article.url, Article.title))
            for article_id, url, title in rows:
                self._titles[article_id] = title
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
            raise RowError(
                f"no article in this project has the article_uuid {article_uuid!r}, and the "
                "row gives no article_id; import the article first."
            )
        try:
            article_id = int(number)
        except ValueError:
            raise RowError(f"article_id {number!r} is not a number.") from None
        self._text(article_id, must=False)
        if self.texts[article_id] is None:
            raise RowError(
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
            raise RowError(f"no article has the id {article_id}.")
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
                raise RowError(f"start {start!r} and end {end!r} must be numbers.") from None
            if finish <= begin:
                raise RowError(
                    f"the passage {begin}–{finish} ends before it starts; end must be greater "
                    "than start."
                )
            if not 0 <= begin < finish <= len(text):
                raise RowError(
                    f"the passage {begin}–{finish} is outside the article, which has "
                    f"{len(text)} characters."
                )
            if quote and text[begin:finish] != quote:
                raise RowError(
                    f"the quote {_short(quote)!r} is not the article's text at {begin}–{finish} "
                    f"({_short(text[begin:finish])!r}); is this the right article?"
                )
            if not text[begin:finish].strip():
                raise RowError(f"the passage {begin}–{finish} is only whitespace.")
            return begin, finish
        if not quote.strip():
            raise RowError("the row has neither start and end nor a quote.")
        found = text.find(quote)
        if found < 0:
            raise RowError(f"the quote {_short(quote)!r} does not occur in the article.")
        if text.find(quote, found + 1) >= 0:
            raise RowError(
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
            raise RowError(
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


# Characters two copies of a story often differ in, each with those it may stand for.
_LOOSE = {
    **dict.fromkeys("'\u2018\u2019\u02bc", "['\u2018\u2019\u02bc]"),
    **dict.fromkeys('"\u201c\u201d\u201e', '["\u201c\u201d\u201e]'),
    **dict.fromkeys("-\u2010\u2013\u2014", "[-\u2010\u2013\u2014]"),
}


def quote_places(text: str, quote: str) -> list[tuple[int, int]]:
    """Where ``quote`` is in ``text``, another copy of the story it was taken from: found as
    it is, else with any run of whitespace for each of the quote's, and straight or curly
    quotation marks and apostrophes, hyphens and dashes, each for another."""
    spans = [(at, at + len(quote)) for at in _places(text, quote)]
    words = quote.split()
    if spans or not words:
        return spans
    loose = r"\s+".join(
        "".join(_LOOSE.get(character) or re.escape(character) for character in word)
        for word in words
    )
    return [match.span() for match in re.finditer(loose, text)]


def nearest(spans: Sequence[tuple[int, int]], near: int | None) -> tuple[int, int] | None:
    """The one span, or of several the one starting nearest ``near`` (the passage's offset in
    the other copy, which differs from this one's by what the copies differ in before it)."""
    if len(spans) == 1:
        return spans[0]
    if not spans or near is None:
        return None
    return min(spans, key=lambda span: abs(span[0] - near))


def _places(text: str, quote: str) -> Iterator[int]:
    at = text.find(quote)
    while at >= 0:
        yield at
        at = text.find(quote, at + 1)


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
        raise RowError(f"{column} {value!r} is not one of: {', '.join(allowed)}.")
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
        raise RowError(f"{column} {value!r} is not a time like 2024-05-01T09:30:00Z.") from None
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return _stored(moment)


def _stored(moment: datetime) -> str:
    """How SQLAlchemy stores a datetime in SQLite."""
    return moment.strftime("%Y-%m-%d %H:%M:%S.%f")


def _short(text: str, width: int = 40) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
