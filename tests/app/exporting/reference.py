"""What the CSV export must write, made the slow and obvious way: ``csv.writer`` over the
services' view of the claims; and a project full of values awkward to write."""

from __future__ import annotations

import csv
import io

from sourcemark.app import articles, claims, codebook
from sourcemark.app.claims import ClaimFields, ClaimFilter
from sourcemark.app.exporting.csv_export import COLUMNS, neutralise_formula
from sourcemark.app.projects import Project
from sourcemark.app.textspan import Span

AWKWARD = (
    "",
    "plain",
    "a, comma",
    'a "quote"',
    "line\nbreak",
    "carriage\rreturn",
    "\rstarts with CR",
    "=SUM(A1)",
    "+1",
    "-",
    "@home",
    "\tindented",
    "nul\x00inside",
    "“curly”, and 🚁",
    "'already quoted",
    "x\x00=not a formula",  # a NUL then a trigger inside a cell: not a formula
)
TEXT_FIELDS = ("speaker", "affiliation", "cue", "note")


def expected_csv(project: Project, *, escape: bool) -> str:
    """The file as csv.writer writes it, from the services' view of the same claims."""
    tags = {tag.id: tag for tag in codebook.list_tags(project)}
    found = claims.list_claims(project, ClaimFilter())
    article = {a.article.id: a.article for a in articles.list_articles(project)}
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)

    def text(value: str | None) -> str:
        value = value or ""
        return neutralise_formula(value) if escape else value

    def when(moment: object) -> str:
        return "" if moment is None else moment.isoformat("T", "seconds") + "Z"  # type: ignore[attr-defined]

    for claim in sorted(found, key=lambda c: (c.article_id, c.start, c.id)):
        info = article[claim.article_id]
        for tag_id in sorted(claim.tag_ids) or [0]:
            tag = tags.get(tag_id)
            writer.writerow(
                [
                    claim.uuid, claim.article_id, text(info.title), text(info.outlet),
                    text(info.published), text(info.url), text(tag.name if tag else ""),
                    text(claim.quote), claim.start, claim.end, text(claim.speaker),
                    text(claim.affiliation), text(claim.cue), claim.quote_form or "",
                    claim.status, text(claim.note), text(claim.reviewer_note),
                    text(claim.annotator), when(claim.created_at), when(claim.updated_at),
                    claim.id, info.uuid, text(info.author), text(tag.key if tag else ""),
                    claim.origin, text(claim.reviewer), when(claim.reviewed_at),
                    text(claim.evidence),
                ]
            )  # fmt: skip
    return out.getvalue()


def add_awkward_claims(project: Project) -> Project:
    body = " ".join(f"word{i}, “x” y" for i in range(400))
    info = articles.import_text(project, body, title="=Title, with “quotes”")
    articles.update_article(project, info.id, outlet='Outlet "X", Inc.', published="2024-03")
    second = articles.import_text(project, body + " again", title="Plain title")
    tag_ids = [tag.id for tag in codebook.list_tags(project)]
    for number in range(60):
        value = AWKWARD[number % len(AWKWARD)]
        fields = {name: AWKWARD[(number + i) % len(AWKWARD)] for i, name in enumerate(TEXT_FIELDS)}
        fields[TEXT_FIELDS[number % len(TEXT_FIELDS)]] = value
        made = claims.create_claim(
            project,
            info.id if number % 3 else second.id,
            Span(number * 7, number * 7 + 20 + number),
            tag_ids[: number % 3],
            ClaimFields(quote_form=("direct", None)[number % 2], **fields),
        )
        if number % 4 == 0:
            claims.review_claim(project, made.id, status="confirmed", note=value)
    return project
