"""Bytes of unknown encoding → text, and telling text from binary.

A byte-order mark or valid UTF-8 settles it; otherwise charset-normalizer, a maintained
detector, decides. It tells scripts apart well (Cyrillic, Greek, Arabic code pages), but
between the Latin code pages it is a coin toss on article-length texts: measured, it read
Windows-1252 French as Central European (è became č), a Western sample as Baltic and "Zoë"
as Farsi. So when its choice is a Latin-script text, or it is unsure, the text is read as
Windows-1252, the encoding of Western files that are not UTF-8 (and a superset of Latin-1
for text). The cost: a legacy Central European (Windows-1250) file gets a few wrong letters;
docs/importing.md asks for such files to be saved as UTF-8.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

from sourcemark.app.importing.draft import ImportFailure

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# File types people rename or mix up, by their first bytes: a clearer message than "binary".
_SIGNATURES = (
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a zip archive (a Word, OpenDocument or other packaged file)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Office document or an encrypted one"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"{\\rtf", "an RTF document"),
)
_ALLOWED_CONTROLS = frozenset("\t\n\r\f\v\x1b")
# A text file can hold the odd stray control character; many of them means it is not text.
_MAX_CONTROL_SHARE = 0.01
# The control characters that are not among the allowed ones.
_CONTROLS = re.compile(
    "[" + "".join(re.escape(chr(c)) for c in range(32) if chr(c) not in _ALLOWED_CONTROLS) + "]"
)
_UNSURE_COHERENCE = 0.2


def sniff_binary_kind(data: bytes) -> str | None:
    """What a file that is not text looks like, from its first bytes."""
    for signature, kind in _SIGNATURES:
        if data.startswith(signature):
            return kind
    return None


def decode_text(data: bytes, *, name: str, declared: str | None = None) -> str:
    """Decode a text file's bytes; ``declared`` is an encoding the file names (HTML, e-mail).

    Raises ``ImportFailure`` for empty and binary files.
    """
    if not data.strip():
        raise ImportFailure(f"{name} is empty; there is nothing to import.")
    text = _decode(data, declared)
    if text is None or _looks_binary(text):
        kind = sniff_binary_kind(data)
        what = f"is {kind}" if kind else "looks like a binary file"
        raise ImportFailure(
            f"{name} {what}, not text; import the original document or save it as text."
        )
    return text.removeprefix("\ufeff")


def _decode(data: bytes, declared: str | None) -> str | None:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                return None
    if declared:
        try:
            return data.decode(_known_encoding(declared))
        except (LookupError, UnicodeDecodeError):
            pass  # A wrong or unknown declaration is common; detect instead.
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if b"\x00" in data[:4096] and not _is_utf16_without_bom(data):
        return None
    return _detect_legacy(data)


def _known_encoding(declared: str) -> str:
    name = codecs.lookup(declared.strip()).name
    # Web pages that say "iso-8859-1" or "ascii" are Windows-1252 in practice (WHATWG).
    return "cp1252" if name in ("latin-1", "iso8859-1", "ascii") else name


def _is_utf16_without_bom(data: bytes) -> bool:
    # Plain-Latin UTF-16 has a zero in every other byte; binary data is not that regular.
    sample = data[:4096]
    even, odd = sample[0::2], sample[1::2]
    return bool(sample) and (even.count(0) > 0.4 * len(even) or odd.count(0) > 0.4 * len(odd))


def _detect_legacy(data: bytes) -> str | None:
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    try:
        western: str | None = data.decode("cp1252")
    except UnicodeDecodeError:
        western = None
    if best is None:
        return western
    detected = str(best)
    if western is None or best.encoding.startswith("utf"):
        return detected
    if best.coherence < _UNSURE_COHERENCE or _mostly_latin(detected):
        return western
    return detected


def _mostly_latin(text: str) -> bool:
    letters = [ch for ch in text[:65536] if ord(ch) > 127 and ch.isalpha()]
    latin = sum(1 for ch in letters if unicodedata.name(ch, "").startswith("LATIN"))
    return latin * 2 >= len(letters)


def _looks_binary(text: str) -> bool:
    sample = text[:65536]
    controls = len(_CONTROLS.findall(sample))  # in C: a Python loop took ~0.3 ms a page
    return "\x00" in sample or controls > _MAX_CONTROL_SHARE * len(sample)
