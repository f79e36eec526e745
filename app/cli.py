"""The ``sourcemark`` command line: argparse over the services, nothing of its own.

``sourcemark [--db PATH] [--annotator NAME] [--debug] <command> ...``; run with no command,
the launcher (``ui/launcher.py``) opens the window instead, using ``has_command`` to decide.

Output is for people and for scripts: data on stdout (ids first, so ``awk '{print $1}'``
works), messages on stderr as one line each (``sourcemark: error: ...``). Exit codes:
0 done, 1 a user error (unknown tag, ambiguous quote, a file that failed to import...),
2 a usage error from argparse, 130 interrupted with Ctrl+C.

Start-up matters (``sourcemark --help`` should feel instant), so this module imports only the
standard library; services, SQLAlchemy and the exporter load inside the command that needs them.
"""

from __future__ import annotations

import argparse
import os
import sys
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from sourcemark.app.cli_backups import BACKUP_COMMANDS
from sourcemark.app.cli_backups import add_commands as add_backup_commands
from sourcemark.app.cli_claims_import import CLAIMS_IMPORT_COMMANDS
from sourcemark.app.cli_claims_import import add_commands as add_claims_import_commands
from sourcemark.app.cli_common import PROG, print_error, print_note
from sourcemark.app.cli_suggest import SUGGEST_COMMANDS
from sourcemark.app.cli_suggest import add_commands as add_suggestion_commands

if TYPE_CHECKING:
    from sourcemark.app.projects import Project

# Kept here as text so --help needs no database import; tests/app/cli checks they match
# sourcemark.db.models.REVIEW_STATUSES.
STATUSES = ("unreviewed", "confirmed", "disputed", "needs-check")
QUOTE_FORMS = ("direct", "indirect")
# Options (of this parser or the launcher's) whose next word is a value, not a command.
_OPTIONS_WITH_VALUES = ("--db", "--annotator", "--screenshot")

