"""How long the CSV export of 100,000 claims takes, beside the floor of the csv module alone.

Run: python bench/bench_export.py [--claims N] [--repeat R]

Builds a temporary project with Core bulk inserts (quotes of 40-200 characters, a fifth of
the claims with two tags, some notes with line breaks, some cells that need formula escaping),
exports it with ``export_claims_csv`` R times, then writes the same rows with the csv module
alone from lists already in memory: the difference is what reading the database, converting
timestamps and escaping formulas cost. Reports the best wall-clock time and the best CPU time
of the process (the CPU time is steadier when other programs share the machine).
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert, select

from sourcemark.app.claims import ClaimFilter
from sourcemark.app.exporting.csv_export import ExportOptions, export_claims_csv
from sourcemark.app.projects import open_project
from sourcemark.db.models import Article, Claim, ClaimTag, Tag

ARTICLES = 1000
# News text: mostly ASCII, with curly quotes and the odd accented word.
WORDS: tuple[str, ...] = ("the", "minister", "said", "officials", "familiar", "with")
WORDS += ("matter", "according", "to", "a", "report,", "“we", "will”", "not", "in", "of")
WORDS += ("and", "Zürich", "talks.")


def build(path: Path, claims: int) -> None:
    project = open_project(path, annotator="bench")
    rng = random.Random(7)
    now = datetime.now(UTC).replace(tzinfo=None)
    try:
        with project.db.write() as session:
            connection = session.connection()
            tag_ids = list(session.scalars(select(Tag.id)))
            text = " ".join(rng.choice(WORDS) for _ in range(2000))
            connection.execute(
                insert(Article),
                [
                    {
                        "title": f"Article {i}: the minister said",
                        "outlet": "Outlet, Inc.",
                        "url": f"https://example.org/news/{i}",
                        "published": "2024-05-01",
                        "text": text,
                        "content_hash": f"{i:064x}",
                        "imported_at": now,
                        "updated_at": now,
                    }
                    for i in range(ARTICLES)
                ],
            )
            article_ids = list(session.scalars(select(Article.id)))
            rows = []
            for i in range(claims):
                start = rng.randrange(0, 9000)
                end = start + rng.randrange(40, 200)
                created = now - timedelta(seconds=i)
                rows.append(
                    {
                        "article_id": article_ids[i % ARTICLES],
                        "start": start,
                        "end": end,
                        "quote": text[start:end],
                        "prefix": text[max(0, start - 32) : start],
                        "suffix": text[end : end + 32],
                        "speaker": ("Dr. María “Mia” O'Neil", "محمد", "=HYPERLINK()")[i % 3],
                        "affiliation": "Institute, Berlin",
                        "cue": "said",
                        "note": "line one\nline two" if i % 10 == 0 else "",
                        "status": "confirmed" if i % 4 == 0 else "unreviewed",
                        "reviewer": "bench" if i % 4 == 0 else "",
                        "reviewed_at": created if i % 4 == 0 else None,
                        "annotator": "bench",
                        "origin": "manual",
                        "created_at": created,
                        "updated_at": created,
                    }
                )
            connection.execute(insert(Claim), rows)
            claim_ids = list(session.scalars(select(Claim.id)))
            links = [{"claim_id": c, "tag_id": tag_ids[c % len(tag_ids)]} for c in claim_ids]
            links += [
                {"claim_id": c, "tag_id": tag_ids[(c + 1) % len(tag_ids)]} for c in claim_ids[::5]
            ]
            connection.execute(insert(ClaimTag), links)
    finally:
        project.close()


def best_of(repeat: int, run: Callable[[], object]) -> tuple[float, float]:
    """The best wall-clock and the best CPU seconds of ``repeat`` runs."""
    walls, cpus = [], []
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        run()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return min(walls), min(cpus)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        os.environ.setdefault("SOURCEMARK_HOME", folder)
        path = Path(folder) / "bench.sourcemark"
        began = time.perf_counter()
        build(path, args.claims)
        print(f"set-up: {args.claims:,} claims in {time.perf_counter() - began:.1f} s")
        project = open_project(path, annotator="bench")
        out = Path(folder) / "claims.csv"
        rows = export_claims_csv(project, out)
        size = out.stat().st_size / 1e6
        with out.open(newline="", encoding="utf-8") as file:
            in_memory = list(csv.reader(file))
        results = {
            "export_claims_csv, defaults (formula escaping on)": best_of(
                args.repeat, lambda: export_claims_csv(project, out)
            ),
            "export_claims_csv, escape_formulas=False": best_of(
                args.repeat,
                lambda: export_claims_csv(project, out, ExportOptions(escape_formulas=False)),
            ),
            "export_claims_csv, --status confirmed (1/4)": best_of(
                args.repeat,
                lambda: export_claims_csv(
                    project, out, ExportOptions(ClaimFilter(statuses=["confirmed"]))
                ),
            ),
        }
        project.close()
        floor_path = Path(folder) / "floor.csv"

        def floor() -> None:
            with floor_path.open("w", newline="", encoding="utf-8") as file:
                csv.writer(file, lineterminator="\r\n").writerows(in_memory)

        results["floor: csv.writer alone, same rows from memory"] = best_of(args.repeat, floor)
        print(f"rows: {rows:,} ({size:.1f} MB), best of {args.repeat}")
        print(f"{'':50} {'wall':>8} {'cpu':>8}")
        for name, (wall, cpu) in results.items():
            print(f"{name:50} {wall:7.3f}s {cpu:7.3f}s")


if __name__ == "__main__":
    main()
