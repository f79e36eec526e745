"""`sourcemark suggest / suggestions / accept / reject / evaluate-suggester` on a real project."""

from __future__ import annotations

import csv
import io
import sys
from importlib import resources
from pathlib import Path

import pytest

from sourcemark.app import articles, claims
from sourcemark.app.claims import ClaimFilter
from sourcemark.app.projects import open_project
from tests.app.cli.helpers import Run, assert_one_line_error

EXAMPLE = resources.files("sourcemark.resources").joinpath("erbil-drone.txt")
SECOND = (
    "Harbour reopens\n\nThe harbour will reopen on Monday, the port authority said. "
    "“We are ready,” said Mara Okafor, a crane operator."
)


def import_articles(project_path: Path, *texts: str) -> list[int]:
    project = open_project(project_path)
    try:
        return [articles.import_text(project, text).id for text in texts]
    finally:
        project.close()


def stored_claims(project_path: Path) -> dict[int, str]:
    """Every claim's origin, suggestions included."""
    project = open_project(project_path)
    try:
        found = claims.list_claims(project, ClaimFilter(include_suggestions=True))
        return {claim.id: claim.origin for claim in found}
    finally:
        project.close()


@pytest.fixture
def erbil(run: Run, project_path: Path) -> int:
    [article_id] = import_articles(project_path, EXAMPLE.read_text(encoding="utf-8"))
    return article_id


def test_suggest_stores_pending_claims_and_prints_a_table(
    run: Run, erbil: int, project_path: Path
) -> None:
    result = run("suggest", str(erbil))
    assert result.code == 0, result.err
    header, *rows = result.lines
    assert header.split() == ["ID", "ARTICLE", "TAG", "SPEAKER", "CUE", "QUOTE"]
    assert len(rows) == 3
    assert "Expert" in rows[1] and "David Schenker" in rows[1] and "noted" in rows[1]
    assert "according to" in rows[0]
    # Quotes are shortened to the line, not wrapped: every row fits the 120 columns.
    assert all(len(line) <= 120 for line in result.lines)
    assert any(line.endswith("…") for line in rows)
    assert "3 new suggestions in 1 article" in result.err
    assert set(stored_claims(project_path).values()) == {"suggested"}


def test_suggest_twice_proposes_nothing_new(run: Run, erbil: int) -> None:
    run("suggest", str(erbil))
    again = run("suggest", str(erbil))
    assert again.code == 0
    assert again.out == ""
    assert "0 new suggestions" in again.err and "3 already claimed or rejected" in again.err


def test_suggestions_lists_pending_ones_with_evidence_on_request(
    run: Run, erbil: int, project_path: Path
) -> None:
    [other] = import_articles(project_path, SECOND)
    run("suggest", "--all")
    every = run("suggestions")
    assert every.code == 0
    pending = [int(line.split()[0]) for line in every.lines[1:]]
    assert len(pending) == 5
    only_second = run("suggestions", "--article", str(other))
    assert {line.split()[1] for line in only_second.lines[1:]} == {str(other)}
    assert len(only_second.lines) == 3
    with_evidence = run("suggestions", "--article", str(erbil), "--evidence")
    assert "    evidence: anonymity granted" in with_evidence.out
    assert 'unnamed official: "two anonymous U.S. officials"' in with_evidence.out


def test_accept_and_reject_decide_suggestions(run: Run, erbil: int, project_path: Path) -> None:
    run("suggest", str(erbil))
    first, second, third = sorted(stored_claims(project_path))
    accepted = run("accept", str(first), str(second))
    assert accepted.code == 0, accepted.err
    assert accepted.lines == [f"{first}  accepted", f"{second}  accepted"]
    rejected = run("reject", str(third))
    assert rejected.lines == [f"{third}  rejected"]
    assert stored_claims(project_path) == {
        first: "accepted",
        second: "accepted",
        third: "rejected",
    }
    assert run("accept", str(first)).lines == [f"{first}  accepted (already)"]
    # Nothing pending any more; a second suggest does not bring the rejected one back.
    assert "no pending suggestions in article" in run("suggestions", "--article", str(erbil)).err
    assert run("suggest", str(erbil)).out == ""
    assert len(stored_claims(project_path)) == 3
    # Accepted claims are the analyst's: listed by `claims`; the rejected one is not.
    listed = run("claims").out
    assert "David Schenker" in listed and "Tehran" not in listed


