"""Claims as rows of a table: the sorted ids a filter selects, then the fields of the rows shown.

A table of 100,000 claims must not build 100,000 ``ClaimInfo`` objects (about 5 s through the
ORM): it asks for the ids in display order once (one Core query, sorted and filtered by
SQLite), then for the few hundred rows on screen as they scroll into view.

Each order is read from an index in that order rather than sorted (db/migrations 0002,
0003): the text order, status, quote and speaker (``COLLATE NOCASE``), article (the articles
by title, each article's claims in text order). Two orders have no index of their own:
annotator (one index range per annotator, in order) and tags (the text order, then a stable
sort in Python by each claim's first tag). Filters that keep few claims (an article, text,
status, tag) are sorted by SQLite instead. Descending is the ascending list reversed, ties
included, so every order is one index scan whichever way it runs.
"""

from __future__ import annotations

import json
import sqlite3
import string
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import ColumnElement, Select, bindparam, func, select, tuple_
from sqlalchemy.engine import Connection

from sourcemark.app.claims import DISTINCT_ANNOTATORS, ClaimFilter, filtered_query
from sourcemark.app.errors import ValidationError
from sourcemark.db.models import Article, Claim, ClaimTag, Tag
from sourcemark.db.rows import Prepared, ids_in_json, plain_rows, plain_scalars

if TYPE_CHECKING:
    from sourcemark.app.projects import Project

# What a table shows of a quote; the full text is one ``claims.get_claim`` away.
QUOTE_PREVIEW_CHARS = 300
# Orders a table can ask for; "position" is the order of the text (article, then offset).
SORT_KEYS = ("position", "quote", "tags", "speaker", "status", "annotator", "article")


@dataclass(frozen=True)
class ClaimRow:
    """What a row of the claims table shows."""

    id: int
    article_id: int
    article_title: str
    start: int
    quote: str
    speaker: str
    affiliation: str
    status: str
    annotator: str
    origin: str
    tag_ids: tuple[int, ...]


def sorted_claim_ids(
    project: Project,
    criteria: ClaimFilter | None = None,
    *,
    sort: str = "position",
    descending: bool = False,
    two_threads: bool = False,
) -> list[int]:
    """The ids of the claims ``criteria`` selects, in the order of ``sort``.

    Ties follow the text (article, start, end, id); ``descending`` reverses the whole list.
    ``two_threads``: read the whole project's claims in text order, and by tags, with two
    connections at once (see ``_on_two_threads``); the caller must have paused Python's
    automatic garbage collection.
    """
    if sort not in SORT_KEYS:
        raise ValidationError(f"{sort!r} is not a sort order; use one of: {', '.join(SORT_KEYS)}.")
    criteria = criteria or ClaimFilter()
    query = filtered_query(criteria).with_only_columns(Claim.id)
    if two_threads and _scans_text_order(criteria) and sort in ("position", "tags"):
        ids = _on_two_threads(project, query, sort)
        if descending:
            ids.reverse()
        return ids
    with project.db.read() as session:
        connection = session.connection()
        walk = _walks_whole_orders(criteria)
        if sort == "tags":
            ids = _ids_by_first_tag(connection, query)
        elif sort == "annotator" and walk:
            ids = _ids_by_annotator(connection, query)
        else:
            query, keys = _with_sort_keys(query, sort, indexed=walk)
            ids = _ordered_ids(connection, query.order_by(*keys, *_natural_order(sort)))
    if descending:
        ids.reverse()
    return ids


def _walks_whole_orders(criteria: ClaimFilter) -> bool:
    """Whether to read the ids in a whole-project order (an index, or the tags' lists).

    That pays off when most claims pass the filter. An article's claims are few, and a text,
    status or tag filter keeps fewer: walking the quote index read every row, all over the
    table, to test the text (text + quote took 0.3 s, where sorting the matches took 0.12 s).
    Those are sorted by SQLite instead, in the same order.
    """
    text = criteria.text and criteria.text.strip()
    return criteria.article_id is None and not (text or criteria.statuses or criteria.tag_ids)


def _scans_text_order(criteria: ClaimFilter) -> bool:
    """Whether the claims' text order is read whole (a scan worth two threads).

    A status or tag filter reads its own index, or its tag's list, in a few milliseconds,
    and bounding it by a half of the text order made SQLite walk that order instead:
    filtering by status took 43 against 35 ms, by tag 66 against 59 (medians of 5 runs).
    """
    return criteria.article_id is None and not (criteria.statuses or criteria.tag_ids)


