"""Text pasted from the clipboard.

When the clipboard has plain text, that text is the article, character for character: it
is what the person saw and copied. HTML is used for the text only when there is no plain
text, and for the address of the page it came from when the copying program recorded one
(Windows' HTML clipboard format has a ``SourceURL:`` line). The title is the first line.
"""

from __future__ import annotations

import re

from sourcemark.app.importing import fields
from sourcemark.app.importing.draft import ArticleDraft, ImportFailure, checked_text
from sourcemark.app.importing.htmltext import html_to_text

NAME = "The clipboard"
_SOURCE_URL = re.compile(r"^SourceURL:(\S+)", re.MULTILINE)
_HINT = "copy the article's text and try again"


def read_clipboard(*, text: str | None, html: str | None) -> ArticleDraft:
    """A draft from the clipboard's plain text, or from its HTML when it has no plain text."""
    body = text if text and text.strip() else None
    if body is None and html and html.strip():
        body = html_to_text(html)
    if body is None:
        raise ImportFailure(f"{NAME} holds no text; {_HINT}.")
    body = checked_text(body, name=NAME, hint=_HINT)
    source = _SOURCE_URL.search(html[:4096]) if html else None
    return ArticleDraft(
        text=body,
        title=fields.title_from_first_line(body),
        url=source.group(1) if source else None,
        source_format="clipboard",
    )
