"""How long the CSV export of 100,000 claims takes, beside floors measured in the same run.

Run: python bench/bench_export.py [--claims 100000] [--articles 10000] [--runs 5] [--quick]
     [--json FILE]

The project comes from ``bench/data.py``: 10,000 articles of ~5,000 characters and 100,000
claims of 20-300 characters made article by article, one in eight with two tags, most with a
speaker and cue, some notes with line breaks and commas, a few cells that need formula
escaping, 5% pending or rejected suggestions (left out, as by default): about 107,000 rows,
58 MB, as wide as real exports (28 columns).

Figures (medians of wall-clock time, with the process's CPU time beside them):
- ``export_claims_csv`` with the defaults (formula escaping on), without escaping, and with
  a status filter (the confirmed claims, 7%); with the defaults, written by one process
  (a big export's second half is otherwise written by a second one, ``csv_process``);
- floor: sqlite3 reading the same claim columns (what any export must read), no CSV;
- for comparison: the csv module alone writing the same rows from memory.
"""

from __future__ import annotations

import argparse
import csv
import sqlite3
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import Figure, load_average, private_home, repeat, report, standard_arguments
from bench.data import ProjectSpec, cached_project
from sourcemark.app.claims import ClaimFilter
from sourcemark.app.exporting import csv_export
from sourcemark.app.exporting.csv_export import ExportOptions, export_claims_csv
from sourcemark.app.projects import open_project

TARGET_MS = 1000.0
# What the export reads from the claims table, in the same order (app/exporting/csv_export).
FLOOR_SQL = (
    'SELECT claims.uuid, claims.article_id, claims.quote, claims.start, claims."end", '
    "claims.speaker, claims.affiliation, claims.cue, claims.quote_form, claims.status, "
    "claims.note, claims.reviewer_note, claims.annotator, claims.created_at, claims.updated_at, "
    "claims.id, claims.origin, claims.reviewer, claims.reviewed_at, claims.evidence, "
    "claim_tags.tag_id FROM claims LEFT OUTER JOIN claim_tags ON claim_tags.claim_id = claims.id "
    "WHERE claims.origin NOT IN ('suggested', 'rejected') "
    'ORDER BY claims.article_id, claims.start, claims."end", claims.id, claim_tags.tag_id'
)


def measure(path: Path, runs: int, claims: int) -> list[Figure]:
    project = open_project(path, annotator="bench")
    out = path.with_name("claims.csv")
    rows = export_claims_csv(project, out)
    megabytes = out.stat().st_size / 1e6
    with out.open(newline="", encoding="utf-8") as file:
        in_memory = list(csv.reader(file))

    def export(options: ExportOptions | None = None) -> None:
        export_claims_csv(project, out, options)

    default = repeat(runs, export)
    plain = repeat(runs, lambda: export(ExportOptions(escape_formulas=False)))
    confirmed = repeat(runs, lambda: export(ExportOptions(ClaimFilter(statuses=["confirmed"]))))
    split_from = csv_export.SPLIT_MIN_CLAIMS
    csv_export.SPLIT_MIN_CLAIMS = sys.maxsize
    try:
        one_process = repeat(runs, export)
    finally:
        csv_export.SPLIT_MIN_CLAIMS = split_from
    project.close()
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)

    def read_rows() -> None:
        cursor = connection.execute(FLOOR_SQL)
        while cursor.fetchmany(2000):
            pass

    floor = repeat(runs, read_rows)
    connection.close()
    floor_path = path.with_name("floor.csv")

    def csv_alone() -> None:
        with floor_path.open("w", newline="", encoding="utf-8") as file:
            csv.writer(file, lineterminator="\r\n").writerows(in_memory)

    csv_module = repeat(runs, csv_alone)
    shape = f"{claims:,} claims, {rows:,} rows, {megabytes:.0f} MB"
    details = {"floor": floor.wall_ms, "floor_what": "sqlite3 reading the rows"}
    return [
        default.figure(f"export {shape} to CSV", target=TARGET_MS, **details),
        plain.figure("  the same, formula escaping off", **details),
        confirmed.figure("  the same, --status confirmed", **details),
        one_process.figure("  the same, written by one process (no second one)", **details),
        csv_module.figure("  (for comparison: csv.writer alone, same rows from memory)"),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    standard_arguments(parser, runs=5)
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, dest="runs", help=argparse.SUPPRESS)  # old name
    args = parser.parse_args(argv)
    private_home()
    articles, claims = (20, 300) if args.quick else (args.articles, args.claims)
    runs = 1 if args.quick else args.runs
    load_before = load_average()
    with tempfile.TemporaryDirectory() as folder:
        path = cached_project(ProjectSpec(articles, claims), copy_to=Path(folder) / "x.sourcemark")
        figures = measure(path, runs, claims)
    report(figures, args.json, load_before=load_before)
    return 0


if __name__ == "__main__":
    sys.exit(main())
