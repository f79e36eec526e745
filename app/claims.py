"""Claims: highlighted passages of an article with their tags, sourcing details and review."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, fields, replace
from datetime import datetime
from typing import TYPE_CHECKING, Any, Final, cast

from sqlalchemy import (
    DateTime,
    Select,
    Table,
    and_,
    bindparam,
    delete,
    func,
    insert,
    or_,
    select,
    update,
)
from sqlalchemy import text as sql_text
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from sourcemark.app.errors import NotFoundError, ValidationError
from sourcemark.app.textspan import CONTEXT_WIDTH, Span, TextWindow, context, validate_span
from sourcemark.db.models import Article, Claim, ClaimTag, Tag, new_uuid, utcnow
from sourcemark.db.rows import Prepared, ids_in_json
from sourcemark.db.vocabulary import NOT_CLAIMED_ORIGINS, ORIGINS, QUOTE_FORMS, REVIEW_STATUSES

if TYPE_CHECKING:
    from sourcemark.app.articles import ArticleText
    from sourcemark.app.projects import Project


class _Unset:
    """Marks a keyword argument the caller did not give (``None`` can be a real value)."""

    def __repr__(self) -> str:
        return "UNSET"


UNSET: Final = _Unset()
# The tables themselves, for statements that need none of the ORM's bookkeeping.
_CLAIMS = cast(Table, Claim.__table__)
_CLAIM_TAGS = cast(Table, ClaimTag.__table__)
# Editing a suggestion (or an accepted one) makes it the analyst's own, edited version.
_EDITED_FROM = ("suggested", "accepted")


@dataclass(frozen=True)
class ClaimInfo:
    id: int
    uuid: str
    article_id: int
    start: int
    end: int
    quote: str
    prefix: str
    suffix: str
    speaker: str
    affiliation: str
    cue: str
    quote_form: str | None
    note: str
    status: str
    reviewer_note: str
    reviewer: str
    reviewed_at: datetime | None
    annotator: str
    origin: str
    evidence: str
    created_at: datetime
    updated_at: datetime
    tag_ids: tuple[int, ...] = ()


# The columns a ClaimInfo is made of (all its fields but its tags), in its fields' order.
_INFO_COLUMNS = [_CLAIMS.c[f.name] for f in fields(ClaimInfo) if f.name != "tag_ids"]
_TIME_FIELDS = [i for i, column in enumerate(_INFO_COLUMNS) if isinstance(column.type, DateTime)]
# Claims read by id through statements compiled once (db.rows.Prepared): compiling a select
# with an IN list on every read cost ~1.3 ms for one claim; this way it takes ~0.3 ms.
_CLAIMS_BY_ID = Prepared(select(*_INFO_COLUMNS).where(_CLAIMS.c.id.in_(ids_in_json())))
_TAGS_BY_CLAIM_ID = Prepared(
    select(_CLAIM_TAGS.c.claim_id, _CLAIM_TAGS.c.tag_id)
    .join(Tag, Tag.id == _CLAIM_TAGS.c.tag_id)
    .where(_CLAIM_TAGS.c.claim_id.in_(ids_in_json()))
    .order_by(Tag.position, Tag.id)
)
# The reads of tagging a passage, compiled once too (~0.3 ms each otherwise).
_CLAIM_ON_SPAN = Prepared(
    select(_CLAIMS.c.id).where(
        _CLAIMS.c.article_id == bindparam("article_id"),
        _CLAIMS.c.start == bindparam("start"),
        _CLAIMS.c.end == bindparam("end"),
        _CLAIMS.c.origin != "rejected",
    )
)
_ARTICLE_UUID = Prepared(select(Article.uuid).where(Article.id == bindparam("article_id")))
_TAG_POSITIONS = Prepared(select(Tag.id, Tag.position))  # a codebook is a few dozen tags


@dataclass(frozen=True)
class ClaimFilter:
    """Which claims to list; every criterion given must hold."""

    article_id: int | None = None
    tag_ids: Sequence[int] = ()
    statuses: Sequence[str] = ()
    annotators: Sequence[str] = ()
    origins: Sequence[str] = ()
    text: str | None = None
    # Pending and rejected suggestions are not the analyst's claims unless asked for.
    include_suggestions: bool = False


@dataclass(frozen=True)
class TagSpanResult:
    claim: ClaimInfo
    created: bool
    tag_added: bool


@dataclass(frozen=True)
class ClaimFields:
    """The editable details of a claim, for creating one in a single call."""

    speaker: str = ""
    affiliation: str = ""
    cue: str = ""
    quote_form: str | None = None
    note: str = ""
    origin: str = "manual"
    evidence: str = ""


def create_claim(
    project: Project,
    article_id: int,
    span: Span,
    tag_ids: Sequence[int],
    details: ClaimFields | None = None,
    *,
    known_text: ArticleText | None = None,
) -> ClaimInfo:
    """Highlight a passage with one or more tags; one transaction."""
    [claim] = create_claims(
        project, article_id, [(span, tag_ids, details or ClaimFields())], known_text=known_text
    )
    return claim


def create_claims(
    project: Project,
    article_id: int,
    items: Sequence[tuple[Span, Sequence[int], ClaimFields]],
    *,
    known_text: ArticleText | None = None,
) -> list[ClaimInfo]:
    """Several claims of one article in one transaction: all are stored, or none.

    ``known_text``, the article's text as the caller read it (``articles.read_article_text``),
    spares reading it again when the article is still the one it was read from.
    """
    with project.db.write() as session:
        return _create_claims(
            session.connection(), project.annotator, article_id, items, known_text
        )


def _create_claims(
    connection: Connection,
    annotator: str,
    article_id: int,
    items: Sequence[tuple[Span, Sequence[int], ClaimFields]],
    known_text: ArticleText | None,
) -> list[ClaimInfo]:
    for _span, _tags, details in items:
        _check_choice(details.quote_form, QUOTE_FORMS, "quote form", allow_none=True)
        _check_choice(details.origin, ORIGINS, "origin")
    text = _article_window(
        connection,
        article_id,
        min(span.start for span, _tags, _details in items),
        max(span.end for span, _tags, _details in items),
        known_text,
    )
    in_order = _check_tags(connection, [t for _span, tags, _details in items for t in tags])
    created = []
    for span, tag_ids, details in items:
        span = validate_span(text, span.start, span.end)
        prefix, suffix = context(text, span)
        now = utcnow()
        values: dict[str, Any] = {
            "uuid": new_uuid(),
            "article_id": article_id,
            "start": span.start,
            "end": span.end,
            "quote": text[span.start : span.end],
            "prefix": prefix,
            "suffix": suffix,
            "speaker": details.speaker.strip(),
            "affiliation": details.affiliation.strip(),
            "cue": details.cue.strip(),
            "quote_form": details.quote_form,
            "note": details.note.strip(),
            "status": "unreviewed",
            "reviewer_note": "",
            "reviewer": "",
            "reviewed_at": None,
            "annotator": annotator,
            "origin": details.origin,
            "evidence": details.evidence,
            "created_at": now,
            "updated_at": now,
        }
        # Core, not the ORM's unit of work: tagging a passage took ~4.4 ms, now ~2.4.
        inserted = connection.execute(insert(_CLAIMS), values)
        [claim_id] = inserted.inserted_primary_key or (None,)
        assert isinstance(claim_id, int)
        tags = in_order(tag_ids)
        _insert_tags(connection, claim_id, tags)
        created.append(ClaimInfo(id=claim_id, **values, tag_ids=tags))
    return created


def tag_span(
    project: Project,
    article_id: int,
    span: Span,
    tag_id: int,
    *,
    known_text: ArticleText | None = None,
) -> TagSpanResult:
    """Apply a tag to a passage: adds it to a claim on exactly that span, else makes a claim.

    ``known_text`` as for ``create_claims``.
    """
    # One transaction for the look and the write: a second session cost ~0.5 ms of the key.
    with project.db.write() as session:
        connection = session.connection()
        found = _CLAIM_ON_SPAN.rows(
            connection, article_id=article_id, start=span.start, end=span.end
        )
        if not found:
            items = [(span, [tag_id], ClaimFields())]
            [created] = _create_claims(connection, project.annotator, article_id, items, known_text)
            return TagSpanResult(created, True, True)
        before = _read_claim(connection, found[0][0])
        if tag_id in before.tag_ids:
            return TagSpanResult(before, False, False)
        return TagSpanResult(_add_tag(connection, before, tag_id), False, True)


def get_claim(project: Project, claim_id: int) -> ClaimInfo:
    with project.db.read() as session:
        return _read_claim(session.connection(), claim_id)


def list_claims(project: Project, criteria: ClaimFilter | None = None) -> list[ClaimInfo]:
    """Claims matching ``criteria``, in article order, then by position in the text."""
    query = filtered_query(criteria or ClaimFilter()).order_by(
        Claim.article_id, Claim.start, Claim.end, Claim.id
    )
    with project.db.read() as session:
        claims = list(session.scalars(query))
        article_id = criteria.article_id if criteria else None
        tags = _tag_ids(session, [c.id for c in claims], article_id=article_id)
        return [_info(claim, tags.get(claim.id, ())) for claim in claims]


def count_claims(project: Project, criteria: ClaimFilter | None = None) -> int:
    query = filtered_query(criteria or ClaimFilter()).with_only_columns(func.count(Claim.id))
    with project.db.read() as session:
        return int(session.execute(query).scalar_one())


def filtered_query(criteria: ClaimFilter) -> Select[Claim]:
    """The claims a filter selects, as a statement the exporter and counters build on."""
    query = select(Claim)
    if criteria.article_id is not None:
        query = query.where(Claim.article_id == criteria.article_id)
    if criteria.tag_ids:
        tagged = select(ClaimTag.claim_id).where(ClaimTag.tag_id.in_(criteria.tag_ids))
        query = query.where(Claim.id.in_(tagged))
    if criteria.statuses:
        for status in criteria.statuses:
            _check_choice(status, REVIEW_STATUSES, "status")
        query = query.where(Claim.status.in_(criteria.statuses))
    if criteria.annotators:
        query = query.where(Claim.annotator.in_(criteria.annotators))
    if criteria.origins:
        query = query.where(Claim.origin.in_(criteria.origins))
    elif not criteria.include_suggestions:
        query = query.where(Claim.origin.not_in(NOT_CLAIMED_ORIGINS))
    if criteria.text and criteria.text.strip():
        pattern = f"%{criteria.text.strip()}%"
        # LIKE, not ilike: SQLite's LIKE already ignores case (of ASCII letters, exactly as
        # the lower() that ilike adds does), and skipping lower() on 100,000 quotes halves
        # the time of a text filter over a whole project.
        # The other columns are mostly empty, and comparing with '' costs less than calling
        # LIKE (a whole project's text filter ~8% faster). A pattern that matches '' (all
        # '%') matches every quote too, so skipping the empty ones never changes a result.
        others = (Claim.speaker, Claim.affiliation, Claim.note, Claim.reviewer_note)
        query = query.where(
            or_(
                Claim.quote.like(pattern),
                *(and_(column != "", column.like(pattern)) for column in others),
            )
        )
    return query


def selects(criteria: ClaimFilter, claim: ClaimInfo) -> bool | None:
    """Whether ``filtered_query(criteria)`` selects ``claim``, answered without a query;
    None when the filter searches text (SQLite's LIKE decides that). For views that keep a
    claim's place in a filtered list after an edit (review mode after each verdict)."""
    if criteria.text and criteria.text.strip():
        return None
    if criteria.article_id is not None and claim.article_id != criteria.article_id:
        return False
    if criteria.tag_ids and not set(criteria.tag_ids).intersection(claim.tag_ids):
        return False
    if criteria.statuses and claim.status not in criteria.statuses:
        return False
    if criteria.annotators and claim.annotator not in criteria.annotators:
        return False
    if criteria.origins:
        return claim.origin in criteria.origins
    return criteria.include_suggestions or claim.origin not in NOT_CLAIMED_ORIGINS


def update_claim(
    project: Project,
    claim_id: int,
    *,
    speaker: str | _Unset = UNSET,
    affiliation: str | _Unset = UNSET,
    cue: str | _Unset = UNSET,
    quote_form: str | _Unset | None = UNSET,
    note: str | _Unset = UNSET,
    origin: str | _Unset = UNSET,
) -> ClaimInfo:
    """Change a claim's sourcing details; arguments not given stay as they are."""
    if not isinstance(quote_form, _Unset):
        _check_choice(quote_form, QUOTE_FORMS, "quote form", allow_none=True)
    if not isinstance(origin, _Unset):
        _check_choice(origin, ORIGINS, "origin")
    with project.db.write() as session:
        connection = session.connection()
        before = _read_claim(connection, claim_id)
        changes: dict[str, Any] = {}
        for name, value in (
            ("speaker", speaker),
            ("affiliation", affiliation),
            ("cue", cue),
            ("note", note),
        ):
            if isinstance(value, str):
                changes[name] = value.strip()
        if not isinstance(quote_form, _Unset):
            changes["quote_form"] = quote_form
        if isinstance(origin, str):
            changes["origin"] = origin
        elif any(getattr(before, name) != value for name, value in changes.items()):
            changes.update(_edited(before))
        return _update(connection, before, changes)


def set_span(project: Project, claim_id: int, span: Span) -> ClaimInfo:
    """Extend or shrink a claim to a new passage of the same article."""
    with project.db.write() as session:
        connection = session.connection()
        before = _read_claim(connection, claim_id)
        text = _article_window(connection, before.article_id, span.start, span.end)
        span = validate_span(text, span.start, span.end)
        prefix, suffix = context(text, span)
        changes = {
            "start": span.start,
            "end": span.end,
            "quote": text[span.start : span.end],
            "prefix": prefix,
            "suffix": suffix,
            **_edited(before),
        }
        return _update(connection, before, changes)


def add_tag(project: Project, claim_id: int, tag_id: int) -> ClaimInfo:
    with project.db.write() as session:
        connection = session.connection()
        return _add_tag(connection, _read_claim(connection, claim_id), tag_id)


def _add_tag(connection: Connection, before: ClaimInfo, tag_id: int) -> ClaimInfo:
    in_order = _check_tags(connection, [*before.tag_ids, tag_id])
    if tag_id in before.tag_ids:
        return before
    _insert_tags(connection, before.id, [tag_id])
    after = _update(connection, before, _edited(before), touched=True)
    return replace(after, tag_ids=in_order([*before.tag_ids, tag_id]))


def remove_tag(project: Project, claim_id: int, tag_id: int) -> ClaimInfo:
    """Take a tag off a claim; the claim stays, even with no tag left."""
    with project.db.write() as session:
        connection = session.connection()
        before = _read_claim(connection, claim_id)
        connection.execute(
            delete(_CLAIM_TAGS).where(
                _CLAIM_TAGS.c.claim_id == claim_id, _CLAIM_TAGS.c.tag_id == tag_id
            )
        )
        after = _update(connection, before, _edited(before), touched=True)
        return replace(after, tag_ids=tuple(t for t in before.tag_ids if t != tag_id))


def review_claim(
    project: Project, claim_id: int, *, status: str, note: str | None = None
) -> ClaimInfo:
    """Record a reviewer's verdict (and note); the reviewer is the current annotator."""
    _check_choice(status, REVIEW_STATUSES, "status")
    with project.db.write() as session:
        connection = session.connection()
        before = _read_claim(connection, claim_id)
        changes: dict[str, Any] = {"status": status}
        if note is not None:
            changes["reviewer_note"] = note.strip()
        if status == "unreviewed":
            changes.update(reviewer="", reviewed_at=None)
        else:
            changes.update(reviewer=project.annotator, reviewed_at=utcnow())
        return _update(connection, before, changes)


def delete_claim(project: Project, claim_id: int) -> ClaimInfo:
    """Delete a claim; the returned snapshot lets ``restore_claim`` undo it exactly."""
    with project.db.write() as session:
        connection = session.connection()
        snapshot = _read_claim(connection, claim_id)
        # One statement; the database drops its claim_tags rows (ON DELETE CASCADE). The
        # ORM's delete loaded the tags relationship first and deleted them one by one.
        connection.execute(delete(_CLAIMS).where(_CLAIMS.c.id == claim_id))
        return snapshot


def restore_claim(project: Project, snapshot: ClaimInfo) -> ClaimInfo:
    """Put back a claim exactly as it was (same id and UUID), e.g. to undo a deletion.

    Tags deleted since are left out rather than failing the whole restore.
    """
    with project.db.write() as session:
        found = session.execute(select(Article.id).where(Article.id == snapshot.article_id))
        if found.first() is None:
            raise NotFoundError(
                "The claim's article has been deleted, so the claim cannot be restored."
            )
        values = {
            name: getattr(snapshot, name)
            for name in Claim.__table__.columns.keys()  # noqa: SIM118
        }
        session.execute(insert(Claim), [values])
        existing = set(session.scalars(select(Tag.id).where(Tag.id.in_(snapshot.tag_ids))))
        kept = tuple(t for t in snapshot.tag_ids if t in existing)
        _insert_tags(session, snapshot.id, kept)
        return replace(snapshot, tag_ids=kept)


def claims_by_id(project: Project, claim_ids: Iterable[int]) -> list[ClaimInfo]:
    ids = list(claim_ids)
    with project.db.read() as session:
        by_id = _read_claims(session.connection(), ids)
        return [by_id[i] for i in ids if i in by_id]


# Every annotator's name, one seek each in ix_claims_annotator: SELECT DISTINCT read all
# 100,000 entries of the index on every reload of the claims table (~8 ms).
DISTINCT_ANNOTATORS = sql_text(
    "WITH RECURSIVE names(name) AS (SELECT min(annotator) FROM claims UNION ALL "
    "SELECT (SELECT min(annotator) FROM claims WHERE annotator > name) FROM names "
    "WHERE name IS NOT NULL) SELECT name FROM names WHERE name IS NOT NULL"
)


_ANNOTATORS = "claims.annotators"


def annotators(project: Project) -> list[str]:
    """Everyone who has a claim in the project, in code point order.

    Kept until anything is committed (``Database.recall``): the claims table asks at every
    reload, and switching it to the whole project read them on the GUI thread (~1-4 ms).
    """
    known, version = project.db.recall(_ANNOTATORS)
    if known is None:
        with project.db.read() as session:
            known = tuple(sorted(session.execute(DISTINCT_ANNOTATORS).scalars()))
        project.db.remember(_ANNOTATORS, version, known)
    return list(known)


def _info(claim: Claim, tag_ids: Sequence[int]) -> ClaimInfo:
    return ClaimInfo(
        id=claim.id,
        uuid=claim.uuid,
        article_id=claim.article_id,
        start=claim.start,
        end=claim.end,
        quote=claim.quote,
        prefix=claim.prefix,
        suffix=claim.suffix,
        speaker=claim.speaker,
        affiliation=claim.affiliation,
        cue=claim.cue,
        quote_form=claim.quote_form,
        note=claim.note,
        status=claim.status,
        reviewer_note=claim.reviewer_note,
        reviewer=claim.reviewer,
        reviewed_at=claim.reviewed_at,
        annotator=claim.annotator,
        origin=claim.origin,
        evidence=claim.evidence,
        created_at=claim.created_at,
        updated_at=claim.updated_at,
        tag_ids=tuple(tag_ids),
    )


def _update(
    connection: Connection, before: ClaimInfo, changes: dict[str, Any], *, touched: bool = False
) -> ClaimInfo:
    """Write the fields ``changes`` gives new values (and the time of the change, also when
    ``touched``: its tags changed); returns the claim as it is now, as a read would give it.
    Nothing changed, nothing is written, as with the ORM before."""
    changes = {name: value for name, value in changes.items() if getattr(before, name) != value}
    if not changes and not touched:
        return before
    changes["updated_at"] = utcnow()
    connection.execute(update(_CLAIMS).where(_CLAIMS.c.id == before.id).values(changes))
    return replace(before, **changes)


def _edited(claim: ClaimInfo) -> dict[str, str]:
    """Editing a suggestion (or an accepted one) makes it the analyst's own, edited version."""
    return {"origin": "edited"} if claim.origin in _EDITED_FROM else {}


def _read_claim(connection: Connection, claim_id: int) -> ClaimInfo:
    found = _read_claims(connection, [claim_id]).get(claim_id)
    if found is None:
        raise NotFoundError(f"No claim has the id {claim_id}; it may have been deleted.")
    return found


def _read_claims(connection: Connection, claim_ids: Sequence[int]) -> dict[int, ClaimInfo]:
    """These claims' details by id: one select, and one for their tags in codebook order."""
    tags = _tags_by_claim_id(connection, claim_ids)
    found = {}
    for row in _CLAIMS_BY_ID.rows(connection, ids=json.dumps(list(claim_ids))):
        values = list(row)
        for index in _TIME_FIELDS:  # SQLite hands over the stored text
            if isinstance(values[index], str):
                values[index] = datetime.fromisoformat(values[index])
        values.append(tuple(tags.get(values[0], ())))  # tag_ids, the last field
        found[values[0]] = ClaimInfo(*values)
    return found


def _tag_ids(
    session: Session | Connection, claim_ids: Sequence[int], *, article_id: int | None = None
) -> dict[int, tuple[int, ...]]:
    """Each claim's tags in codebook order, fetched in one query."""
    if not claim_ids:
        return {}
    if article_id is None:
        connection = session.connection() if isinstance(session, Session) else session
        return _tags_by_claim_id(connection, claim_ids)
    # One article's claims: a join on the article is cheaper than a huge IN list.
    query = (
        select(ClaimTag.claim_id, ClaimTag.tag_id)
        .join(Tag, Tag.id == ClaimTag.tag_id)
        .join(Claim, Claim.id == ClaimTag.claim_id)
        .where(Claim.article_id == article_id)
    )
    return _grouped(session.execute(query.order_by(Tag.position, Tag.id)))


def _tags_by_claim_id(
    connection: Connection, claim_ids: Sequence[int]
) -> dict[int, tuple[int, ...]]:
    """These claims' tags in codebook order (``_TAGS_BY_CLAIM_ID``, compiled once)."""
    return _grouped(_TAGS_BY_CLAIM_ID.rows(connection, ids=json.dumps(list(claim_ids))))


def _grouped(pairs: Iterable[Sequence[int]]) -> dict[int, tuple[int, ...]]:
    """(claim id, tag id) pairs in codebook order → each claim's tag ids, in that order."""
    grouped: dict[int, list[int]] = defaultdict(list)
    for claim_id, tag_id in pairs:
        grouped[claim_id].append(tag_id)
    return {claim_id: tuple(tags) for claim_id, tags in grouped.items()}


def _insert_tags(session: Session | Connection, claim_id: int, tag_ids: Iterable[int]) -> None:
    rows = [{"claim_id": claim_id, "tag_id": tag_id} for tag_id in _unique(tag_ids)]
    if rows:
        session.execute(insert(_CLAIM_TAGS), rows)


def _check_tags(
    connection: Connection, tag_ids: Sequence[int]
) -> Callable[[Iterable[int]], tuple[int, ...]]:
    """Refuses tags that are not there; gives what puts tags in codebook order, as a claim
    read back lists them."""
    rank = {tag_id: (position, tag_id) for tag_id, position in _TAG_POSITIONS.rows(connection)}
    missing = [t for t in tag_ids if t not in rank]
    if missing:
        raise NotFoundError(f"No tag has the id {missing[0]}; it may have been deleted.")
    return lambda tags: tuple(sorted(_unique(tags), key=rank.__getitem__))


def _article_window(
    connection: Connection,
    article_id: int,
    start: int,
    end: int,
    known_text: ArticleText | None = None,
) -> TextWindow:
    """The article's text from ``start`` to ``end`` with their context, and its length.

    Even a slice of a 5 MB text costs SQLite ~9 ms (it reads and decodes the text up to
    it). A text never changes after import, so when the caller holds it and the article
    still has the uuid it was read under (stored before the text: no text is read), that
    text is used.
    """
    if known_text is not None and known_text.id == article_id:
        found_uuid = _ARTICLE_UUID.rows(connection, article_id=article_id)
        if found_uuid and found_uuid[0][0] == known_text.uuid:
            return TextWindow(known_text.text, 0, len(known_text.text))
    first = max(0, min(start, end) - CONTEXT_WIDTH)
    size = max(0, max(start, end) + CONTEXT_WIDTH - first)
    # SQLite's substr() counts characters (code points), as Python does, but stops at a NUL
    # character: when the piece comes back short of what the stored length promises, read
    # the whole text instead.
    found = connection.execute(
        select(Article.length, func.substr(Article.text, first + 1, size)).where(
            Article.id == article_id
        )
    ).first()
    if found is None:
        raise NotFoundError(
            f"No article has the id {article_id}; 'sourcemark articles' lists the ids."
        )
    stored_length, piece = found
    if len(piece) != max(0, min(size, stored_length - first)):
        text = connection.execute(select(Article.text).where(Article.id == article_id)).scalar_one()
        return TextWindow(text, 0, len(text))
    return TextWindow(piece, first, stored_length)


def _check_choice(
    value: str | None, choices: Sequence[str], what: str, *, allow_none: bool = False
) -> None:
    if value is None and allow_none:
        return
    if value not in choices:
        raise ValidationError(f"{value!r} is not a {what}; use one of: {', '.join(choices)}.")


def _unique(values: Iterable[int]) -> tuple[int, ...]:
    return tuple(dict.fromkeys(values))