def statuses_in_reading_order(
    project: Project, criteria: ClaimFilter | None = None
) -> tuple[list[int], list[str]]:
    """The ids of the claims ``criteria`` selects, in reading order, and their review statuses.

    What a review walk needs to know of every claim: one indexed query, handed over as two
    JSON arrays (50,000 claims in ~25 ms; as rows of pairs it took ~80 ms), where
    ``list_claims`` would build a ``ClaimInfo`` for each (seconds).
    """
    query = (
        filtered_query(criteria or ClaimFilter())
        .with_only_columns(Claim.id, Claim.status)
        .order_by(*_NATURAL)
    )
    with project.db.read() as session:
        connection = session.connection()
        if connection.dialect.name != "sqlite":
            rows = plain_rows(connection, query)
            return [row[0] for row in rows], [row[1] for row in rows]
        walk = query.subquery()
        both = select(func.json_group_array(walk.c.id), func.json_group_array(walk.c.status))
        [(ids, statuses)] = plain_rows(connection, both)
    return json.loads(ids), json.loads(statuses)


def place_of(
    project: Project,
    claim_id: int,
    criteria: ClaimFilter | None = None,
    *,
    sort: str = "position",
    descending: bool = False,
) -> int | None:
    """Where ``claim_id`` falls in ``sorted_claim_ids``, or None when the filter leaves it out.

    A table showing 50,000 claims puts a new claim in its row with this one count instead of
    reading every id again. It counts the claims that sort before this one, so in the reading
    order of one article it is an index range count.
    """
    if sort not in SORT_KEYS:
        raise ValidationError(f"{sort!r} is not a sort order; use one of: {', '.join(SORT_KEYS)}.")
    query = filtered_query(criteria or ClaimFilter())
    query, keys = _with_sort_keys(query, sort)
    natural = _natural_order(sort)
    columns = [*keys, *natural]
    with project.db.read() as session:
        connection = session.connection()
        values = connection.execute(
            query.with_only_columns(*columns).where(Claim.id == claim_id)
        ).first()
        if values is None:
            return None
        # "Sorts before": earlier in the ascending order, or later when it is reversed.
        before = _sorts_before(columns, list(values), descending=descending)
        count = connection.execute(query.with_only_columns(func.count()).where(before)).scalar_one()
    return int(count)


