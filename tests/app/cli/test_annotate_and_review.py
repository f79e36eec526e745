"""`sourcemark annotate` and `sourcemark review`."""

from __future__ import annotations

from pathlib import Path

import pytest

from sourcemark.app import claims, codebook
from sourcemark.app.projects import open_project
from tests.app.cli.helpers import TEXT, Run, assert_one_line_error


def stored(project_path: Path, claim_id: int) -> claims.ClaimInfo:
    project = open_project(project_path)
    try:
        return claims.get_claim(project, claim_id)
    finally:
        project.close()


def tag_names(project_path: Path, tag_ids: tuple[int, ...]) -> list[str]:
    project = open_project(project_path)
    try:
        return [codebook.get_tag(project, tag_id).name for tag_id in tag_ids]
    finally:
        project.close()


def test_annotate_by_quote_prints_the_claim_id_and_stores_the_details(
    run: Run, article_id: int, project_path: Path
) -> None:
    result = run(
        "annotate", str(article_id), "--quote", "“We will not negotiate,”",
        "--tag", "Organisation statement or spokesperson", "--tag", "named-official",
        "--speaker", "محمد العلي", "--affiliation", "the ministry", "--cue", "said",
        "--quote-form", "direct", "--note", "on the record 👍",
    )  # fmt: skip
    assert result.code == 0, result.err
    assert result.err == ""
    claim = stored(project_path, int(result.out))
    assert claim.quote == "“We will not negotiate,”"
    assert TEXT[claim.start : claim.end] == claim.quote
    assert (claim.speaker, claim.affiliation, claim.cue) == ("محمد العلي", "the ministry", "said")
    assert (claim.quote_form, claim.note, claim.annotator) == (
        "direct",
        "on the record 👍",
        "tester",
    )
    assert sorted(tag_names(project_path, claim.tag_ids)) == [
        "Named official",
        "Organisation statement or spokesperson",
    ]


def test_annotate_by_offsets_counts_code_points(
    run: Run, article_id: int, project_path: Path
) -> None:
    start = TEXT.index("שרה כהן")
    result = run(
        "annotate", str(article_id), "--start", str(start), "--end", str(start + 7),
        "--tag", "named-participant",
    )  # fmt: skip
    assert result.code == 0, result.err
    assert stored(project_path, int(result.out)).quote == "שרה כהן"


def test_an_ambiguous_quote_says_how_many_and_occurrence_picks_one(
    run: Run, article_id: int, project_path: Path
) -> None:
    ambiguous = run("annotate", str(article_id), "--quote", "said prices rose", "--tag", "expert")
    assert_one_line_error(ambiguous, "occurs 2 times", "--occurrence")
    second = run(
        "annotate", str(article_id), "--quote", "said prices rose", "--occurrence", "2",
        "--tag", "expert",
    )  # fmt: skip
    assert second.code == 0, second.err
    assert stored(project_path, int(second.out)).start == TEXT.rindex("said prices rose")
    too_far = run(
        "annotate", str(article_id), "--quote", "said prices rose", "--occurrence", "3",
        "--tag", "expert",
    )  # fmt: skip
    assert_one_line_error(too_far, "--occurrence must be 1 to 2")


@pytest.mark.parametrize(
    ("arguments", "fragments"),
    [
        (["--quote", '"We will not', "--tag", "expert"], ("does not occur", "quotation marks")),
        (["--quote", "café", "--tag", "Experts"], ("no tag called 'Experts'", "tags add")),
        (["--quote", "café", "--tag", "expert", "--quote-form", "gist"], ("not a quote form",)),
        (["--start", "5", "--tag", "expert"], ("--start needs --end",)),
        (["--start", "5", "--end", "3", "--tag", "expert"], ("outside the article",)),
        (["--start", "1", "--end", "99999", "--tag", "expert"], ("outside the article",)),
        (["--quote", "café", "--end", "9", "--tag", "expert"], ("--end goes with --start",)),
    ],
)  # fmt: skip
def test_bad_annotations_are_one_clear_line_and_store_nothing(
    run: Run, article_id: int, arguments: list[str], fragments: tuple[str, ...]
) -> None:
    assert_one_line_error(run("annotate", str(article_id), *arguments), *fragments)
    assert run("claims").out == ""


def test_annotating_an_unknown_article(run: Run) -> None:
    result = run("annotate", "42", "--quote", "x", "--tag", "expert")
    assert_one_line_error(result, "No article has the id 42", "sourcemark articles")


def test_review_records_status_note_and_reviewer(
    run: Run, article_id: int, project_path: Path
) -> None:
    claim_id = run("annotate", str(article_id), "--quote", "東京の専門家", "--tag", "expert").out
    result = run("--annotator", "שרה", "review", claim_id.strip(), "--status", "disputed",
                 "--note", "source is unclear – ask the desk")  # fmt: skip
    assert result.code == 0, result.err
    assert result.out == f"{claim_id.strip()}  disputed by שרה\n"
    claim = stored(project_path, int(claim_id))
    assert (claim.status, claim.reviewer, claim.reviewer_note) == (
        "disputed",
        "שרה",
        "source is unclear – ask the desk",
    )
    assert claim.reviewed_at is not None
    back = run("review", claim_id.strip(), "--status", "unreviewed")
    assert back.out == f"{claim_id.strip()}  unreviewed\n"


def test_review_refuses_a_bad_status_and_an_unknown_claim(run: Run, article_id: int) -> None:
    claim_id = run("annotate", str(article_id), "--quote", "東京の専門家", "--tag", "expert").out
    bad = run("review", claim_id.strip(), "--status", "approved")
    assert_one_line_error(bad, "'approved' is not a status", "confirmed", "needs-check")
    assert_one_line_error(run("review", "999", "--status", "confirmed"), "No claim has the id 999")
