"""Which reader reads a file, and which files a folder holds."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterator, Sequence
from functools import partial
from pathlib import Path

from sourcemark.app.importing.bulk import read_csv, read_jsonl
from sourcemark.app.importing.draft import (
    MAX_FILE_BYTES,
    ArticleDraft,
    ImportFailure,
    describe,
)
from sourcemark.app.importing.mail import read_eml
from sourcemark.app.importing.opendocument import read_odt
from sourcemark.app.importing.pdf import read_pdf
from sourcemark.app.importing.plaintext import read_plain_text
from sourcemark.app.importing.webpage import read_html, read_mhtml
from sourcemark.app.importing.word import read_docx

log = logging.getLogger(__name__)

Reader = Callable[..., ArticleDraft | list[ArticleDraft]]

# Suffix → (reader, what a person calls such a file).
_READERS: dict[str, tuple[Reader, str]] = {
    ".txt": (partial(read_plain_text, markdown=False), "a text file"),
    ".text": (partial(read_plain_text, markdown=False), "a text file"),
    ".md": (partial(read_plain_text, markdown=True), "a Markdown file"),
    ".markdown": (partial(read_plain_text, markdown=True), "a Markdown file"),
    ".html": (read_html, "a web page"),
    ".htm": (read_html, "a web page"),
    ".xhtml": (read_html, "a web page"),
    ".mhtml": (read_mhtml, "a web archive"),
    ".mht": (read_mhtml, "a web archive"),
    ".docx": (read_docx, "a Word document"),
    ".odt": (read_odt, "an OpenDocument text"),
    ".pdf": (read_pdf, "a PDF document"),
    ".eml": (read_eml, "an e-mail"),
    ".csv": (read_csv, "a CSV file"),
    ".tsv": (partial(read_csv, delimiter="\t"), "a TSV file"),
    ".jsonl": (read_jsonl, "a JSON Lines file"),
    ".ndjson": (read_jsonl, "a JSON Lines file"),
}
SUPPORTED_SUFFIXES: frozenset[str] = frozenset(_READERS)

# What to do with files people commonly have but Sourcemark does not read.
_CONVERT_HINTS = {
    ".doc": "open it in Word or LibreOffice and save it as .docx",
    ".rtf": "open it in Word or LibreOffice and save it as .docx",
    ".pages": "export it from Pages as .docx",
    ".odp": "export the text as .odt or .pdf",
    ".xls": "save the sheet as CSV",
    ".xlsx": "save the sheet as CSV",
    ".ods": "save the sheet as CSV",
    ".json": "save it as JSON Lines (.jsonl), one article object per line",
    ".msg": "save the message from your mail program as .eml",
    ".zip": "unpack it and import the folder",
    ".epub": "copy the chapter's text and import it from the clipboard",
}


def read_file(path: Path) -> list[ArticleDraft]:
    """The article drafts in one file: one for most formats, one per row for bulk files.

    Raises ``ImportFailure`` with a one-line message for anything that cannot be imported.
    """
    path = Path(path)
    name = describe(path)
    suffix = path.suffix.lower()
    reader = _READERS.get(suffix)
    if reader is None:
        hint = _CONVERT_HINTS.get(suffix) or (
            "Sourcemark imports " + ", ".join(sorted(SUPPORTED_SUFFIXES))
        )
        kind = f"{suffix} files" if suffix else "files without an extension"
        raise ImportFailure(f"{name}: {kind} cannot be imported; {hint}.")
    data = _read_bytes(path, name=name)
    read, kind = reader
    try:
        result = read(data, name=name)
    except ImportFailure:
        raise
    except Exception as error:
        # Parsers of damaged files raise whatever their code trips over (struct errors,
        # KeyError, AssertionError...); the promise is a readable line, never a traceback.
        log.debug("reading %s failed", path, exc_info=True)
        raise ImportFailure(
            f"{name} could not be read as {kind}: it looks damaged ({type(error).__name__}); "
            "open it in its program, save it again and import that."
        ) from error
    return result if isinstance(result, list) else [result]


def _read_bytes(path: Path, *, name: str) -> bytes:
    try:
        if path.is_dir():
            raise ImportFailure(f"{name} is a folder; import it as a folder, not as a file.")
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ImportFailure(
                f"{name} is {size / 2**20:,.0f} MB, over the import limit of "
                f"{MAX_FILE_BYTES // 2**20} MB; split it or save only the article's text."
            )
        data = path.read_bytes()
    except FileNotFoundError:
        raise ImportFailure(f"{name} does not exist (any more); check the path.") from None
    except PermissionError:
        raise ImportFailure(
            f"{name} cannot be opened: permission denied; check who may read it."
        ) from None
    except OSError as error:
        raise ImportFailure(f"{name} cannot be read ({error.strerror or error}).") from None
    if not data.strip():
        raise ImportFailure(f"{name} is empty; there is nothing to import.")
    return data


def iter_sources(paths: Sequence[Path]) -> list[Path]:
    """The files to import: files as given, folders expanded recursively, in order, once each.

    Inside folders only files of supported types are taken, and hidden files and folders
    (name starting with a dot) and Office lock files (``~$``) are skipped; a file named
    explicitly is always kept, so an unsupported one gets its message.
    """
    found: list[Path] = []
    seen: set[Path] = set()
    for given in paths:
        given = Path(given)
        candidates = _folder_files(given) if given.is_dir() else iter((given,))
        for path in candidates:
            key = _identity(path)
            if key not in seen:
                seen.add(key)
                found.append(path)
    return found


def _folder_files(folder: Path) -> Iterator[Path]:
    for root, folders, files in os.walk(folder, followlinks=False):
        folders[:] = sorted((f for f in folders if not f.startswith(".")), key=_sort_key)
        for file in sorted(files, key=_sort_key):
            if file.startswith((".", "~$")):
                continue
            if Path(file).suffix.lower() in SUPPORTED_SUFFIXES:
                yield Path(root) / file


def _sort_key(name: str) -> tuple[str, str]:
    return (name.casefold(), name)


def _identity(path: Path) -> Path:
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return path.absolute()
