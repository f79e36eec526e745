"""Plain text and Markdown in the encodings analysts' files come in."""

from __future__ import annotations

from pathlib import Path

import pytest

from sourcemark.app.importing import read_file
from sourcemark.app.importing.draft import ImportFailure

ARTICLE = (
    "Café owners in Zoë’s street “protest” — naïve résumé of €5 fees\r\n"
    "\r\n"
    "Déjà vu, said the señora. Straße, Größe, ½ price.\r\n"
)
STORED = (
    "Café owners in Zoë’s street “protest” — naïve résumé of €5 fees\n"
    "\n"
    "Déjà vu, said the señora. Straße, Größe, ½ price."
)


@pytest.mark.parametrize(
    "encoding",
    ["utf-8", "utf-8-sig", "utf-16", "utf-16-be-bom", "cp1252"],
)
def test_text_in_any_common_encoding_is_stored_exactly(tmp_path: Path, encoding: str) -> None:
    if encoding == "utf-16-be-bom":
        data = b"\xfe\xff" + ARTICLE.encode("utf-16-be")
    else:
        data = ARTICLE.encode(encoding)
    path = tmp_path / "article.txt"
    path.write_bytes(data)
    [draft] = read_file(path)
    assert draft.text == STORED
    assert draft.title == "Café owners in Zoë’s street “protest” — naïve résumé of €5 fees"
    assert (draft.source_format, draft.source_filename) == ("txt", "article.txt")


def test_latin1_text_decodes(tmp_path: Path) -> None:
    text = "Le ministre a déclaré à la presse que l'été serait difficile pour les élèves."
    path = tmp_path / "latin.txt"
    path.write_bytes(text.encode("latin-1"))
    assert read_file(path)[0].text == text


@pytest.mark.parametrize("text", ["Short: Zoë", "Naïve café"])
def test_short_western_text_is_not_mistaken_for_another_code_page(
    tmp_path: Path, text: str
) -> None:
    path = tmp_path / "short.txt"
    path.write_bytes(text.encode("cp1252"))
    assert read_file(path)[0].text == text


def test_cyrillic_code_page_is_detected(tmp_path: Path) -> None:
    text = "Министр заявил, что контракты были выданы законно, и отказался от комментариев."
    path = tmp_path / "ru.txt"
    path.write_bytes(text.encode("cp1251"))
    assert read_file(path)[0].text == text


def test_line_endings_and_trailing_space_are_normalised_but_characters_kept(
    tmp_path: Path,
) -> None:
    # NBSP, a decomposed é and an emoji stay as they are: offsets count them.
    path = tmp_path / "mixed.txt"
    path.write_bytes("\n\nTitle line  \r\rCafe\u0301\u00a0🚁 said\r\nend\t \n\n".encode())
    [draft] = read_file(path)
    assert draft.text == "Title line\n\nCafe\u0301\u00a0🚁 said\nend"
    assert draft.title == "Title line"


def test_markdown_front_matter_is_metadata_and_not_text(tmp_path: Path) -> None:
    path = tmp_path / "clip.md"
    path.write_text(
        "---\n"
        'title: "Water contracts under review"\n'
        "author: Jane Reporter\n"
        "source: The Daily Example\n"
        "url: https://daily.example.com/a\n"
        "date: 2024-03-05T10:00:00Z\n"
        "---\n"
        "# Minister denies report\n\nThe minister **denied** it.\n",
        encoding="utf-8",
    )
    [draft] = read_file(path)
    assert draft.text == "# Minister denies report\n\nThe minister **denied** it."
    assert draft.title == "Water contracts under review"
    assert draft.author == "Jane Reporter"
    assert draft.outlet == "The Daily Example"
    assert draft.url == "https://daily.example.com/a"
    assert draft.published == "2024-03-05"
    assert draft.source_format == "md"


def test_markdown_title_comes_from_the_first_heading_without_its_marks(tmp_path: Path) -> None:
    path = tmp_path / "note.markdown"
    path.write_text("## **Minister denies report**\n\n---\n\nBody.", encoding="utf-8")
    [draft] = read_file(path)
    assert draft.title == "Minister denies report"
    assert draft.text.startswith("## **Minister")


def test_greek_code_page_is_detected(tmp_path: Path) -> None:
    text = "Ο υπουργός δήλωσε ότι οι συμβάσεις ήταν νόμιμες και αρνήθηκε να σχολιάσει περαιτέρω."
    path = tmp_path / "el.txt"
    path.write_bytes(text.encode("cp1253"))
    assert read_file(path)[0].text == text


@pytest.mark.parametrize(
    "text",
    [
        "Le ministre a déclaré que les contrats étaient légaux. Une source, qui a requis "
        "l’anonymat, l’a démenti en coulisses après la réunion très agitée.",
        "Der Minister sagte, die Verträge seien rechtmäßig. Eine Quelle bestritt das.",
    ],
)
def test_western_code_page_wins_over_lookalike_latin_code_pages(tmp_path: Path, text: str) -> None:
    path = tmp_path / "fr.txt"
    path.write_bytes(text.encode("cp1252"))
    assert read_file(path)[0].text == text


def test_a_few_stray_control_characters_are_text_but_many_are_not(tmp_path: Path) -> None:
    body = "Officials said the talks would resume. " * 50  # ~2,000 characters
    stray = tmp_path / "stray.txt"
    # Tabs, form feeds and ESC are allowed; a handful of others (under 1%) are tolerated.
    stray.write_text(body[:500] + "\x01\x02\t\x0c\x1b" + body[500:], encoding="utf-8")
    [draft] = read_file(stray)
    assert "\x01" in draft.text
    many = tmp_path / "many.txt"
    many.write_text("\x01\x02\x03" * 10 + body, encoding="utf-8")  # 30 of ~2,000: over 1%
    with pytest.raises(ImportFailure, match="binary"):
        read_file(many)
