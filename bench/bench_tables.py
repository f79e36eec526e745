"""The article list and the claims table of a big project: open, sort and filter, painted.

Run: python bench/bench_tables.py [--articles 10000] [--claims 100000] [--runs 5] [--quick]
     [--json FILE]

The project (``bench/data.py``: articles of ~5,000 characters, claims of 20-300 characters)
is opened in the real main window; each figure is the median time from the action to the
panel repainted, through the panels' own slots and models:

- article list: reload (what opening the project or importing does: the list before held
  other rows), reload again with the same articles (what editing an article's details
  does), sort by title, type a filter; floor: sqlite3 reading the list's columns for every
  article, plus repainting the unchanged panel.
- claims table, whole project: switch to it (every claim), sort by each column, filter by
  status, tag and text; floor: sqlite3 reading every claim's id in reading order, plus
  repainting the unchanged panel. The ids are read the fastest way known, as one JSON array
  (``json_group_array``, parsed by ``json.loads``), the way ``app/claim_rows.py`` reads
  them: row by row from the cursor took twice as long, and the floor would not be one.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QHeaderView

from bench.bench_window import paint
from bench.common import (
    Figure,
    Samples,
    load_average,
    private_home,
    repeat,
    report,
    standard_arguments,
)
from bench.data import ProjectSpec, cached_project
from sourcemark.app.projects import open_project
from sourcemark.app.settings import Settings
from sourcemark.ui.main_window import MainWindow
from sourcemark.ui.panels.article_table import TITLE
from sourcemark.ui.panels.claims_model import ANNOTATOR, ARTICLE, QUOTE, SPEAKER, STATUS, TAGS

TARGET_MS = 100.0
SORTS = {
    "quote": QUOTE,
    "tags": TAGS,
    "speaker": SPEAKER,
    "status": STATUS,
    "annotator": ANNOTATOR,
    "article": ARTICLE,
}


def sql_floor(path: Path, sql: str, runs: int, *, json_array: bool = False) -> Samples:
    """``sql``'s rows read by sqlite3; with ``json_array``, its one column as one JSON array."""
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    if json_array:
        sql = f"SELECT json_group_array(id) FROM ({sql})"
    try:
        if json_array:
            return repeat(runs, lambda: json.loads(connection.execute(sql).fetchone()[0]))
        return repeat(runs, lambda: connection.execute(sql).fetchall())
    finally:
        connection.close()


def article_list_figures(window: MainWindow, path: Path, runs: int) -> list[Figure]:
    panel = window.article_list
    floor = sql_floor(
        path,
        "SELECT id, uuid, title, outlet, author, url, published, imported_at, source_filename, "
        "source_format, content_hash, length FROM articles ORDER BY imported_at DESC, id DESC",
        runs,
    )
    figures = []

    def reload() -> None:
        panel.reload()
        paint(panel)

    def empty() -> None:
        panel.model.set_rows([])  # as another project's list: the new one starts over
        paint(panel)

    figures.append(repeat(runs, reload, setup=empty).figure("article list: open (reload), painted"))
    figures.append(
        repeat(runs, reload).figure("article list: reload, same articles (an edit), painted")
    )
    toggle = [Qt.SortOrder.AscendingOrder]

    def sort() -> None:
        toggle[0] = (
            Qt.SortOrder.DescendingOrder
            if toggle[0] == Qt.SortOrder.AscendingOrder
            else Qt.SortOrder.AscendingOrder
        )
        panel.table.sortByColumn(TITLE, toggle[0])
        paint(panel)

    figures.append(repeat(runs, sort).figure("article list: sort by title"))
    needles = ["drone", "minister", "talks", "police", "energy"]

    def filter_() -> None:
        panel.filter_edit.setText(needles[len(needles) - 1])
        needles.insert(0, needles.pop())
        paint(panel)

    figures.append(
        repeat(runs, filter_, setup=lambda: clear(panel.filter_edit)).figure(
            "article list: filter as you type"
        )
    )
    clear(panel.filter_edit)
    repaint = repeat(runs, lambda: paint(panel))
    for figure in figures:
        figure.target, figure.floor = TARGET_MS, floor.wall_ms + repaint.wall_ms
        figure.floor_what = "sqlite3 list query + repaint"
    return figures


