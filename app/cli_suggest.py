"""The ``sourcemark`` commands for suggested claims: suggest, list, accept, reject, evaluate.

``suggest`` stores what the rules find as pending claims (origin "suggested") and prints them;
``suggestions`` lists the pending ones; ``accept`` and ``reject`` decide them; and
``evaluate-suggester`` scores the rules against the shipped evaluation set, without a project.

Like ``cli_commands``, this module imports only the standard library at the top: the services
load inside the command that needs them, so ``sourcemark --help`` stays fast.
"""

from __future__ import annotations

import shutil
import sys
from argparse import Namespace
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, TextIO

from sourcemark.app.cli_common import PROG, AddCommand, print_note
from sourcemark.app.cli_format import table

if TYPE_CHECKING:
    from sourcemark.app.claims import ClaimInfo
    from sourcemark.app.projects import Project

# Width assumed when stdout is not a terminal and $COLUMNS is not set (as cli_commands).
DEFAULT_WIDTH = 120
SUGGEST_COMMANDS = ("suggest", "suggestions", "accept", "reject", "evaluate-suggester")
HEADER = ("ID", "ARTICLE", "TAG", "SPEAKER", "CUE", "QUOTE")
# Tag, speaker and cue are cut beyond these widths; the quote takes what is left of the line.
MAX_WIDTHS = {2: 24, 3: 22, 4: 14}


def add_commands(command: AddCommand, positive_id: Callable[[str], int]) -> None:
    """Add the suggestion commands; ``positive_id`` parses an id of 1 or more (``cli._id``)."""
    suggest = command(
        "suggest",
        suggest_claims,
        "find an article's attributions and store them as pending suggestions",
        epilog=(
            "Passages already claimed, and suggestions rejected before, are not proposed again. "
            f"Decide each with '{PROG} accept' or '{PROG} reject'; "
            "'export' leaves pending ones out unless given --include-suggestions."
        ),
    )
    which = suggest.add_mutually_exclusive_group(required=True)
    which.add_argument(
        "articles", nargs="*", default=[], type=positive_id, metavar="ARTICLE_ID", help="an article"
    )
    which.add_argument("--all", action="store_true", help="every article in the project")

    pending = command("suggestions", list_pending, "list pending suggestions (id first)")
    pending.add_argument("--article", type=positive_id, metavar="ARTICLE_ID", help="one article's")
    pending.add_argument(
        "--evidence", action="store_true", help="show under each the words that decided its tag"
    )

    for name, handler, text in (
        ("accept", accept_claims, "accept suggestions: they become your claims"),
        ("reject", reject_claims, "reject suggestions: they are hidden and not proposed again"),
    ):
        sub = command(name, handler, text)
        sub.add_argument("claims", nargs="+", type=positive_id, metavar="CLAIM_ID")

    evaluate = command(
        "evaluate-suggester",
        evaluate_suggester,
        "score the suggester against the evaluation set shipped with Sourcemark",
        epilog="Needs no project. The set and its guidelines are in resources/eval/.",
    )
    evaluate.set_defaults(needs_project=False)
    evaluate.add_argument("--errors", action="store_true", help="also list every mistake")
    evaluate.add_argument(
        "--split", metavar="NAME", help="score one split only: dev, heldout or challenge"
    )


# --- suggest ------------------------------------------------------------------------------


def suggest_claims(project: Project, args: Namespace) -> int:
    from sourcemark.app import articles
    from sourcemark.app.suggesting.service import suggest_for_articles

    if args.all:
        ids = [summary.article.id for summary in articles.list_articles(project)]
        if not ids:
            print_note("no articles yet; add some with 'import'.")
            return 0
    else:
        ids = list(dict.fromkeys(args.articles))
        for article in ids:
            articles.get_article(project, article)  # every id known before anything is stored
    progress = _Progress(sys.stderr) if sys.stderr.isatty() and len(ids) > 1 else None
    try:
        results = suggest_for_articles(project, ids, progress=progress)
    finally:
        if progress is not None:
            progress.clear()
    stored = [claim for result in results for claim in result.stored]
    _print_claims(project, stored)
    skipped = sum(result.skipped for result in results)
    summary = f"{_plural(len(stored), 'new suggestion')} in {_plural(len(ids), 'article')}"
    if skipped:
        summary += f"; {skipped} already claimed or rejected, not proposed again"
    if stored:
        summary += f". Decide with '{PROG} accept ID...' or '{PROG} reject ID...'"
    print_note(summary + ".")
    return 0


