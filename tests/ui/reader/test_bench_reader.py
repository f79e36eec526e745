"""The reader benchmark still runs (tiny sizes); the real figures come from running it alone."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[3] / "bench" / "bench_reader.py"


def test_the_reader_benchmark_runs_and_prints_every_figure() -> None:
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, str(SCRIPT), "--quick"],
        capture_output=True,
        text=True,
        timeout=120,
        env=environment,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    for figure in (
        "open + paint",
        "setFormats up front",
        "QSyntaxHighlighter",
        "add one",
        "remove one",
        "scroll one page",
    ):
        assert figure in result.stdout
