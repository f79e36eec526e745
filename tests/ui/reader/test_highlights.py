"""The claim index: blocks touched, segments of overlapping claims, and how they look."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sourcemark.ui.reader.highlights import (
    Highlight,
    HighlightIndex,
    Segment,
    Theme,
    segment_style,
)

RED = "#e4572e"
BLUE = "#4c6ef5"
GREEN = "#2f9e44"
# Three paragraphs: [0, 10) "\n" [11, 20) "\n" [21, 30).
STARTS = [0, 11, 21]
LENGTH = 30


def index(*highlights: Highlight) -> HighlightIndex:
    built = HighlightIndex(STARTS, LENGTH)
    built.reset(highlights)
    return built


def spans(segments: list[Segment]) -> list[tuple[int, int, tuple[int, ...]]]:
    return [(s.start, s.end, s.claim_ids) for s in segments]


def test_nested_claims_cut_the_block_into_three_segments_innermost_first() -> None:
    built = index(Highlight(1, 0, 9, (RED,)), Highlight(2, 3, 6, (BLUE,)))
    assert spans(built.segments(0)) == [(0, 3, (1,)), (3, 6, (2, 1)), (6, 9, (1,))]


def test_overlap_is_shown_stronger_and_underlined() -> None:
    built = index(Highlight(1, 0, 6, (RED,)), Highlight(2, 3, 9, (RED,)))
    alone, both, other = built.segments(0)
    assert both.claim_ids == (1, 2) or both.claim_ids == (2, 1)
    assert alone.style.underline is None
    assert both.style.underline is not None and both.style.underline_kind == "solid"
    # Same colour, yet the stacked part is a different, deeper fill.
    assert alone.style.fill != both.style.fill
    assert alone.style == other.style
    assert _darkness(both.style.fill) > _darkness(alone.style.fill)


def test_two_colours_blend() -> None:
    built = index(Highlight(1, 0, 9, (RED,)), Highlight(2, 0, 9, (BLUE,)))
    (segment,) = built.segments(0)
    red_only = segment_style([RED], [], Theme()).fill
    blue_only = segment_style([BLUE], [], Theme()).fill
    assert segment.style.fill not in (red_only, blue_only)


def test_a_suggestion_is_a_dashed_underline_without_fill() -> None:
    built = index(Highlight(1, 0, 5, (GREEN,), pending=True))
    (segment,) = built.segments(0)
    assert segment.style.fill is None
    assert segment.style.underline_kind == "dashed"


def test_a_suggestion_over_an_accepted_claim_keeps_the_fill() -> None:
    built = index(Highlight(1, 0, 5, (GREEN,)), Highlight(2, 0, 5, (RED,), pending=True))
    (segment,) = built.segments(0)
    assert segment.style.fill == segment_style([GREEN], [], Theme()).fill
    assert segment.style.underline_kind == "dashed"


def test_dark_pages_get_dark_fills() -> None:
    light = segment_style([RED], [], Theme(page="#ffffff", text="#111111")).fill
    dark = segment_style([RED], [], Theme(page="#1e1e1e", text="#eeeeee")).fill
    assert light is not None and dark is not None
    assert _darkness(dark) > _darkness(light)


def test_a_claim_across_paragraphs_is_split_at_each_break() -> None:
    built = index(Highlight(7, 5, 25, (RED,)))
    assert spans(built.segments(0)) == [(5, 10, (7,))]
    assert spans(built.segments(1)) == [(11, 20, (7,))]
    assert spans(built.segments(2)) == [(21, 25, (7,))]


def test_changes_name_only_the_blocks_they_touch() -> None:
    built = index(Highlight(1, 0, 5, (RED,)), Highlight(2, 22, 28, (BLUE,)))
    assert built.put(Highlight(3, 12, 15, (RED,))) == {1}
    # Moving a claim touches where it was and where it goes.
    assert built.put(Highlight(1, 23, 24, (RED,))) == {0, 2}
    assert built.remove(2) == {2}
    assert built.remove(2) == set()
    assert built.segments(0) == []


def test_claims_at_lists_the_innermost_first() -> None:
    built = index(
        Highlight(1, 0, 9, (RED,)), Highlight(2, 2, 7, (BLUE,)), Highlight(3, 4, 5, (RED,))
    )
    assert built.claims_at(4) == [3, 2, 1]
    assert built.claims_at(8) == [1]
    assert built.claims_at(10) == []


def test_reset_keeps_the_last_of_duplicate_ids_and_drops_empty_spans() -> None:
    built = index(Highlight(1, 0, 3, (RED,)), Highlight(1, 5, 8, (BLUE,)), Highlight(2, 4, 4))
    assert len(built) == 1
    assert spans(built.segments(0)) == [(5, 8, (1,))]


def test_bad_colours_are_refused() -> None:
    with pytest.raises(ValueError, match="#RRGGBB"):
        segment_style(["red"], [], Theme())


CLAIMS = st.lists(st.tuples(st.integers(0, LENGTH), st.integers(1, 12), st.booleans()), max_size=12)


@given(claims=CLAIMS)
def test_segments_cover_exactly_the_claimed_characters(
    claims: list[tuple[int, int, bool]],
) -> None:
    highlights = [
        Highlight(i, start, min(start + size, LENGTH), (RED,), pending)
        for i, (start, size, pending) in enumerate(claims)
    ]
    built = index(*highlights)
    breaks = {start - 1 for start in STARTS[1:]}
    for block in range(len(STARTS)):
        segments = built.segments(block)
        covered: dict[int, set[int]] = {}
        last_end = -1
        for segment in segments:
            assert segment.start >= last_end and segment.start < segment.end
            last_end = segment.end
            for position in range(segment.start, segment.end):
                covered[position] = set(segment.claim_ids)
        low, high = built.block_span(block)
        for position in range(low, high):
            expected = {h.claim_id for h in highlights if h.start <= position < h.end}
            assert covered.get(position, set()) == expected
            assert position not in breaks


def _darkness(colour: str | None) -> float:
    assert colour is not None
    value = colour.lstrip("#")
    return 3 - sum(int(value[i : i + 2], 16) / 255 for i in (0, 2, 4))


def test_next_and_previous_claims_walk_in_reading_order() -> None:
    built = index(
        Highlight(2, 2, 9, (RED,)), Highlight(1, 2, 5, (RED,)), Highlight(3, 12, 14, (RED,))
    )
    assert built.step_from(None, +1) == 1  # same start: the shorter one first
    assert built.step_from((2, 5, 1), +1) == 2
    assert built.step_from((2, 9, 2), +1) == 3
    assert built.step_from((12, 14, 3), +1) is None
    assert built.step_from((12, 14, 3), -1) == 2
    assert built.step_from(None, -1) == 3
    assert built.step_from((2, 5, 1), -1) is None
    long = HighlightIndex(STARTS, 5000)
    long.reset([Highlight(7, 100, 4000, (RED,)), Highlight(8, 50, 60, (RED,))])
    assert long.step_from((50, 60, 8), +1) == 7
    assert long.step_from(None, -1) == 7
    assert long.claims_at(3000) == [7]


PLACES = st.lists(st.tuples(st.integers(0, 4990), st.integers(1, 3000), st.booleans()), max_size=25)


@given(claims=PLACES, removed=st.sets(st.integers(0, 24)), added=PLACES)
def test_stepping_goes_in_reading_order(
    claims: list[tuple[int, int, bool]],
    removed: set[int],
    added: list[tuple[int, int, bool]],
) -> None:
    """``step_from`` against the claims sorted by (start, end, id): after a reset, removals
    and additions, with ties on start, claims too long for the sorted list, and suggestions."""
    built = HighlightIndex([0, 2500], 5000)
    made = [
        Highlight(i, start, min(start + size, 5000), (RED,), pending)
        for i, (start, size, pending) in enumerate(claims)
    ]
    built.reset(made)
    for claim_id in removed:
        built.remove(claim_id)
    for i, (start, size, pending) in enumerate(added, start=100):
        built.put(Highlight(i, start, min(start + size, 5000), (BLUE,), pending))
    shown = sorted((h.start, h.end, h.claim_id, h.pending) for h in built.highlights())
    assert len(shown) == len(claims) - len(removed & set(range(len(claims)))) + len(added)
    for pending_only in (False, True):
        order = [(s, e, i) for s, e, i, p in shown if p or not pending_only]
        ids = [place[2] for place in order]
        assert built.step_from(None, +1, pending_only=pending_only) == (ids[0] if ids else None)
        assert built.step_from(None, -1, pending_only=pending_only) == (ids[-1] if ids else None)
        for s, e, i, _pending in shown:
            after = [place[2] for place in order if place > (s, e, i)]
            before = [place[2] for place in order if place < (s, e, i)]
            found = built.step_from((s, e, i), +1, pending_only=pending_only)
            assert found == (after[0] if after else None)
            found = built.step_from((s, e, i), -1, pending_only=pending_only)
            assert found == (before[-1] if before else None)