Handler = Callable[["Project", argparse.Namespace], int]


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; returns the exit code instead of exiting (the launcher exits)."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    try:
        args = parser.parse_args(arguments)
    except SystemExit as exit_:  # --help and --version (0), or a usage error (2)
        return exit_.code if isinstance(exit_.code, int) else (0 if exit_.code is None else 2)
    if args.command is None:
        parser.print_usage(sys.stderr)
        print_error(f"give a command; '{PROG} --help' lists them.")
        return 2
    _tolerate_unencodable_output()
    try:
        return _run(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `sourcemark claims | head`: the reader left; that is not an error.
        _silence_stdout()
        return 0


def _run(args: argparse.Namespace) -> int:
    from sourcemark.app.errors import USER_ERRORS

    try:
        # A command that reads no project (evaluate-suggester) must not create one.
        project = _open(args) if getattr(args, "needs_project", True) else None
    except USER_ERRORS as error:
        return _fail(args, error)
    try:
        handler: Callable[[Project | None, argparse.Namespace], int] = args.handler
        return handler(project, args)
    except USER_ERRORS as error:
        return _fail(args, error)
    except BrokenPipeError:
        raise  # main() ends quietly
    except OSError as error:
        return _fail(args, error, text=_os_error_text(error))
    except Exception as error:  # a bug: still one line, the traceback only with --debug
        return _fail(
            args,
            error,
            text=f"unexpected {type(error).__name__}: {error}. "
            f"Run the command again with --debug and report what it prints.",
        )
    finally:
        if project is not None:
            project.close()


def _open(args: argparse.Namespace) -> Project:
    from sourcemark.app.paths import resolve_project_target
    from sourcemark.app.projects import open_project

    target = resolve_project_target(args.db)
    is_new = "://" not in target and not Path(target).expanduser().exists()
    project = open_project(target, annotator=args.annotator)
    if is_new:
        # A mistyped --db would otherwise look like a project that lost all its work.
        print_note(f"created a new project at {project.path or project.label}")
    return project


def _fail(args: argparse.Namespace, error: BaseException, *, text: str | None = None) -> int:
    if args.debug:
        traceback.print_exception(error, file=sys.stderr)
    message = " ".join((text or str(error) or type(error).__name__).split())
    print_error(message)
    return 1


def _os_error_text(error: OSError) -> str:
    where = f"{error.filename}: " if error.filename else ""
    return f"{where}{error.strerror or error}."


def _tolerate_unencodable_output() -> None:
    # A console in a legacy code page cannot show Arabic or emoji; print "?" rather than crash.
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None and (getattr(stream, "encoding", "") or "").lower() not in (
            "utf-8",
            "utf8",
        ):
            reconfigure(errors="replace")


def _silence_stdout() -> None:
    # Python flushes stdout at exit and would report the broken pipe again.
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
    finally:
        os.close(devnull)


def has_command(argv: Sequence[str]) -> bool:
    """Whether ``argv`` asks for the command line (a command, --help or --version).

    The launcher opens the window when this is false. Values of --db and --annotator are
    skipped, so a project file called "tags" is not mistaken for the command.
    """
    commands = set(_COMMANDS)
    skip_next = False
    for word in argv:
        if skip_next:
            skip_next = False
            continue
        if word in _OPTIONS_WITH_VALUES:
            skip_next = True
        elif word in ("-h", "--help", "--version") or word in commands:
            return True
    return False


def build_parser() -> argparse.ArgumentParser:
    from sourcemark.app import cli_commands as run

    common = argparse.ArgumentParser(add_help=False)
    _add_global_options(common, default=argparse.SUPPRESS)
    parser = argparse.ArgumentParser(
        prog=PROG,
        description=(
            "Mark, claim by claim, how news articles source what they report. "
            f"Run '{PROG}' with no command to open the window."
        ),
        epilog=(
            "Exit codes: 0 done, 1 an error the message explains, 2 a mistake in the command, "
            "130 interrupted. Global options may also follow the command."
        ),
    )
    _add_global_options(parser, default=None)
    parser.add_argument("--version", action=_VersionAction, nargs=0, help="show the version")
    commands = parser.add_subparsers(dest="command", metavar="<command>", title="commands")

    def command(
        name: str, handler: Handler, help_text: str, epilog: str | None = None
    ) -> argparse.ArgumentParser:
        sub = commands.add_parser(
            name, help=help_text, description=help_text, epilog=epilog, parents=[common]
        )
        sub.set_defaults(handler=handler)
        return sub

    imp = command("import", run.import_files, "import article files or folders")
    imp.add_argument("files", nargs="+", type=Path, metavar="FILE", help="file or folder")
    imp.add_argument(
        "--allow-duplicates",
        action="store_true",
        help="import an article again even if its text is already in the project",
    )

    articles = command("articles", run.list_articles, "list articles (id first), or edit them")
    articles.add_argument("--search", metavar="TEXT", help="only titles or outlets with TEXT")
    article_actions = articles.add_subparsers(dest="action", metavar="<action>")
    edit = article_actions.add_parser("edit", help="change an article's details", parents=[common])
    edit.set_defaults(handler=run.edit_article)
    edit.add_argument("article", type=_id, metavar="ARTICLE_ID")
    for option in ("title", "outlet", "author", "url", "published"):
        edit.add_argument(f"--{option}", help=f"new {option} ('' clears it)")
    delete = article_actions.add_parser(
        "delete", help="delete an article and its claims", parents=[common]
    )
    delete.set_defaults(handler=run.delete_article)
    delete.add_argument("article", type=_id, metavar="ARTICLE_ID")

    tags = command("tags", run.list_tags, "list the codebook's tags, or change them")
    tags.add_argument("--active", action="store_true", help="leave out archived tags")
    tag_actions = tags.add_subparsers(dest="action", metavar="<action>")
    add = tag_actions.add_parser("add", help="add a tag", parents=[common])
    add.set_defaults(handler=run.add_tag)
    add.add_argument("name", metavar="NAME")
    _add_tag_details(add)
    edit_tag = tag_actions.add_parser("edit", help="change a tag's details", parents=[common])
    edit_tag.set_defaults(handler=run.edit_tag)
    edit_tag.add_argument("tag", metavar="TAG")
    edit_tag.add_argument("--name", help="new name")
    _add_tag_details(edit_tag)
    rename = tag_actions.add_parser("rename", help="rename a tag", parents=[common])
    rename.set_defaults(handler=run.rename_tag)
    rename.add_argument("tag", metavar="TAG")
    rename.add_argument("name", metavar="NEW_NAME")
    merge = tag_actions.add_parser(
        "merge", help="move every claim of SOURCE to TARGET and delete SOURCE", parents=[common]
    )
    merge.set_defaults(handler=run.merge_tags)
    merge.add_argument("source", metavar="SOURCE")
    merge.add_argument("target", metavar="TARGET")
    for name, archived, text in (
        ("archive", True, "hide a tag from the codebook; its claims keep it"),
        ("unarchive", False, "bring an archived tag back"),
    ):
        sub = tag_actions.add_parser(name, help=text, parents=[common])
        sub.set_defaults(handler=run.archive_tag, archived=archived)
        sub.add_argument("tag", metavar="TAG")
    remove = tag_actions.add_parser("delete", help="delete a tag no claim uses", parents=[common])
    remove.set_defaults(handler=run.delete_tag)
    remove.add_argument("tag", metavar="TAG")

    annotate = command(
        "annotate",
        run.annotate,
        "tag a passage of an article; prints the new claim's id",
        epilog="TAG is a tag's name as 'sourcemark tags' lists it, or its key.",
    )
    annotate.add_argument("article", type=_id, metavar="ARTICLE_ID")
    where = annotate.add_mutually_exclusive_group(required=True)
    where.add_argument("--quote", metavar="TEXT", help="the passage's exact words")
    where.add_argument("--start", type=_offset, metavar="S", help="start offset (code points)")
    annotate.add_argument("--end", type=_offset, metavar="E", help="end offset, exclusive")
    annotate.add_argument(
        "--occurrence", type=_id, metavar="N", help="which match of --quote (1 = first)"
    )
    annotate.add_argument(
        "--tag", action="append", required=True, metavar="TAG", help="a tag (repeatable)"
    )
    annotate.add_argument("--speaker", default="", help="who the claim is attributed to")
    annotate.add_argument("--affiliation", default="", help="the speaker's organisation")
    annotate.add_argument("--cue", default="", help='the attribution words, e.g. "said"')
    annotate.add_argument("--quote-form", metavar="FORM", help=f"one of: {', '.join(QUOTE_FORMS)}")
    annotate.add_argument("--note", default="", help="your note")

    claims = command("claims", run.list_claims, "list claims as a table")
    _add_claim_filters(claims)
    claims.add_argument("--search", metavar="TEXT", help="only claims whose text has TEXT")

    review = command("review", run.review, "record a review verdict on a claim")
    review.add_argument("claim", type=_id, metavar="CLAIM_ID")
    review.add_argument(
        "--status", required=True, metavar="STATUS", help=f"one of: {', '.join(STATUSES)}"
    )
    review.add_argument("--note", help="reviewer's note ('' clears it)")

    export = command(
        "export",
        run.export,
        "export claims as CSV, one row per claim and tag",
        epilog="Columns, quoting and formula escaping are described in docs/export.md.",
    )
    export.add_argument(
        "-o", "--output", default="-", metavar="FILE", help="file to write; - (default) is stdout"
    )
    _add_claim_filters(export)
    export.add_argument(
        "--excel", action="store_true", help="start with a byte order mark, for Excel"
    )
    export.add_argument(
        "--no-formula-escape",
        dest="escape_formulas",
        action="store_false",
        help="write cells starting with = + - @ as they are (only for pandas, R...)",
    )
    add_suggestion_commands(command, _id)
    add_backup_commands(command)
    add_claims_import_commands(command)
    return parser


_COMMANDS: tuple[str, ...] = (
    "import",
    "articles",
    "tags",
    "annotate",
    "claims",
    "review",
    "export",
)
_COMMANDS += SUGGEST_COMMANDS
_COMMANDS += BACKUP_COMMANDS
_COMMANDS += CLAIMS_IMPORT_COMMANDS


def _add_global_options(parser: argparse.ArgumentParser, *, default: object) -> None:
    parser.add_argument(
        "--db",
        metavar="PATH",
        default=default,
        help="project file or database URL (default: $SOURCEMARK_DB, else your data folder)",
    )
    if default is None:  # `claims --annotator` is a filter, so only before the command
        parser.add_argument(
            "--annotator", metavar="NAME", help="your name on new claims and reviews"
        )
    parser.add_argument(
        "--debug",
        action="store_true",
        default=False if default is None else default,
        help="show a traceback with errors",
    )


def _add_tag_details(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--colour", "--color", metavar="#RRGGBB", help="highlight colour")
    parser.add_argument("--description", help="what the tag is for, with an example")
    parser.add_argument("--shortcut", metavar="KEY", help="one key: a digit, letter, - or =")


def _add_claim_filters(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--article", type=_id, metavar="ARTICLE_ID", help="one article's claims")
    parser.add_argument(
        "--tag", action="append", default=[], metavar="TAG", help="with this tag (repeatable)"
    )
    parser.add_argument(
        "--status",
        action="append",
        default=[],
        metavar="STATUS",
        help=f"review status (repeatable): {', '.join(STATUSES)}",
    )
    parser.add_argument(
        "--annotator",
        dest="annotators",
        action="append",
        default=[],
        metavar="NAME",
        help="made by this annotator (repeatable)",
    )
    parser.add_argument(
        "--include-suggestions",
        action="store_true",
        help="also pending and rejected suggestions",
    )


def _id(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r} must be 1 or more")
    return value


def _offset(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"{text!r} must be 0 or more")
    return value


class _VersionAction(argparse.Action):
    """--version, looked up only when asked (importlib.metadata is not free)."""

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: object,
        option_string: str | None = None,
    ) -> None:
        from importlib.metadata import PackageNotFoundError, version

        try:
            number = version("sourcemark")
        except PackageNotFoundError:
            number = "unknown"
        print(f"{PROG} {number}")
        parser.exit()
