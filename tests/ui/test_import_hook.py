"""PySide6's ``__feature__`` import hook reads the source of every module imported after
PySide6; the window's start takes it out (``ui/import_hook.py``).

Each test runs a fresh interpreter: the test process has imported PySide6 long since.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

PROBES = ("probe_before", "probe_after")


def run(script: str, folder: Path) -> object:
    for name in PROBES:
        (folder / f"{name}.py").write_text("VALUE = 1\n", encoding="utf-8")
    preamble = f"import json, linecache, sys\nsys.path.insert(0, {str(folder)!r})\n"
    result = subprocess.run(
        [sys.executable, "-c", preamble + script],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
        env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"},
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def read_by_hook(name: str) -> str:
    """Python that tells whether importing ``name`` left its source in ``linecache``."""
    return f"any(path.endswith('{name}.py') for path in linecache.cache)"


def test_the_hook_reads_each_new_module_until_it_is_dropped(tmp_path: Path) -> None:
    script = (
        "import PySide6.QtCore\n"
        "import probe_before\n"
        "from sourcemark.ui.import_hook import drop_feature_hook\n"
        "dropped, again = drop_feature_hook(), drop_feature_hook()\n"
        "import probe_after\n"
        "from PySide6.QtWidgets import QApplication, QLabel\n"
        "app = QApplication([])\n"
        "label = QLabel('still Qt')\n"
        f"print(json.dumps([{read_by_hook('probe_before')}, {read_by_hook('probe_after')},"
        " dropped, again, label.text()]))\n"
    )
    assert run(script, tmp_path) == [True, False, True, False, "still Qt"]


def test_the_window_starts_without_the_hook(tmp_path: Path) -> None:
    script = (
        "from sourcemark.ui import application, launcher\n"
        "application.run_gui = lambda **options: 0\n"
        "import probe_before\n"
        f"assert launcher.main(['--db', {str(tmp_path / 'p.sourcemark')!r}]) == 0\n"
        "import probe_after\n"
        f"print(json.dumps([{read_by_hook('probe_before')}, {read_by_hook('probe_after')}]))\n"
    )
    assert run(script, tmp_path) == [True, False]
