"""E-mail saved as ``.eml``: newsletters and forwarded articles.

The subject is the title, the sender the author (a newsletter's sender is its outlet, a
forwarded article's the colleague: a person corrects that in the metadata), the Date header
the publication date. The plain-text body is used as written; a message with only an HTML
body goes through the same article extraction as a saved web page. Attachments are ignored.
"""

from __future__ import annotations

import email
import email.policy
import email.utils
import re
from email.message import EmailMessage, Message

from sourcemark.app.importing import fields
from sourcemark.app.importing.draft import ArticleDraft, ImportFailure, checked_text
from sourcemark.app.importing.textdecode import decode_text
from sourcemark.app.importing.webpage import decode_html, extract_article

# Headers every real message has at least one of; a file with none is no e-mail.
_HEADER_LINE = re.compile(
    rb"^(from|subject|date|to|message-id|mime-version|received|return-path|delivered-to):",
    re.IGNORECASE | re.MULTILINE,
)
_FORWARD_PREFIX = re.compile(r"^((fwd?|fw|wg|tr|rv|re|aw)\s*:\s*)+", re.IGNORECASE)


def read_eml(data: bytes, *, name: str) -> ArticleDraft:
    if not data.strip():
        raise ImportFailure(f"{name} is empty; there is nothing to import.")
    head = data[:65536].split(b"\r\n\r\n", 1)[0].split(b"\n\n", 1)[0]
    if b"\x00" in head or not _HEADER_LINE.search(head):
        raise ImportFailure(
            f"{name} does not look like an e-mail (no From, Subject or Date header); "
            "save the message from your mail program as .eml and import that."
        )
    message = email.message_from_bytes(data, policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    text = _body_text(message, name=name)
    text = checked_text(text, name=name)
    subject = fields.clean_title(_FORWARD_PREFIX.sub("", str(message.get("Subject", ""))))
    return ArticleDraft(
        text=text,
        title=subject or fields.title_from_first_line(text),
        author=_sender(message),
        published=_date(message),
        source_filename=name,
        source_format="eml",
    )


def _body_text(message: EmailMessage, *, name: str) -> str:
    part = message.get_body(preferencelist=("plain", "html"))
    if part is None:
        # Some forwards carry the article as an attached message and nothing else.
        for attached in message.walk():
            if attached.get_content_type() in ("text/plain", "text/html"):
                part = attached
                break
    if part is None:
        raise ImportFailure(
            f"{name} has no text body (only attachments); save the article itself and import it."
        )
    payload = part.get_payload(decode=True)
    if not isinstance(payload, bytes) or not payload.strip():
        raise ImportFailure(f"{name} has an empty message body; there is nothing to import.")
    charset = part.get_content_charset()
    if part.get_content_type() == "text/html":
        return extract_article(decode_html(payload, name=name, declared=charset)).text
    text = decode_text(payload, name=name, declared=charset)
    if str(part.get_param("format", "")).lower() == "flowed":
        text = _unflow(text, delete_space=str(part.get_param("delsp", "")).lower() == "yes")
    return text


def _unflow(text: str, *, delete_space: bool) -> str:
    """Undo RFC 3676 soft line breaks: a line ending in a space continues on the next."""
    lines: list[str] = []
    continued = False
    for line in text.replace("\r\n", "\n").split("\n"):
        if line.startswith(" "):
            line = line[1:]  # space-stuffing
        if continued:
            lines[-1] += line
        else:
            lines.append(line)
        continued = line.endswith(" ") and line.rstrip() != "--"
        if continued and delete_space:
            lines[-1] = lines[-1][:-1]
    return "\n".join(lines)


def _sender(message: Message) -> str | None:
    raw = message.get("From")
    if raw is None:
        return None
    display, address = email.utils.parseaddr(str(raw))
    return fields.clean(display) or fields.clean(address)


def _date(message: Message) -> str | None:
    raw = message.get("Date")
    if raw is None:
        return None
    try:
        return email.utils.parsedate_to_datetime(str(raw)).date().isoformat()
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
