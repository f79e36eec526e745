"""How fast the reader opens, changes and scrolls big annotated articles, beside bare Qt floors.

Run: python bench/bench_reader.py [--sizes 1:10000,5:50000] [--repeat 5] [--quick]

Generates seeded English-like text (paragraphs, curly quotes, an occasional emoji) and claims of
20-300 characters, some nested in others, then measures, offscreen, medians of:

- open + first paint: ``ReaderView.set_article`` then a synchronous repaint; the floor is a bare
  read-only ``QPlainTextEdit`` given the same text with ``setPlainText`` and painted.
- the same with two other ways to apply the formats, for comparison: every block formatted up
  front with ``QTextLayout.setFormats``, and a ``QSyntaxHighlighter`` over the same index.
- add / remove one highlight on screen, repainted; floor: repainting the unchanged viewport.
- scroll one page and paint it; floor: the same in the bare editor.
  These two time the frame (change + synchronous repaint); what the event loop does between two
  key presses (the reader formats the next page then) runs untimed, for the floor as for us.
- resident memory with the article open, each in a fresh process; floor: the bare editor holding
  the same text, and an empty window.

Each figure is printed beside its floor from the same run, with the ratio and the target.
"""

from __future__ import annotations

import argparse
import gc
import json
import math
import os
import random
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import NamedTuple

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtGui import (
    QColor,
    QSyntaxHighlighter,
    QTextCharFormat,
    QTextDocument,
    QTextLayout,
)
from PySide6.QtWidgets import (
    QAbstractSlider,
    QApplication,
    QPlainTextDocumentLayout,
    QPlainTextEdit,
    QWidget,
)

from sourcemark.ui.reader.highlights import Highlight, HighlightIndex
from sourcemark.ui.reader.offsets import (
    OffsetMap,
    break_positions,
    document_text,
)
from sourcemark.ui.reader.typography import reading_font
from sourcemark.ui.reader.view import ReaderView

WIDTH, HEIGHT = 1280, 800
TAG_COLOURS = ["#e4572e", "#4c6ef5", "#2f9e44", "#f08c00", "#9c36b5", "#1098ad", "#e64980"]
WORDS = [
    "the",
    "of",
    "and",
    "to",
    "in",
    "a",
    "is",
    "that",
    "for",
    "on",
    "with",
    "as",
    "was",
    "by",
    "at",
    "from",
    "said",
    "his",
    "an",
    "were",
    "are",
    "which",
    "this",
    "be",
    "or",
    "has",
    "had",
    "not",
    "but",
    "government",
    "officials",
    "military",
    "minister",
    "according",
    "report",
    "attack",
    "drone",
    "militia",
    "forces",
    "spokesman",
    "president",
    "policy",
    "security",
    "statement",
    "sources",
    "anonymous",
    "expert",
    "analysts",
    "told",
    "reporters",
    "week",
    "country",
    "region",
    "conflict",
    "support",
    "strike",
    "base",
    "air",
    "defence",
    "would",
    "could",
    "should",
    "also",
    "after",
    "before",
    "during",
    "while",
    "because",
    "however",
    "despite",
    "including",
]
NAMES = ["Biden", "Blinken", "Schenker", "Sudani", "Tehran", "Erbil", "Gaza", "Iraq", "Yemen"]
TARGETS = {"open_1": 200.0, "open_5": 500.0, "change": 16.0, "scroll": 16.0, "rss": 300.0}


# -- data -------------------------------------------------------------------------------------


def make_text(characters: int, seed: int = 11) -> str:
    """Seeded news-like prose: sentences of 8-30 words in paragraphs of 2-7 sentences."""
    rng = random.Random(seed)
    paragraphs: list[str] = []
    size = 0
    while size < characters:
        sentences = []
        for _ in range(rng.randint(2, 7)):
            words = [
                rng.choice(NAMES) if rng.random() < 0.06 else rng.choice(WORDS)
                for _ in range(rng.randint(8, 30))
            ]
            if rng.random() < 0.15:
                cut = rng.randint(1, len(words) - 1)
                words[cut] = "“" + words[cut]
                words[-1] = words[-1] + ",”"
            if rng.random() < 0.002:
                words.append("\U0001f4a5")
            sentence = " ".join(words)
            sentences.append(sentence[0].upper() + sentence[1:] + ".")
        paragraph = " ".join(sentences)
        paragraphs.append(paragraph)
        size += len(paragraph) + 1
    return "\n".join(paragraphs)[:characters]


