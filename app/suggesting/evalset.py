"""The suggester's evaluation set: original articles with gold claims (resources/eval/).

Each line of ``attributions.jsonl`` is one article with its gold claims; offsets are code points
into the article's text. ``load_eval_set`` checks every offset against its quote, so a hand edit
that shifts the text cannot silently corrupt the scores.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from typing import Any

from sourcemark.app.errors import ValidationError

EVAL_FILE = "attributions.jsonl"
SPLITS = ("dev", "heldout", "challenge")


@dataclass(frozen=True)
class GoldClaim:
    start: int
    end: int
    quote: str
    source: str | None
    source_start: int | None
    source_end: int | None
    tag: str
    cue: str


@dataclass(frozen=True)
class EvalCase:
    id: str
    split: str
    outlet: str
    title: str
    text: str
    gold: tuple[GoldClaim, ...]


def load_eval_set(split: str | None = None) -> list[EvalCase]:
    """The shipped evaluation set, or one split of it ("dev" or "heldout")."""
    if split is not None and split not in SPLITS:
        raise ValidationError(f"Unknown split {split!r}; use one of {', '.join(SPLITS)}.")
    raw = resources.files("sourcemark.resources").joinpath("eval", EVAL_FILE).read_text("utf-8")
    cases = parse_cases(raw.splitlines())
    return [c for c in cases if split is None or c.split == split]


def parse_cases(lines: Iterable[str]) -> list[EvalCase]:
    cases = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            case = _case(record)
        except (ValueError, KeyError, TypeError) as error:
            raise ValidationError(
                f"Evaluation set line {number} is not a valid case: {error}."
            ) from error
        problems = check_case(case)
        if problems:
            raise ValidationError(f"Evaluation case {case.id!r}: {problems[0]}")
        cases.append(case)
    return cases


def check_case(case: EvalCase) -> list[str]:
    """Every way the case's offsets disagree with its quotes (empty when it is sound)."""
    problems = []
    if case.split not in SPLITS:
        problems.append(f"split {case.split!r} is not one of {', '.join(SPLITS)}")
    for gold in case.gold:
        if case.text[gold.start : gold.end] != gold.quote:
            problems.append(
                f"claim {gold.start}-{gold.end} reads {case.text[gold.start : gold.end]!r}, "
                f"not {gold.quote!r}"
            )
        if gold.source is not None and (
            gold.source_start is None
            or gold.source_end is None
            or case.text[gold.source_start : gold.source_end] != gold.source
        ):
            problems.append(f"source of {gold.quote[:30]!r} does not match its offsets")
    return problems


def _case(record: dict[str, Any]) -> EvalCase:
    gold = tuple(
        GoldClaim(
            start=int(g["start"]),
            end=int(g["end"]),
            quote=str(g["quote"]),
            source=g.get("source"),
            source_start=g.get("source_start"),
            source_end=g.get("source_end"),
            tag=str(g["tag"]),
            cue=str(g.get("cue", "")),
        )
        for g in record["gold"]
    )
    return EvalCase(
        id=str(record["id"]),
        split=str(record["split"]),
        outlet=str(record.get("outlet", "")),
        title=str(record.get("title", "")),
        text=str(record["text"]),
        gold=gold,
    )
