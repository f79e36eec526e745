"""``sourcemark import-claims FILE.csv ...``: claims from CSV files in the export's format.

Prints one summary line per file on stdout; each skipped row goes to stderr as
``FILE:LINE: why`` (at most ``MAX_LISTED`` per file, then how many more). Exits 1 when a
row was skipped or a file could not be read, else 0. Like ``cli_commands``, this module
imports only the standard library at the top, so ``sourcemark --help`` stays fast.
"""

from __future__ import annotations

from argparse import Namespace
from pathlib import Path
from typing import TYPE_CHECKING

from sourcemark.app.cli_common import AddCommand, print_error, print_note

if TYPE_CHECKING:
    from sourcemark.app.projects import Project

CLAIMS_IMPORT_COMMANDS = ("import-claims",)
MAX_LISTED = 50


def add_commands(command: AddCommand) -> None:
    parser = command(
        "import-claims",
        import_claims,
        "add claims from CSV files in the export's format",
        epilog=(
            "Needs the columns article_id (or article_uuid), tag, and start and end or quote; "
            "takes every other column of 'sourcemark export' that is there. Rows that do not "
            "fit are listed with their line number and skipped; the rest of each file is "
            "saved in one transaction. Claims already in the project are not added again. "
            "See docs/export.md."
        ),
    )
    parser.add_argument("files", nargs="+", type=Path, metavar="FILE.csv", help="a claims CSV")


def import_claims(project: Project, args: Namespace) -> int:
    from sourcemark.app.errors import ValidationError
    from sourcemark.app.importing.claims_csv import import_claims_csv

    failed = False
    for path in args.files:
        try:
            report = import_claims_csv(project, path)
        except ValidationError as error:
            print_error(str(error))
            failed = True
            continue
        for problem in report.problems[:MAX_LISTED]:
            print_note(f"{path}:{problem.line}: {problem.message}")
        if report.problem_count > MAX_LISTED:
            more = report.problem_count - MAX_LISTED
            print_note(f"{path}: … and {more:,} more rows skipped.")
        print(report.summary())
        failed = failed or report.problem_count > 0
    return 1 if failed else 0