ClaimRow = tuple[int, int, int, tuple[str, ...], bool]


def make_claim_rows(text: str, count: int, seed: int = 5) -> list[ClaimRow]:
    """Claims of 20-300 characters, a quarter nested inside the one before; sorted by start,
    as the claims service returns them."""
    rng = random.Random(seed)
    rows: list[ClaimRow] = []
    limit = len(text)
    for claim_id in range(1, count + 1):
        previous = rows[-1] if rows else None
        if previous is not None and rng.random() < 0.25 and previous[2] - previous[1] > 40:
            start = rng.randint(previous[1], previous[2] - 21)
            end = rng.randint(start + 20, previous[2])
        else:
            start = rng.randrange(0, limit - 21)
            end = min(start + rng.randint(20, 300), limit)
        tags = tuple(rng.sample(TAG_COLOURS, 2 if rng.random() < 0.1 else 1))
        rows.append((claim_id, start, end, tags, rng.random() < 0.05))
    rows.sort(key=lambda row: row[1])
    return rows


def make_claims(text: str, count: int, seed: int = 5) -> list[Highlight]:
    return [Highlight(*row) for row in make_claim_rows(text, count, seed)]


def time_building(rows: list[ClaimRow], repeat: int) -> Timing:
    """What the caller pays to turn database rows into Highlight values."""
    samples = Samples()
    for _ in range(repeat):
        with collected(), samples.measure():
            built = [Highlight(*row) for row in rows]
        del built
    return samples.median()


# -- measuring --------------------------------------------------------------------------------


@contextmanager
def collected() -> Iterator[None]:
    """Collect garbage before a timed section so an earlier run's debris is not billed to it."""
    gc.collect()
    yield


class Timing(NamedTuple):
    """Medians in ms: wall clock (what a user waits) and this process's CPU time (what it
    costs us, which other programs on the machine do not inflate)."""

    wall: float
    cpu: float


class Samples:
    def __init__(self) -> None:
        self.wall: list[float] = []
        self.cpu: list[float] = []

    @contextmanager
    def measure(self) -> Iterator[None]:
        wall, cpu = time.perf_counter(), time.process_time()
        yield
        self.wall.append(time.perf_counter() - wall)
        self.cpu.append(time.process_time() - cpu)

    def median(self) -> Timing:
        return Timing(statistics.median(self.wall) * 1000, statistics.median(self.cpu) * 1000)


def paint(widget: QPlainTextEdit) -> None:
    widget.viewport().repaint()
    QApplication.processEvents()


def idle() -> None:
    """What the event loop does between two key presses (untimed): deferred work runs here."""
    QApplication.processEvents()


def bare_editor() -> QPlainTextEdit:
    editor = QPlainTextEdit()
    editor.setReadOnly(True)
    editor.setFont(reading_font())
    editor.resize(WIDTH, HEIGHT)
    editor.show()
    QApplication.processEvents()
    return editor


def reader_view() -> ReaderView:
    view = ReaderView()
    view.resize(WIDTH, HEIGHT)
    view.show()
    QApplication.processEvents()
    return view


def time_open_bare(text: str, repeat: int) -> Timing:
    samples = Samples()
    for _ in range(repeat):
        editor = bare_editor()
        with collected(), samples.measure():
            editor.setPlainText(text)
            paint(editor)
        editor.deleteLater()
        QApplication.processEvents()
    return samples.median()


def time_open_reader(text: str, claims: list[Highlight], repeat: int) -> Timing:
    samples = Samples()
    for _ in range(repeat):
        view = reader_view()
        with collected(), samples.measure():
            view.set_article(text, claims)
            paint(view)
        view.deleteLater()
        QApplication.processEvents()
    return samples.median()


def _index_for(text: str, claims: list[Highlight]) -> tuple[HighlightIndex, OffsetMap, str]:
    starts = [0, *(b + 1 for b in break_positions(text))]
    index = HighlightIndex(starts, len(text))
    index.reset(claims)
    return index, OffsetMap(text, paragraph_gaps=True), document_text(text, paragraph_gaps=True)


