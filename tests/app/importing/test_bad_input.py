"""Every kind of bad input: one clear line, and the project exactly as it was."""

from __future__ import annotations

import io
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from sourcemark.app import articles
from sourcemark.app.importing import ImportFailure, read_file
from sourcemark.app.importing.batch import import_paths
from sourcemark.app.projects import Project
from tests.app.importing.makers import (
    docx_document,
    odt_document,
    pdf_document,
    two_column_pdf,
    zip_bomb,
)


def encrypted_docx() -> bytes:
    from msoffcrypto.format.ooxml import OOXMLFile  # type: ignore[import-untyped]

    out = io.BytesIO()
    OOXMLFile(io.BytesIO(docx_document())).encrypt("secret", out)
    return out.getvalue()


def encrypted_pdf() -> bytes:
    import pypdf

    writer = pypdf.PdfWriter(clone_from=io.BytesIO(two_column_pdf()))
    writer.encrypt(user_password="secret", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


ODT_ENCRYPTION = '<manifest:encryption-data manifest:checksum="x"/>'

# (file name, how to make its bytes, the message it must get)
BAD_FILES: list[tuple[str, Callable[[], bytes], str]] = [
    ("empty.txt", lambda: b"", r"^empty\.txt is empty; there is nothing to import\.$"),
    ("blank.md", lambda: b" \r\n\t\n", r"^blank\.md is empty"),
    ("empty.pdf", lambda: b"", r"^empty\.pdf is empty"),
    ("noise.txt", lambda: os.urandom(4096), r"^noise\.txt looks like a binary file, not text"),
    (
        "photo.txt",
        lambda: b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8,
        r"is a PNG image, not text",
    ),
    (
        "notes.xyz",
        lambda: b"text",
        r"^notes\.xyz: \.xyz files cannot be imported; Sourcemark imports",
    ),
    ("README", lambda: b"text", r"^README: files without an extension cannot be imported"),
    ("old.doc", lambda: b"\xd0\xcf\x11\xe0", r"^old\.doc: .* save it as \.docx\.$"),
    ("locked.docx", encrypted_docx, r"^locked\.docx is password-protected"),
    ("locked.pdf", encrypted_pdf, r"^locked\.pdf is password-protected"),
    (
        "locked.odt",
        lambda: odt_document(manifest_extra=ODT_ENCRYPTION),
        r"^locked\.odt is password-protected",
    ),
    ("broken.docx", lambda: docx_document()[:1500], r"^broken\.docx is not a valid Word document"),
    ("broken.odt", lambda: b"PK\x03\x04 garbage", r"^broken\.odt is not a valid OpenDocument text"),
    (
        "broken.pdf",
        lambda: b"%PDF-1.4\n garbage \x00\xff",
        r"^broken\.pdf (has no pages|could not be read)",
    ),
    ("scan.pdf", lambda: pdf_document([[]]), r"^scan\.pdf has no text layer"),
    ("bomb.docx", zip_bomb, r"^bomb\.docx would unpack to .* zip bomb"),
    ("links.csv", lambda: b"title,url\nA,https://a\n", r"^links\.csv has no text column"),
    ("header.csv", lambda: b"title,text\n", r"^header\.csv has a header but no articles"),
    ("junk.eml", lambda: b"no headers here\n", r"^junk\.eml does not look like an e-mail"),
    (
        "page.html",
        lambda: b"<html><body><nav></nav></body></html>",
        r"^page\.html has no text to import",
    ),
]


@pytest.fixture
def seeded(project: Project) -> Project:
    """A project with one article, so "unchanged" means more than "still empty"."""
    articles.import_text(project, "An article imported before.\n\nIt must survive.")
    return project


def snapshot(project: Project) -> list[tuple[object, ...]]:
    return [
        (s.article, articles.get_article_text(project, s.article.id), s.claims)
        for s in articles.list_articles(project)
    ]


@pytest.mark.parametrize(("name", "make", "message"), BAD_FILES, ids=[b[0] for b in BAD_FILES])
def test_bad_file_gets_one_line_and_leaves_the_project_unchanged(
    seeded: Project, tmp_path: Path, name: str, make: Callable[[], bytes], message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(make())
    with pytest.raises(ImportFailure, match=message) as failure:
        read_file(path)
    assert "\n" not in str(failure.value)

    before = snapshot(seeded)
    report = import_paths(seeded, [path])
    [outcome] = report.outcomes
    assert (outcome.status, outcome.message) == ("failed", str(failure.value))
    assert snapshot(seeded) == before


def test_missing_file(seeded: Project, tmp_path: Path) -> None:
    before = snapshot(seeded)
    report = import_paths(seeded, [tmp_path / "gone.txt"])
    assert report.failed[0].message == "gone.txt does not exist (any more); check the path."
    assert snapshot(seeded) == before


def test_file_over_the_size_limit_is_not_read(
    seeded: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sourcemark.app.importing import sources

    monkeypatch.setattr(sources, "MAX_FILE_BYTES", 2 * 2**20)
    path = tmp_path / "huge.txt"
    path.write_bytes(b"a" * (3 * 2**20))
    before = snapshot(seeded)
    report = import_paths(seeded, [path])
    assert report.failed[0].message == (
        "huge.txt is 3 MB, over the import limit of 2 MB; split it or save only the article's text."
    )
    assert snapshot(seeded) == before


def test_text_over_the_character_limit_is_refused(
    seeded: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sourcemark.app.importing import draft

    monkeypatch.setattr(draft, "MAX_TEXT_CHARS", 1_000_000)
    path = tmp_path / "book.txt"
    path.write_text("word " * 250_000, encoding="utf-8")
    before = snapshot(seeded)
    report = import_paths(seeded, [path])
    assert report.failed[0].message == (
        "book.txt holds 1.2 million characters, more than the limit of 1 million for one "
        "article; split it into smaller files."
    )
    assert snapshot(seeded) == before


def test_bad_row_in_a_bulk_file_imports_none_of_its_rows(seeded: Project, tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_text("title,text\nA,Body A\nB,\n", encoding="utf-8")
    before = snapshot(seeded)
    report = import_paths(seeded, [path])
    assert report.failed[0].message.startswith("export.csv: row 3 has no text")
    assert snapshot(seeded) == before
