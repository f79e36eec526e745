"""Start-up: the window's shell paints before anything heavy is imported, then the main
window takes its place with the project open."""

from __future__ import annotations

import gc
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from sourcemark.app import articles
from sourcemark.app.projects import open_project
from sourcemark.ui.application import run_gui


def test_the_start_up_module_imports_no_database_code() -> None:
    """SQLAlchemy and alembic cost more than Qt: they must wait until the shell is painted."""
    script = (
        "import sys\n"
        "import sourcemark.ui.application, sourcemark.ui.launcher\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'sqlalchemy', 'alembic'}))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.strip() == "[]"


def test_the_shell_shows_first_then_the_main_window_opens_the_project(
    qapp: QApplication, tmp_path: Path
) -> None:
    path = tmp_path / "start.sourcemark"
    project = open_project(path)
    articles.import_text(project, "An article to list.", title="Listed")
    project.close()
    seen: list[str] = []
    listed: list[int] = []

    def watch() -> None:
        visible = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
        for widget in visible:
            if not seen or seen[-1] != type(widget).__name__:
                seen.append(type(widget).__name__)
        main = [w for w in visible if type(w).__name__ == "MainWindow"]
        if main:
            listed.append(main[0].article_list.model.rowCount())  # type: ignore[attr-defined]
            main[0].close()  # the last window: run_gui returns
        else:
            QTimer.singleShot(5, watch)

    QTimer.singleShot(0, watch)
    try:
        assert run_gui(project=str(path)) == 0
    finally:
        gc.unfreeze()  # run_gui froze this test process's objects
    assert seen[0] == "StartupShell"
    assert "MainWindow" in seen
    assert listed == [1]
