"""An article's title when its file names none: its first line, as a person would name it.

A text without a headline starts with its first paragraph, and that paragraph made a title
of 300 characters that filled the article list's tooltip and the CLI's listing. A title taken
from the text is now its first line up to the end of its first sentence, or cut at a word
before ``DERIVED_TITLE_MAX_CHARS`` with an ellipsis; a person can edit it in the article's
details. Titles a file names (metadata, a document's properties, a mail's subject) are kept
whole up to ``importing.fields.TITLE_MAX_CHARS``.
"""

from __future__ import annotations

import re

DERIVED_TITLE_MAX_CHARS = 120
# A sentence's end: its mark after a word of two letters or more (not an initial), a closing
# quote maybe, then the next sentence's capital. Shorter than _SHORTEST_SENTENCE, it is more
# likely a dateline or a name than a title.
_SENTENCE_END = re.compile(r"(?<=\w\w)[.!?][\"'”’»)]?(?=\s+[\"'“‘«(]?[A-Z0-9])")
_SHORTEST_SENTENCE = 40
# Words a full stop ends without ending the sentence ("Dr. Smith"); "U.S." is told by its
# inner full stop.
_ABBREVIATIONS = frozenset((
    "mr", "mrs", "ms", "dr", "prof", "st", "gen", "sen", "rep", "gov", "lt", "col", "capt",
    "sgt", "jr", "sr", "no", "vol", "inc", "co", "corp", "ltd",
))  # fmt: skip


def title_from_text(text: str, *, markdown: bool = False) -> str | None:
    """A title from ``text``'s first non-empty line (without Markdown's ``#`` and emphasis
    around it), or None when the text has no line with anything on it."""
    for line in text.split("\n"):
        if markdown:
            line = line.lstrip("#").strip().strip("*_")
        line = " ".join(line.split())
        if line:
            return shortened(line)
    return None


def shortened(line: str) -> str:
    """``line`` up to its first sentence's end, at most ``DERIVED_TITLE_MAX_CHARS``."""
    if len(line) <= DERIVED_TITLE_MAX_CHARS:
        return line
    for end in _SENTENCE_END.finditer(line, _SHORTEST_SENTENCE, DERIVED_TITLE_MAX_CHARS):
        word = line[line.rfind(" ", 0, end.start()) + 1 : end.start()]
        if "." not in word and word.casefold() not in _ABBREVIATIONS:
            return line[: end.end()]
    cut = line[: DERIVED_TITLE_MAX_CHARS - 1].rsplit(" ", 1)[0]
    return cut.rstrip(",;:–—-") + "…"
