"""HTML (or trafilatura's extracted tree) → paragraphs of plain text.

One renderer serves the extracted article body, pages where extraction finds nothing, and
HTML from the clipboard, so every HTML path stores paragraphs the same way: each block
(paragraph, heading, list item, table row, quote) on its own, separated by a blank line;
``<br>`` a line break; table cells a tab. Whitespace collapses as a browser collapses it,
except in ``<pre>``; non-breaking spaces and every other character are kept exactly.
Scripts, styles and hidden elements are dropped and never run: lxml only parses.
"""

from __future__ import annotations

import re

from lxml import etree

# HTML block elements, plus the names trafilatura's output tree uses (head, list, item, row,
# quote, cell): both kinds of tree go through the same walk.
_BLOCKS = frozenset(
    (
        *("address", "article", "aside", "blockquote", "body", "caption", "center", "dd"),
        *("details", "dialog", "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure"),
        *("footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "head", "header", "hgroup"),
        *("hr", "html", "li", "list", "item", "legend", "main", "menu", "nav", "ol", "p"),
        *("pre", "quote", "row", "section", "summary", "table", "tbody", "tfoot", "thead"),
        *("tr", "ul"),
    )
)
_LINE_BREAKS = frozenset(("br", "lb"))
_CELLS = frozenset(("td", "th", "cell"))
_SKIPPED = frozenset(
    (
        *("script", "style", "noscript", "template", "svg", "math", "iframe", "object"),
        *("embed", "canvas", "button", "select", "input", "textarea", "audio", "video", "map"),
    )
)
_COLLAPSE = re.compile(r"[ \t\n\r\f]+")
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")


def parse_html(markup: str) -> etree._Element | None:
    """Parse HTML without fetching anything; None when there is no document at all."""
    # lxml refuses a str that still declares its byte encoding.
    markup = _XML_DECLARATION.sub("", markup, count=1)
    parser = etree.HTMLParser(
        no_network=True, remove_comments=True, remove_pis=True, recover=True, huge_tree=False
    )
    try:
        return etree.fromstring(markup, parser)
    except (etree.ParserError, ValueError):
        return None


def html_to_text(markup: str) -> str:
    """The readable text of an HTML page or fragment, without the page's ``<head>``."""
    root = parse_html(markup)
    if root is None:
        return ""
    body = root.find("body")
    return tree_to_text(body if body is not None else root, skip_head=True)


def tree_to_text(root: etree._Element, *, skip_head: bool = False) -> str:
    """Render an element tree; ``skip_head`` drops an HTML ``<head>`` (not a TEI heading)."""
    renderer = _Renderer()
    walker = etree.iterwalk(root, events=("start", "end"))
    for event, element in walker:
        tag = element.tag if isinstance(element.tag, str) else ""
        tag = tag.rsplit("}", 1)[-1].lower()
        if event == "start":
            if _is_skipped(element, tag, skip_head):
                walker.skip_subtree()
                renderer.skipped.add(id(element))
                continue
            if tag in _BLOCKS:
                renderer.end_paragraph()
                renderer.pre_depth += tag == "pre"
            elif tag in _LINE_BREAKS:
                renderer.line_break()
            if element.text:
                renderer.add(element.text)
        else:
            if id(element) not in renderer.skipped:
                if tag in _CELLS:
                    renderer.cell_break()
                elif tag in _BLOCKS:
                    renderer.end_paragraph()
                    renderer.pre_depth -= tag == "pre"
            if element.tail and element is not root:
                renderer.add(element.tail)
    renderer.end_paragraph()
    return "\n\n".join(renderer.paragraphs)


def _is_skipped(element: etree._Element, tag: str, skip_head: bool) -> bool:
    if not tag:
        return True  # A comment or processing instruction the parser kept.
    if tag in _SKIPPED or (skip_head and tag == "head"):
        return True
    style = (element.get("style") or "").replace(" ", "").lower()
    return (
        element.get("hidden") is not None
        or element.get("aria-hidden") == "true"
        or "display:none" in style
    )


class _Renderer:
    def __init__(self) -> None:
        self.paragraphs: list[str] = []
        self.pieces: list[str] = []
        self.pre_depth = 0
        self.skipped: set[int] = set()

    def add(self, text: str) -> None:
        self.pieces.append(text if self.pre_depth else _COLLAPSE.sub(" ", text))

    def line_break(self) -> None:
        self.pieces.append("\n")

    def cell_break(self) -> None:
        self.pieces.append("\t")

    def end_paragraph(self) -> None:
        if not self.pieces:
            return
        joined = "".join(self.pieces)
        self.pieces = []
        if not self.pre_depth:
            joined = re.sub(" {2,}", " ", joined)
            lines = [line.strip(" \t") for line in joined.split("\n")]
        else:
            lines = [line.rstrip() for line in joined.split("\n")]
        paragraph = "\n".join(lines).strip("\n")
        if paragraph.strip():
            self.paragraphs.append(paragraph)