def _formats() -> Callable[[object], QTextCharFormat]:
    cache: dict[object, QTextCharFormat] = {}

    def get(style: object) -> QTextCharFormat:
        found = cache.get(style)
        if found is None:
            found = QTextCharFormat()
            found.setBackground(QColor(getattr(style, "fill", None) or "#ffffff"))
            cache[style] = found
        return found

    return get


def time_open_eager(text: str, claims: list[Highlight], repeat: int) -> Timing:
    """Every block formatted with setFormats before the document is attached."""
    samples = Samples()
    for _ in range(repeat):
        editor = bare_editor()
        with collected(), samples.measure():
            index, offsets, shown = _index_for(text, claims)
            document = QTextDocument(editor)
            document.setUndoRedoEnabled(False)
            document.setDocumentLayout(QPlainTextDocumentLayout(document))
            document.setPlainText(shown)
            get = _formats()
            block = document.firstBlock()
            number = 0
            while block.isValid():
                ranges = []
                for segment in index.segments(number):
                    item = QTextLayout.FormatRange()
                    start = offsets.to_utf16(segment.start)
                    item.start = start - block.position()
                    item.length = offsets.to_utf16(segment.end) - start
                    item.format = get(segment.style)
                    ranges.append(item)
                if ranges:
                    block.layout().setFormats(ranges)
                block = block.next()
                number += 1
            editor.setDocument(document)
            paint(editor)
        editor.deleteLater()
        QApplication.processEvents()
    return samples.median()


class _IndexHighlighter(QSyntaxHighlighter):
    def __init__(self, index: HighlightIndex, offsets: OffsetMap, document: QTextDocument) -> None:
        self._index = index
        self._offsets = offsets
        self._get = _formats()
        super().__init__(document)  # attaching highlights every block, at once

    def highlightBlock(self, text: str) -> None:
        block = self.currentBlock()
        base = block.position()
        for segment in self._index.segments(block.blockNumber()):
            start = self._offsets.to_utf16(segment.start)
            length = self._offsets.to_utf16(segment.end) - start
            self.setFormat(start - base, length, self._get(segment.style))


def time_open_syntax_highlighter(text: str, claims: list[Highlight], repeat: int) -> Timing:
    samples = Samples()
    for _ in range(repeat):
        editor = bare_editor()
        with collected(), samples.measure():
            index, offsets, shown = _index_for(text, claims)
            document = QTextDocument(editor)
            document.setUndoRedoEnabled(False)
            document.setDocumentLayout(QPlainTextDocumentLayout(document))
            document.setPlainText(shown)
            _IndexHighlighter(index, offsets, document)  # owned by the document
            editor.setDocument(document)
            paint(editor)
        editor.deleteLater()
        QApplication.processEvents()
    return samples.median()


