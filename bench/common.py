"""What every benchmark shares: timing medians, the machine's load, and the figures table.

A figure is one measured median beside the floor measured in the same run (what the bare
platform needs for the same job), its ratio and the target. Every script prints its figures
as a table and, with ``--json FILE``, writes them for ``bench/run_all.py`` to collect.

Wall-clock time is what a person waits; the process's CPU time is printed too, because other
programs on a shared 2-core machine inflate the first and barely the second.
"""

from __future__ import annotations

import argparse
import atexit
import gc
import json
import os
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path


@dataclass
class Figure:
    """One row of the table. Times are in ms, memory in MB."""

    what: str
    value: float  # median, wall clock (or MB)
    target: float | None = None
    floor: float | None = None
    floor_what: str = ""
    unit: str = "ms"
    cpu: float | None = None  # median CPU time of this process, when meaningful
    runs: int = 1
    note: str = ""

    @property
    def ratio(self) -> float | None:
        if self.floor is None or not self.floor:
            return None
        return self.value / self.floor

    @property
    def verdict(self) -> str:
        if self.target is None:
            return ""
        return "ok" if self.value <= self.target else "OVER"


@dataclass
class Samples:
    """Wall and CPU seconds of repeated runs; medians in ms."""

    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)

    @contextmanager
    def measure(self) -> Iterator[None]:
        wall, cpu = time.perf_counter(), time.process_time()
        yield
        self.wall.append(time.perf_counter() - wall)
        self.cpu.append(time.process_time() - cpu)

    @property
    def wall_ms(self) -> float:
        return statistics.median(self.wall) * 1000

    @property
    def cpu_ms(self) -> float:
        return statistics.median(self.cpu) * 1000

    def figure(self, what: str, **details: object) -> Figure:
        return Figure(what, self.wall_ms, cpu=self.cpu_ms, runs=len(self.wall), **details)  # type: ignore[arg-type]


def private_home() -> None:
    """Give the benchmark a Sourcemark home of its own (settings, daily backups), removed when
    it ends: opening a benchmark project takes its daily backup there, up to ~430 MB a run,
    which filled the disk once they were left behind."""
    if "SOURCEMARK_HOME" in os.environ:
        return
    home = tempfile.mkdtemp(prefix="sourcemark-bench-home-")
    os.environ["SOURCEMARK_HOME"] = home
    atexit.register(shutil.rmtree, home, ignore_errors=True)


def repeat(
    runs: int, job: Callable[[], object], *, setup: Callable[[], object] | None = None
) -> Samples:
    """Time ``job`` ``runs`` times (``setup`` untimed before each), collecting garbage first so
    an earlier run's debris is not billed to the next."""
    samples = Samples()
    for _ in range(runs):
        if setup is not None:
            setup()
        gc.collect()
        with samples.measure():
            job()
    return samples


def load_average() -> str:
    try:
        return " ".join(f"{value:.2f}" for value in os.getloadavg())
    except OSError:
        return "unknown"


# -- the table ----------------------------------------------------------------------------------


def _amount(value: float | None, unit: str) -> str:
    if value is None:
        return "-"
    if unit == "ms" and value >= 10_000:
        return f"{value / 1000:.1f} s"
    if unit == "ms" and value >= 1000:
        return f"{value / 1000:.2f} s"
    if value >= 100:
        return f"{value:.0f} {unit}"
    return f"{value:.1f} {unit}"


def _target(figure: Figure) -> str:
    if figure.target is None:
        return "-"
    return "≤ " + _amount(figure.target, figure.unit).replace(".00 s", " s").replace(".0 ", " ")


def render(figures: list[Figure], *, markdown: bool = False) -> str:
    """The figures as one table (plain text, or Markdown for docs/performance.md)."""
    header = ("what", "target", "median", "cpu", "floor (same run)", "ratio", "")
    rows = [
        (
            figure.what,
            _target(figure),
            _amount(figure.value, figure.unit),
            _amount(figure.cpu, figure.unit) if figure.cpu is not None else "-",
            f"{_amount(figure.floor, figure.unit)} {figure.floor_what}".strip()
            if figure.floor is not None
            else (figure.floor_what or "-"),
            f"{figure.ratio:.2f}×" if figure.ratio is not None else "-",
            figure.verdict,
        )
        for figure in figures
    ]
    if markdown:
        lines = ["| " + " | ".join(header[:-1]) + " | |", "|" + "---|" * len(header)]
        lines += ["| " + " | ".join(row) + " |" for row in rows]
        return "\n".join(lines)
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    widths[4] = min(widths[4], 46)
    out = []
    for row in [header, *rows]:
        cells = [
            cell.ljust(width) if i in (0, 4) else cell.rjust(width)
            for i, (cell, width) in enumerate(zip(row, widths, strict=True))
        ]
        out.append("  ".join(cells).rstrip())
    return "\n".join(out)


def write_json(figures: list[Figure], path: Path) -> None:
    path.write_text(json.dumps([asdict(f) for f in figures], indent=1), encoding="utf-8")


def read_json(path: Path) -> list[Figure]:
    return [Figure(**item) for item in json.loads(path.read_text(encoding="utf-8"))]


def standard_arguments(parser: argparse.ArgumentParser, *, runs: int) -> None:
    parser.add_argument("--runs", type=int, default=runs, help=f"runs per figure (default {runs})")
    parser.add_argument(
        "--quick", action="store_true", help="tiny sizes, one run: checks that the script works"
    )
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write the figures here")


def report(figures: list[Figure], json_path: Path | None, *, load_before: str) -> None:
    print(f"load average before: {load_before}, after: {load_average()}")
    print(render(figures))
    if json_path is not None:
        write_json(figures, json_path)
