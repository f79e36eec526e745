from __future__ import annotations

import pytest

from sourcemark.app.errors import ValidationError
from sourcemark.app.textspan import Span, context, find_quote, snap_to_words, validate_span

TEXT = "Two officials said “the drone 🚁 failed” — according to José Müller."


def test_validate_accepts_a_span_inside_the_text() -> None:
    assert validate_span(TEXT, 0, 3) == Span(0, 3)


@pytest.mark.parametrize(("start", "end"), [(-1, 3), (3, 3), (5, 2), (0, len(TEXT) + 1)])
def test_validate_rejects_spans_outside_or_empty(start: int, end: int) -> None:
    with pytest.raises(ValidationError, match="outside the article"):
        validate_span(TEXT, start, end)


def test_validate_rejects_whitespace_only() -> None:
    with pytest.raises(ValidationError, match="only whitespace"):
        validate_span("a \n\t b", 1, 5)


def test_find_quote_counts_code_points_past_an_emoji() -> None:
    span = find_quote(TEXT, "José Müller")
    assert TEXT[span.start : span.end] == "José Müller"
    assert span.start == TEXT.index("José")


def test_find_quote_missing_and_ambiguous_say_so() -> None:
    with pytest.raises(ValidationError, match="does not occur"):
        find_quote(TEXT, "Reuters")
    text = "he said; she said"
    with pytest.raises(ValidationError, match=r"occurs 2 times.*--occurrence"):
        find_quote(text, "said")
    assert find_quote(text, "said", occurrence=2) == Span(13, 17)
    with pytest.raises(ValidationError, match="must be 1 to 2"):
        find_quote(text, "said", occurrence=3)


def test_snap_widens_partial_words_and_trims_space() -> None:
    start = TEXT.index("fficials")
    snapped = snap_to_words(TEXT, start - 0, start + 5)
    assert TEXT[snapped.start : snapped.end] == "officials"
    padded = snap_to_words(TEXT, TEXT.index(" said"), TEXT.index(" said") + 6)
    assert TEXT[padded.start : padded.end] == "said"


def test_snap_keeps_combining_marks_with_their_letter() -> None:
    text = "Cafe\u0301 owner said"
    snapped = snap_to_words(text, 1, 3)
    assert text[snapped.start : snapped.end] == "Cafe\u0301"


def test_snap_of_whitespace_is_empty() -> None:
    snapped = snap_to_words("a   b", 1, 4)
    assert snapped.start == snapped.end


def test_context_is_clipped_at_the_edges() -> None:
    prefix, suffix = context("abcdef", Span(1, 3), width=4)
    assert (prefix, suffix) == ("a", "def")
