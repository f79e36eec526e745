"""indexes that sort the claims table by quote, speaker and article; a tag's claims from an index

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25

Why (issue 6; docs/performance.md has the measurements, 10,000 articles / 100,000 claims):
sorting the claims table of a whole project by quote or speaker made SQLite sort 100,000
rows (0.2-0.35 s); with these indexes each order is one index scan, like the text order.

- ``ix_claims_quote_order``, ``ix_claims_speaker_order``: the sort key without case, then
  the reading order (the tie-break) and ``origin`` (the default filter), so the ids come out
  of the index sorted and filtered, without reading a row. ``COLLATE NOCASE`` rather than an
  index on ``lower(...)``: the two order alike (both fold ASCII letters only), but SQLite
  3.40 reads the rows behind an expression index, and SQLAlchemy cannot reflect one, so
  alembic's check and batch migrations would skip it. The whole quote, not a prefix: with a
  prefix, quotes sharing their first words (nested claims often do) came out in another order.
- ``ix_articles_title``: articles by title without case. Sorting claims by article walks it
  and reads each article's claims from ``ix_claims_reading_order``: no sort at all.
- ``ix_claim_tags_tag_id`` gains ``claim_id``: a tag's claims are read from the index alone
  (the tags sort, filtering by tag, the codebook's counts) instead of one row lookup each.

Reflection does not report a column's collation: a later batch migration that rebuilds
``claims`` or ``articles`` must create these indexes again with ``COLLATE NOCASE``.

Cost: about 22 MB more in that project (the quote index is most of it), and every claim
saved, or imported, writes two more index entries.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_READING_ORDER = ["article_id", "start", "end", "id", "origin"]


def upgrade() -> None:
    """Upgrade schema."""
    for column in ("quote", "speaker"):
        op.create_index(
            f"ix_claims_{column}_order",
            "claims",
            [sa.text(f"{column} COLLATE NOCASE"), *_READING_ORDER],
            unique=False,
        )
    op.create_index(
        "ix_articles_title", "articles", [sa.text("title COLLATE NOCASE")], unique=False
    )
    op.drop_index("ix_claim_tags_tag_id", table_name="claim_tags")
    op.create_index("ix_claim_tags_tag_id", "claim_tags", ["tag_id", "claim_id"], unique=False)


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_index("ix_claim_tags_tag_id", table_name="claim_tags")
    op.create_index("ix_claim_tags_tag_id", "claim_tags", ["tag_id"], unique=False)
    op.drop_index("ix_articles_title", table_name="articles")
    op.drop_index("ix_claims_speaker_order", table_name="claims")
    op.drop_index("ix_claims_quote_order", table_name="claims")
