"""Code points <-> Qt document positions, against hand-counted cases, a naive reference and Qt."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QApplication, QPlainTextDocumentLayout

from sourcemark.ui.reader.offsets import OffsetMap, break_positions, document_text

EMOJI = "\U0001f600"  # 😀: 1 code point, 2 UTF-16 units
FLAG = "\U0001f1eb\U0001f1f7"  # 🇫🇷: 2 code points, 4 units
FAMILY = "\U0001f468\u200d\U0001f469\u200d\U0001f467"  # 👨‍👩‍👧: 5 code points, 8 units
E_ACUTE = "e\u0301"  # 2 code points, 2 units
ARABIC = "قال مسؤول أمريكي"
HEBREW = "אמר פקיד בכיר"


def units(text: str) -> int:
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


@pytest.mark.parametrize(
    ("piece", "width"),
    [(EMOJI, 2), (FLAG, 4), (FAMILY, 8), (E_ACUTE, 2), (ARABIC, len(ARABIC)), (HEBREW, 13)],
)
def test_the_text_after_a_piece_starts_where_qt_counts_it(piece: str, width: int) -> None:
    text = f"ab{piece}cd"
    offsets = OffsetMap(text)
    after = 2 + len(piece)
    assert offsets.to_utf16(after) == 2 + width
    assert offsets.to_codepoint(2 + width) == after
    assert offsets.document_length == units(text)


def test_plain_text_is_identity() -> None:
    text = f"caf{E_ACUTE} {ARABIC} {HEBREW} “quoted” — x\u2028y\u2029z"
    offsets = OffsetMap(text)
    assert offsets.is_identity
    assert [offsets.to_utf16(i) for i in range(len(text) + 1)] == list(range(len(text) + 1))


def test_a_position_inside_a_surrogate_pair_snaps_to_the_character_start_or_end() -> None:
    offsets = OffsetMap(f"a{EMOJI}b")
    # Units: a=0, emoji=1..2, b=3. Position 2 is between the emoji's halves.
    assert offsets.to_codepoint(2) == 1
    assert offsets.to_codepoint(2, round_up=True) == 2
    # Positions on a boundary do not move either way.
    assert offsets.to_codepoint(3, round_up=True) == 2
    assert offsets.to_codepoint(1, round_up=True) == 1


def test_each_flag_half_is_a_wide_character() -> None:
    offsets = OffsetMap(FLAG)
    assert [offsets.to_utf16(i) for i in range(3)] == [0, 2, 4]
    assert [offsets.to_codepoint(p) for p in range(5)] == [0, 0, 1, 1, 2]


def test_out_of_range_positions_are_clamped() -> None:
    offsets = OffsetMap(f"{EMOJI}x")
    assert offsets.to_utf16(-5) == 0
    assert offsets.to_utf16(99) == 3
    assert offsets.to_codepoint(99) == 2
    assert offsets.to_codepoint(-1) == 0


def test_paragraph_gaps_widen_single_breaks_only() -> None:
    text = "one\ntwo\n\nthree\rfour\u2029five"
    shown = document_text(text, paragraph_gaps=True)
    assert shown == "one\u2028\u2029two\n\nthree\u2028\u2029four\u2028\u2029five"
    offsets = OffsetMap(text, paragraph_gaps=True)
    assert offsets.document_length == len(shown)
    assert offsets.to_utf16(text.index("two")) == shown.index("two")
    assert offsets.to_utf16(text.index("five")) == shown.index("five")
    # The empty line between U+2028 and U+2029 belongs to the break before it.
    assert offsets.to_codepoint(4) == 3
    assert offsets.to_codepoint(4, round_up=True) == 4


def test_a_carriage_return_never_merges_with_the_next_newline() -> None:
    text = "a\r\nb"
    assert document_text(text) == "a\u2029\nb"
    assert OffsetMap(text).is_identity


def _reference(text: str, gaps: bool) -> list[int]:
    """Document position of every code point (and the end), counted one by one."""
    breaks = set(break_positions(text))
    positions = [0]
    for i, char in enumerate(text):
        wide = ord(char) > 0xFFFF or (
            gaps and i in breaks and i - 1 not in breaks and i + 1 not in breaks
        )
        positions.append(positions[-1] + (2 if wide else 1))
    return positions


ALPHABET = st.sampled_from(
    ["a", " ", "é", "\u0301", "ש", "ب", "\n", "\r", "\u2029", "\u2028", EMOJI, "\U0001f1eb", "\x00"]
)
TEXTS = st.lists(ALPHABET, max_size=60).map("".join)


@given(text=TEXTS, gaps=st.booleans())
def test_conversions_agree_with_counting_one_by_one(text: str, gaps: bool) -> None:
    offsets = OffsetMap(text, paragraph_gaps=gaps)
    reference = _reference(text, gaps)
    assert [offsets.to_utf16(i) for i in range(len(text) + 1)] == reference
    assert offsets.document_length == reference[-1]
    for position in range(reference[-1] + 1):
        down = max(i for i, p in enumerate(reference) if p <= position)
        up = min(i for i, p in enumerate(reference) if p >= position)
        assert offsets.to_codepoint(position) == down
        assert offsets.to_codepoint(position, round_up=True) == up


@given(text=TEXTS, gaps=st.booleans())
def test_every_character_sits_at_its_position_in_the_document_text(text: str, gaps: bool) -> None:
    shown = document_text(text, paragraph_gaps=gaps)
    shown_units = shown.encode("utf-16-le", "surrogatepass")
    offsets = OffsetMap(text, paragraph_gaps=gaps)
    assert len(shown_units) // 2 == offsets.document_length
    for i, char in enumerate(text):
        if char in "\n\r\u2029":
            continue  # breaks are rewritten; their width is checked above
        at = offsets.to_utf16(i) * 2
        expected = char.encode("utf-16-le", "surrogatepass")
        assert shown_units[at : at + len(expected)] == expected


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=TEXTS, gaps=st.booleans())
def test_qt_blocks_start_where_the_map_says(qapp: QApplication, text: str, gaps: bool) -> None:
    document = QTextDocument()
    document.setDocumentLayout(QPlainTextDocumentLayout(document))
    document.setPlainText(document_text(text, paragraph_gaps=gaps))
    offsets = OffsetMap(text, paragraph_gaps=gaps)
    assert document.characterCount() - 1 == offsets.document_length
    starts = [0, *(b + 1 for b in break_positions(text))]
    assert document.blockCount() == len(starts)
    block = document.firstBlock()
    for start in starts:
        assert block.position() == offsets.to_utf16(start)
        block = block.next()
