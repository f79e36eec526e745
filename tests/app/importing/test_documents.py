"""Word, OpenDocument and PDF documents, including protected, scanned and damaged ones."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from sourcemark.app.importing import ImportFailure, read_file
from tests.app.importing.makers import (
    ARTICLE_PARAGRAPHS,
    HEADLINE,
    docx_document,
    odt_document,
    pdf_document,
    two_column_pdf,
    zip_bomb,
)


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_docx_paragraphs_tables_and_properties(tmp_path: Path) -> None:
    path = write(tmp_path, "report.docx", docx_document(title="Water", author="Jane Reporter"))
    [draft] = read_file(path)
    assert draft.text == "\n\n".join(
        (
            HEADLINE,
            *ARTICLE_PARAGRAPHS[:2],
            "Contract\tValue",
            "Pipes\t€40 million",
            *ARTICLE_PARAGRAPHS[2:],
        )
    )
    assert (draft.title, draft.author) == ("Water", "Jane Reporter")
    assert (draft.source_format, draft.source_filename) == ("docx", "report.docx")


def test_docx_without_properties_takes_the_first_line_as_title(tmp_path: Path) -> None:
    [draft] = read_file(write(tmp_path, "untitled.docx", docx_document()))
    assert draft.title == HEADLINE
    assert draft.author is None  # not python-docx's placeholder "python-docx"


def test_password_protected_docx_says_so(tmp_path: Path) -> None:
    from msoffcrypto.format.ooxml import OOXMLFile  # type: ignore[import-untyped]

    encrypted = io.BytesIO()
    OOXMLFile(io.BytesIO(docx_document())).encrypt("secret", encrypted)
    path = write(tmp_path, "locked.docx", encrypted.getvalue())
    with pytest.raises(
        ImportFailure, match=r"^locked\.docx is password-protected; open it in Word"
    ):
        read_file(path)


def test_old_word_document_renamed_to_docx_says_what_to_do(tmp_path: Path) -> None:
    path = write(tmp_path, "old.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    with pytest.raises(ImportFailure, match=r"old Word 97-2003 document.*save it as \.docx"):
        read_file(path)


def test_zip_that_is_no_word_document(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hi")
    path = write(tmp_path, "renamed.docx", buffer.getvalue())
    with pytest.raises(ImportFailure, match=r"^renamed\.docx is not a valid Word document"):
        read_file(path)


@pytest.mark.parametrize("name", ["bomb.docx", "bomb.odt"])
def test_zip_bomb_is_refused_before_unpacking(tmp_path: Path, name: str) -> None:
    path = write(tmp_path, name, zip_bomb())
    assert path.stat().st_size < 100_000
    with pytest.raises(ImportFailure, match=r"would unpack to 16 MB .*zip bomb"):
        read_file(path)


def test_archive_over_the_unpacked_limit_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sourcemark.app.importing import archive

    monkeypatch.setattr(archive, "MAX_UNPACKED_BYTES", 1000)
    path = write(tmp_path, "big.odt", odt_document())
    with pytest.raises(ImportFailure, match=r"^big\.odt would unpack to .* beyond the limit"):
        read_file(path)


def test_odt_text_tables_lists_and_metadata(tmp_path: Path) -> None:
    [draft] = read_file(write(tmp_path, "story.odt", odt_document()))
    assert (
        draft.text
        == "\n\n".join(
            (
                HEADLINE,
                *ARTICLE_PARAGRAPHS[:2],
                "Two  spaces,\ta tab\nand a new line.",  # the footnote is left out
                "Contract\tValue",
                *ARTICLE_PARAGRAPHS[2:],
            )
        )
    )
    assert (draft.title, draft.author) == ("Water contracts", "Jane Reporter")
    assert draft.source_format == "odt"


def test_odt_without_metadata_takes_the_first_line(tmp_path: Path) -> None:
    [draft] = read_file(write(tmp_path, "bare.odt", odt_document(title=None, creator=None)))
    assert (draft.title, draft.author) == (HEADLINE, None)


def test_password_protected_odt_says_so(tmp_path: Path) -> None:
    encryption = (
        '<manifest:encryption-data manifest:checksum-type="SHA1/1K" manifest:checksum="x">'
        '<manifest:algorithm manifest:algorithm-name="Blowfish CFB"/></manifest:encryption-data>'
    )
    path = write(tmp_path, "locked.odt", odt_document(manifest_extra=encryption))
    with pytest.raises(ImportFailure, match=r"^locked\.odt is password-protected"):
        read_file(path)


def test_odt_spreadsheet_is_refused_by_its_type(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "sheet.odt",
        odt_document(mimetype="application/vnd.oasis.opendocument.spreadsheet"),
    )
    with pytest.raises(ImportFailure, match=r"^sheet\.odt is not an OpenDocument text"):
        read_file(path)


def test_odt_with_entity_tricks_is_not_expanded(tmp_path: Path) -> None:
    # A "billion laughs" document: entities are never resolved, so it stays small or fails.
    body = "<text:p>&lol9;</text:p>"
    data = odt_document(body)
    doctype = (
        '<!DOCTYPE x [<!ENTITY lol "lol">'
        + "".join(
            f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10 if i > 1 else "&lol;" * 10}">'
            for i in range(1, 10)
        )
        + "]>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(buffer, "w") as target:
        for item in source.infolist():
            content = source.read(item)
            if item.filename == "content.xml":
                content = content.replace(b"?>", b"?>" + doctype.encode(), 1)
            target.writestr(item, content)
    path = write(tmp_path, "laughs.odt", buffer.getvalue())
    try:
        [draft] = read_file(path)
    except ImportFailure as failure:
        assert "laughs.odt" in str(failure)
    else:
        assert len(draft.text) < 1000


def test_pdf_columns_are_read_in_order_with_paragraphs(tmp_path: Path) -> None:
    [draft] = read_file(write(tmp_path, "columns.pdf", two_column_pdf()))
    paragraphs = draft.text.split("\n\n")
    assert paragraphs[0] == HEADLINE
    expected = [
        " ".join(f"Column {c} paragraph {p} line {line}" for line in range(1, 5))
        for c in (1, 2)
        for p in (1, 2, 3)
    ]
    assert paragraphs[1:] == expected
    assert (draft.title, draft.author) == ("Water contracts", "Jane Reporter")
    assert draft.source_format == "pdf"


def test_pdf_keeps_non_ascii_and_joins_hyphenated_lines(tmp_path: Path) -> None:
    pdf = pdf_document(
        [[(72, 700, "Café “contrac-"), (72, 687, "tors” paid €40"), (72, 600, "Page 2 text")]],
        info={"Title": "Microsoft Word - draft3.docx"},
    )
    [draft] = read_file(write(tmp_path, "accents.pdf", pdf))
    assert draft.text == "Café “contrac-tors” paid €40\n\nPage 2 text"
    assert draft.title == "Café “contrac-tors” paid €40"  # not the converter's file name


def test_scanned_pdf_without_text_asks_for_ocr(tmp_path: Path) -> None:
    path = write(tmp_path, "scan.pdf", pdf_document([[], []]))
    with pytest.raises(ImportFailure, match=r"^scan\.pdf has no text layer: .* OCR"):
        read_file(path)


def test_password_protected_pdf_says_so(tmp_path: Path) -> None:
    import pypdf

    writer = pypdf.PdfWriter(clone_from=io.BytesIO(two_column_pdf()))
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="AES-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    path = write(tmp_path, "locked.pdf", buffer.getvalue())
    with pytest.raises(ImportFailure, match=r"^locked\.pdf is password-protected"):
        read_file(path)


def test_pdf_restricted_only_by_an_owner_password_opens(tmp_path: Path) -> None:
    import pypdf

    writer = pypdf.PdfWriter(clone_from=io.BytesIO(two_column_pdf()))
    writer.encrypt(user_password="", owner_password="owner", algorithm="AES-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    [draft] = read_file(write(tmp_path, "restricted.pdf", buffer.getvalue()))
    assert draft.text.startswith(HEADLINE)


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("cut.pdf", two_column_pdf()[:300], r"^cut\.pdf (has no pages|could not be read as a PDF)"),
        ("fake.pdf", b"hello, I am text", r"^fake\.pdf is not a PDF document"),
        ("cut.docx", docx_document()[:2000], r"^cut\.docx is not a valid Word document"),
        ("cut.odt", odt_document()[:500], r"^cut\.odt is not a valid OpenDocument text"),
    ],
)
def test_damaged_documents_get_one_line(
    tmp_path: Path, name: str, data: bytes, message: str
) -> None:
    with pytest.raises(ImportFailure, match=message) as failure:
        read_file(write(tmp_path, name, data))
    assert "\n" not in str(failure.value)
