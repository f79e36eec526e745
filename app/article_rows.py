"""The article list's rows, and reading them before the database layer has loaded.

Apart from ``app.articles`` (which reads them with SQLAlchemy, ``list_rows``) so that the
start-up can show the list while SQLAlchemy is still being imported (``early_article_rows``).
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from sourcemark.db.early_list import EarlyList, read_article_list


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


class EarlyArticleRows:
    """The list rows read before the database layer loaded (``early_article_rows``)."""

    def __init__(self, rows: list[ArticleRow], source: EarlyList) -> None:
        self.rows = rows
        self._source = source

    def still_current(self) -> bool:
        """Whether nothing was committed to the project since the rows were read."""
        return self._source.unchanged()

    def close(self) -> None:
        self._source.close()


def early_article_rows(path: Path) -> EarlyArticleRows | None:
    """The list rows of the project at ``path`` read without SQLAlchemy, or ``None`` when the
    file is anything but an up-to-date project (then opening it says what is wrong). Call
    ``close`` when done: the read's connection stays open for ``still_current``."""
    early = read_article_list(path)
    if early is None:
        return None
    new = tuple.__new__  # as ``ArticleRow(*row)``, without the call's argument parsing
    return EarlyArticleRows([new(ArticleRow, row) for row in early.rows], early)
