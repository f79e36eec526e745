"""What each ``sourcemark`` command does: call a service, print its result.

One function per command, each taking the open project and the parsed arguments and returning
the exit code. Services are imported inside the functions so that ``sourcemark --help`` and a
command that fails early never pay for loading SQLAlchemy. Errors are not caught here: the
services raise ``USER_ERRORS`` with a message for a person, and ``cli.main`` prints them.
"""

from __future__ import annotations

import shutil
import sys
from argparse import Namespace
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from sourcemark.app.cli_common import print_error, print_note
from sourcemark.app.cli_format import display_width, pad, table

if TYPE_CHECKING:
    from sourcemark.app.articles import ArticleInfo
    from sourcemark.app.claims import ClaimFilter
    from sourcemark.app.codebook import TagInfo
    from sourcemark.app.importing.batch import ImportOutcome
    from sourcemark.app.projects import Project

# Width assumed when stdout is not a terminal (a pipe, a file) and $COLUMNS is not set.
DEFAULT_WIDTH = 120


# --- import -------------------------------------------------------------------------------


def import_files(project: Project, args: Namespace) -> int:
    from sourcemark.app.importing.batch import import_paths
    from sourcemark.app.importing.sources import SUPPORTED_SUFFIXES

    progress = _ProgressLine(sys.stderr) if sys.stderr.isatty() else None
    try:
        report = import_paths(
            project,
            args.files,
            allow_duplicates=args.allow_duplicates,
            progress=progress,
        )
    finally:
        if progress is not None:
            progress.clear()
    if not report.outcomes:
        print_error(
            "no files to import were found in "
            + ", ".join(str(path) for path in args.files)
            + "; Sourcemark imports "
            + ", ".join(sorted(SUPPORTED_SUFFIXES))
            + " files."
        )
        return 1
    for outcome in report.outcomes:
        _print_outcome(outcome)
    if len(report.outcomes) > 1 or not report.imported:
        print_note(report.summary())
    return 1 if report.failed else 0


def _print_outcome(outcome: ImportOutcome) -> None:
    if outcome.status == "imported":
        print(f"{outcome.article_id}  {outcome.title}")
    elif outcome.status == "duplicate":
        print_note(
            f"{outcome.path.name}: already in the project as article {outcome.article_id}, "
            "so it was skipped; --allow-duplicates imports it again."
        )
    else:
        print_error(outcome.message)