def place_in_reading_order(
    project: Project,
    claim_id: int,
    shown_ids: Sequence[int],
    criteria: ClaimFilter | None = None,
    *,
    descending: bool = False,
    fanout: int = 16,
) -> int | None:
    """Where ``claim_id`` goes among ``shown_ids`` (a table's rows in reading order), or None.

    ``place_of`` counts the claims before the new one: in the middle of an article of 50,000
    claims that is 25,000 index entries, ~10 ms. The table already holds the sorted ids, so
    this reads the positions of ``fanout`` of them spread over the rows and bisects, then
    does the same within the stretch found, until a stretch is read whole: five reads of 16
    ids at 50,000 rows, ~1.2 ms (two reads of ~450 ids took ~2.3 ms).
    """
    natural = list(_NATURAL)
    with project.db.read() as session:
        connection = session.connection()
        matching = filtered_query(criteria or ClaimFilter()).with_only_columns(*natural)
        own = connection.execute(matching.where(Claim.id == claim_id)).first()
        if own is None:
            return None
        if not shown_ids:
            return 0
        sign = -1 if descending else 1

        def keys(ids: Sequence[int]) -> list[tuple[tuple[int, ...], int]]:
            """(sort key, index in ``ids``) of those still in the project, in ``ids``' order."""
            index_of = {shown: i for i, shown in enumerate(ids)}
            found = _NATURAL_OF_IDS.rows(connection, ids=json.dumps(list(ids)))
            if sign == 1:  # the usual way round: the rows are the keys
                ordered = sorted((index_of[row[-1]], row) for row in found)
            else:
                ordered = sorted((index_of[row[-1]], tuple(-v for v in row)) for row in found)
            return [(key, i) for i, key in ordered]

        target = tuple(sign * v for v in own)
        low, high = 0, len(shown_ids)
        while True:
            step = -(-(high - low) // fanout) or 1
            samples = keys(shown_ids[low:high:step])
            index = bisect_left([key for key, _ in samples], target)
            if step == 1:
                # Rows whose claims are gone are skipped; the new one goes before the next
                # row left.
                return low + samples[index][1] if index < len(samples) else high
            # The new claim falls between the last sample before it and the first after it.
            narrowed = (
                low + samples[index - 1][1] * step if index > 0 else low,
                low + samples[index][1] * step if index < len(samples) else high,
            )
            if narrowed == (low, high):
                fanout = high - low  # the samples' claims are gone: read the stretch whole
            low, high = narrowed


def _with_sort_keys(
    query: Select[Any], sort: str, *, indexed: bool = True
) -> tuple[Select[Any], list[ColumnElement[Any]]]:
    """The query (joined to what the keys need) and the key expressions of a sort order.

    ``sorted_claim_ids`` reads "tags" and "annotator" its own way, in the order these keys
    give; ``place_of`` counts with them. Text sorts ignore the case of ASCII letters: with
    ``COLLATE NOCASE``, the collation of the indexes that hold these orders, or, not
    ``indexed``, with ``lower()``, which orders alike (it folds ASCII letters only too) but
    keeps SQLite from walking those indexes.
    """
    keys: list[ColumnElement[Any]] = []
    if sort == "article":
        # Walks ix_articles_title and each article's claims in ix_claims_reading_order.
        query = query.join(Article, Article.id == Claim.article_id)
        keys += [Article.title.collate("NOCASE"), Article.id.expression]
    elif sort == "tags":
        # A claim sorts by its first tag in codebook order; untagged claims come last.
        first_tag = (
            select(func.min(Tag.position))
            .join(ClaimTag, ClaimTag.tag_id == Tag.id)
            .where(ClaimTag.claim_id == Claim.id)
            .scalar_subquery()
        )
        keys.append(func.coalesce(first_tag, _UNTAGGED))
    elif sort in ("quote", "speaker", "annotator"):
        column = getattr(Claim, sort)
        keys.append(column.collate("NOCASE") if indexed else func.lower(column))
    elif sort == "status":
        keys.append(Claim.status.expression)
    elif sort == "position":
        keys.extend(column.expression for column in _NATURAL)
    return query, keys


def _natural_order(sort: str) -> list[ColumnElement[Any]]:
    # Ties (and "position" itself) follow the text, so equal keys keep a stable, readable order.
    return [] if sort == "position" else [column.expression for column in _NATURAL]


def _sorts_before(
    columns: Sequence[ColumnElement[Any]], values: Sequence[Any], *, descending: bool
) -> ColumnElement[bool]:
    # A row value, which SQLite answers as one index range (each element compared with its
    # own collation, so NOCASE keys compare as they sort).
    row, bound = tuple_(*columns), tuple_(*values)
    return row > bound if descending else row < bound


_NATURAL = (Claim.article_id, Claim.start, Claim.end, Claim.id)
_NATURAL_OF_IDS = Prepared(select(*_NATURAL).where(Claim.id.in_(ids_in_json())))
# The tags key of an untagged claim: after every tag.
_UNTAGGED = 1 << 30
# Claims' first tags go in a list indexed by claim id, unless ids run this far beyond the
# number of claims.
_DENSE_IDS = 20
# Fewer claims than this sorted by tags look their first tags up one by one; more read
# every tag's list of claims (~30 ms at 100,000, whatever the number sorted).
_FEW_TO_SORT = 5000
_FIRST_TAG_OF_IDS = Prepared(
    select(ClaimTag.claim_id, func.min(Tag.position))
    .join(Tag, Tag.id == ClaimTag.tag_id)
    .where(ClaimTag.claim_id.in_(ids_in_json()))
    .group_by(ClaimTag.claim_id)
)
_ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)


def _ordered_ids(connection: Connection, query: Select[Any]) -> list[int]:
    """The ids ``query`` selects (its one column), in its order.

    SQLite hands them over as one JSON array, parsed in C: reading 100,000 one-column rows
    from the cursor cost more than the query (~50 vs ~25 ms). SQLite feeds an aggregate the
    rows of an ordered subquery in order (it does not flatten the two); the tests pin every
    order. JSON functions are built into SQLite since 3.38 (and into Python's before).
    """
    if connection.dialect.name != "sqlite":
        return list(plain_scalars(connection, query))
    ordered = query.subquery()
    [(array,)] = plain_rows(connection, select(func.json_group_array(ordered.c.id)))
    ids: list[int] = json.loads(array)
    return ids


