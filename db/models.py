"""The project's tables as typed SQLAlchemy models.

The schema itself is built only by the alembic migrations in ``db/migrations``; these models
must agree with them, which ``tests/db/test_migrations.py`` checks with alembic's ``check``.
Every record carries a UUID so that projects from different laptops can be merged later.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
)
from sqlalchemy.engine.default import DefaultExecutionContext
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

# SQLite batch migrations recreate tables and need every constraint to have a stable name.
NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    """The current time in UTC, without tzinfo: SQLite stores datetimes naively."""
    return datetime.now(UTC).replace(tzinfo=None)


def new_uuid() -> str:
    return str(uuid.uuid4())


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class ProjectMeta(Base):
    """Key/value facts about the project file (who wrote it, when it was last backed up)."""

    __tablename__ = "project_meta"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


def _text_length(context: DefaultExecutionContext) -> int:
    """The stored length of a new article: its text's length in code points."""
    parameters: dict[str, object] = context.get_current_parameters()  # type: ignore[no-untyped-call]
    return len(str(parameters["text"]))


_ARTICLE_LIST_COLUMNS = (
    "imported_at", "id", "uuid", "title", "outlet", "author", "url", "published",
    "source_filename", "source_format", "content_hash", "length",
)  # fmt: skip


class Article(Base):
    __tablename__ = "articles"
    __table_args__ = (
        # The article list's columns in its order: the list is read from this index alone,
        # never from the rows, each of which is mostly text (db/migrations 0002).
        Index("ix_articles_list", *_ARTICLE_LIST_COLUMNS),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    title: Mapped[str] = mapped_column(Text)
    outlet: Mapped[str | None] = mapped_column(Text)
    author: Mapped[str | None] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(Text)
    # News dates are often partial ("2023-11"); kept as ISO 8601 text.
    published: Mapped[str | None] = mapped_column(String(32))
    imported_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    # The text exactly as stored; claim offsets are Python code points into it.
    text: Mapped[str] = mapped_column(Text)
    # SHA-256 of the text: finds duplicates, not unique because "import anyway" is allowed.
    content_hash: Mapped[str] = mapped_column(String(64), index=True)
    source_filename: Mapped[str | None] = mapped_column(Text)
    source_format: Mapped[str | None] = mapped_column(String(32))
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
    # len(text), kept so listing articles never reads their texts. Texts never change.
    length: Mapped[int] = mapped_column(Integer, default=_text_length, server_default="0")

    claims: Mapped[list[Claim]] = relationship(
        back_populates="article", cascade="all, delete-orphan", passive_deletes=True
    )


class Tag(Base):
    __tablename__ = "tags"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    # The default codebook's stable key ("anonymous-official"), kept through renames so the
    # claim suggester can still find the tag; None for tags the user made.
    key: Mapped[str | None] = mapped_column(String(64), unique=True)
    description: Mapped[str] = mapped_column(Text, default="")
    colour: Mapped[str] = mapped_column(String(7))
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("tags.id", ondelete="SET NULL"), index=True
    )
    shortcut: Mapped[str | None] = mapped_column(String(32))
    position: Mapped[int] = mapped_column(Integer, default=0)
    archived: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)


# The order claims are read in (article, position, id), with what filters and counts need,
# so those queries are answered from an index alone (db/migrations 0002).
_READING_ORDER = ("article_id", "start", "end", "id", "origin")


class Claim(Base):
    __tablename__ = "claims"
    __table_args__ = (
        CheckConstraint('start >= 0 AND "end" > start', name="span"),
        Index("ix_claims_reading_order", *_READING_ORDER, "status"),
        Index("ix_claims_status", "status", *_READING_ORDER),
        Index("ix_claims_annotator", "annotator", *_READING_ORDER),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    quote: Mapped[str] = mapped_column(Text)
    # Context around the quote, so a claim can be re-anchored if the text ever changes.
    prefix: Mapped[str] = mapped_column(Text, default="")
    suffix: Mapped[str] = mapped_column(Text, default="")
    speaker: Mapped[str] = mapped_column(Text, default="")
    affiliation: Mapped[str] = mapped_column(Text, default="")
    cue: Mapped[str] = mapped_column(Text, default="")
    quote_form: Mapped[str | None] = mapped_column(String(16))
    note: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(16), default="unreviewed")
    reviewer_note: Mapped[str] = mapped_column(Text, default="")
    reviewer: Mapped[str] = mapped_column(Text, default="")
    reviewed_at: Mapped[datetime | None] = mapped_column(DateTime)
    annotator: Mapped[str] = mapped_column(Text, default="")
    origin: Mapped[str] = mapped_column(String(16), default="manual", index=True)
    # Why a suggestion proposed its tag: the words that triggered it.
    evidence: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)

    article: Mapped[Article] = relationship(back_populates="claims")
    tags: Mapped[list[Tag]] = relationship(secondary="claim_tags", order_by="Tag.position")


class ClaimTag(Base):
    __tablename__ = "claim_tags"
    __table_args__ = (
        # A tag's claims from the index alone, no row lookups (db/migrations 0003).
        Index("ix_claim_tags_tag_id", "tag_id", "claim_id"),
    )

    claim_id: Mapped[int] = mapped_column(
        ForeignKey("claims.id", ondelete="CASCADE"), primary_key=True
    )
    tag_id: Mapped[int] = mapped_column(
        ForeignKey("tags.id", ondelete="RESTRICT"), primary_key=True
    )


# The claims table's sorts without case (by quote, by speaker, by article title), each read
# from an index in that order (db/migrations 0003). NOCASE folds ASCII letters only, as
# SQLite's lower() does; app/claim_rows.py sorts with the same collation so SQLite uses them.
# Reflection does not see a column's collation: a batch migration that rebuilds these tables
# must create these indexes again as they are here (tests/db/test_migration_0003.py checks).
Index("ix_articles_title", Article.title.collate("NOCASE"))
Index("ix_claims_quote_order", Claim.quote.collate("NOCASE"), *_READING_ORDER)
Index("ix_claims_speaker_order", Claim.speaker.collate("NOCASE"), *_READING_ORDER)
