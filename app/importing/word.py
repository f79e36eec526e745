"""Word ``.docx`` documents, read with python-docx (MIT).

Body paragraphs and tables are read in document order; headers, footers and footnotes are
page furniture and left out. Each paragraph becomes one block, separated by a blank line as
in web pages; a table row becomes one line with its cells separated by tabs.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from sourcemark.app.importing import fields
from sourcemark.app.importing.archive import open_archive
from sourcemark.app.importing.draft import ArticleDraft, ImportFailure, checked_text

if TYPE_CHECKING:
    from docx.table import Table

KIND = "Word document"
_OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Word stores a password-protected .docx inside an OLE container under this stream name.
_ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")
# Authors python-docx and some converters write when nobody set one.
_PLACEHOLDER_AUTHORS = frozenset(("python-docx", "unknown", "author"))


def read_docx(data: bytes, *, name: str) -> ArticleDraft:
    if data.startswith(_OLE_SIGNATURE):
        if _ENCRYPTED_STREAM in data:
            raise ImportFailure(
                f"{name} is password-protected; open it in Word, remove the password "
                "(File > Info > Protect Document) and import it again."
            )
        raise ImportFailure(
            f"{name} is an old Word 97-2003 document, not .docx; open it in Word or "
            "LibreOffice, save it as .docx and import that."
        )
    open_archive(data, name=name, kind=KIND).close()

    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from docx.table import Table

    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError):
        raise ImportFailure(
            f"{name} is not a valid {KIND}: it may be damaged or another kind of file "
            "renamed; open it in Word and save it again."
        ) from None
    blocks: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            blocks.extend(_table_rows(block))
        elif block.text.strip():
            blocks.append(block.text)
    text = checked_text("\n\n".join(blocks), name=name)
    properties = document.core_properties
    author = fields.clean(properties.author)
    if author is not None and author.lower() in _PLACEHOLDER_AUTHORS:
        author = None
    return ArticleDraft(
        text=text,
        title=fields.clean_title(properties.title) or fields.title_from_first_line(text),
        author=author,
        source_filename=name,
        source_format="docx",
    )


def _table_rows(table: Table) -> list[str]:
    rows: list[str] = []
    for row in table.rows:
        cells: list[str] = []
        previous = None
        for cell in row.cells:
            # A merged cell is returned once per grid column it spans.
            if cell._tc is not previous:
                cells.append(cell.text.replace("\n", " ").strip())
            previous = cell._tc
        if any(cells):
            rows.append("\t".join(cells))
    return rows
