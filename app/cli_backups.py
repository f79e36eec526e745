"""The ``sourcemark`` commands that look after the project file: backups and check.

``backups`` lists the project's backups (number 1 is the newest), ``backups create`` makes
one now, ``backups restore N|FILE`` puts one back (keeping the current project as a backup
first), and ``check`` runs SQLite's full integrity check. None of them opens the project the
usual way, so they work on a project too damaged to open, which is when they are needed.

Like ``cli_commands``, this module imports only the standard library at the top.
"""

from __future__ import annotations

from argparse import Namespace
from pathlib import Path
from typing import TYPE_CHECKING

from sourcemark.app.cli_common import PROG, AddCommand, print_note
from sourcemark.app.cli_format import table

if TYPE_CHECKING:
    from sourcemark.app.backups import BackupInfo
    from sourcemark.app.projects import Project

BACKUP_COMMANDS = ("backups", "check")
HEADER = ("N", "DATE", "REASON", "ARTICLES", "CLAIMS", "SIZE")


def add_commands(command: AddCommand) -> None:
    backups = command(
        "backups",
        list_backups,
        "list the project's backups (1 = newest), make one, or restore one",
        epilog=(
            "Sourcemark backs a project up when it is opened (at most once a day) and before "
            "an upgrade. Restoring keeps the project as it was as a backup first: "
            f"'{PROG} backups restore 1' right after a restore undoes it."
        ),
    )
    backups.set_defaults(needs_project=False)
    actions = backups.add_subparsers(dest="backup_action", metavar="<action>")
    create = actions.add_parser("create", help="back the project up now")
    create.set_defaults(handler=create_backup)
    restore = actions.add_parser(
        "restore",
        help="replace the project with a backup",
        description="Replace the project with a backup, keeping the current one as a backup.",
    )
    restore.add_argument("backup", metavar="N|FILE", help="a number from the list, or a file")
    restore.set_defaults(handler=restore_backup)

    check = command(
        "check",
        check_project,
        "check the project file for damage (SQLite's full integrity check)",
        epilog=f"Exit code 0: sound. 1: damaged; '{PROG} backups' lists copies to restore.",
    )
    check.set_defaults(needs_project=False)


def list_backups(_project: Project | None, args: Namespace) -> int:
    from sourcemark.app import backups

    path = _project_file(args)
    found = backups.list_backups(path)
    if not found:
        print_note(f"no backups of {path} yet; '{PROG} backups create' makes one.")
        return 0
    rows = [_row(number, info) for number, info in enumerate(found, 1)]
    lines = table(HEADER, rows, total_width=200, flexible=2, right_aligned=frozenset({0, 3, 4, 5}))
    print("\n".join(lines))
    print_note(f"backups of {path} are in {backups.project_backup_dir(path)}")
    return 0


def create_backup(_project: Project | None, args: Namespace) -> int:
    from sourcemark.app import backups
    from sourcemark.db import sqlite_file

    path = _project_file(args)
    sqlite_file.check_is_sqlite_or_new(path)
    sqlite_file.inspect_file(path)  # a damaged project is not copied over good backups
    made = backups.backup_project(path, "manual")
    print(made)
    return 0


def restore_backup(_project: Project | None, args: Namespace) -> int:
    from sourcemark.app import backups

    path = _project_file(args, must_exist=False)
    chosen = backups.find_backup(path, args.backup)
    kept = backups.restore_backup(path, chosen)
    print_note(f"restored the {chosen.reason} backup of {_when(chosen)} into {path}.")
    if kept is not None:
        print_note(
            f"the project as it was is kept as {kept.name}; '{PROG} backups restore 1' undoes."
        )
    return 0


def check_project(_project: Project | None, args: Namespace) -> int:
    from sourcemark.db import sqlite_file

    path = _project_file(args)
    problems = sqlite_file.full_check(path)
    if not problems:
        print(f"{path}: ok")
        return 0
    for problem in problems:
        print(f"{path}: {problem}")
    print_note(f"the project is damaged. '{PROG} backups' lists backups to restore.")
    return 1


def _project_file(args: Namespace, *, must_exist: bool = True) -> Path:
    from sourcemark.app.errors import NotFoundError, ValidationError
    from sourcemark.app.paths import resolve_project_target

    target = resolve_project_target(args.db)
    if "://" in target:
        raise ValidationError(
            "Backups and checks are for project files; a database server keeps its own."
        )
    path = Path(target).expanduser().absolute()
    if must_exist and not path.exists():
        raise NotFoundError(f"There is no project at {path}. Check --db or $SOURCEMARK_DB.")
    return path


def _row(number: int, info: BackupInfo) -> list[str]:
    from sourcemark.app import backups

    contents = backups.backup_contents(info.path)
    articles, claims = (str(n) for n in contents) if contents else ("?", "?")
    return [str(number), _when(info), info.reason, articles, claims, _size(info.size)]


def _when(info: BackupInfo) -> str:
    return info.created_at.astimezone().strftime("%Y-%m-%d %H:%M")


def _size(size: int) -> str:
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / 1024 / 1024:.1f} MB"
