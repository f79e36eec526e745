"""Plain text and Markdown files.

The text is kept as written, Markdown markup included: the reader shows it and claim offsets
count it. Markdown files saved by clipping tools often start with a front-matter block
(``---`` / ``key: value`` lines / ``---``); its title, author, date, URL and source are taken as
metadata and the block is left out of the text.
"""

from __future__ import annotations

import re

from sourcemark.app.importing import fields
from sourcemark.app.importing.draft import ArticleDraft, checked_text, normalise_text
from sourcemark.app.importing.textdecode import decode_text

_FRONT_MATTER = re.compile(r"---\n(.*?)\n(?:---|\.\.\.)(?:\n|$)", re.DOTALL)
_FRONT_MATTER_LINE = re.compile(r"([A-Za-z][\w \-]*?)\s*:\s*(.*)")


def read_plain_text(data: bytes, *, name: str, markdown: bool) -> ArticleDraft:
    text = normalise_text(decode_text(data, name=name))
    metadata: dict[str, str] = {}
    if markdown:
        metadata, text = _split_front_matter(text)
    text = checked_text(text, name=name)
    columns = fields.map_columns(metadata)
    title = fields.clean_title(fields.pick(metadata, columns, "title"))
    return ArticleDraft(
        text=text,
        title=title or fields.title_from_first_line(text, markdown=markdown),
        outlet=fields.clean(fields.pick(metadata, columns, "outlet")),
        author=fields.clean(fields.pick(metadata, columns, "author")),
        url=fields.clean(fields.pick(metadata, columns, "url")),
        published=fields.normalise_date(fields.pick(metadata, columns, "published")),
        source_filename=name,
        source_format="md" if markdown else "txt",
    )


def _split_front_matter(text: str) -> tuple[dict[str, str], str]:
    match = _FRONT_MATTER.match(text)
    if match is None:
        return {}, text
    metadata: dict[str, str] = {}
    for line in match.group(1).split("\n"):
        if item := _FRONT_MATTER_LINE.fullmatch(line.strip()):
            value = item.group(2).strip().strip("\"'")
            metadata.setdefault(item.group(1), value)
    if not metadata:
        return {}, text  # A horizontal rule, not front matter.
    return metadata, text[match.end() :]
