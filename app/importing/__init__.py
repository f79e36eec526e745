"""Readers that turn files and the clipboard into article drafts.

``read_file`` reads one file (bulk CSV and JSON Lines files give many drafts),
``iter_sources`` expands folders, ``read_clipboard`` reads pasted text or HTML; each raises
``ImportFailure`` with one readable line. ``batch.import_paths`` saves what they read into a
project, one file per transaction. Formats, limits and dependencies: docs/importing.md.
"""

from __future__ import annotations

from sourcemark.app.importing.archive import MAX_UNPACKED_BYTES
from sourcemark.app.importing.clipboard import read_clipboard
from sourcemark.app.importing.draft import (
    MAX_FILE_BYTES,
    MAX_TEXT_CHARS,
    ArticleDraft,
    ImportFailure,
)
from sourcemark.app.importing.sources import SUPPORTED_SUFFIXES, iter_sources, read_file

__all__ = [
    "MAX_FILE_BYTES",
    "MAX_TEXT_CHARS",
    "MAX_UNPACKED_BYTES",
    "SUPPORTED_SUFFIXES",
    "ArticleDraft",
    "ImportFailure",
    "iter_sources",
    "read_clipboard",
    "read_file",
]