class _ProgressLine:
    """``[3/10] name.txt`` on one line of the terminal, rewritten as files are read."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def __call__(self, done: int, total: int, current: str) -> None:
        if current:
            width = shutil.get_terminal_size().columns - 1
            line = f"[{done + 1}/{total}] {current}"[:width]
            self._stream.write(f"\r\x1b[K{line}")
            self._stream.flush()

    def clear(self) -> None:
        self._stream.write("\r\x1b[K")
        self._stream.flush()


# --- articles -----------------------------------------------------------------------------


def list_articles(project: Project, args: Namespace) -> int:
    from sourcemark.app import articles

    summaries = articles.list_articles(project, search=args.search)
    if not summaries:
        print_note("no articles" + (" match" if args.search else " yet; add some with 'import'."))
        return 0
    id_width = max(len(str(summary.article.id)) for summary in summaries)
    for summary in summaries:
        counts = [_plural(summary.claims, "claim")]
        if summary.claims:
            counts.append(f"{summary.reviewed} reviewed")
        if summary.suggestions:
            counts.append(f"{summary.suggestions} suggested")
        print(_article_line(summary.article, id_width, ", ".join(counts)))
    return 0


def _article_line(article: ArticleInfo, id_width: int = 0, counts: str = "") -> str:
    details = [d for d in (article.outlet, article.published, article.author, counts) if d]
    suffix = f"  ({'; '.join(details)})" if details else ""
    return f"{article.id:>{id_width}}  {article.title}{suffix}"


def edit_article(project: Project, args: Namespace) -> int:
    from sourcemark.app import articles

    fields = {
        name: getattr(args, name)
        for name in ("title", "outlet", "author", "url", "published")
        if getattr(args, name) is not None
    }
    if not fields:
        print_error("nothing to change; give --title, --outlet, --author, --url or --published.")
        return 1
    print(_article_line(articles.update_article(project, args.article, **fields)))
    return 0


def delete_article(project: Project, args: Namespace) -> int:
    from sourcemark.app import articles, claims

    article = articles.get_article(project, args.article)
    count = claims.count_claims(
        project, claims.ClaimFilter(article_id=article.id, include_suggestions=True)
    )
    articles.delete_article(project, article.id)
    print_note(
        f"deleted article {article.id}, {article.title!r}, and its {_plural(count, 'claim')}."
    )
    return 0


# --- tags ---------------------------------------------------------------------------------


def list_tags(project: Project, args: Namespace) -> int:
    from sourcemark.app import codebook

    counts = [c for c in codebook.tag_counts(project) if not (args.active and c.tag.archived)]
    if not counts:
        print_note("the codebook is empty; add a tag with 'tags add NAME'.")
        return 0
    name_width = max(display_width(c.tag.name) for c in counts)
    claim_counts = [_plural(c.claims, "claim") for c in counts]
    count_width = max(len(text) for text in claim_counts)
    for count, text in zip(counts, claim_counts, strict=True):
        print(_tag_line(count.tag, name_width, pad(text, count_width)))
    return 0


def _tag_line(tag: TagInfo, name_width: int = 0, counts: str = "") -> str:
    parts = [pad(tag.name, name_width), tag.shortcut or "-", tag.colour]
    if counts:
        parts.append(counts)
    if tag.key:
        parts.append(f"key {tag.key}")
    if tag.archived:
        parts.append("(archived)")
    return "  ".join(parts)


def add_tag(project: Project, args: Namespace) -> int:
    from sourcemark.app import codebook

    tag = codebook.add_tag(
        project,
        args.name,
        colour=args.colour,
        description=args.description or "",
        shortcut=args.shortcut,
    )
    print(_tag_line(tag))
    return 0


def edit_tag(project: Project, args: Namespace) -> int:
    from sourcemark.app import codebook

    tag = codebook.find_tag(project, args.tag)
    if all(getattr(args, n) is None for n in ("name", "colour", "description", "shortcut")):
        print_error("nothing to change; give --name, --colour, --description or --shortcut.")
        return 1
    # update_tag: shortcut "" keeps it, None clears it; on the command line '' clears it.
    shortcut = "" if args.shortcut is None else (args.shortcut.strip() or None)
    print(
        _tag_line(
            codebook.update_tag(
                project,
                tag.id,
                name=args.name,
                colour=args.colour,
                description=args.description,
                shortcut=shortcut,
            )
        )
    )
    return 0


def rename_tag(project: Project, args: Namespace) -> int:
    from sourcemark.app import codebook

    tag = codebook.find_tag(project, args.tag)
    print(_tag_line(codebook.update_tag(project, tag.id, name=args.name)))
    return 0


def merge_tags(project: Project, args: Namespace) -> int:
    from sourcemark.app import codebook

    source = codebook.find_tag(project, args.source)
    target = codebook.find_tag(project, args.target)
    merged = codebook.merge_tags(project, source.id, target.id)
    print_note(f"merged {source.name!r} into {merged.name!r}; {source.name!r} is gone.")
    return 0


def archive_tag(project: Project, args: Namespace) -> int:
    from sourcemark.app import codebook

    tag = codebook.find_tag(project, args.tag)
    print(_tag_line(codebook.update_tag(project, tag.id, archived=args.archived)))
    return 0


def delete_tag(project: Project, args: Namespace) -> int:
    from sourcemark.app import codebook

    tag = codebook.find_tag(project, args.tag)
    codebook.delete_tag(project, tag.id)
    print_note(f"deleted the tag {tag.name!r}.")
    return 0


# --- claims -------------------------------------------------------------------------------


def annotate(project: Project, args: Namespace) -> int:
    from sourcemark.app import articles, claims, codebook
    from sourcemark.app.errors import ValidationError
    from sourcemark.app.textspan import Span, find_quote

    text = articles.get_article_text(project, args.article)
    if args.quote is not None:
        if args.end is not None:
            raise ValidationError("--end goes with --start; with --quote leave it out.")
        span = find_quote(text, args.quote, args.occurrence)
    else:
        if args.end is None:
            raise ValidationError("--start needs --end (the offset just after the passage).")
        if args.occurrence is not None:
            raise ValidationError("--occurrence goes with --quote; leave it out with --start.")
        span = Span(args.start, args.end)
    tag_ids = [codebook.find_tag(project, name).id for name in args.tag]
    details = claims.ClaimFields(
        speaker=args.speaker,
        affiliation=args.affiliation,
        cue=args.cue,
        quote_form=args.quote_form.strip().lower() if args.quote_form else None,
        note=args.note,
    )
    claim = claims.create_claim(project, args.article, span, tag_ids, details)
    print(claim.id)
    return 0


def list_claims(project: Project, args: Namespace) -> int:
    from sourcemark.app import claims, codebook

    criteria = _criteria(project, args, text=args.search)
    found = claims.list_claims(project, criteria)
    if not found:
        print_note("no claims match." if _filtered(args) else "no claims yet.")
        return 0
    names = {tag.id: tag.name for tag in codebook.list_tags(project)}
    header = ["ID", "ARTICLE", "SPAN", "STATUS", "TAGS", "SPEAKER", "QUOTE"]
    rows = [
        [
            str(claim.id),
            str(claim.article_id),
            f"{claim.start}–{claim.end}",
            claim.status if claim.origin == "manual" else f"{claim.status} ({claim.origin})",
            ", ".join(names.get(tag_id, "?") for tag_id in claim.tag_ids) or "-",
            claim.speaker or "-",
            claim.quote,
        ]
        for claim in found
    ]
    for line in table(
        header,
        rows,
        total_width=_terminal_width(),
        flexible=len(header) - 1,
        right_aligned=frozenset({0, 1}),
        max_widths={4: 40, 5: 30},
    ):
        print(line)
    return 0


def review(project: Project, args: Namespace) -> int:
    from sourcemark.app import claims

    claim = claims.review_claim(
        project, args.claim, status=args.status.strip().lower(), note=args.note
    )
    by = f" by {claim.reviewer}" if claim.reviewer else ""
    print(f"{claim.id}  {claim.status}{by}")
    return 0


# --- export -------------------------------------------------------------------------------


def export(project: Project, args: Namespace) -> int:
    from sourcemark.app.exporting.csv_export import ExportOptions, export_claims_csv

    options = ExportOptions(
        _criteria(project, args), excel=args.excel, escape_formulas=args.escape_formulas
    )
    if args.output != "-":
        destination = Path(args.output).expanduser()
        rows = export_claims_csv(project, destination, options)
        print_note(f"wrote {_plural(rows, 'row')} to {destination}.")
        return 0
    import io

    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:  # a replaced stdout with no bytes underneath: write to it as it is
        export_claims_csv(project, sys.stdout, options)
        return 0
    # UTF-8 whatever the locale, and no newline translation: records end in CRLF everywhere.
    sys.stdout.flush()
    stream = io.TextIOWrapper(buffer, encoding="utf-8", newline="", write_through=True)
    try:
        export_claims_csv(project, stream, options)
        stream.flush()
    finally:
        stream.detach()  # else collecting the wrapper would close the real stdout
    return 0


# --- shared -------------------------------------------------------------------------------


def _criteria(project: Project, args: Namespace, *, text: str | None = None) -> ClaimFilter:
    """The claim filter the --article/--tag/--status/--annotator options describe."""
    from sourcemark.app import articles, codebook
    from sourcemark.app.claims import ClaimFilter

    if args.article is not None:
        articles.get_article(project, args.article)  # an unknown id is an error, not "none"
    return ClaimFilter(
        article_id=args.article,
        tag_ids=tuple(codebook.find_tag(project, name).id for name in args.tag),
        statuses=tuple(status.strip().lower() for status in args.status),
        annotators=tuple(args.annotators),
        text=text,
        include_suggestions=args.include_suggestions,
    )


def _filtered(args: Namespace) -> bool:
    return bool(
        args.article is not None or args.tag or args.status or args.annotators or args.search
    )


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def _terminal_width() -> int:
    return shutil.get_terminal_size((DEFAULT_WIDTH, 24)).columns
