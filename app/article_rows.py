"""The article list's rows.

Apart from ``app.articles`` (which reads them with SQLAlchemy, ``list_rows``) so that the
list's widgets can be imported without SQLAlchemy.
"""

from __future__ import annotations

from typing import NamedTuple


class ArticleRow(NamedTuple):
    """A row of the article list: what it shows, sorts and filters by (``list_rows``).

    A named tuple, not a frozen dataclass like the others: 10,000 of these are built on every
    reload of the list, and a frozen dataclass of this size costs ~3 µs each to make.
    """

    id: int
    title: str
    outlet: str | None
    author: str | None
    published: str | None
    claims: int
    reviewed: int
    suggestions: int
