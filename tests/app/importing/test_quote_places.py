"""Finding a colleague's quote in this project's copy of a story (``claims_csv_rows``)."""

from __future__ import annotations

import pytest

from sourcemark.app.importing.claims_csv_rows import nearest, quote_places


@pytest.mark.parametrize(
    ("text", "quote", "expected"),
    [
        ("a b a b", "a b", [(0, 3), (4, 7)]),
        ("aaa", "aa", [(0, 2), (1, 3)]),  # overlapping places are places too
        ("He said:\n“no”.", 'said: "no"', [(3, 13)]),
        ("rock’n’roll 😀 e\u0301t\u00e9", "rock'n'roll 😀  e\u0301t\u00e9", [(0, 18)]),
        ("well-known", "well–known", [(0, 10)]),
        ("nothing here", "something", []),
        ("text", "   ", []),
    ],
)
def test_places(text: str, quote: str, expected: list[tuple[int, int]]) -> None:
    assert quote_places(text, quote) == expected


def test_an_exact_place_wins_over_loose_ones() -> None:
    # Loosely the quote is also at 0; as written only at 10.
    assert quote_places('"a" said. “a” said.', "“a” said.") == [(10, 19)]


@pytest.mark.parametrize(
    ("near", "expected"),
    [(None, None), (0, (2, 5)), (40, (50, 53)), (26, (2, 5)), (27, (50, 53))],
)
def test_nearest(near: int | None, expected: tuple[int, int] | None) -> None:
    assert nearest([(2, 5), (50, 53)], near) == expected


def test_one_place_needs_no_offset() -> None:
    assert nearest([(7, 9)], None) == (7, 9)
    assert nearest([], 3) is None
