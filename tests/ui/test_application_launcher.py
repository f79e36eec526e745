"""The launcher tells the window from the command line without importing the command line when
it is given only the window's options."""

from __future__ import annotations

import subprocess
import sys

import pytest

from sourcemark.app.cli import has_command
from sourcemark.ui import launcher

EXAMPLES = [
    [],
    ["--db", "p.sourcemark"],
    ["--db", "tags"],
    ["--db", "p.sourcemark", "--annotator", "Sara", "--debug"],
    ["--screenshot", "export"],
    ["--db"],
    ["tags"],
    ["--db", "p.sourcemark", "export", "-o", "-"],
    ["--annotator", "Sara", "annotate", "1"],
    ["--debug", "--help"],
    ["--version"],
    ["--db=p.sourcemark"],
    ["some-file.sourcemark"],
]


@pytest.mark.parametrize("argv", EXAMPLES)
def test_only_window_options_never_disagrees_with_has_command(argv: list[str]) -> None:
    if launcher._only_window_options(argv):
        assert not has_command(argv)


def test_the_shortcut_covers_the_usual_starts() -> None:
    assert launcher._only_window_options([])
    assert launcher._only_window_options(["--db", "p.sourcemark", "--annotator", "Sara"])
    assert not launcher._only_window_options(["--db", "p.sourcemark", "export"])


def test_starting_the_window_does_not_import_the_command_line() -> None:
    script = (
        "import sys\n"
        "from sourcemark.ui import application, launcher\n"
        "application.run_gui = lambda **options: 0\n"
        "assert launcher.main(['--db', 'p.sourcemark', '--debug']) == 0\n"
        "print('sourcemark.app.cli' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.strip() == "False"
