"""What opening the window imports: only what it needs to show a project.

The importers (lxml, email, PDF and Word readers), the suggester, the exporter, alembic and
the File and Help menus' dialogs load when first used; each would add tens of milliseconds
to every start-up (``bench/bench_startup.py``).
"""

from __future__ import annotations

import subprocess
import sys

import pytest

# Imported by starting the window: the modules _Starter.start imports, in that order.
WINDOW_MODULES = ("sourcemark.ui.file_actions", "sourcemark.ui.main_window")
NOT_AT_START = (
    "sourcemark.app.importing",
    "sourcemark.app.suggesting",
    "sourcemark.app.exporting.csv_export",
    "sourcemark.ui.dialogs.backups_dialog",
    "sourcemark.ui.dialogs.export_dialog",
    "sourcemark.ui.dialogs.shortcuts_dialog",
    "alembic",
    "lxml",
    "trafilatura",
    "pdfminer",
    "docx",
)


def loaded_after_importing(modules: tuple[str, ...]) -> set[str]:
    script = (
        "import sys, importlib\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "print('\\n'.join(sorted(sys.modules)))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=120
    )
    return set(result.stdout.split())


def test_the_main_window_imports_no_importer_suggester_exporter_or_alembic() -> None:
    loaded = loaded_after_importing(WINDOW_MODULES)
    assert "sourcemark.ui.main_window" in loaded  # the check saw the window's imports
    assert "sqlalchemy" in loaded
    eager = sorted(
        name
        for name in loaded
        if any(name == heavy or name.startswith(heavy + ".") for heavy in NOT_AT_START)
    )
    assert eager == []


@pytest.mark.parametrize(
    ("module", "expected"),
    [
        ("sourcemark.app.importing", "sourcemark.app.importing.sources"),
        ("sourcemark.app.suggesting.engine", "sourcemark.app.suggesting.patterns"),
    ],
)
def test_the_check_would_see_them_if_imported(module: str, expected: str) -> None:
    """The list above names real modules: importing one shows up where the test looks."""
    assert expected in loaded_after_importing((module,))
