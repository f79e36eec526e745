"""Rows found by their keys stay right through any run of rows put in and taken out."""

from __future__ import annotations

import random

import pytest

from sourcemark.ui.panels.row_keys import RowKeys


def check(rows: RowKeys, expected: list[int]) -> None:
    assert rows.ids == expected and len(rows) == len(expected)
    for row, item in enumerate(expected):
        assert rows.row_of(item) == row
    assert rows.row_of(-1) is None


@pytest.mark.parametrize("build_at", [None, 0, 1, 300])
def test_rows_follow_random_insertions_and_removals(build_at: int | None) -> None:
    """Never built, built first, or built after some changes (the claims table makes it a
    turn after the first edit since a reload)."""
    chance = random.Random(7)
    expected = list(range(0, 400, 2))
    rows = RowKeys(list(expected))
    check(rows, expected)
    fresh = 1
    for step in range(600):
        if step == build_at:
            rows.build()
            check(rows, expected)
        if expected and chance.random() < 0.4:
            row = chance.randrange(len(expected))
            assert rows.remove(row) == expected.pop(row)
        else:
            row = chance.randrange(len(expected) + 1)
            expected.insert(row, fresh)
            rows.insert(row, fresh)
            fresh += 2
    assert rows.built is (build_at is not None)
    check(rows, expected)


def test_many_rows_put_into_one_gap_and_at_both_ends() -> None:
    # One after another into the same gap: the midpoints run out of precision after ~50,
    # and the keys are numbered afresh.
    expected = [0, 1]
    rows = RowKeys(list(expected))
    rows.build()
    for item in range(2, 300):
        expected.insert(len(expected) - 1, item)
        rows.insert(len(rows) - 1, item)
        rows.insert(0, -item)
        expected.insert(0, -item)
    check(rows, expected)
    rows.build()  # built again after the renumbering
    check(rows, expected)


def test_an_empty_table_takes_rows() -> None:
    rows = RowKeys()
    rows.insert(0, 5)
    rows.insert(0, 4)
    rows.insert(2, 6)
    check(rows, [4, 5, 6])
