"""The ``sourcemark`` command: the desktop when run with no command, otherwise the CLI.

Nothing heavy is imported here, so ``sourcemark export`` never loads Qt and the window
appears as soon as Qt is ready.
"""

from __future__ import annotations

import argparse
import gc
import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    # Start-up allocates a million objects that all live on: collecting garbage meanwhile
    # only walks them again and again (~10% of the start-up). The window turns collection
    # back on, frozen, once it is built; the command line straight away.
    gc.disable()
    arguments = list(sys.argv[1:] if argv is None else argv)
    if not _only_window_options(arguments):
        from sourcemark.app import cli

        if cli.has_command(arguments):
            gc.enable()
            return int(cli.main(arguments))
    options = _gui_parser().parse_args(arguments)
    # PySide6's import hook reads the source of every module imported after PySide6, to
    # look for ``__feature__`` (Sourcemark uses none): it is taken out as soon as PySide6 is
    # in (``import_hook``), before the window's ~460 other modules.
    import PySide6.QtCore  # noqa: F401

    from sourcemark.ui.import_hook import drop_feature_hook

    drop_feature_hook()
    from sourcemark.ui.application import run_gui

    return run_gui(
        project=options.db,
        annotator=options.annotator,
        screenshot=options.screenshot,
        debug=options.debug,
    )


# The window's own options (see _gui_parser), and those of them followed by a value.
_WINDOW_FLAGS = ("--debug",)
_WINDOW_OPTIONS_WITH_VALUES = ("--db", "--annotator", "--screenshot")


def _only_window_options(arguments: list[str]) -> bool:
    """Whether the words are only the window's options (then ``cli.has_command`` is false).

    Answers without importing the command line's modules (~7 ms before the window shows);
    anything else is left to ``cli.has_command``.
    """
    words = iter(arguments)
    for word in words:
        if word in _WINDOW_OPTIONS_WITH_VALUES:
            if next(words, None) is None:
                return False  # a missing value: let argparse say so
        elif word not in _WINDOW_FLAGS:
            return False
    return True


def _gui_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="sourcemark",
        description="Open the Sourcemark window. Run 'sourcemark --help' for the commands.",
    )
    parser.add_argument("--db", metavar="PATH", help="project file to open (or $SOURCEMARK_DB)")
    parser.add_argument("--annotator", metavar="NAME", help="your name on new claims")
    parser.add_argument(
        "--screenshot",
        metavar="OUT.png",
        help="render the window with the first article open to a PNG and exit",
    )
    parser.add_argument("--debug", action="store_true", help="show tracebacks")
    return parser


if __name__ == "__main__":
    sys.exit(main())
