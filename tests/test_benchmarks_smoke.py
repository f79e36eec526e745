"""Every benchmark script still runs, at toy sizes (``--quick``), and reports its figures.

Not a measurement and no timing is asserted: the figures come from running the scripts alone
(``python bench/run_all.py``, docs/performance.md). Projects are built in a temporary cache.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench"
# script -> words every run's figures must mention
EXPECTED = {
    "bench_startup.py": ("painted main window", "usable project"),
    "bench_window.py": ("open", "add one highlight", "remove one highlight", "scroll one page"),
    "bench_export.py": ("to CSV", "csv.writer alone"),
    "bench_import.py": ("text articles", "longest pause", "import-claims"),
    "bench_tables.py": ("article list: open", "claims table: sort by quote", "filter by text"),
    "bench_stalls.py": ("longest pause: next claim", "accept the suggestion", "open the article"),
}


def _run(arguments: list[str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    environment = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "SOURCEMARK_BENCH_CACHE": str(tmp_path / "cache"),
    }
    return subprocess.run(
        [sys.executable, *arguments],
        capture_output=True,
        text=True,
        timeout=180,
        env=environment,
        check=False,
    )


@pytest.mark.parametrize("script", sorted(EXPECTED))
def test_the_benchmark_runs_and_reports_its_figures(script: str, tmp_path: Path) -> None:
    out = tmp_path / "figures.json"
    result = _run([str(BENCH / script), "--quick", "--json", str(out)], tmp_path)
    assert result.returncode == 0, result.stderr[-3000:]
    figures = json.loads(out.read_text(encoding="utf-8"))
    names = " | ".join(figure["what"] for figure in figures)
    for expected in EXPECTED[script]:
        assert expected in names, f"{expected!r} missing from {names}"
    assert all(figure["value"] > 0 for figure in figures)
    assert "floor (same run)" in result.stdout  # the table was printed


def test_run_all_gathers_one_table(tmp_path: Path) -> None:
    markdown = tmp_path / "table.md"
    result = _run(
        [str(BENCH / "run_all.py"), "--quick", "--only", "export", "--markdown", str(markdown)],
        tmp_path,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "export" in result.stdout and "ratio" in result.stdout
    assert markdown.read_text(encoding="utf-8").startswith("| what | target |")
