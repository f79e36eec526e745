"""Articles: adding them (deduplicated by content), listing, editing metadata and deleting."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, cast

from sqlalchemy import ColumnElement, Table, and_, bindparam, func, insert, or_, select
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session, defer

from sourcemark.app import titles
from sourcemark.app.article_rows import ArticleRow
from sourcemark.app.errors import DuplicateArticleError, NotFoundError, ValidationError
from sourcemark.db.models import Article, Claim, new_uuid, utcnow
from sourcemark.db.rows import AnySelect, Prepared, plain_rows
from sourcemark.db.vocabulary import NOT_CLAIMED_ORIGINS

if TYPE_CHECKING:
    from sourcemark.app.importing.draft import ArticleDraft
    from sourcemark.app.projects import Project

MAX_TITLE_CHARS = 500


@dataclass(frozen=True)
class ArticleInfo:
    id: int
    uuid: str
    title: str
    outlet: str | None
    author: str | None
    url: str | None
    published: str | None
    imported_at: datetime
    source_filename: str | None
    source_format: str | None
    content_hash: str
    length: int


@dataclass(frozen=True)
class ArticleSummary:
    """A row of the article list: the article and how far its annotation has come."""

    article: ArticleInfo
    claims: int
    reviewed: int
    suggestions: int


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def title_from_text(text: str) -> str:
    """The first non-empty line, shortened: what a person would call the article."""
    return titles.title_from_text(text) or "Untitled article"


def add_article(
    project: Project, draft: ArticleDraft, *, allow_duplicate: bool = False
) -> ArticleInfo:
    """Store a new article; raise ``DuplicateArticleError`` when its text is already in."""
    # Here, not at the top: the package loads every importer, which opening a project skips.
    from sourcemark.app.importing.draft import normalise_text

    text = normalise_text(draft.text)
    if not text.strip():
        raise ValidationError("The article has no text; there is nothing to annotate.")
    digest = content_hash(text)
    with project.db.write() as session:
        connection = session.connection()
        if not allow_duplicate:
            existing = connection.execute(
                select(Article.id, Article.title).where(Article.content_hash == digest).limit(1)
            ).first()
            if existing is not None:
                raise DuplicateArticleError(
                    f"Already imported as article {existing.id}, {existing.title!r}; "
                    "nothing was added. Use 'import anyway' to add it as a new version.",
                    existing.id,
                )
        now = utcnow()
        values: dict[str, Any] = {
            "uuid": new_uuid(),
            "title": _clean_title(draft.title) or title_from_text(text),
            "outlet": _clean(draft.outlet),
            "author": _clean(draft.author),
            "url": _clean(draft.url),
            "published": _clean(draft.published),
            "imported_at": now,
            "text": text,
            "content_hash": digest,
            "source_filename": draft.source_filename,
            "source_format": draft.source_format,
            "updated_at": now,
            "length": len(text),
        }
        # Core, not the ORM's unit of work: 1,000 articles imported in 2.2-3.4 s against
        # 2.9-3.7 s through the ORM, in alternating runs.
        inserted = connection.execute(insert(_ARTICLES), values)
        [article_id] = inserted.inserted_primary_key or (None,)
        assert isinstance(article_id, int)
        del values["text"], values["updated_at"]
        return ArticleInfo(id=article_id, **values)


def import_text(project: Project, text: str, *, title: str | None = None) -> ArticleInfo:
    """Add an article from plain text (the clipboard, a test, a script)."""
    from sourcemark.app.importing.draft import ArticleDraft

    return add_article(project, ArticleDraft(text=text, title=title, source_format="text"))


def list_articles(project: Project, *, search: str | None = None) -> list[ArticleSummary]:
    """Every article with its claim counts, newest import first; ``search`` filters titles.

    Two queries, both answered from indexes alone (``ix_articles_list`` and
    ``ix_claims_reading_order``), merged here: joining them in SQL made SQLite build a
    temporary index over the counts on every call. Rows come from the driver's cursor, the
    import time parsed here: SQLAlchemy's rows cost as much as the query (10,000 articles).
    """
    query = select(*_INFO_COLUMNS, Article.length).order_by(*_NEWEST_FIRST)
    if search and search.strip():
        pattern = f"%{search.strip()}%"
        # LIKE ignores ASCII case in SQLite, as lower() LIKE lower() would (see claims).
        query = query.where(or_(Article.title.like(pattern), Article.outlet.like(pattern)))
    with project.db.read() as session:
        connection = session.connection()
        rows = plain_rows(connection, query)
        counts = _claim_counts(connection)
    summaries = []
    for row in rows:
        claims, reviewed, suggestions = counts.get(row[0], _NO_CLAIMS)
        summaries.append(ArticleSummary(_listed_info(row), claims, reviewed, suggestions))
    return summaries


def list_rows(project: Project, *, two_threads: bool = False) -> list[ArticleRow]:
    """What the article list shows of every article, newest import first.

    ``list_articles`` without the fields the list does not show: half the time at 10,000
    articles (the list's own index has these columns; building ``ArticleInfo`` values was
    a third of the rest).

    ``two_threads``: count the claims in two parts (split at ``_MIDDLE_ARTICLE``) on two
    connections at once, the list's rows read with the first part: SQLite steps
    without Python's lock, and counting 100,000 claims is most of the read. The caller
    must have paused Python's automatic garbage collection
    (``Database.read_on_two_threads``).
    """
    if two_threads:
        (rows, counts), rest = project.db.read_on_two_threads(
            lambda connection: (
                _LIST_ROWS.rows(connection),
                _claim_counts(connection, first_half=True),
            ),
            lambda connection: _claim_counts(connection, first_half=False),
        )
        counts.update(rest)
    else:
        with project.db.read() as session:
            connection = session.connection()
            rows = _LIST_ROWS.rows(connection)
            counts = _claim_counts(connection)
    get, new = counts.get, tuple.__new__
    # tuple.__new__, as ``ArticleRow(*values)`` without the call's argument parsing: 10,000
    # rows in ~3 instead of ~12 ms.
    return [new(ArticleRow, (*row, *get(row[0], _NO_CLAIMS))) for row in rows]


_NEWEST_FIRST = (Article.imported_at.desc(), Article.id.desc())
# Compiled once (``Prepared``): building and compiling these took ~5 ms of each reload.
_LIST_ROWS = Prepared(
    select(Article.id, Article.title, Article.outlet, Article.author, Article.published).order_by(
        *_NEWEST_FIRST
    )
)
_ARTICLES = cast(Table, Article.__table__)
_NO_CLAIMS = (0, 0, 0)
# Where two threads split the counting: the article of the claim a third of the way through
# (in article order), as the first thread also reads the list's rows.
_MIDDLE_ARTICLE = Prepared(
    select(Claim.article_id)
    .order_by(Claim.article_id)
    .limit(1)
    .offset(select(func.count()).select_from(Claim).scalar_subquery() // 3)
)


def _counts_query(part: ColumnElement[bool] | None) -> AnySelect:
    """(article, claims, reviewed, pending suggestions) of each article with claims in ``part``.

    ``origin <> x AND ...`` and FILTER: the same counts as NOT IN and CASE, a fifth faster
    over 100,000 claims. ``origin`` is never NULL, so <> and NOT IN agree.
    """
    counted = and_(*(Claim.origin != origin for origin in NOT_CLAIMED_ORIGINS))
    query = select(
        Claim.article_id,
        func.count().filter(counted),
        func.count().filter(counted & (Claim.status != "unreviewed")),
        func.count().filter(Claim.origin == "suggested"),
    ).group_by(Claim.article_id)
    return query if part is None else query.where(part)


def _as_json_arrays(query: AnySelect) -> AnySelect:
    # Four JSON arrays, each built by SQLite in the one step of the statement: row by row,
    # each step takes Python's lock back, and two threads doing that queue behind each
    # other for it (two threads took longer than one: 120 against 97 ms).
    grouped = query.subquery()
    return select(*(func.json_group_array(column) for column in grouped.c))


# The counts of every article, of those before the middle one, of the rest.
_PARTS = (
    None,
    Claim.article_id < bindparam("middle"),
    Claim.article_id >= bindparam("middle"),
)
_COUNTS = tuple(Prepared(_counts_query(part)) for part in _PARTS)
_COUNTS_AS_JSON = tuple(Prepared(_as_json_arrays(_counts_query(part))) for part in _PARTS)


def _claim_counts(
    connection: Connection, *, first_half: bool | None = None
) -> dict[int, tuple[int, int, int]]:
    """(claims, reviewed, pending suggestions) of each article that has any claim.

    ``first_half``: only the articles before the middle claim's article, or only the rest.
    """
    part, middle = 0, None
    if first_half is not None:
        found = _MIDDLE_ARTICLE.rows(connection)
        if not found:
            return {}
        part, middle = (1 if first_half else 2), found[0][0]
    if connection.dialect.name != "sqlite":
        rows = _COUNTS[part].rows(connection, middle=middle)
        return {row[0]: (row[1], row[2], row[3]) for row in rows}
    [arrays] = _COUNTS_AS_JSON[part].rows(connection, middle=middle)
    articles, claims, reviewed, suggestions = map(json.loads, arrays)
    return dict(zip(articles, zip(claims, reviewed, suggestions, strict=True), strict=True))


def _listed_info(row: Sequence[Any]) -> ArticleInfo:
    """An ``ArticleInfo`` from a row of the list query (SQLite gives the import time as text)."""
    values = list(row)
    if isinstance(values[_IMPORTED_AT], str):
        values[_IMPORTED_AT] = datetime.fromisoformat(values[_IMPORTED_AT])
    return ArticleInfo(*values)


def get_article(project: Project, article_id: int) -> ArticleInfo:
    with project.db.read() as session:
        return _info(_load(session, article_id))


@dataclass(frozen=True)
class ArticleText:
    """An article's text with the uuid it was imported under.

    A text never changes once imported, so the uuid vouches for it: a window that holds one
    can hand it to ``claims.tag_span`` instead of SQLite reading 5 MB again for each tag.
    """

    id: int
    uuid: str
    text: str


def read_article_text(project: Project, article_id: int) -> ArticleText:
    with project.db.read() as session:
        found = session.execute(
            select(Article.uuid, Article.text).where(Article.id == article_id)
        ).first()
        if found is None:
            raise _not_found(article_id)
        return ArticleText(article_id, found[0], found[1])


def get_article_text(project: Project, article_id: int) -> str:
    return read_article_text(project, article_id).text


def update_article(
    project: Project,
    article_id: int,
    *,
    title: str | None = None,
    outlet: str | None = None,
    author: str | None = None,
    url: str | None = None,
    published: str | None = None,
) -> ArticleInfo:
    """Edit metadata; a field left ``None`` stays as it is, an empty string clears it."""
    with project.db.write() as session:
        article = _load(session, article_id)
        if title is not None:
            cleaned = _clean_title(title)
            if not cleaned:
                raise ValidationError("An article needs a title; type one.")
            article.title = cleaned
        if outlet is not None:
            article.outlet = _clean(outlet)
        if author is not None:
            article.author = _clean(author)
        if url is not None:
            article.url = _clean(url)
        if published is not None:
            article.published = _clean(published)
        session.flush()
        return _info(article)


def delete_article(project: Project, article_id: int) -> ArticleInfo:
    """Delete an article and all its claims."""
    with project.db.write() as session:
        article = _load(session, article_id)
        info = _info(article)
        session.delete(article)
        return info


def count_articles(project: Project) -> int:
    with project.db.read() as session:
        return int(session.execute(select(func.count()).select_from(Article)).scalar_one())


_INFO_COLUMNS = (
    Article.id,
    Article.uuid,
    Article.title,
    Article.outlet,
    Article.author,
    Article.url,
    Article.published,
    Article.imported_at,
    Article.source_filename,
    Article.source_format,
    Article.content_hash,
)
_IMPORTED_AT = 7  # Article.imported_at's place in _INFO_COLUMNS


def _info(article: Article) -> ArticleInfo:
    return ArticleInfo(
        id=article.id,
        uuid=article.uuid,
        title=article.title,
        outlet=article.outlet,
        author=article.author,
        url=article.url,
        published=article.published,
        imported_at=article.imported_at,
        source_filename=article.source_filename,
        source_format=article.source_format,
        content_hash=article.content_hash,
        length=article.length,
    )


def _load(session: Session, article_id: int) -> Article:
    # Metadata only: an article's text can be megabytes, and the text has its own reader.
    article = session.get(Article, article_id, options=[defer(Article.text)])
    if article is None:
        raise _not_found(article_id)
    return article


def _not_found(article_id: int) -> NotFoundError:
    return NotFoundError(
        f"No article has the id {article_id}; 'sourcemark articles' lists the ids."
    )


def _clean(value: str | None) -> str | None:
    if value is None:
        return None
    cleaned = " ".join(value.split())
    return cleaned or None


def _clean_title(value: str | None) -> str | None:
    cleaned = _clean(value)
    return cleaned[:MAX_TITLE_CHARS] if cleaned else None
