"""Scoring: overlap matching, the numbers, the report, and the targets on the shipped set."""

from __future__ import annotations

import time

import pytest

from sourcemark.app.suggesting import Suggestion, suggest
from sourcemark.app.suggesting.evalset import EvalCase, GoldClaim, load_eval_set
from sourcemark.app.suggesting.evaluate import evaluate, format_report

TEXT = "Officials said the road was closed. The mayor said it would reopen. Rain fell."


def gold(start: int, end: int, tag: str) -> GoldClaim:
    return GoldClaim(start, end, TEXT[start:end], "x", 0, 1, tag, "said")


def suggestion(start: int, end: int, tag: str) -> Suggestion:
    return Suggestion(start, end, None, None, "said", "indirect", tag, "", "", "")


CASE = EvalCase(
    "toy",
    "dev",
    "",
    "",
    TEXT,
    (gold(15, 34, "anonymous-official"), gold(51, 66, "named-official")),
)


def test_overlap_finds_and_one_suggestion_matches_one_claim() -> None:
    # One long suggestion covering both claims finds only one; a second one is spurious.
    report = evaluate(
        [CASE],
        lambda _: [suggestion(10, 66, "anonymous-official"), suggestion(70, 79, "expert")],
    )
    scores = report.scores["dev"]
    assert (scores.gold, scores.suggested, scores.found) == (2, 2, 1)
    assert scores.precision == 0.5 and scores.recall == 0.5 and scores.f1 == 0.5
    assert scores.tag_accuracy == 1.0
    assert scores.confusion[("named-official", "(missed)")] == 1
    assert scores.confusion[("(none)", "expert")] == 1


def test_tag_accuracy_counts_only_found_claims() -> None:
    report = evaluate(
        [CASE],
        lambda _: [suggestion(20, 25, "anonymous-other"), suggestion(55, 60, "named-official")],
    )
    scores = report.scores["all"]
    assert (scores.found, scores.tag_correct, scores.tag_accuracy) == (2, 1, 0.5)


def test_report_lists_scores_and_the_confusion_table() -> None:
    text = format_report(evaluate([CASE], lambda _: []), errors=True)
    assert "precision" in text and "recall" in text and "tag acc." in text
    assert "Per-tag confusion" in text and "anonymous-official" in text
    assert "missed named-official" in text


@pytest.mark.parametrize("split", ["dev", "heldout", "challenge"])
def test_the_suggester_meets_its_targets(split: str) -> None:
    scores = evaluate(load_eval_set(split)).scores[split]
    assert scores.precision >= 0.90, format_report(evaluate(load_eval_set(split)), errors=True)
    assert scores.recall >= 0.75
    assert scores.tag_accuracy >= 0.85


def test_an_article_of_5000_words_takes_well_under_a_second() -> None:
    texts = [case.text for case in load_eval_set()]
    article = ""
    while len(article.split()) < 5000:
        article += texts[len(article) % len(texts)] + "\n\n"
    timings = []
    for _ in range(3):
        began = time.perf_counter()
        found = suggest(article)
        timings.append(time.perf_counter() - began)
    assert found
    assert min(timings) < 0.5, timings
