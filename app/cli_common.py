"""What the command line's modules share: the program's name, its way of speaking on stderr,
and the shape of ``cli.build_parser``'s helper that adds one sub-command.

Standard library only at the top, so ``sourcemark --help`` stays fast.
"""

from __future__ import annotations

import sys
from argparse import ArgumentParser, Namespace
from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from sourcemark.app.projects import Project

PROG = "sourcemark"


def print_note(message: str) -> None:
    print(f"{PROG}: {message}", file=sys.stderr)


def print_error(message: str) -> None:
    print(f"{PROG}: error: {message}", file=sys.stderr)


class AddCommand(Protocol):
    """``cli.build_parser``'s helper that adds one sub-command with its handler."""

    def __call__(
        self,
        name: str,
        handler: Callable[[Project, Namespace], int],
        help_text: str,
        epilog: str | None = None,
    ) -> ArgumentParser: ...
