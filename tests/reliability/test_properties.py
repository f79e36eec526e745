"""Bad input everywhere: arbitrary Unicode through span validation, word snapping, quote finding
and the CSV export never crashes, and what comes back is exactly what went in.

Qt offset conversions have their own property tests (tests/ui/reader/test_offsets.py); the
importers are fuzzed in tests/app/importing/test_fuzz.py.
"""

from __future__ import annotations

import csv
import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from sourcemark.app import articles, claims, codebook
from sourcemark.app.claims import ClaimFields, ClaimFilter
from sourcemark.app.errors import DuplicateArticleError, ValidationError
from sourcemark.app.exporting.csv_export import (
    COLUMNS,
    FORMULA_TRIGGERS,
    ExportOptions,
    export_claims_csv,
)
from sourcemark.app.importing.draft import ArticleDraft, normalise_text
from sourcemark.app.projects import Project, open_project
from sourcemark.app.textspan import Span, find_quote, snap_to_words, validate_span

# Characters that break naive code: astral emoji, a ZWJ sequence part, combining marks, the
# block separator Qt uses, RTL text and marks, NBSP, CR, a formula trigger, NUL.
SPECIAL = [
    "😀", "👩", "\u200d", "💻", "🇫", "🇷", "e", "\u0301", "\u0651", "\u2029", "\u2028",
    "ع", "ر", "ب", "ي", "\u200f", "\u202e", "\u00a0", "\r", "\n", "\t", " ", "=", "-",
    "'", "’", "_", "\x00", "\U0001d400",
]  # fmt: skip
CHARS = st.one_of(st.characters(exclude_categories=["Cs"]), st.sampled_from(SPECIAL))
TEXT = st.text(CHARS, max_size=80)
PROPERTY = settings(max_examples=200, deadline=None)


@PROPERTY
@given(TEXT, st.integers(-3, 90), st.integers(-3, 90))
def test_validate_span_accepts_exactly_the_spans_inside_with_words(
    text: str, start: int, end: int
) -> None:
    try:
        span = validate_span(text, start, end)
    except ValidationError as error:
        assert str(error)
        assert not (0 <= start < end <= len(text)) or not text[start:end].strip()
    else:
        assert span == Span(start, end)
        assert text[span.start : span.end].strip()


@PROPERTY
@given(TEXT, st.integers(-3, 90), st.integers(-3, 90))
def test_snap_to_words_stays_inside_trims_space_covers_the_selection_and_is_stable(
    text: str, start: int, end: int
) -> None:
    span = snap_to_words(text, start, end)
    assert 0 <= span.start <= span.end <= len(text)
    low = max(0, min(start, len(text)))
    high = max(low, min(end, len(text)))
    selected = [i for i in range(low, high) if not text[i].isspace()]
    if not selected:
        assert span.start == span.end
        return
    assert span.start <= selected[0] and selected[-1] < span.end  # nothing selected is lost
    assert not text[span.start].isspace() and not text[span.end - 1].isspace()
    assert validate_span(text, span.start, span.end) == span
    assert snap_to_words(text, span.start, span.end) == span


@PROPERTY
@given(TEXT, st.integers(0, 80), st.integers(1, 20))
def test_find_quote_finds_every_occurrence_of_a_passage_and_nothing_else(
    text: str, start: int, length: int
) -> None:
    quote = text[start : start + length]
    assume(quote.strip())
    occurrences = [i for i in range(len(text)) if text.startswith(quote, i)]
    for number, position in enumerate(occurrences, 1):
        assert find_quote(text, quote, number) == Span(position, position + len(quote))
    if len(occurrences) == 1:
        assert find_quote(text, quote) == Span(occurrences[0], occurrences[0] + len(quote))
    else:
        with pytest.raises(ValidationError, match=f"occurs {len(occurrences)} times"):
            find_quote(text, quote)
    with pytest.raises(ValidationError):
        find_quote(text, quote, len(occurrences) + 1)
    with pytest.raises(ValidationError, match="does not occur"):
        find_quote(text, quote + "\U000e0001")  # a tag character no TEXT holds after a quote