def time_changes(view: ReaderView, claims: list[Highlight], rounds: int) -> tuple[Timing, Timing]:
    """Add then remove one highlight in the middle of the screen, repainting each time."""
    view.verticalScrollBar().setValue(view.verticalScrollBar().maximum() // 2)
    paint(view)
    point = view.viewport().rect().center()
    codepoint = view.codepoint_at(point)
    if codepoint is None:
        codepoint = view.offsets.to_codepoint(view.cursorForPosition(point).position())
    add, remove = Samples(), Samples()
    colour = TAG_COLOURS[0]
    for round_number in range(rounds):
        claim_id = len(claims) + 1 + round_number
        start = max(codepoint - 30, 0)
        highlight = Highlight(claim_id, start, start + 60, (colour,))
        with add.measure():
            view.set_highlight(highlight)
            view.viewport().repaint()
        idle()
        with remove.measure():
            view.remove_highlight(claim_id)
            view.viewport().repaint()
        idle()
    return add.median(), remove.median()


def time_repaint(widget: QPlainTextEdit, rounds: int) -> Timing:
    samples = Samples()
    for _ in range(rounds):
        with samples.measure():
            widget.viewport().repaint()
        idle()
    return samples.median()


def time_scroll(widget: QPlainTextEdit, pages: int) -> Timing:
    """Page down from the top, painting each page (new blocks are laid out and formatted)."""
    bar = widget.verticalScrollBar()
    bar.setValue(0)
    paint(widget)
    samples = Samples()
    for _ in range(pages):
        with samples.measure():
            bar.triggerAction(QAbstractSlider.SliderAction.SliderPageStepAdd)
            widget.viewport().repaint()
        idle()
    return samples.median()


# -- memory, in fresh processes ---------------------------------------------------------------


def rss_mb() -> float:
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource  # not on Windows; peak rather than current, but close enough here

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def memory_child(kind: str, megabytes: float, claims: int) -> None:
    """Open the article in this fresh process, scroll through a few pages, print RSS."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    if kind == "window":
        window = QWidget()
        window.resize(WIDTH, HEIGHT)
        window.show()
        app.processEvents()
        print(json.dumps({"rss": rss_mb()}))
        return
    text = make_text(int(megabytes * 1_000_000))
    highlights = make_claims(text, claims) if kind == "reader" else []
    widget: QPlainTextEdit
    if kind == "reader":
        view = reader_view()
        view.set_article(text, highlights)
        widget = view
    else:
        widget = bare_editor()
        widget.setPlainText(text)
    del text, highlights
    paint(widget)
    time_scroll(widget, 20)
    gc.collect()
    print(json.dumps({"rss": rss_mb()}))


def measure_rss(kind: str, megabytes: float, claims: int) -> float:
    command = [sys.executable, __file__, "--rss-child", kind, f"--mb={megabytes}"]
    command.append(f"--claims={claims}")
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    return float(json.loads(output.strip().splitlines()[-1])["rss"])


# -- the table --------------------------------------------------------------------------------


@dataclass
class Row:
    """One figure: ours beside its floor, wall clock first, then CPU time."""

    what: str
    value: Timing
    floor: Timing | None
    target: float | None
    unit: str = "ms"

    def render(self) -> str:
        verdict = ""
        if self.target is not None:
            verdict = "ok" if self.value.wall <= self.target else "OVER"
        target = f"≤ {self.target:g}" if self.target is not None else "-"
        return (
            f"{self.what:<50} {_pair(self.value.wall, self.floor and self.floor.wall)}"
            f" | {_pair(self.value.cpu, self.floor and self.floor.cpu)}"
            f"  {self.unit:<3} {target:<6} {verdict}"
        )


def _pair(value: float, floor: float | None) -> str:
    if math.isnan(value):
        return f"{'-':>7} {'-':>7} {'-':>6}"
    if floor is None or math.isnan(floor) or not floor:
        return f"{value:7.1f} {'-':>7} {'-':>6}"
    return f"{value:7.1f} {floor:7.1f} {value / floor:5.2f}x"


HEADER = (
    f"{'what':<50} {'ours':>7} {'floor':>7} {'ratio':>6} | {'cpu':>7} {'floor':>7} {'ratio':>6}"
    "  unit target"
)


def memory(value: float) -> Timing:
    return Timing(value, math.nan)


def warm_up() -> None:
    """Pay Qt's one-time font and glyph-cache set-up (~20 ms) before anything is timed."""
    for widget in (bare_editor(), reader_view()):
        widget.setPlainText(make_text(20_000))
        paint(widget)
        widget.deleteLater()
    QApplication.processEvents()


def run(sizes: list[tuple[float, int]], repeat: int, with_memory: bool) -> list[Row]:
    rows: list[Row] = []
    warm_up()
    for megabytes, count in sizes:
        label = f"{megabytes:g} MB / {count / 1000:g}k claims"
        text = make_text(int(megabytes * 1_000_000))
        rows_of_claims = make_claim_rows(text, count)
        built_ms = time_building(rows_of_claims, repeat)
        claims = [Highlight(*row) for row in rows_of_claims]
        del rows_of_claims
        key = "open_1" if megabytes <= 1 else "open_5"
        target = TARGETS[key] if megabytes in (1, 5) else None
        bare = time_open_bare(text, repeat)
        rows.append(
            Row(f"open + paint, {label}", time_open_reader(text, claims, repeat), bare, target)
        )
        rows.append(
            Row(
                "  (all blocks setFormats up front)",
                time_open_eager(text, claims, max(1, repeat // 2)),
                bare,
                None,
            )
        )
        rows.append(
            Row(
                "  (QSyntaxHighlighter over the index)",
                time_open_syntax_highlighter(text, claims, max(1, repeat // 2)),
                bare,
                None,
            )
        )
        rows.append(
            Row(
                "  (building the Highlight values, not in the above)",
                built_ms,
                None,
                None,
            )
        )

        view = reader_view()
        view.set_article(text, claims)
        paint(view)
        repaint_floor = time_repaint(view, 20)
        add, remove = time_changes(view, claims, 20)
        rows.append(
            Row(f"add one highlight + repaint, {label}", add, repaint_floor, TARGETS["change"])
        )
        rows.append(
            Row(
                f"remove one highlight + repaint, {label}", remove, repaint_floor, TARGETS["change"]
            )
        )
        reader_scroll = time_scroll(view, 40)
        view.deleteLater()
        editor = bare_editor()
        editor.setPlainText(text)
        paint(editor)
        rows.append(
            Row(
                f"scroll one page + paint, {label}",
                reader_scroll,
                time_scroll(editor, 40),
                TARGETS["scroll"],
            )
        )
        editor.deleteLater()
        QApplication.processEvents()
        if with_memory:
            rows.append(
                Row(
                    f"RSS with {label} open",
                    memory(measure_rss("reader", megabytes, count)),
                    memory(measure_rss("bare", megabytes, 0)),
                    TARGETS["rss"] if megabytes == 5 else None,
                    "MB",
                )
            )
    if with_memory:
        rows.append(
            Row(
                "RSS of an empty window (for reference)",
                memory(measure_rss("window", 0, 0)),
                None,
                None,
                "MB",
            )
        )
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes",
        default="1:10000,5:50000",
        help="MB:claims pairs, comma separated (default 1:10000,5:50000)",
    )
    parser.add_argument("--repeat", type=int, default=5, help="runs per open figure (median)")
    parser.add_argument(
        "--quick",
        action="store_true",
        help="tiny sizes, one run, no memory: a smoke test that the script works",
    )
    parser.add_argument("--no-memory", action="store_true", help="skip the RSS processes")
    parser.add_argument("--rss-child", choices=["reader", "bare", "window"], help=argparse.SUPPRESS)
    parser.add_argument("--mb", type=float, default=1.0, help=argparse.SUPPRESS)
    parser.add_argument("--claims", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--json", help="also write the figures here, for bench/run_all.py")
    args = parser.parse_args(argv)

    if args.rss_child:
        memory_child(args.rss_child, args.mb, args.claims)
        return 0
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert app is not None
    sizes = (
        [(0.05, 300)]
        if args.quick
        else [
            (float(mb), int(count))
            for mb, count in (pair.split(":") for pair in args.sizes.split(","))
        ]
    )
    repeat = 1 if args.quick else args.repeat
    load_before = _load()
    rows = run(sizes, repeat, with_memory=not (args.quick or args.no_memory))
    print(f"load average before: {load_before}")
    print(HEADER)
    for row in rows:
        print(row.render())
    print(f"load average after: {_load()} (other programs inflate wall times, not cpu)")
    if args.json:
        _write_figures(rows, args.json)
    return 0


def _write_figures(rows: list[Row], path: str) -> None:
    """The rows in ``bench/common.py``'s form, labelled as the reader widget's own figures."""
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    from pathlib import Path

    from bench.common import Figure, write_json

    figures = [
        Figure(
            f"reader widget alone: {row.what.strip()}",
            row.value.wall,
            target=row.target,
            floor=None if row.floor is None or math.isnan(row.floor.wall) else row.floor.wall,
            floor_what="bare Qt" if row.floor is not None else "",
            unit=row.unit,
            cpu=None if math.isnan(row.value.cpu) else row.value.cpu,
        )
        for row in rows
    ]
    write_json(figures, Path(path))


def _load() -> str:
    try:
        return " ".join(f"{value:.2f}" for value in os.getloadavg())
    except OSError:
        return "unknown"


if __name__ == "__main__":
    sys.exit(main())
