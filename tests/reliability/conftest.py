"""Fixtures of the reliability tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.reliability.support import Revisions


@pytest.fixture
def revisions(tmp_path: Path) -> Iterator[Revisions]:
    copy = Revisions(tmp_path / "migrations")
    try:
        yield copy
    finally:
        copy.use_real()
