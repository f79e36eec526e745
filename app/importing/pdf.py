"""PDF documents with a text layer, read with pdfminer.six (MIT).

pdfminer.six groups characters into lines and lines into text boxes by their position on
the page, so a two-column page is read column by column and each box is a paragraph. pypdf
(BSD) is faster but follows the order the text was drawn in and gives no paragraph breaks.
Lines of a box are joined with a space into one paragraph (a line ending in a hyphen is
joined without one, the hyphen kept); boxes are separated by a blank line. AGPL libraries
(PyMuPDF) are ruled out by licence. pdfminer.six brings ``cryptography``, which opens PDFs
"protected" with an empty password (only printing or copying restricted).
A scanned PDF has pictures of text and no text layer; it gets a message asking for OCR.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator

from sourcemark.app.importing import fields
from sourcemark.app.importing.draft import ArticleDraft, ImportFailure, checked_text

# Titles that tools write for the document they converted, not the article's title.
_GENERATED_TITLE = re.compile(
    r"^(microsoft (word|powerpoint) - |untitled\b)|\.(docx?|odt|pdf|html?|txt|rtf)$", re.IGNORECASE
)


def read_pdf(data: bytes, *, name: str) -> ArticleDraft:
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.layout import LAParams
    from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser

    if b"%PDF-" not in data[:1024]:
        raise ImportFailure(
            f"{name} is not a PDF document: it may be damaged or another kind of file renamed."
        )
    try:
        document = PDFDocument(PDFParser(io.BytesIO(data)), password="")
    except PDFPasswordIncorrect:
        raise ImportFailure(
            f"{name} is password-protected; open it with its password, save or print it as a "
            "PDF without one and import that."
        ) from None
    except PDFEncryptionError:
        raise ImportFailure(
            f"{name} uses an encryption Sourcemark cannot open; print it to a new PDF "
            "and import that."
        ) from None
    manager = PDFResourceManager(caching=True)
    device = PDFPageAggregator(manager, laparams=LAParams(all_texts=True))
    interpreter = PDFPageInterpreter(manager, device)
    paragraphs: list[str] = []
    pages = 0
    for page in PDFPage.create_pages(document):
        pages += 1
        interpreter.process_page(page)
        paragraphs.extend(_paragraphs(device.get_result()))
    if pages == 0:
        raise ImportFailure(f"{name} has no pages; it may be damaged. Save or export it again.")
    if not any(paragraph.strip() for paragraph in paragraphs):
        raise ImportFailure(
            f"{name} has no text layer: it looks like a scanned image. Run it through OCR "
            "(for example ocrmypdf, or your scanner's 'searchable PDF' option) and import that."
        )
    text = checked_text("\n\n".join(paragraphs), name=name)
    info = _info(document)
    title = fields.clean_title(info.get("Title"))
    if title is not None and _GENERATED_TITLE.search(title):
        title = None
    return ArticleDraft(
        text=text,
        title=title or fields.title_from_first_line(text),
        author=fields.clean(info.get("Author")),
        source_filename=name,
        source_format="pdf",
    )


def _paragraphs(container: object) -> Iterator[str]:
    from pdfminer.layout import LTFigure, LTTextBox

    for element in container:  # type: ignore[attr-defined]
        if isinstance(element, LTTextBox):
            paragraph = _join_lines(line.get_text() for line in element)
            if paragraph:
                yield paragraph
        elif isinstance(element, LTFigure):
            # Text drawn inside a form XObject; all_texts=True laid it out too.
            yield from _paragraphs(element)


def _join_lines(lines: Iterator[str]) -> str:
    joined = ""
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        if not joined:
            joined = line
        elif joined.endswith("-") and joined[-2:-1].isalpha():
            joined += line
        else:
            joined += " " + line
    return joined


def _info(document: object) -> dict[str, str]:
    """The document's Info dictionary as text (PDFDocEncoding or UTF-16 strings decoded)."""
    from pdfminer.pdftypes import resolve1
    from pdfminer.utils import decode_text

    found: dict[str, str] = {}
    for entry in getattr(document, "info", []):
        if not isinstance(entry, dict):
            continue
        for key in ("Title", "Author"):
            value = resolve1(entry.get(key))
            if isinstance(value, bytes):
                found.setdefault(key, decode_text(value))
            elif isinstance(value, str):
                found.setdefault(key, value)
    return found
