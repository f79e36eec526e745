"""The article list's rows, and reading them before the database layer has loaded.

Apart from ``app.articles`` (which reads them with SQLAlchemy, ``list_rows``) so that the
start-up can show the list while SQLAlchemy is still being imported (``early_article_rows``).
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from sourcemark.db.early_list import read_article_list


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


def early_article_rows(path: Path) -> list[ArticleRow] | None:
    """The list rows of the project at ``path`` read without SQLAlchemy, or ``None`` when the
    file is anything but an up-to-date project (then opening it says what is wrong)."""
    rows = read_article_list(path)
    if rows is None:
        return None
    new = tuple.__new__  # as ``ArticleRow(*row)``, without the call's argument parsing
    return [new(ArticleRow, row) for row in rows]
