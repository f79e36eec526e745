"""article length column; indexes that serve the article list and the claims' orders

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25

Why (docs/performance.md has the measurements, 10,000 articles / 100,000 claims):

- ``articles.length``: the article list showed ``length(text)``, which read every article's
  whole text (50 MB) to count its characters: 0.45 s. The length is stored at import now.
- ``ix_articles_list``: an article row holds its text, so even a row's first page is mostly
  text and a scan of the list's columns read 10,000 pages. This index holds the columns the
  list shows, in its order (newest import first): the list is read from it alone.
- ``ix_claims_reading_order`` replaces ``ix_claims_article_id_start``: the same order plus
  ``end``, ``id`` (ties), ``origin`` and ``status``, so the claims table's default order, an
  article's claims, the export's order and the article list's claim counts are read from the
  index without touching (or sorting) the claim rows.
- ``ix_claims_status`` and ``ix_claims_annotator`` gain the same reading-order columns, so
  sorting the claims table by status or annotator is an index scan too.

SQLite's ``length()`` counts code points, as Python's ``len`` does.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_READING_ORDER = ["article_id", "start", "end", "id", "origin", "status"]
_ARTICLE_LIST = [
    "imported_at", "id", "uuid", "title", "outlet", "author", "url", "published",
    "source_filename", "source_format", "content_hash", "length",
]  # fmt: skip


def upgrade() -> None:
    """Upgrade schema."""
    # A plain ADD COLUMN (no table rebuild): SQLite allows NOT NULL with a default.
    op.add_column("articles", sa.Column("length", sa.Integer(), nullable=False, server_default="0"))
    op.execute("UPDATE articles SET length = length(text)")
    op.create_index("ix_articles_list", "articles", _ARTICLE_LIST, unique=False)

    op.drop_index("ix_claims_article_id_start", table_name="claims")
    op.create_index("ix_claims_reading_order", "claims", _READING_ORDER, unique=False)
    op.drop_index("ix_claims_status", table_name="claims")
    op.create_index("ix_claims_status", "claims", ["status", *_READING_ORDER[:5]], unique=False)
    op.drop_index("ix_claims_annotator", table_name="claims")
    op.create_index(
        "ix_claims_annotator", "claims", ["annotator", *_READING_ORDER[:5]], unique=False
    )


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_index("ix_claims_annotator", table_name="claims")
    op.create_index("ix_claims_annotator", "claims", ["annotator"], unique=False)
    op.drop_index("ix_claims_status", table_name="claims")
    op.create_index("ix_claims_status", "claims", ["status"], unique=False)
    op.drop_index("ix_claims_reading_order", table_name="claims")
    op.create_index("ix_claims_article_id_start", "claims", ["article_id", "start"], unique=False)
    op.drop_index("ix_articles_list", table_name="articles")
    with op.batch_alter_table("articles", schema=None) as batch_op:
        batch_op.drop_column("length")
