"""Small documents of every importable kind, written by the tests themselves."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from email.message import EmailMessage
from xml.sax.saxutils import escape

ARTICLE_PARAGRAPHS = (
    "The minister on Tuesday denied a report that water contracts were awarded without a "
    "tender, according to a statement released by her office.",
    "“We followed every rule,” the minister told reporters outside parliament. A senior "
    "official, who spoke on condition of anonymity, said the review had been ordered weeks ago.",
    "Documents seen by this newspaper show that three contracts worth €40 million were "
    "signed in January, before the tender closed.",
    "An independent procurement expert, Dr. Amal Haddad, said the timeline raised questions "
    "that the ministry should answer.",
)
HEADLINE = "Minister denies report on water contracts"
BOILERPLATE = (
    "Subscribe now for 1 € a month",
    "Comment by troll99",
    "All rights reserved",
    "Most read",
    "evil()",
)


def news_page(*, paragraphs: Sequence[str] = ARTICLE_PARAGRAPHS, charset: str = "utf-8") -> str:
    """A saved news page: navigation, ads, script, comments and footer around an <article>."""
    body = "\n".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="{charset}">
<title>{HEADLINE} | The Daily Example</title>
<meta property="og:site_name" content="The Daily Example">
<meta property="og:title" content="{HEADLINE}">
<meta name="author" content="Jane Reporter">
<meta property="article:published_time" content="2024-03-05T10:00:00+01:00">
<link rel="canonical" href="https://daily.example.com/news/minister-denies">
<script>evil(); document.write("evil script text");</script>
<style>.ad {{ color: red }}</style>
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li>
<li><a href="/sport">Sport</a></li></ul></nav>
<div class="ad advertisement">Subscribe now for 1 € a month! Advertisement.</div>
<article>
<h1>{HEADLINE}</h1>
<p class="byline">By Jane Reporter</p>
{body}
</article>
<aside class="sidebar"><h3>Most read</h3><ul><li><a href="/cats">Ten cat facts</a></li></ul>
</aside>
<section id="comments" class="comments"><p>Comment by troll99: this is all fake news!!!</p>
</section>
<footer><p>© 2024 The Daily Example. All rights reserved. Privacy policy.</p></footer>
</body></html>
"""


def mhtml_archive(page: str) -> bytes:
    """A page saved by Chrome as 'Webpage, single file': MIME with quoted-printable HTML."""
    import quopri

    encoded = quopri.encodestring(page.encode("utf-8")).decode("ascii")
    return (
        "From: <Saved by Blink>\r\n"
        "Snapshot-Content-Location: https://daily.example.com/news/saved-copy\r\n"
        f"Subject: {HEADLINE}\r\n"
        "Date: Tue, 5 Mar 2024 12:00:00 -0000\r\n"
        "MIME-Version: 1.0\r\n"
        'Content-Type: multipart/related; type="text/html"; boundary="----MultipartBoundary"\r\n'
        "\r\n"
        "------MultipartBoundary\r\n"
        "Content-Type: text/html\r\n"
        "Content-ID: <frame-1@mhtml.blink>\r\n"
        "Content-Transfer-Encoding: quoted-printable\r\n"
        "Content-Location: https://daily.example.com/news/saved-copy\r\n"
        "\r\n"
        f"{encoded}\r\n"
        "------MultipartBoundary\r\n"
        "Content-Type: text/css\r\n"
        "Content-Location: https://daily.example.com/style.css\r\n"
        "\r\n"
        "body { color: black }\r\n"
        "------MultipartBoundary--\r\n"
    ).encode("ascii")


def docx_document(
    paragraphs: Sequence[str] = ARTICLE_PARAGRAPHS, *, title: str = "", author: str = ""
) -> bytes:
    import docx

    document = docx.Document()
    document.core_properties.title = title
    document.core_properties.author = author
    document.add_heading(HEADLINE, level=1)
    for paragraph in paragraphs[:2]:
        document.add_paragraph(paragraph)
    table = document.add_table(rows=2, cols=2)
    for row, cells in zip(
        table.rows, (("Contract", "Value"), ("Pipes", "€40 million")), strict=True
    ):
        for cell, value in zip(row.cells, cells, strict=True):
            cell.text = value
    document.add_paragraph("")  # Word users space paragraphs with empty ones
    for paragraph in paragraphs[2:]:
        document.add_paragraph(paragraph)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


ODT_NAMESPACES = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/" office:version="1.3"'
)


