"""Saved web pages, web archives and the clipboard."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from sourcemark.app.importing import ImportFailure, read_clipboard, read_file
from tests.app.importing.makers import (
    ARTICLE_PARAGRAPHS,
    BOILERPLATE,
    HEADLINE,
    mhtml_archive,
    news_page,
)


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Reading a page must never fetch anything: any connection attempt fails the test."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("an importer tried to use the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


def test_saved_page_gives_the_article_without_boilerplate_and_its_metadata(
    tmp_path: Path,
) -> None:
    path = tmp_path / "minister.html"
    path.write_text(news_page(), encoding="utf-8")
    [draft] = read_file(path)
    assert draft.text == "\n\n".join((HEADLINE, *ARTICLE_PARAGRAPHS))
    for junk in BOILERPLATE:
        assert junk not in draft.text
    assert draft.title == HEADLINE
    assert draft.author == "Jane Reporter"
    assert draft.outlet == "The Daily Example"
    assert draft.url == "https://daily.example.com/news/minister-denies"
    assert draft.published == "2024-03-05"
    assert (draft.source_format, draft.source_filename) == ("html", "minister.html")


def test_page_in_a_legacy_charset_is_decoded_by_its_meta_tag(tmp_path: Path) -> None:
    path = tmp_path / "old.htm"
    path.write_bytes(news_page(charset="windows-1252").encode("cp1252"))
    [draft] = read_file(path)
    assert ARTICLE_PARAGRAPHS[1] in draft.text  # curly quotes and € survive


@pytest.mark.parametrize("padding", ["", " "])  # an even length decodes as UTF-16 garbage
def test_page_wrongly_declaring_utf16_is_read_as_utf8(tmp_path: Path, padding: str) -> None:
    path = tmp_path / "wrong.html"
    path.write_bytes((news_page(charset="utf-16") + padding).encode("utf-8"))
    assert read_file(path)[0].title == HEADLINE


def test_xhtml_with_an_encoding_declaration_is_read(tmp_path: Path) -> None:
    path = tmp_path / "page.xhtml"
    path.write_text('<?xml version="1.0" encoding="utf-8"?>\n' + news_page(), encoding="utf-8")
    assert read_file(path)[0].title == HEADLINE


def test_short_page_without_an_article_falls_back_to_its_body(tmp_path: Path) -> None:
    path = tmp_path / "short.html"
    path.write_text(
        "<html><head><title>Note</title><script>x()</script></head>"
        "<body><div>Officials said no.<br>Line two</div></body></html>",
        encoding="utf-8",
    )
    [draft] = read_file(path)
    assert draft.text == "Officials said no.\nLine two"
    assert "x()" not in draft.text


def test_page_with_only_scripts_has_no_text(tmp_path: Path) -> None:
    path = tmp_path / "app.html"
    path.write_text("<html><body><script>render()</script></body></html>", encoding="utf-8")
    with pytest.raises(ImportFailure, match=r"^app\.html has no text to import"):
        read_file(path)


def test_mhtml_archive_gives_the_article_and_the_saved_address(tmp_path: Path) -> None:
    page = news_page().replace(
        '<link rel="canonical" href="https://daily.example.com/news/minister-denies">', ""
    )
    path = tmp_path / "minister.mhtml"
    path.write_bytes(mhtml_archive(page))
    [draft] = read_file(path)
    assert draft.text == "\n\n".join((HEADLINE, *ARTICLE_PARAGRAPHS))
    assert draft.title == HEADLINE
    assert draft.url == "https://daily.example.com/news/saved-copy"
    assert draft.source_format == "mhtml"


def test_mhtml_without_a_page_says_so(tmp_path: Path) -> None:
    path = tmp_path / "images.mht"
    path.write_bytes(
        b"MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=b\r\n\r\n"
        b"--b\r\nContent-Type: image/png\r\n\r\nxxxx\r\n--b--\r\n"
    )
    with pytest.raises(ImportFailure, match=r"^images\.mht holds no web page"):
        read_file(path)


def test_clipboard_plain_text_is_kept_exactly_and_html_gives_the_address() -> None:
    draft = read_clipboard(
        text="Minister denies report\r\n\r\nShe said “no”.\u00a0 ",
        html="Version:0.9\r\nSourceURL:https://daily.example.com/a\r\n<p>Minister</p>",
    )
    assert draft.text == "Minister denies report\n\nShe said “no”."
    assert draft.title == "Minister denies report"
    assert draft.url == "https://daily.example.com/a"
    assert draft.source_format == "clipboard"


def test_clipboard_html_alone_is_turned_into_paragraphs() -> None:
    draft = read_clipboard(
        text=None,
        html="<h2>Minister denies</h2><p>She  said\n<b>no</b>&nbsp;!</p>"
        "<ul><li>one</li><li>two</li></ul>",
    )
    assert draft.text == "Minister denies\n\nShe said no\u00a0!\n\none\n\ntwo"
    assert draft.title == "Minister denies"


@pytest.mark.parametrize(("text", "html"), [(None, None), ("  \n", ""), (None, "<p> </p>")])
def test_empty_clipboard_says_what_to_do(text: str | None, html: str | None) -> None:
    with pytest.raises(ImportFailure, match=r"^The clipboard .*copy the article's text"):
        read_clipboard(text=text, html=html)