def _reader(connection: Connection, query: Select[Any]) -> Callable[[str], list[int]]:
    """``_ordered_ids`` of ``query`` for a value of its ``name`` parameter, compiled once."""
    driver = connection.connection.driver_connection
    if connection.dialect.name != "sqlite" or not isinstance(driver, sqlite3.Connection):
        return lambda name: list(plain_scalars(connection, query.params(name=name)))
    ordered = query.subquery()
    compiled = select(func.json_group_array(ordered.c.id)).compile(
        dialect=connection.dialect, compile_kwargs={"render_postcompile": True}
    )
    sql, names, values = str(compiled), compiled.positiontup or [], compiled.params

    def read(name: str) -> list[int]:
        row = driver.execute(sql, [name if n == "name" else values[n] for n in names]).fetchone()
        ids: list[int] = json.loads(row[0])
        return ids

    return read


def _ids_by_first_tag(connection: Connection, query: Select[Any]) -> list[int]:
    """``query``'s ids by their first tag in codebook order, ties in text order.

    No index holds that order (it would need each claim's first tag stored in its row, and
    keeping it there made a bulk import of tags ~6 times slower). So: the ids in text order,
    each one's first tag position, then Python's sort, which keeps ties in text order:
    ~70 ms at 100,000 claims, where SQLite's sort took 0.3 s (and 50,000 claims of one
    article 45 against 95 ms).
    """
    ids = _ordered_ids(connection, query.order_by(*_NATURAL))
    if len(ids) < _FEW_TO_SORT:
        position = dict(_FIRST_TAG_OF_IDS.rows(connection, ids=json.dumps(ids)))
        ids.sort(key=lambda claim_id: position.get(claim_id, _UNTAGGED))
        return ids
    ids.sort(key=_first_tag_positions(connection, len(ids)))
    return ids


def _first_tag_positions(connection: Connection, claims: int) -> Callable[[int], int]:
    """Each claim's first tag position (untagged: ``_UNTAGGED``), for every claim there is.

    Every tag's claims from ix_claim_tags_tag_id, the lowest position last so that it stays,
    rather than one lookup per claim. ``claims``: about how many claims will be sorted.
    """
    claims_of = (
        select(func.json_group_array(ClaimTag.claim_id))
        .where(ClaimTag.tag_id == Tag.id)
        .scalar_subquery()
    )
    by_tag = select(Tag.position, claims_of).order_by(Tag.position.desc())
    tagged = [(position, json.loads(ids)) for position, ids in plain_rows(connection, by_tag)]
    top = connection.execute(select(func.max(Claim.id))).scalar_one() or 0
    if top > _DENSE_IDS * claims:
        sparse = {c: p for p, claim_ids in tagged for c in claim_ids}
        return lambda claim_id: sparse.get(claim_id, _UNTAGGED)
    # Positions in a list indexed by claim id: a third of the time of a dict at 100,000.
    positions = [_UNTAGGED] * (top + 1)
    for position, claim_ids in tagged:
        for claim_id in claim_ids:
            positions[claim_id] = position
    return positions.__getitem__


def _on_two_threads(project: Project, query: Select[Any], sort: str) -> list[int]:
    """``sorted_claim_ids`` in text order or by tags, read by two connections at once.

    SQLite steps without Python's lock, so on two free cores two scans take about the time
    of one, both from one snapshot (``Database.read_on_two_threads``). The text order is
    read as two halves, split at the middle claim of the text order (filtering a whole
    project's text, ~100 ms of SQLite, in about half). By tags, each claim's first tag
    position is read on one thread while the other reads the ids, and kept until anything
    is committed (``Database.recall``): sorting by tags again, or the other way round,
    reads only the ids, as two halves.
    """
    if sort == "tags":
        positions, version = project.db.recall(_FIRST_TAGS)
        if positions is None:
            positions, ids = project.db.read_on_two_threads(
                _every_first_tag, lambda connection: _ordered_ids(connection, _in_order(query))
            )
            project.db.remember(_FIRST_TAGS, version, positions)
            ids.sort(key=positions)
            return ids
    first, second = project.db.read_on_two_threads(
        lambda connection: _half(connection, query, first=True),
        lambda connection: _half(connection, query, first=False),
    )
    ids = first + second
    if sort == "tags":
        if not project.db.unchanged_since(version):
            # A commit since the positions were read: read the ids and the tags together.
            with project.db.read() as session:
                return _ids_by_first_tag(session.connection(), query)
        ids.sort(key=positions)
    return ids


