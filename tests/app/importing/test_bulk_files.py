"""Bulk CSV, TSV and JSON Lines exports, one article per row or line."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from sourcemark.app.importing import ImportFailure, read_file


def csv_bytes(rows: list[list[str]], *, delimiter: str = ",", encoding: str = "utf-8") -> bytes:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode(encoding)


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_csv_rows_become_articles_with_metadata(tmp_path: Path) -> None:
    rows = [
        ["title", "text", "url", "outlet", "author", "published"],
        ["First", "Line one\r\nLine two", "https://a.example/1", "Daily", "Jane", "2024-03-05"],
        ["", "Untitled body\n\nSecond paragraph", "", "", "", ""],
        ["", "", "", "", "", ""],  # an empty row at the end of an export
    ]
    first, second = read_file(write(tmp_path, "export.csv", csv_bytes(rows)))
    assert first.text == "Line one\nLine two"
    assert (first.title, first.url, first.outlet, first.author, first.published) == (
        "First",
        "https://a.example/1",
        "Daily",
        "Jane",
        "2024-03-05",
    )
    assert (first.source_format, first.source_filename, first.source_part) == (
        "csv",
        "export.csv",
        "row 2",
    )
    assert second.title == "Untitled body"
    assert second.url is None and second.source_part == "row 3"


def test_excel_style_semicolon_csv_with_synonyms_and_bom(tmp_path: Path) -> None:
    rows = [
        ["Headline", "Body", "Source", "Byline", "Publication Date", "Link"],
        ["Café", "Le ministre a déclaré", "Le Monde", "A. B.", "05.03.2024", "https://x.example"],
    ]
    data = csv_bytes(rows, delimiter=";", encoding="utf-8-sig")
    [draft] = read_file(write(tmp_path, "excel.csv", data))
    assert (draft.title, draft.text, draft.outlet, draft.author) == (
        "Café",
        "Le ministre a déclaré",
        "Le Monde",
        "A. B.",
    )
    assert (draft.published, draft.url) == ("2024-03-05", "https://x.example")


def test_tsv_and_long_texts(tmp_path: Path) -> None:
    long_text = "word " * 60_000  # longer than the csv module's default field limit
    data = csv_bytes([["content", "title"], [long_text, "Long"]], delimiter="\t")
    [draft] = read_file(write(tmp_path, "export.tsv", data))
    assert draft.text == long_text.strip()


def test_csv_without_a_text_column_names_the_columns(tmp_path: Path) -> None:
    data = csv_bytes([["title", "url"], ["A", "https://a.example"]])
    with pytest.raises(
        ImportFailure, match=r"^links\.csv has no text column \(columns found: 'title', 'url'\)"
    ):
        read_file(write(tmp_path, "links.csv", data))


def test_a_csv_of_claims_is_pointed_to_the_claims_import(tmp_path: Path) -> None:
    """An export of claims dropped on the window as if it held articles."""
    header = ["claim_id", "article_id", "article_title", "tag", "quote", "start", "end"]
    data = csv_bytes([header, ["", "1", "A title", "Expert", "said", "0", "4"]])
    with pytest.raises(
        ImportFailure,
        match=r"^claims\.csv holds claims \(it has the columns article_id and tag\), not "
        r"articles; import it with File → Import Claims from CSV… or 'sourcemark import-claims'",
    ):
        read_file(write(tmp_path, "claims.csv", data))


def test_csv_rows_without_text_fail_the_file_with_their_numbers(tmp_path: Path) -> None:
    data = csv_bytes([["title", "text"], ["A", "Body"], ["B", ""], ["C", "Body C"], ["D", " "]])
    with pytest.raises(ImportFailure, match=r"^gaps\.csv: rows 3, 5 have no text; fill in"):
        read_file(write(tmp_path, "gaps.csv", data))


def test_jsonl_lines_become_articles(tmp_path: Path) -> None:
    lines = [
        {"Title": "One", "body": "Text one", "authors": ["Jane", "Ali"], "date": "2024-03"},
        {"headline": "Two", "content": "Text two", "source": "Daily", "published": 1709632800},
    ]
    data = ("\n".join(json.dumps(line) for line in lines) + "\n\n").encode()
    one, two = read_file(write(tmp_path, "scrape.jsonl", data))
    assert (one.title, one.text, one.author, one.published) == (
        "One",
        "Text one",
        "Jane, Ali",
        "2024-03",
    )
    assert (two.title, two.outlet, two.source_part) == ("Two", "Daily", "line 2")
    assert two.published == "1709632800"  # not a date we can read: kept for a person to fix
    assert one.source_format == "jsonl"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"text": "ok"}\n{"text": broken}\n', r"^bad\.jsonl: line 2 is not valid JSON"),
        ('{"text": "ok"}\n["a list"]\n', r"^bad\.jsonl: line 2 is not a JSON object"),
        ('{"text": "ok"}\n{"title": "no text"}\n', r'^bad\.jsonl: line 2 has no "text"'),
    ],
)
def test_bad_jsonl_lines_are_named(tmp_path: Path, content: str, message: str) -> None:
    with pytest.raises(ImportFailure, match=message):
        read_file(write(tmp_path, "bad.jsonl", content.encode()))


def test_one_over_long_article_in_a_bulk_file_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sourcemark.app.importing import draft

    monkeypatch.setattr(draft, "MAX_TEXT_CHARS", 10)
    data = b'{"text": "short"}\n{"text": "much longer than ten"}\n'
    with pytest.raises(ImportFailure, match=r"^big\.jsonl \(line 2\) holds .* split it"):
        read_file(write(tmp_path, "big.jsonl", data))
