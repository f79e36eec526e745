"""What every reader produces: an article's text and metadata, not yet in a project."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sourcemark.app.errors import SourcemarkError

# Articles are read by people; a text this long is a mistake (a whole book, a database dump),
# and holding it in the reader widget would cost gigabytes.
MAX_TEXT_CHARS = 20_000_000
# A bulk CSV of a few thousand articles is tens of megabytes; a saved page with images a few.
MAX_FILE_BYTES = 256 * 1024 * 1024


class ImportFailure(SourcemarkError):
    """A file that cannot become an article; the message names the file, the problem and a fix."""


@dataclass(frozen=True)
class ArticleDraft:
    """An article as read from a file, before it is saved.

    ``text`` is already normalised the way it will be stored: ``\\r\\n`` and ``\\r`` become
    ``\\n``, no trailing spaces on lines, no blank lines at either end. Characters are kept
    exactly (no Unicode normalisation): claim offsets and quotes must match the source.
    """

    text: str
    title: str | None = None
    outlet: str | None = None
    author: str | None = None
    url: str | None = None
    # ISO 8601 date text, possibly partial ("2024", "2024-03"); see fields.normalise_date.
    published: str | None = None
    source_filename: str | None = None
    # "txt", "md", "html", "mhtml", "docx", "odt", "pdf", "eml", "csv", "jsonl", "clipboard"
    source_format: str | None = None
    # Where in a bulk file the article came from ("row 3", "line 7"); None for one-article files.
    source_part: str | None = None


def normalise_text(text: str) -> str:
    """One kind of line ending, no BOM, no trailing spaces, no blank lines at the ends.

    Qt turns "\\r\\n" into a single block break; storing it would shift every later offset.
    """
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    return "\n".join(line.rstrip() for line in text.split("\n")).strip("\n")


def describe(path: Path | str) -> str:
    """How a message names a file: its name, which the person just chose."""
    return Path(path).name or str(path)


def checked_text(text: str, *, name: str, hint: str = "check that it is the right file") -> str:
    """Normalise ``text`` and refuse it when empty or over the documented limit."""
    text = normalise_text(text)
    if not text.strip():
        raise ImportFailure(f"{name} has no text to import; {hint}.")
    if len(text) > MAX_TEXT_CHARS:
        raise ImportFailure(
            f"{name} holds {len(text) / 1e6:.1f} million characters, more than the limit of "
            f"{MAX_TEXT_CHARS // 1_000_000} million for one article; split it into smaller files."
        )
    return text