# CSV export ---------------------------------------------------------------------------------

FIELD = st.text(CHARS, max_size=40)
_TEXT_COLUMNS = {
    "article_title", "outlet", "published", "url", "tag", "quote", "speaker", "affiliation",
    "cue", "note", "reviewer_note", "annotator", "author", "tag_key", "reviewer", "prefix",
    "suffix", "evidence",
}  # fmt: skip
_numbers = itertools.count()


@pytest.fixture
def csv_project(tmp_path: Path) -> Iterator[Project]:
    """One project for all of a property's examples: each adds an article and exports it."""
    project = open_project(tmp_path / "properties.sourcemark")
    try:
        yield project
    finally:
        project.close()


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as file:
        return list(csv.DictReader(file))


def _stored_fields(project: Project, article_id: int, claim_id: int) -> dict[str, str]:
    """The exported columns' values as the project stores them, in CSV's text form."""
    article = articles.get_article(project, article_id)
    claim = claims.get_claim(project, claim_id)
    values = {
        "claim_id": claim.uuid,
        "article_title": article.title,
        "outlet": article.outlet or "",
        "author": article.author or "",
        "url": article.url or "",
        "quote": claim.quote,
        "start": str(claim.start),
        "end": str(claim.end),
        "speaker": claim.speaker,
        "affiliation": claim.affiliation,
        "cue": claim.cue,
        "note": claim.note,
        "prefix": claim.prefix,
        "suffix": claim.suffix,
        "evidence": claim.evidence,
    }
    return {name: value for name, value in values.items() if name in COLUMNS}


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    body=st.text(CHARS, min_size=1, max_size=120),
    title=FIELD,
    outlet=FIELD,
    url=FIELD,
    speaker=FIELD,
    affiliation=FIELD,
    cue=FIELD,
    note=FIELD,
    evidence=FIELD,
)
def test_csv_export_gives_back_every_field_exactly(
    csv_project: Project,
    tmp_path: Path,
    body: str,
    title: str,
    outlet: str,
    url: str,
    speaker: str,
    affiliation: str,
    cue: str,
    note: str,
    evidence: str,
) -> None:
    project = csv_project
    text = normalise_text(body)
    assume(text.strip())
    draft = ArticleDraft(text=text, title=title, outlet=outlet, url=url)
    try:
        article = articles.add_article(project, draft, allow_duplicate=True)
    except (ValidationError, DuplicateArticleError):
        assume(False)
    stored = articles.get_article_text(project, article.id)
    first = next(i for i, char in enumerate(stored) if not char.isspace())
    tag_id = codebook.list_tags(project)[0].id
    details = ClaimFields(
        speaker=speaker, affiliation=affiliation, cue=cue, note=note, evidence=evidence
    )
    claim = claims.create_claim(project, article.id, Span(first, len(stored)), [tag_id], details)
    expected = _stored_fields(project, article.id, claim.id)
    number = next(_numbers)
    plain, escaped = tmp_path / f"plain-{number}.csv", tmp_path / f"escaped-{number}.csv"
    criteria = ClaimFilter(article_id=article.id)
    export_claims_csv(project, plain, ExportOptions(criteria=criteria, escape_formulas=False))
    export_claims_csv(project, escaped, ExportOptions(criteria=criteria))

    (row,) = _read(plain)
    assert {name: row[name] for name in expected} == expected
    (escaped_row,) = _read(escaped)
    assert escaped_row.keys() == row.keys()
    for name, value in row.items():
        if name in _TEXT_COLUMNS and value[:1] in FORMULA_TRIGGERS:
            assert escaped_row[name] == "'" + value
        else:
            assert escaped_row[name] == value