class _Progress:
    """``[3/10] suggesting…`` on one line of the terminal, rewritten after each article."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def __call__(self, done: int, total: int) -> None:
        self._stream.write(f"\r\x1b[K[{done}/{total}] articles read for suggestions")
        self._stream.flush()

    def clear(self) -> None:
        self._stream.write("\r\x1b[K")
        self._stream.flush()


# --- suggestions --------------------------------------------------------------------------


def list_pending(project: Project, args: Namespace) -> int:
    from sourcemark.app import articles
    from sourcemark.app.suggesting.service import pending_suggestions

    if args.article is not None:
        articles.get_article(project, args.article)  # an unknown id is an error, not "none"
    found = pending_suggestions(project, args.article)
    if not found:
        print_note(
            "no pending suggestions"
            + (f" in article {args.article}" if args.article is not None else "")
            + f"; '{PROG} suggest' proposes some."
        )
        return 0
    _print_claims(project, found, evidence=args.evidence)
    return 0


# --- accept / reject ----------------------------------------------------------------------


def accept_claims(project: Project, args: Namespace) -> int:
    from sourcemark.app.suggesting.service import accept

    return _decide(project, args.claims, accept, "accepted")


def reject_claims(project: Project, args: Namespace) -> int:
    from sourcemark.app.suggesting.service import reject

    return _decide(project, args.claims, reject, "rejected")


def _decide(
    project: Project,
    claim_ids: Sequence[int],
    decide: Callable[[Project, int], ClaimInfo],
    verdict: str,
) -> int:
    from sourcemark.app import claims
    from sourcemark.app.errors import ValidationError

    ids = list(dict.fromkeys(claim_ids))
    # Check every id first: one typo must not leave half the list decided.
    before = [claims.get_claim(project, claim_id) for claim_id in ids]
    for claim in before:
        if claim.origin == "manual":
            raise ValidationError(
                f"claim {claim.id} was made by hand, not suggested, so it cannot be {verdict}; "
                f"'{PROG} suggestions' lists the pending ones."
            )
    for claim in before:
        after = decide(project, claim.id)
        already = " (already)" if after.origin == claim.origin else ""
        print(f"{after.id}  {after.origin}{already}")
    return 0


# --- evaluate-suggester -------------------------------------------------------------------


def evaluate_suggester(_project: Project | None, args: Namespace) -> int:
    from sourcemark.app.suggesting.evalset import load_eval_set
    from sourcemark.app.suggesting.evaluate import evaluate, format_report

    cases = load_eval_set(args.split)
    print(format_report(evaluate(cases), errors=args.errors))
    return 0


# --- shared -------------------------------------------------------------------------------


def _print_claims(project: Project, found: Sequence[ClaimInfo], *, evidence: bool = False) -> None:
    from sourcemark.app import codebook

    if not found:
        return
    names = {tag.id: tag.name for tag in codebook.list_tags(project)}
    rows = [
        [
            str(claim.id),
            str(claim.article_id),
            ", ".join(names.get(tag_id, "?") for tag_id in claim.tag_ids) or "-",
            claim.speaker or "-",
            claim.cue or "-",
            claim.quote,
        ]
        for claim in found
    ]
    lines = table(
        HEADER,
        rows,
        total_width=shutil.get_terminal_size((DEFAULT_WIDTH, 24)).columns,
        flexible=len(HEADER) - 1,
        right_aligned=frozenset({0, 1}),
        max_widths=MAX_WIDTHS,
    )
    print(lines[0])
    for line, claim in zip(lines[1:], found, strict=True):
        print(line)
        if evidence and claim.evidence:
            print(f"    evidence: {' '.join(claim.evidence.split())}")


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"
