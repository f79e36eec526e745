"""How long Sourcemark takes from the process starting to a painted window and to a usable
project (the article list filled), beside a bare PySide6 window started the same way.

Run: python bench/bench_startup.py [--runs 7] [--articles 1000] [--quick] [--json FILE]

Each run is a fresh process, timed from just before it is spawned (so the interpreter's own
start-up is included) to the moments the child reports. The child starts Sourcemark exactly as
the ``sourcemark`` command does (``launcher.main``), with a hook on ``create_application``
that watches, without changing anything:

- painted: the first paint of a top-level main window has been delivered;
- usable: a window's article list holds the project's articles and the window has painted
  since. Since session five that is the start-up shell's list, read without SQLAlchemy
  while the database layer loads on a worker thread: the person can scroll, filter, sort and
  pick an article in it, and the article opens when the project is open;
- ready: the main window itself has painted, its list filled: every action works.

Python's bytecode cache is on (in a temporary folder), as it is for an installed copy; one
untimed run first fills it and takes the day's automatic backup of the project. The floor is
a bare ``QMainWindow`` shown by a fresh process: what PySide6 costs before any of our code.
The third figure is the day's first start: the backups are removed before each of its runs,
so the daily backup is due (it is taken once the window is usable, on a worker thread).
"""

from __future__ import annotations

# The child imports only what it must before the application's own imports: anything more
# here would be billed to Sourcemark's start-up.
import json
import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

if TYPE_CHECKING:
    from collections.abc import Callable

    from PySide6.QtWidgets import QWidget

    from bench.common import Figure
    from sourcemark.app.settings import Settings

TARGET_PAINT_MS = 300.0
TARGET_USABLE_MS = 700.0


# -- the child: one start-up -----------------------------------------------------------------


def child(mode: str, project: str) -> None:
    """Start (the app or a bare window), print the moments as epoch seconds, exit."""
    moments: dict[str, float] = {}
    if mode == "bare":
        from PySide6.QtWidgets import QApplication, QMainWindow

        application = QApplication(sys.argv[:1])
        window = QMainWindow()
        window.resize(1340, 760)
        _after_first_paint(window, lambda: _note(moments, "painted", last=True))
        window.show()
        application.exec()
    else:
        _watch_start_up(moments)
        from sourcemark.ui.launcher import main

        main(["--db", project])
    print(json.dumps(moments))


def _watch_start_up(moments: dict[str, float]) -> None:
    """Note the shell's first paint, its article list's and the main window's, without
    changing what the start-up does.

    Only those widgets are watched, each with its own event filter, as the application
    watches its own first paints (``application.after_first_paint``). An event filter on the
    whole application sees every event of every object; in Python that was billed to the
    start-up it measured: ~60 ms before the shell's first paint alone, as PySide6 makes the
    Python class of each new kind of object an event is sent to (session six).
    """
    from PySide6.QtCore import QTimer

    from sourcemark.ui import application as startup

    class WatchedShell(startup.StartupShell):
        def __init__(self, settings: Settings, label: str) -> None:
            super().__init__(settings, label)
            _after_first_paint(self, lambda: _note(moments, "painted"))
            QTimer.singleShot(60_000, self.close)  # never hang a run: a moment is then missing

    app_after_first_paint = startup.after_first_paint

    def after_first_paint(window: QWidget, callback: Callable[[], None]) -> None:
        # The start-up asks for two: the shell's article list (on the screen, usable) and
        # the main window (every action works; also usable if the shell showed no list).
        app_after_first_paint(window, callback)
        if type(window).__name__ == "MainWindow":
            _after_first_paint(window, lambda: _note_ready(moments, window))
        else:
            _after_first_paint(window, lambda: _note(moments, "usable"))

    startup.StartupShell = WatchedShell  # type: ignore[misc]
    startup.after_first_paint = after_first_paint


