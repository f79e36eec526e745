"""`sourcemark claims`: a readable, aligned table, and the width rules behind it."""

from __future__ import annotations

import pytest

from sourcemark.app.cli_format import display_width, shorten, table
from tests.app.cli.helpers import Run, assert_one_line_error


@pytest.mark.parametrize(
    ("text", "width"),
    [
        ("abc", 3),
        ("café", 4),
        ("cafe\u0301", 4),  # e + combining acute: one cell
        ("東京", 4),
        ("محمد", 4),
        ("שרה", 3),
        ("🚫", 2),
        ("👍🏽", 4),  # thumbs up + skin tone modifier, each wide in East Asian Width
        ("a\u200db", 2),  # zero-width joiner
    ],
)
def test_display_width_counts_terminal_cells(text: str, width: int) -> None:
    assert display_width(text) == width


def test_shorten_cuts_to_cells_with_an_ellipsis() -> None:
    assert shorten("東京の専門家", 7) == "東京の…"
    assert display_width(shorten("東京の専門家", 7)) <= 7
    assert shorten("short", 10) == "short"
    assert shorten("exactly ten", 11) == "exactly ten"
    assert shorten("a long sentence", 7) == "a long…"


def test_table_aligns_wide_text_and_fits_the_width() -> None:
    lines = table(
        ["ID", "WHO", "QUOTE"],
        [["1", "東京", "a quote that is much too long for the space"], ["22", "ab", "short"]],
        total_width=30,
        flexible=2,
        right_aligned=frozenset({0}),
    )
    assert all(display_width(line) <= 30 for line in lines)
    # The QUOTE column starts at the same cell on every line.
    starts = [
        display_width(line[: line.index(word)])
        for line, word in zip(lines, ["QUOTE", "a quote", "short"], strict=True)
    ]
    assert len(set(starts)) == 1
    assert lines[1].endswith("…")
    assert lines[2].startswith("22")


def annotate(run: Run, article_id: int, quote: str, *options: str) -> str:
    result = run("annotate", str(article_id), "--quote", quote, *options)
    assert result.code == 0, result.err
    return result.out.strip()


def test_claims_table_lists_every_claim_aligned(run: Run, article_id: int) -> None:
    annotate(
        run,
        article_id,
        "“We will not negotiate,”",
        "--tag",
        "named-official",
        "--speaker",
        "محمد العلي",
    )
    annotate(run, article_id, "東京の専門家", "--tag", "expert", "--tag", "data-poll")
    annotate(
        run,
        article_id,
        "the café was closed 🚫",
        "--tag",
        "named-participant",
        "--speaker",
        "שרה כהן",
    )
    result = run("claims")
    assert result.code == 0
    header, *rows = result.lines
    assert header.split() == ["ID", "ARTICLE", "SPAN", "STATUS", "TAGS", "SPEAKER", "QUOTE"]
    assert len(rows) == 3
    quote_column = display_width(header[: header.index("QUOTE")])
    for row, quote in zip(
        rows, ["“We will not", "שרה" and "the café", "東京の専門家"], strict=False
    ):
        assert display_width(row[: row.index(quote)]) == quote_column
    assert "Expert, Data or poll" in result.out
    assert all(display_width(line) <= 120 for line in result.lines)


def test_long_quotes_are_shortened_to_the_terminal(
    run: Run, article_id: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    annotate(
        run,
        article_id,
        "“We will not negotiate,” said محمد العلي, a spokesman for the ministry.",
        "--tag",
        "expert",
    )
    monkeypatch.setenv("COLUMNS", "70")
    (row,) = run("claims").lines[1:]
    assert row.endswith("…") and display_width(row) <= 70


def test_claims_filters(run: Run, article_id: int) -> None:
    first = annotate(run, article_id, "東京の専門家", "--tag", "expert")
    second = annotate(run, article_id, "the café was closed", "--tag", "named-participant")
    run("review", second, "--status", "confirmed")

    def ids(*options: str) -> list[str]:
        return [line.split()[0] for line in run("claims", *options).lines[1:]]

    assert ids("--tag", "expert") == [first]
    assert ids("--status", "confirmed") == [second]
    assert ids("--status", "confirmed", "--status", "unreviewed") == [second, first]
    assert ids("--article", str(article_id), "--search", "CAFÉ") in ([second], [])
    assert ids("--search", "café") == [second]
    assert ids("--annotator", "tester") == [second, first]
    assert ids("--annotator", "someone else") == []
    empty = run("claims", "--tag", "document")
    assert empty.code == 0 and empty.out == "" and "no claims match" in empty.err


def test_claims_filter_errors_are_one_line(run: Run, article_id: int) -> None:
    assert_one_line_error(run("claims", "--tag", "nope"), "no tag called 'nope'")
    assert_one_line_error(run("claims", "--article", "77"), "No article has the id 77")
    assert_one_line_error(run("claims", "--status", "finished"), "'finished' is not a status")
