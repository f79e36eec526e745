"""The rows of a long table whose rows come and go one at a time: which row holds an id.

The claims table must answer "which row is this claim" after every edit (the current claim
is selected again). A table of rows by id had to be renumbered below each row added or
removed: ~3 ms in the middle of 50,000 rows, in the frame after every tagging. Here each row
has a key, and keys only grow down the table: a new row takes a key between its neighbours',
a row leaving takes its key along, and a row's number is where its key falls among the keys,
found by bisection. Nothing else moves.

Keys start as the row numbers. A key between two neighbours is their midpoint; after ~50
rows put one after another into one gap the midpoints run out of precision, and the keys are
numbered afresh (as after a reload).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence


class RowKeys:
    """The ids of a table's rows, in row order, and each id's row."""

    def __init__(self, ids: list[int] | None = None) -> None:
        self.ids: list[int] = [] if ids is None else ids
        self._keys: Sequence[float] = range(len(self.ids))
        # Each id's key: made when first needed (a reload nobody asks a row of, a new sort
        # or filter, need not make 100,000 entries: ~13 ms, a tenth of the reload).
        self._key_of: dict[int, float] | None = None

    def __len__(self) -> int:
        return len(self.ids)

    @property
    def built(self) -> bool:
        """Whether the table of keys by id is made (``build``)."""
        return self._key_of is not None

    def build(self) -> None:
        """Make the table of keys by id now (~3 ms at 50,000 rows), before many looks."""
        if self._key_of is None:
            self._key_of = dict(zip(self.ids, self._keys, strict=True))

    def row_of(self, item: int) -> int | None:
        if self._key_of is None:
            # One look after a reload (the current claim's row): a scan in C, ~1 ms at
            # 100,000 rows, rather than building the table of keys.
            try:
                return self.ids.index(item)
            except ValueError:
                return None
        key = self._key_of.get(item)
        return None if key is None else bisect_left(self._keys, key)

    def insert(self, row: int, item: int) -> None:
        keys = self._listed()
        before = keys[row - 1] if row > 0 else None
        after = keys[row] if row < len(keys) else None
        if before is None:
            key = 0.0 if after is None else after - 1
        elif after is None:
            key = before + 1
        else:
            key = (before + after) / 2
        self.ids.insert(row, item)
        if before is not None and after is not None and not before < key < after:
            self._keys, self._key_of = range(len(self.ids)), None  # numbered afresh
            return
        keys.insert(row, key)
        if self._key_of is not None:
            self._key_of[item] = key

    def remove(self, row: int) -> int:
        """Take the row out; its id is returned."""
        item = self.ids.pop(row)
        del self._listed()[row]
        if self._key_of is not None:
            del self._key_of[item]
        return item

    def _listed(self) -> list[float]:
        if not isinstance(self._keys, list):
            self._keys = list(self._keys)  # the first change since the rows were numbered
        return self._keys
