"""Titles taken from an article's text when its file names none."""

from __future__ import annotations

from importlib import resources

import pytest

from sourcemark.app.titles import DERIVED_TITLE_MAX_CHARS, title_from_text

EXAMPLE = resources.files("sourcemark.resources").joinpath("erbil-drone.txt")


def test_a_headline_is_kept_whole() -> None:
    text = "Ministry rejects “drone” report\n\nOfficials said on Tuesday..."
    assert title_from_text(text) == "Ministry rejects “drone” report"
    markdown = "\n  \n# **Talks   fail in Geneva**\nBody"
    assert title_from_text(markdown, markdown=True) == "Talks fail in Geneva"


def test_a_first_paragraph_gives_its_first_sentence() -> None:
    text = (
        "Officials in Geneva said on Tuesday that the talks had failed after three days. "
        "The minister, who spoke to reporters outside the hall, said that a new round would "
        "follow in the spring.\n\nSecond paragraph."
    )
    assert title_from_text(text) == (
        "Officials in Geneva said on Tuesday that the talks had failed after three days."
    )


@pytest.mark.parametrize(
    "stop",
    [
        "the U.S. Secretary of State arrived",  # an abbreviation's inner full stop
        "Dr. Jane Smith of the institute said",  # a title before a name
        "J. Doe, the spokesperson, said",  # an initial
        "the agency. it went on",  # no capital after it
    ],
)
def test_a_full_stop_inside_a_sentence_does_not_end_it(stop: str) -> None:
    line = "In a long report published on Tuesday morning in Geneva, " + stop + " " + "x " * 60
    title = title_from_text(line)
    assert title is not None and title.endswith("…")
    assert len(title) <= DERIVED_TITLE_MAX_CHARS


def test_a_long_sentence_is_cut_at_a_word() -> None:
    title = title_from_text(EXAMPLE.read_text(encoding="utf-8"))
    assert title == (
        "A malfunctioning drone launched by an Iranian-backed militia in Iraq on October 26 "
        "may have played a crucial role in…"
    )
    assert len(title) <= DERIVED_TITLE_MAX_CHARS


def test_no_text_no_title() -> None:
    assert title_from_text("") is None
    assert title_from_text(" \n\t\n") is None