def odt_document(
    body_xml: str | None = None,
    *,
    title: str | None = "Water contracts",
    creator: str | None = "Jane Reporter",
    mimetype: str = "application/vnd.oasis.opendocument.text",
    manifest_extra: str = "",
) -> bytes:
    """An OpenDocument text written as LibreOffice writes one: mimetype first, stored."""
    if body_xml is None:
        body_xml = (
            f'<text:h text:outline-level="1">{escape(HEADLINE)}</text:h>'
            + "".join(f"<text:p>{escape(p)}</text:p>" for p in ARTICLE_PARAGRAPHS[:2])
            + '<text:p>Two<text:s text:c="2"/>spaces,<text:tab/>a tab'
            "<text:note><text:note-body><text:p>A footnote.</text:p></text:note-body></text:note>"
            "<text:line-break/>and a new line.</text:p>"
            "<table:table><table:table-row><table:table-cell><text:p>Contract</text:p>"
            "</table:table-cell><table:table-cell><text:p>Value</text:p></table:table-cell>"
            "</table:table-row></table:table>"
            "<text:list><text:list-item>"
            + "".join(f"<text:p>{escape(p)}</text:p>" for p in ARTICLE_PARAGRAPHS[2:])
            + "</text:list-item></text:list>"
        )
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ODT_NAMESPACES}>'
        f"<office:body><office:text>{body_xml}</office:text></office:body>"
        "</office:document-content>"
    )
    meta_fields = ""
    if title is not None:
        meta_fields += f"<dc:title>{escape(title)}</dc:title>"
    if creator is not None:
        meta_fields += f"<meta:initial-creator>{escape(creator)}</meta:initial-creator>"
    meta = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-meta {ODT_NAMESPACES}>'
        f"<office:meta>{meta_fields}</office:meta></office:document-meta>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
        '<manifest:file-entry manifest:full-path="/" manifest:media-type="'
        f'{mimetype}"/><manifest:file-entry manifest:full-path="content.xml" '
        f'manifest:media-type="text/xml">{manifest_extra}</manifest:file-entry>'
        "</manifest:manifest>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", mimetype, compress_type=zipfile.ZIP_STORED)
        archive.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
        archive.writestr("meta.xml", meta, compress_type=zipfile.ZIP_DEFLATED)
        archive.writestr("META-INF/manifest.xml", manifest, compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def _pdf_string(text: str) -> bytes:
    raw = text.encode("cp1252")
    return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def pdf_document(
    pages: Sequence[Sequence[tuple[int, int, str]]], *, info: dict[str, str] | None = None
) -> bytes:
    """A minimal PDF: each page a list of (x, y, text) lines in Helvetica, cross-reference
    table with exact offsets. A page with no lines has no text layer, like a scan."""
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    font = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    pages_id = add(b"")  # filled in once the kids are known
    kids = []
    for lines in pages:
        stream = b"".join(
            b"BT /F1 11 Tf %d %d Td " % (x, y) + _pdf_string(text) + b" Tj ET\n"
            for x, y, text in lines
        )
        if not lines:  # a scanned page draws a picture, never text
            stream = b"q 612 0 0 792 0 0 cm 0.5 g 0 0 1 1 re f Q\n"
        content = add(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"endstream")
        kids.append(
            add(
                b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 612 792] "
                b"/Resources << /Font << /F1 %d 0 R >> >> /Contents %d 0 R >>"
                % (pages_id, font, content)
            )
        )
    objects[pages_id - 1] = (
        b"<< /Type /Pages /Kids ["
        + b" ".join(b"%d 0 R" % kid for kid in kids)
        + b"] /Count %d >>" % len(kids)
    )
    catalog = add(b"<< /Type /Catalog /Pages %d 0 R >>" % pages_id)
    info_id = None
    if info:
        entries = b" ".join(b"/" + k.encode() + b" " + _pdf_string(v) for k, v in info.items())
        info_id = add(b"<< " + entries + b" >>")
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root %d 0 R" % (len(objects) + 1, catalog)
    if info_id is not None:
        out += b" /Info %d 0 R" % info_id
    out += b" >>\nstartxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def two_column_pdf() -> bytes:
    """A headline across the page over two columns of three paragraphs each."""
    lines = [(72, 740, HEADLINE)]
    for column, x in ((1, 72), (2, 320)):
        y = 700
        for paragraph in range(1, 4):
            for line in range(1, 5):
                lines.append((x, y, f"Column {column} paragraph {paragraph} line {line}"))
                y -= 13
            y -= 9
    return pdf_document([lines], info={"Title": "Water contracts", "Author": "Jane Reporter"})


def email_message(
    *, plain: str | None = None, html: str | None = None, subject: str = "Fwd: " + HEADLINE
) -> bytes:
    message = EmailMessage()
    message["From"] = "The Daily Example <newsletter@daily.example.com>"
    message["To"] = "analyst@example.org"
    message["Subject"] = subject
    message["Date"] = "Tue, 05 Mar 2024 10:00:00 +0100"
    if plain is not None:
        message.set_content(plain)
        if html is not None:
            message.add_alternative(html, subtype="html")
    elif html is not None:
        message.set_content(html, subtype="html")
    return message.as_bytes()


def zip_bomb(member: str = "word/document.xml", size: int = 16 * 2**20) -> bytes:
    """A small zip whose one member unpacks to ``size`` bytes of zeros (about 1000 to one)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open(member, "w", force_zip64=True) as handle:
            chunk = b"\0" * 2**20
            for _ in range(size // 2**20):
                handle.write(chunk)
    return buffer.getvalue()