def test_accepted_claims_keep_the_suggested_details(
    run: Run, erbil: int, project_path: Path
) -> None:
    run("suggest", str(erbil))
    assert run("accept", *map(str, stored_claims(project_path))).code == 0
    project = open_project(project_path)
    try:
        [claim] = [c for c in claims.list_claims(project) if c.speaker == "David Schenker"]
    finally:
        project.close()
    assert (claim.origin, claim.affiliation, claim.cue, claim.quote_form) == (
        "accepted",
        "Washington Institute for Near East Policy",
        "noted",
        "direct",
    )
    assert claim.tag_ids and "expert affiliation" in claim.evidence


def test_deciding_refuses_unknown_and_hand_made_claims_and_changes_nothing(
    run: Run, erbil: int, project_path: Path
) -> None:
    run("suggest", str(erbil))
    pending = sorted(stored_claims(project_path))
    manual = run("annotate", str(erbil), "--quote", "Fortunately", "--tag", "expert").out.strip()
    # One bad id anywhere in the list: nothing is decided.
    assert_one_line_error(run("accept", str(pending[0]), "999"), "999")
    assert_one_line_error(run("reject", str(pending[0]), manual), manual, "by hand")
    assert set(stored_claims(project_path)[c] for c in pending) == {"suggested"}


def test_suggest_refuses_unknown_articles_before_storing_anything(
    run: Run, erbil: int, project_path: Path
) -> None:
    assert_one_line_error(run("suggest", str(erbil), "42"), "42")
    assert stored_claims(project_path) == {}
    assert_one_line_error(run("suggestions", "--article", "42"), "42")


def test_suggest_needs_ids_or_all_not_both(run: Run, erbil: int) -> None:
    assert run("suggest").code == 2
    assert run("suggest", str(erbil), "--all").code == 2
    assert run("accept").code == 2


def test_suggest_all_on_an_empty_project_says_so(run: Run) -> None:
    result = run("suggest", "--all")
    assert result.code == 0 and result.out == ""
    assert "no articles yet" in result.err


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_suggest_shows_progress_for_many_articles_on_a_terminal(
    run: Run, erbil: int, project_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import_articles(project_path, SECOND)
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    assert run("suggest", "--all").code == 0
    shown = terminal.getvalue()
    assert "\r\x1b[K[1/2]" in shown and "\r\x1b[K[2/2]" in shown
    # The progress line is cleared before the summary is written.
    assert "\r\x1b[Ksourcemark: 5 new suggestions in 2 articles" in shown


def test_suggest_shows_no_progress_in_a_pipe(run: Run, erbil: int, project_path: Path) -> None:
    import_articles(project_path, SECOND)
    result = run("suggest", "--all")
    assert "\x1b" not in result.err and "[1/2]" not in result.err


def test_export_leaves_out_pending_and_rejected_unless_asked(
    run: Run, erbil: int, project_path: Path
) -> None:
    run("suggest", str(erbil))
    first, _, third = sorted(stored_claims(project_path))
    run("accept", str(first))
    run("reject", str(third))

    def exported(*options: str) -> dict[str, str]:
        result = run("export", *options)
        assert result.code == 0, result.err
        rows = csv.DictReader(io.StringIO(result.out, newline=""))
        return {row["claim_number"]: row["origin"] for row in rows}

    assert exported() == {str(first): "accepted"}
    assert exported("--include-suggestions") == {
        str(first): "accepted",
        str(first + 1): "suggested",
        str(third): "rejected",
    }


def test_evaluate_suggester_prints_scores_without_a_project(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from sourcemark.app.cli import main

    target = tmp_path / "never-made.sourcemark"
    assert main(["--db", str(target), "evaluate-suggester", "--split", "heldout"]) == 0
    out = capsys.readouterr().out
    assert "precision" in out and "recall" in out and "F1" in out and "tag acc." in out
    heldout = next(line for line in out.splitlines() if line.startswith("heldout"))
    precision, recall, f1, accuracy = map(float, heldout.split()[5:9])
    assert precision >= 0.90 and recall >= 0.75 and accuracy >= 0.85 and f1 > 0.8
    assert not any(line.startswith("dev ") for line in out.splitlines())
    assert not target.exists()


def test_evaluate_suggester_lists_errors_and_refuses_unknown_splits(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from sourcemark.app.cli import main

    assert main(["evaluate-suggester", "--split", "challenge", "--errors"]) == 0
    assert "Errors:" in capsys.readouterr().out
    assert main(["evaluate-suggester", "--split", "nope"]) == 1
    err = capsys.readouterr().err
    assert err.splitlines() == [
        "sourcemark: error: Unknown split 'nope'; use one of dev, heldout, challenge."
    ]
