"""Importing: 1,000 text articles through the window, and 100,000 claims from a CSV file.

Run: python bench/bench_import.py [--articles 1000] [--claims 100000] [--runs 3] [--quick]
     [--only articles|claims] [--json FILE]

- 1,000 plain-text articles of ~5,000 characters (``bench/data.py``) imported the way File →
  Import does it: ``file_actions.import_files`` in the real main window, the work on a worker
  thread, each article in its own transaction. Measured: the time until the import is done,
  and the longest the window's event loop went without running (a 5 ms heartbeat timer on
  the GUI thread: how long a click or a repaint would have waited). Floor: reading the same
  files with the importers, saving nothing.
- ``sourcemark import-claims``'s work: the CSV export of the 10,000-article / 100,000-claim
  project imported into a copy of that project without claims. Floor: the csv module reading
  the file plus sqlite3 inserting the same claim and tag rows the way the importer does (the
  tables' plain indexes dropped and built again after the rows, one transaction, the
  project's journal and sync); both parts are printed too.
"""

from __future__ import annotations

import argparse
import csv
import os
import shutil
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from bench.common import (
    Figure,
    Samples,
    load_average,
    private_home,
    repeat,
    report,
    standard_arguments,
)
from bench.data import ProjectSpec, cached_project, write_text_files
from sourcemark.app.exporting.csv_export import export_claims_csv
from sourcemark.app.importing.claims_csv import import_claims_csv
from sourcemark.app.importing.sources import read_file
from sourcemark.app.projects import open_project
from sourcemark.app.settings import Settings
from sourcemark.db.rows import BULK_CACHE_KIB
from sourcemark.ui import file_actions
from sourcemark.ui.main_window import MainWindow

TARGET_ARTICLES_MS = 5000.0
TARGET_STALL_MS = 100.0  # a pause a person does not notice as the window freezing
TARGET_CLAIMS_MS = 1500.0


class Heartbeat:
    """Records the longest gap between runs of the GUI thread's event loop."""

    def __init__(self) -> None:
        self.timer = QTimer()
        self.timer.setInterval(5)
        self.timer.timeout.connect(self.beat)
        self.last = 0.0
        self.longest = 0.0

    def start(self) -> None:
        self.last, self.longest = time.perf_counter(), 0.0
        self.timer.start()

    def beat(self) -> None:
        now = time.perf_counter()
        self.longest = max(self.longest, now - self.last)
        self.last = now

    def stop(self) -> float:
        self.timer.stop()
        self.beat()
        return self.longest * 1000


def articles_figures(folder: Path, count: int, runs: int) -> list[Figure]:
    files = write_text_files(folder / "articles", count)
    took, stalls = Samples(), []
    heart = Heartbeat()
    for run in range(runs):
        window = MainWindow(open_project(folder / f"import-{run}.sourcemark"), Settings())
        window.show()
        QApplication.processEvents()
        heart.start()
        with took.measure():
            report_ = file_actions.import_files(window, window.context, [folder / "articles"])
        stalls.append(heart.stop())
        assert report_ is not None and len(report_.imported) == count, "import failed"
        window.close()
        QApplication.processEvents()
    floor = repeat(runs, lambda: [read_file(path) for path in files])
    stall = Samples(wall=[s / 1000 for s in stalls])
    return [
        took.figure(
            f"import {count:,} text articles (window, worker thread)",
            target=TARGET_ARTICLES_MS,
            floor=floor.wall_ms,
            floor_what="reading the files, no saving",
        ),
        Figure(
            "  longest pause of the window's event loop meanwhile",
            stall.wall_ms,
            target=TARGET_STALL_MS,
            runs=runs,
        ),
    ]


