"""Sentences and quotations: abbreviations, initials, curly and straight quotes, apostrophes."""

from __future__ import annotations

from sourcemark.app.suggesting.text import find_quotations, split_sentences


def sentences(text: str) -> list[str]:
    return [text[s.start : s.end] for s in split_sentences(text)]


def test_abbreviations_and_titles_do_not_end_sentences() -> None:
    text = (
        "Mr. Patel met Dr. Ruiz at 9 a.m. on Monday. The U.S. Embassy said it was watching. "
        "John F. Kennedy Airport reopened."
    )
    assert sentences(text) == [
        "Mr. Patel met Dr. Ruiz at 9 a.m. on Monday.",
        "The U.S. Embassy said it was watching.",
        "John F. Kennedy Airport reopened.",
    ]


def test_an_acronym_can_end_a_sentence() -> None:
    text = "The aid came from the U.S. The money arrived in May."
    assert sentences(text) == ["The aid came from the U.S.", "The money arrived in May."]


def test_no_split_inside_a_quotation() -> None:
    text = "“We lost everything. The water took it all,” she said. Rescuers left at dawn."
    assert sentences(text) == [
        "“We lost everything. The water took it all,” she said.",
        "Rescuers left at dawn.",
    ]


def test_split_after_a_closing_quotation() -> None:
    text = 'He added: "We moved the route twice." The council disagreed.'
    assert sentences(text) == ['He added: "We moved the route twice."', "The council disagreed."]


def test_line_breaks_end_paragraphs_and_sentences() -> None:
    text = "First line without a stop\nSecond line.\n\n\nThird."
    found = split_sentences(text)
    assert [text[s.start : s.end] for s in found] == [
        "First line without a stop",
        "Second line.",
        "Third.",
    ]
    assert [s.paragraph for s in found] == [0, 1, 2]


def test_quotations_curly_straight_and_single() -> None:
    text = '“One two,” she said. "Three four," he said. ‘Five isn’t six,’ they said.'
    inner = [text[q.inner_start : q.inner_end] for q in find_quotations(text)]
    assert inner == ["One two,", "Three four,", "Five isn’t six,"]


def test_apostrophes_and_possessives_are_not_quotations() -> None:
    text = "The farmers’ union said it wasn’t consulted about the ’90s rules."
    assert find_quotations(text) == []


def test_an_unclosed_quotation_runs_to_the_end_of_its_paragraph() -> None:
    text = "“We will rebuild. We always have.\n“Next paragraph,” she said."
    quotes = find_quotations(text)
    assert not quotes[0].closed
    assert text[quotes[0].inner_start : quotes[0].inner_end] == "We will rebuild. We always have."
    assert quotes[1].closed
