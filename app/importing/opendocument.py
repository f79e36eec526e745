"""OpenDocument text (``.odt``), read straight from its zip and XML with lxml.

The format is an open standard and its text is a few XML elements, so no extra dependency
(odfpy would be one more, to walk the same tree). Paragraphs, headings and list items become
blocks separated by a blank line; table rows one line with tab-separated cells; footnotes,
comments and tracked deletions are left out. The XML parser resolves no entities, loads no
DTD and fetches nothing.
"""

from __future__ import annotations

import re

from lxml import etree

from sourcemark.app.importing import fields
from sourcemark.app.importing.archive import open_archive, read_member
from sourcemark.app.importing.draft import ArticleDraft, ImportFailure, checked_text

KIND = "OpenDocument text"
TEXT_MIMETYPE = "application/vnd.oasis.opendocument.text"
_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_META = "urn:oasis:names:tc:opendocument:xmlns:meta:1.0"
_DC = "http://purl.org/dc/elements/1.1/"
_MANIFEST = "urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"

_BLOCKS = frozenset((f"{{{_TEXT}}}p", f"{{{_TEXT}}}h"))
_SKIPPED = frozenset(
    (
        f"{{{_TEXT}}}note",
        f"{{{_TEXT}}}tracked-changes",
        f"{{{_OFFICE}}}annotation",
        f"{{{_TEXT}}}table-of-content",
        f"{{{_TEXT}}}sequence-decls",
        f"{{{_OFFICE}}}forms",
    )
)
_SPACE = f"{{{_TEXT}}}s"
_TAB = f"{{{_TEXT}}}tab"
_LINE_BREAK = f"{{{_TEXT}}}line-break"
_ROW = f"{{{_TABLE}}}table-row"
_CELL = f"{{{_TABLE}}}table-cell"
# ODF collapses white space in text as XML does; runs of spaces are written as <text:s/>.
_COLLAPSE = re.compile(r"[ \t\n\r]+")


def read_odt(data: bytes, *, name: str) -> ArticleDraft:
    with open_archive(data, name=name, kind=KIND) as archive:
        names = set(archive.namelist())
        if "mimetype" in names:
            mimetype = read_member(archive, "mimetype", name=name, kind=KIND)
            mimetype_text = mimetype.decode("ascii", "replace").strip()
            if mimetype_text != TEXT_MIMETYPE:
                raise ImportFailure(
                    f"{name} is not an OpenDocument text ({mimetype_text or 'no type'}); "
                    "import text documents (.odt) only."
                )
        if "META-INF/manifest.xml" in names:
            manifest = read_member(archive, "META-INF/manifest.xml", name=name, kind=KIND)
            if b"encryption-data" in manifest:
                raise ImportFailure(
                    f"{name} is password-protected; open it in LibreOffice, save it without "
                    "a password and import it again."
                )
        content = _parse(read_member(archive, "content.xml", name=name, kind=KIND), name=name)
        meta = None
        if "meta.xml" in names:
            meta = _parse(read_member(archive, "meta.xml", name=name, kind=KIND), name=name)
    body = content.find(f"{{{_OFFICE}}}body/{{{_OFFICE}}}text")
    if body is None:
        raise ImportFailure(f"{name} holds no text document; import text documents (.odt) only.")
    text = checked_text("\n\n".join(_paragraphs(body)), name=name)
    title = author = None
    if meta is not None:
        title = fields.clean_title(meta.findtext(f".//{{{_DC}}}title"))
        author = fields.clean(
            meta.findtext(f".//{{{_META}}}initial-creator") or meta.findtext(f".//{{{_DC}}}creator")
        )
    return ArticleDraft(
        text=text,
        title=title or fields.title_from_first_line(text),
        author=author,
        source_filename=name,
        source_format="odt",
    )


def _parse(xml: bytes, *, name: str) -> etree._Element:
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    try:
        return etree.fromstring(xml, parser)
    except etree.XMLSyntaxError:
        raise ImportFailure(
            f"{name} is damaged (its XML cannot be read); open it in LibreOffice and save it again."
        ) from None


def _paragraphs(body: etree._Element) -> list[str]:
    paragraphs: list[str] = []
    pieces: list[str] = []
    cells: list[str] | None = None  # the cells of the table row being read

    def finish_block() -> None:
        block = "".join(pieces).strip(" ")
        pieces.clear()
        if cells:
            # A paragraph inside a table cell is part of that cell.
            cells[-1] = f"{cells[-1]} {block.strip()}".strip()
        elif block.strip():
            paragraphs.append("\n".join(line.strip(" ") for line in block.split("\n")))

    walker = etree.iterwalk(body, events=("start", "end"))
    for event, element in walker:
        tag = element.tag
        if event == "start":
            if tag in _SKIPPED:
                walker.skip_subtree()
            elif tag == _SPACE:
                pieces.append(" " * _count(element))
            elif tag == _TAB:
                pieces.append("\t")
            elif tag == _LINE_BREAK:
                pieces.append("\n")
            elif tag == _ROW:
                cells = []
            elif tag == _CELL and cells is not None:
                cells.append("")
            if element.text and tag not in _SKIPPED:
                pieces.append(_COLLAPSE.sub(" ", element.text))
            continue
        if tag in _BLOCKS:
            finish_block()
        elif tag == _ROW and cells is not None:
            row = "\t".join(cell.strip() for cell in cells)
            if row.strip():
                paragraphs.append(row)
            cells = None
        if element.tail and element is not body:
            pieces.append(_COLLAPSE.sub(" ", element.tail))
    return paragraphs


def _count(element: etree._Element) -> int:
    try:
        return max(1, min(int(element.get(f"{{{_TEXT}}}c", "1")), 1000))
    except ValueError:
        return 1