def claims_figures(folder: Path, articles: int, claims: int, runs: int) -> list[Figure]:
    source = cached_project(ProjectSpec(articles, claims))
    exported = folder / "claims.csv"
    project = open_project(shutil.copyfile(source, folder / "source.sourcemark"), annotator="bench")
    export_claims_csv(project, exported)
    project.close()
    empty = folder / "empty.sourcemark"

    def fresh() -> None:
        shutil.copyfile(source, empty)
        for suffix in ("-wal", "-shm"):
            Path(f"{empty}{suffix}").unlink(missing_ok=True)
        with sqlite3.connect(empty) as connection:
            connection.execute("DELETE FROM claim_tags")
            connection.execute("DELETE FROM claims")
        connection.close()

    outcome: list[int] = []

    def run() -> None:
        project = open_project(empty, annotator="bench")
        try:
            outcome.append(import_claims_csv(project, exported).claims)
        finally:
            project.close()

    took = repeat(runs, run, setup=fresh)
    with sqlite3.connect(f"file:{source}?mode=ro", uri=True) as reader:
        columns = [row[1] for row in reader.execute("PRAGMA table_info(claims)")]
        # The claims the export holds: pending and rejected suggestions are left out.
        kept = "origin NOT IN ('suggested', 'rejected')"
        claim_rows = reader.execute(
            f"SELECT * FROM claims WHERE {kept} ORDER BY article_id, start"
        ).fetchall()
        tag_rows = reader.execute(
            f"SELECT * FROM claim_tags WHERE claim_id IN (SELECT id FROM claims WHERE {kept})"
        ).fetchall()
    reader.close()

    def read_csv() -> None:
        with exported.open(encoding="utf-8", newline="") as file:
            for _ in csv.reader(file):
                pass

    def insert_rows() -> None:
        """SQLite's part done the importer's way (``db.rows.indexes_built_after``): the
        tables' plain indexes dropped, the rows inserted, the indexes built again, with the
        project's journal and a bulk cache, in one transaction."""
        connection = sqlite3.connect(empty, isolation_level=None)
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("PRAGMA synchronous=FULL")
        connection.execute(f"PRAGMA cache_size={BULK_CACHE_KIB}")
        connection.execute("BEGIN IMMEDIATE")
        indexes = connection.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
            " AND tbl_name IN ('claims', 'claim_tags') AND sql NOT LIKE 'CREATE UNIQUE%'"
        ).fetchall()
        for name, _sql in indexes:
            connection.execute(f'DROP INDEX "{name}"')
        names = ", ".join(f'"{c}"' for c in columns)
        marks = ", ".join("?" * len(columns))
        connection.executemany(f"INSERT INTO claims ({names}) VALUES ({marks})", claim_rows)
        connection.executemany("INSERT INTO claim_tags VALUES (?, ?)", tag_rows)
        for _name, sql in indexes:
            connection.execute(sql)
        connection.execute("COMMIT")
        connection.close()

    def floor() -> None:
        read_csv()
        insert_rows()

    floor_samples = repeat(runs, floor, setup=fresh)
    reading = repeat(runs, read_csv)
    inserting = repeat(runs, insert_rows, setup=fresh)
    with exported.open(encoding="utf-8", newline="") as file:
        rows = sum(1 for _ in csv.reader(file)) - 1
    return [
        took.figure(
            f"import-claims: {outcome[-1]:,} claims from {rows:,} CSV rows",
            target=TARGET_CLAIMS_MS,
            floor=floor_samples.wall_ms,
            floor_what="csv.reader + sqlite3 inserts, indexes built after",
        ),
        reading.figure("  (the floor's parts: csv.reader alone)"),
        inserting.figure("  (sqlite3 alone: indexes dropped, rows inserted, indexes built)"),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    standard_arguments(parser, runs=3)
    parser.add_argument("--articles", type=int, default=1000, help="text files to import")
    parser.add_argument("--claims", type=int, default=100_000, help="claims in the CSV")
    parser.add_argument(
        "--only", choices=("articles", "claims"), help="run one of the two benchmarks"
    )
    args = parser.parse_args(argv)
    private_home()
    QApplication.instance() or QApplication(sys.argv[:1])
    files, claims = (20, 300) if args.quick else (args.articles, args.claims)
    runs = 1 if args.quick else args.runs
    load_before = load_average()
    with tempfile.TemporaryDirectory() as folder:
        figures = []
        if args.only != "claims":
            figures += articles_figures(Path(folder), files, runs)
        if args.only != "articles":
            figures += claims_figures(Path(folder), max(claims // 10, 10), claims, runs)
    report(figures, args.json, load_before=load_before)
    return 0


if __name__ == "__main__":
    sys.exit(main())
