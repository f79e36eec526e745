"""E-mail saved as .eml: newsletters and forwarded articles."""

from __future__ import annotations

from pathlib import Path

import pytest

from sourcemark.app.importing import ImportFailure, read_file
from tests.app.importing.makers import (
    ARTICLE_PARAGRAPHS,
    BOILERPLATE,
    HEADLINE,
    email_message,
    news_page,
)

PLAIN = "\n\n".join(ARTICLE_PARAGRAPHS)


def write(tmp_path: Path, data: bytes, name: str = "message.eml") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_plain_text_mail_subject_sender_and_date(tmp_path: Path) -> None:
    [draft] = read_file(write(tmp_path, email_message(plain=PLAIN, html=news_page())))
    assert draft.text == PLAIN  # the plain body is preferred to the HTML alternative
    assert draft.title == HEADLINE  # without the "Fwd:" prefix
    assert draft.author == "The Daily Example"
    assert draft.published == "2024-03-05"
    assert (draft.source_format, draft.source_filename) == ("eml", "message.eml")


def test_html_only_newsletter_is_extracted_like_a_web_page(tmp_path: Path) -> None:
    [draft] = read_file(write(tmp_path, email_message(html=news_page())))
    assert draft.text == "\n\n".join((HEADLINE, *ARTICLE_PARAGRAPHS))
    for junk in BOILERPLATE:
        assert junk not in draft.text


def test_format_flowed_lines_are_rejoined(tmp_path: Path) -> None:
    data = (
        b"From: Jane <jane@example.org>\r\nSubject: Flowed\r\n"
        b"Date: Tue, 05 Mar 2024 10:00:00 +0000\r\nMIME-Version: 1.0\r\n"
        b'Content-Type: text/plain; charset="iso-8859-1"; format=flowed\r\n'
        b"Content-Transfer-Encoding: 8bit\r\n\r\n"
        b"The minister said the caf\xe9 \r\ncontracts were legal.\r\n\r\nSecond paragraph.\r\n"
    )
    [draft] = read_file(write(tmp_path, data))
    assert draft.text == "The minister said the café contracts were legal.\n\nSecond paragraph."
    assert draft.author == "Jane"


def test_encoded_subject_is_decoded(tmp_path: Path) -> None:
    data = email_message(plain=PLAIN, subject="Réunion à Genève — “contrats”")
    [draft] = read_file(write(tmp_path, data))
    assert draft.title == "Réunion à Genève — “contrats”"


def test_file_that_is_no_mail_says_so(tmp_path: Path) -> None:
    path = write(tmp_path, b"Just some notes\nabout a story.\n", "notes.eml")
    with pytest.raises(ImportFailure, match=r"^notes\.eml does not look like an e-mail"):
        read_file(path)


def test_mail_with_only_an_attachment_says_so(tmp_path: Path) -> None:
    data = (
        b"From: a@example.org\r\nSubject: See attached\r\nMIME-Version: 1.0\r\n"
        b"Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n"
        b"Content-Type: application/pdf\r\nContent-Disposition: attachment; filename=a.pdf\r\n"
        b"Content-Transfer-Encoding: base64\r\n\r\nJVBERi0=\r\n--b--\r\n"
    )
    with pytest.raises(ImportFailure, match=r"^message\.eml has no text body"):
        read_file(write(tmp_path, data))