def _after_first_paint(widget: QWidget, callback: Callable[[], None]) -> None:
    """Call ``callback`` once ``widget``'s first paint is done: a filter on that widget only."""
    from PySide6.QtCore import QEvent, QObject, QTimer

    class FirstPaint(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint:
                watched.removeEventFilter(self)
                QTimer.singleShot(0, callback)  # once this paint is done
            return False

    widget.installEventFilter(FirstPaint(widget))


def _note(moments: dict[str, float], what: str, *, last: bool = False) -> None:
    from PySide6.QtWidgets import QApplication

    moments.setdefault(what, time.time())
    if last:
        QApplication.quit()


def _note_ready(moments: dict[str, float], window: QWidget) -> None:
    from PySide6.QtWidgets import QApplication

    model = getattr(getattr(window, "article_list", None), "model", None)
    if model is None or model.rowCount() == 0:
        return  # not the project's list: the run ends on the safety net, a moment missing
    now = time.time()
    moments.setdefault("usable", now)
    moments["ready"] = now
    QApplication.quit()


# -- the parent: many start-ups ----------------------------------------------------------------


def run_once(mode: str, project: Path, environment: dict[str, str]) -> dict[str, float]:
    import subprocess

    command = [sys.executable, __file__, "--child", mode, "--db", str(project)]
    began = time.time()
    result = subprocess.run(
        command, capture_output=True, text=True, env=environment, timeout=120, check=False
    )
    if result.returncode != 0:
        raise RuntimeError(f"start-up run failed:\n{result.stdout}\n{result.stderr}")
    moments = json.loads(result.stdout.strip().splitlines()[-1])
    return {key: (value - began) * 1000 for key, value in moments.items()}


def measure(project: Path, runs: int, home: Path) -> list[Figure]:
    import shutil

    from bench.common import Figure, Samples

    environment = {
        **os.environ,
        "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen"),
        "SOURCEMARK_HOME": str(home),
        "PYTHONPYCACHEPREFIX": str(home / "pycache"),
    }
    environment.pop("PYTHONDONTWRITEBYTECODE", None)
    environment.pop("SOURCEMARK_DB", None)
    for mode in ("app", "bare"):
        run_once(mode, project, environment)  # fills the bytecode cache, takes the backup
    app_paint, app_usable, app_ready = Samples(), Samples(), Samples()
    bare, backup_due = Samples(), Samples()
    for _ in range(runs):
        # Alternate, so a busy moment on the machine costs all sides alike.
        moments = run_once("app", project, environment)
        app_paint.wall.append(moments["painted"] / 1000)
        app_usable.wall.append(moments["usable"] / 1000)
        app_ready.wall.append(moments["ready"] / 1000)
        bare.wall.append(run_once("bare", project, environment)["painted"] / 1000)
        shutil.rmtree(home / "data" / "backups", ignore_errors=True)
        backup_due.wall.append(run_once("app", project, environment)["usable"] / 1000)
    floor = bare.wall_ms
    return [
        Figure(
            "start to a painted main window",
            app_paint.wall_ms,
            target=TARGET_PAINT_MS,
            floor=floor,
            floor_what="bare PySide6 window",
            runs=runs,
        ),
        Figure(
            "start to a usable project (article list filled)",
            app_usable.wall_ms,
            target=TARGET_USABLE_MS,
            floor=floor,
            floor_what="bare PySide6 window",
            runs=runs,
        ),
        Figure(
            # Held to the same target: the list shows first, but picking an article in it
            # opens the article only from here on.
            "start to the main window, every action working",
            app_ready.wall_ms,
            target=TARGET_USABLE_MS,
            floor=floor,
            floor_what="bare PySide6 window",
            runs=runs,
        ),
        Figure(
            "start to a usable project, the day's backup due",
            backup_due.wall_ms,
            target=TARGET_USABLE_MS,
            floor=floor,
            floor_what="bare PySide6 window",
            runs=runs,
        ),
    ]


def main(argv: list[str] | None = None) -> int:
    if argv is None and "--child" in sys.argv:
        child(sys.argv[sys.argv.index("--child") + 1], sys.argv[sys.argv.index("--db") + 1])
        return 0
    import argparse
    import tempfile

    from bench.common import load_average, report, standard_arguments

    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    standard_arguments(parser, runs=7)
    parser.add_argument("--articles", type=int, default=1000, help="articles in the project")
    parser.add_argument("--child", choices=["app", "bare"], help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    from bench.data import ProjectSpec, cached_project

    articles = 20 if args.quick else args.articles
    runs = 1 if args.quick else args.runs
    load_before = load_average()
    with tempfile.TemporaryDirectory() as folder:
        home = Path(folder)
        project = cached_project(
            ProjectSpec(articles, articles * 10), copy_to=home / "startup.sourcemark"
        )
        figures = measure(project, runs, home)
    for figure in figures:
        figure.what += f" ({articles:,} articles)"
    report(figures, args.json, load_before=load_before)
    return 0


if __name__ == "__main__":
    sys.exit(main())