def _in_order(query: Select[Any]) -> Select[Any]:
    return query.order_by(*_NATURAL)


def _every_first_tag(connection: Connection) -> Callable[[int], int]:
    return _first_tag_positions(connection, _claim_count(connection))


def _half(connection: Connection, query: Select[Any], *, first: bool) -> list[int]:
    """The ids of ``query`` before the middle claim of the text order, or the rest, in
    text order."""
    in_order = _in_order(query)
    middle = connection.execute(_MIDDLE).first()
    if middle is None:
        return _ordered_ids(connection, in_order) if first else []
    key, bound = tuple_(*_NATURAL), tuple_(*middle)
    return _ordered_ids(connection, in_order.where(key < bound if first else key >= bound))


def _claim_count(connection: Connection) -> int:
    return int(connection.execute(select(func.count()).select_from(Claim)).scalar_one())


# What ``Database.remember`` keeps each claim's first tag position under.
_FIRST_TAGS = "claim_rows.first_tag_positions"
# The claim in the middle of the text order (of every claim: a scan's work is the same for
# those a filter keeps and those it leaves out). ~1.5 ms at 100,000, from the index.
_MIDDLE = (
    select(*_NATURAL)
    .order_by(*_NATURAL)
    .limit(1)
    .offset(select(func.count()).select_from(Claim).scalar_subquery() // 2)
)


def _ids_by_annotator(connection: Connection, query: Select[Any]) -> list[int]:
    """``query``'s ids by annotator without case, ties in text order.

    ix_claims_annotator holds each annotator's claims in text order: one range per annotator,
    the annotators in order. Names that differ only in case share a place, so they are read
    together and sorted by SQLite.
    """
    groups: dict[str, list[str]] = {}
    for name in connection.execute(DISTINCT_ANNOTATORS).scalars():
        groups.setdefault(name.translate(_ASCII_LOWER), []).append(name)
    by_name = query.where(Claim.annotator == bindparam("name", "")).order_by(*_NATURAL)
    read = _reader(connection, by_name)
    ids: list[int] = []
    # Python compares code points, SQLite's NOCASE the bytes of UTF-8: the same order.
    for folded in sorted(groups):
        same = groups[folded]
        if len(same) == 1:
            ids += read(same[0])
        else:
            ids += _ordered_ids(
                connection, query.where(Claim.annotator.in_(same)).order_by(*_NATURAL)
            )
    return ids


def claim_rows(project: Project, claim_ids: Sequence[int]) -> list[ClaimRow]:
    """The rows of these claims, in the order given; ids no longer there are left out."""
    ids = list(dict.fromkeys(claim_ids))
    if not ids:
        return []
    found: dict[int, ClaimRow] = {}
    listed = json.dumps(ids)
    with project.db.read() as session:
        # The driver's cursor: the table reads a block of these on every reload, and
        # SQLAlchemy's rows took twice as long for the same 200 (~9 vs ~4 ms).
        connection = session.connection()
        tags: dict[int, list[int]] = defaultdict(list)
        for claim_id, tag_id in _TAGS_OF_IDS.rows(connection, ids=listed):
            tags[claim_id].append(tag_id)
        for row in _ROWS_OF_IDS.rows(connection, ids=listed):
            claim_id, article_id, title, start, quote, speaker, affiliation = row[:7]
            status, annotator, origin = row[7:]
            tag_ids = tuple(tags.get(claim_id, ()))
            found[claim_id] = ClaimRow(
                claim_id, article_id, title, start, quote, speaker, affiliation, status,
                annotator, origin, tag_ids,
            )  # fmt: skip
    return [found[i] for i in ids if i in found]


_TAGS_OF_IDS = Prepared(
    select(ClaimTag.claim_id, ClaimTag.tag_id)
    .join(Tag, Tag.id == ClaimTag.tag_id)
    .where(ClaimTag.claim_id.in_(ids_in_json()))
    .order_by(Tag.position, Tag.id)
)
_ROWS_OF_IDS = Prepared(
    select(
        Claim.id,
        Claim.article_id,
        Article.title,
        Claim.start,
        func.substr(Claim.quote, 1, QUOTE_PREVIEW_CHARS),
        Claim.speaker,
        Claim.affiliation,
        Claim.status,
        Claim.annotator,
        Claim.origin,
    )
    .join(Article, Article.id == Claim.article_id)
    .where(Claim.id.in_(ids_in_json()))
)