def clear(edit: object) -> None:
    edit.clear()  # type: ignore[attr-defined]
    QApplication.processEvents()


def claims_table_figures(window: MainWindow, path: Path, runs: int) -> list[Figure]:
    panel = window.claims_table
    floor = sql_floor(
        path,
        "SELECT id FROM claims WHERE origin NOT IN ('suggested', 'rejected') "
        'ORDER BY article_id, start, "end", id',
        runs,
        json_array=True,
    )
    figures = []

    def scoped(whole: bool) -> Callable[[], None]:
        def run() -> None:
            if panel.whole_project == whole:
                panel.reload()
            else:
                panel.set_whole_project(whole)  # the panel reloads itself
            paint(panel)

        return run

    figures.append(
        repeat(runs, scoped(True), setup=scoped(False)).figure(
            "claims table: open on the whole project"
        )
    )
    scoped(True)()
    for name, column in SORTS.items():
        header = panel.table.horizontalHeader()

        def sort(column: int = column, header: QHeaderView = header) -> None:
            order = (
                Qt.SortOrder.DescendingOrder
                if header.sortIndicatorSection() == column
                and header.sortIndicatorOrder() == Qt.SortOrder.AscendingOrder
                else Qt.SortOrder.AscendingOrder
            )
            panel.table.sortByColumn(column, order)
            paint(panel)

        figures.append(repeat(runs, sort).figure(f"claims table: sort by {name}"))
    panel.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
    paint(panel)

    def choose(combo_name: str, index: int) -> Callable[[], None]:
        def run() -> None:
            combo = getattr(panel, combo_name)
            combo.setCurrentIndex(index)
            panel.reload()  # what the combo's "activated" does; setCurrentIndex does not
            paint(panel)

        return run

    for label, combo, index in (("status", "status_combo", 2), ("tag", "tag_combo", 3)):
        figures.append(
            repeat(runs, choose(combo, index), setup=choose(combo, 0)).figure(
                f"claims table: filter by {label}"
            )
        )
        choose(combo, 0)()

    def by_text() -> None:
        panel.text_edit.setText("minister")
        panel.reload()  # the panel waits for typing to pause; the wait is not the cost
        paint(panel)

    figures.append(
        repeat(runs, by_text, setup=lambda: clear(panel.text_edit)).figure(
            "claims table: filter by text"
        )
    )
    repaint = repeat(runs, lambda: paint(panel))
    for figure in figures:
        figure.target, figure.floor = TARGET_MS, floor.wall_ms + repaint.wall_ms
        figure.floor_what = "sqlite3 ids as JSON + repaint"
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    standard_arguments(parser, runs=5)
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--claims", type=int, default=100_000)
    args = parser.parse_args(argv)
    private_home()
    articles, claims = (50, 500) if args.quick else (args.articles, args.claims)
    runs = 1 if args.quick else args.runs
    QApplication.instance() or QApplication(sys.argv[:1])
    load_before = load_average()
    with tempfile.TemporaryDirectory() as folder:
        path = cached_project(
            ProjectSpec(articles, claims), copy_to=Path(folder) / "tables.sourcemark"
        )
        window = MainWindow(open_project(path, annotator="bench"), Settings())
        window.resize(1340, 900)
        window.show()
        paint(window)
        figures = article_list_figures(window, path, runs)
        figures += claims_table_figures(window, path, runs)
        window.close()
    for figure in figures:
        figure.what += f" ({articles:,} articles, {claims:,} claims)"
    report(figures, args.json, load_before=load_before)
    return 0


if __name__ == "__main__":
    sys.exit(main())
