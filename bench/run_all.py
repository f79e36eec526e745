"""Run every benchmark and print one table: what, target, median, floor (same run), ratio.

Run: python bench/run_all.py [--quick] [--runs N] [--only startup,window,...]
     [--markdown FILE] [--json FILE]

Each benchmark runs alone in its own process (so one's memory and caches do not colour the
next), writes its figures as JSON, and this script gathers them. The projects the benchmarks
need are built once and cached (``bench/data.py``; ``$SOURCEMARK_BENCH_CACHE`` moves the
cache). ``--quick`` runs everything at toy sizes, once: a check that the scripts work, not a
measurement. A full run takes about ten minutes on a 2-core machine.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import Figure, load_average, read_json, render, write_json

HERE = Path(__file__).resolve().parent
# (name, script, extra arguments for a full run): the order of the table.
BENCHMARKS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("startup", "bench_startup.py", ()),
    ("window", "bench_window.py", ()),
    ("export", "bench_export.py", ()),
    ("import", "bench_import.py", ()),
    ("tables", "bench_tables.py", ()),
    ("stalls", "bench_stalls.py", ()),
    ("reader", "bench_reader.py", ("--no-memory",)),
)


def run_one(script: str, arguments: list[str], json_path: Path) -> tuple[list[Figure], str]:
    """Run one benchmark script; its figures, or none and what it printed when it failed."""
    command = [sys.executable, str(HERE / script), *arguments, "--json", str(json_path)]
    environment = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    result = subprocess.run(command, capture_output=True, text=True, env=environment, check=False)
    if result.returncode != 0 or not json_path.exists():
        return [], (result.stdout + result.stderr)[-2000:]
    return read_json(json_path), ""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="toy sizes, one run each")
    parser.add_argument("--runs", type=int, help="runs per figure (default: each script's)")
    parser.add_argument(
        "--only", help="comma-separated names: " + ", ".join(b[0] for b in BENCHMARKS)
    )
    parser.add_argument(
        "--markdown", type=Path, metavar="FILE", help="also write the table as Markdown"
    )
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write every figure as JSON")
    args = parser.parse_args(argv)
    chosen = set(args.only.split(",")) if args.only else {b[0] for b in BENCHMARKS}
    unknown = chosen - {b[0] for b in BENCHMARKS}
    if unknown:
        parser.error(f"unknown benchmark(s): {', '.join(sorted(unknown))}")
    figures: list[Figure] = []
    failures: list[str] = []
    began, load_before = time.perf_counter(), load_average()
    with tempfile.TemporaryDirectory() as folder:
        for name, script, extra in BENCHMARKS:
            if name not in chosen:
                continue
            arguments = ["--quick"] if args.quick else list(extra)
            if args.runs and not args.quick:
                arguments += ["--runs" if name != "reader" else "--repeat", str(args.runs)]
            print(f"running {script} {' '.join(arguments)}…", file=sys.stderr, flush=True)
            found, output = run_one(script, arguments, Path(folder) / f"{name}.json")
            if not found:
                failures.append(f"{script} failed:\n{output}")
            figures += found
    minutes = (time.perf_counter() - began) / 60
    print(f"load average before: {load_before}, after: {load_average()}; {minutes:.1f} min")
    print(render(figures))
    if args.markdown is not None:
        args.markdown.write_text(render(figures, markdown=True) + "\n", encoding="utf-8")
    if args.json is not None:
        write_json(figures, args.json)
    for failure in failures:
        print(failure, file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
