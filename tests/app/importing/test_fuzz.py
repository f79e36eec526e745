"""Random, truncated and damaged bytes in every format: a message, never a traceback."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sourcemark.app.importing import SUPPORTED_SUFFIXES, ArticleDraft, ImportFailure, read_file
from tests.app.importing.makers import (
    docx_document,
    email_message,
    mhtml_archive,
    news_page,
    odt_document,
    two_column_pdf,
)

PAGE = news_page()
VALID: dict[str, bytes] = {
    ".txt": "Minister denies\r\n\r\nCafé “quoted” €5.".encode("cp1252"),
    ".md": b"---\ntitle: T\ndate: 2024-03-05\n---\n# Heading\n\nBody",
    ".html": PAGE.encode(),
    ".mhtml": mhtml_archive(PAGE),
    ".docx": docx_document(),
    ".odt": odt_document(),
    ".pdf": two_column_pdf(),
    ".eml": email_message(plain="Body text", html=PAGE),
    ".csv": b'title;text;date\r\nA;"Body, with ""quotes""";05.03.2024\r\n',
    ".jsonl": b'{"title": "A", "text": "Body", "authors": ["x"]}\n{"text": "B"}\n',
}
SUFFIXES = sorted(SUPPORTED_SUFFIXES)
FUZZ = settings(
    max_examples=int(os.environ.get("SOURCEMARK_FUZZ_EXAMPLES", "25")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


@pytest.fixture(scope="module")
def folder() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as name:
        yield Path(name)


def read_only_failing_politely(folder: Path, suffix: str, data: bytes) -> None:
    path = folder / f"fuzzed{suffix}"
    path.write_bytes(data)
    try:
        drafts = read_file(path)
    except ImportFailure as failure:
        message = str(failure)
        assert message.startswith(path.name) and "\n" not in message
    else:
        assert drafts and all(isinstance(d, ArticleDraft) and d.text.strip() for d in drafts)


@pytest.mark.parametrize("suffix", SUFFIXES)
@FUZZ
@given(data=st.binary(max_size=3000))
def test_random_bytes(folder: Path, suffix: str, data: bytes) -> None:
    read_only_failing_politely(folder, suffix, data)


def _base(suffix: str) -> bytes:
    aliases = {
        ".text": ".txt",
        ".markdown": ".md",
        ".htm": ".html",
        ".xhtml": ".html",
        ".mht": ".mhtml",
        ".tsv": ".csv",
        ".ndjson": ".jsonl",
    }
    return VALID[aliases.get(suffix, suffix)]


@pytest.mark.parametrize("suffix", SUFFIXES)
@FUZZ
@given(
    cut=st.floats(0, 1), flips=st.lists(st.tuples(st.floats(0, 1), st.integers(0, 255)), max_size=8)
)
def test_truncated_and_damaged_documents(
    folder: Path, suffix: str, cut: float, flips: list[tuple[float, int]]
) -> None:
    data = bytearray(_base(suffix))
    data = data[: max(1, int(len(data) * cut))] if cut < 1 else data
    for where, value in flips:
        data[min(len(data) - 1, int(len(data) * where))] = value
    read_only_failing_politely(folder, suffix, bytes(data))
