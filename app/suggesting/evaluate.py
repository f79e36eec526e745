"""Score the suggester against gold claims: finding attributions, and tagging them.

A suggestion *finds* a gold claim when their content spans overlap; each gold claim and each
suggestion is matched at most once (largest overlaps first), so one long suggestion cannot
claim two gold quotes. Tag accuracy is measured over the matched pairs only.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from sourcemark.app.suggesting.engine import Suggestion, suggest
from sourcemark.app.suggesting.evalset import EvalCase, GoldClaim

Suggester = Callable[[str], list[Suggestion]]
# The default codebook's keys, in its order, with short column labels for the confusion table.
TAG_LABELS = {
    "anonymous-official": "AnOf",
    "anonymous-other": "AnOt",
    "named-official": "NOff",
    "expert": "Expt",
    "named-participant": "NPar",
    "organisation-statement": "Org",
    "document": "Doc",
    "data-poll": "Data",
    "other-media": "Media",
    "unattributed": "Unatt",
    "declined-to-comment": "Decl",
}
MISSED = "(missed)"
SPURIOUS = "(none)"


@dataclass(frozen=True)
class Outcome:
    """One gold claim or suggestion and what became of it (for reading the errors)."""

    case_id: str
    text: str
    gold: GoldClaim | None
    suggestion: Suggestion | None


@dataclass(frozen=True)
class Scores:
    articles: int
    words: int
    gold: int
    suggested: int
    found: int
    tag_correct: int
    seconds: float
    # (gold tag or SPURIOUS, suggested tag or MISSED) → count
    confusion: dict[tuple[str, str], int] = field(default_factory=dict)

    @property
    def precision(self) -> float:
        return self.found / self.suggested if self.suggested else 0.0

    @property
    def recall(self) -> float:
        return self.found / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def tag_accuracy(self) -> float:
        return self.tag_correct / self.found if self.found else 0.0


@dataclass(frozen=True)
class EvaluationReport:
    # "dev", "heldout" (those present) and "all", in that order.
    scores: dict[str, Scores]
    outcomes: tuple[Outcome, ...]


def evaluate(cases: Sequence[EvalCase], suggester: Suggester = suggest) -> EvaluationReport:
    outcomes: list[Outcome] = []
    per_split: dict[str, list[tuple[EvalCase, list[Outcome], float]]] = {}
    for case in cases:
        began = time.perf_counter()
        suggestions = suggester(case.text)
        elapsed = time.perf_counter() - began
        matched = _match(case, suggestions)
        outcomes.extend(matched)
        per_split.setdefault(case.split, []).append((case, matched, elapsed))
    scores = {name: _score(rows) for name, rows in sorted(per_split.items())}
    scores["all"] = _score([row for rows in per_split.values() for row in rows])
    return EvaluationReport(scores, tuple(outcomes))


def _match(case: EvalCase, suggestions: list[Suggestion]) -> list[Outcome]:
    pairs = []
    for g_index, gold in enumerate(case.gold):
        for s_index, suggestion in enumerate(suggestions):
            overlap = min(gold.end, suggestion.end) - max(gold.start, suggestion.start)
            if overlap > 0:
                pairs.append((overlap, g_index, s_index))
    used_gold: dict[int, int] = {}
    used_suggestions: set[int] = set()
    for _, g_index, s_index in sorted(pairs, key=lambda p: (-p[0], p[1], p[2])):
        if g_index not in used_gold and s_index not in used_suggestions:
            used_gold[g_index] = s_index
            used_suggestions.add(s_index)
    outcomes = [
        Outcome(
            case.id,
            case.text,
            gold,
            suggestions[used_gold[i]] if i in used_gold else None,
        )
        for i, gold in enumerate(case.gold)
    ]
    outcomes.extend(
        Outcome(case.id, case.text, None, s)
        for i, s in enumerate(suggestions)
        if i not in used_suggestions
    )
    return outcomes


def _score(rows: list[tuple[EvalCase, list[Outcome], float]]) -> Scores:
    confusion: Counter[tuple[str, str]] = Counter()
    for _, outcomes, _ in rows:
        for o in outcomes:
            gold = o.gold.tag if o.gold else SPURIOUS
            suggested = o.suggestion.tag_key if o.suggestion else MISSED
            confusion[(gold, suggested)] += 1
    all_outcomes = [o for _, outcomes, _ in rows for o in outcomes]
    found = [o for o in all_outcomes if o.gold and o.suggestion]
    return Scores(
        articles=len(rows),
        words=sum(len(case.text.split()) for case, _, _ in rows),
        gold=sum(1 for o in all_outcomes if o.gold),
        suggested=sum(1 for o in all_outcomes if o.suggestion),
        found=len(found),
        tag_correct=sum(
            1 for o in found if o.gold and o.suggestion and o.gold.tag == o.suggestion.tag_key
        ),
        seconds=sum(elapsed for _, _, elapsed in rows),
        confusion=dict(confusion),
    )


def format_report(report: EvaluationReport, *, errors: bool = False) -> str:
    """The scores of every split and the confusion table of all; ``errors`` lists each mistake."""
    lines = ["Claim suggester, scored against the evaluation set", ""]
    header = f"{'split':<8} {'articles':>8} {'gold':>5} {'found':>5} {'suggested':>9} "
    header += f"{'precision':>9} {'recall':>6} {'F1':>5} {'tag acc.':>8} {'ms/1k words':>11}"
    lines.append(header)
    for name, s in report.scores.items():
        per_k = 1000 * s.seconds / max(s.words, 1) * 1000
        lines.append(
            f"{name:<8} {s.articles:>8} {s.gold:>5} {s.found:>5} {s.suggested:>9} "
            f"{s.precision:>9.3f} {s.recall:>6.3f} {s.f1:>5.3f} {s.tag_accuracy:>8.3f} "
            f"{per_k:>11.1f}"
        )
    lines += ["", "Found attributions count when the suggested span overlaps a gold claim;"]
    lines += ["tag accuracy is over the found ones. Targets: precision ≥ 0.90, recall ≥ 0.75,"]
    lines += ["tag accuracy ≥ 0.85.", ""]
    lines += _confusion_table(report.scores["all"])
    if errors:
        lines += ["", *_error_lines(report)]
    return "\n".join(lines)


def _confusion_table(scores: Scores) -> list[str]:
    columns = [*TAG_LABELS, MISSED]
    rows = [*TAG_LABELS, SPURIOUS]
    width = 6
    lines = ["Per-tag confusion (rows: gold tag, columns: suggested tag; all splits):"]
    head = f"{'':<24}" + "".join(f"{TAG_LABELS.get(c, 'miss'):>{width}}" for c in columns)
    lines.append(head + f"{'recall':>8}")
    for row in rows:
        counts = [scores.confusion.get((row, column), 0) for column in columns]
        total = sum(counts)
        if row == SPURIOUS:
            label = "(no gold: spurious)"
            tail = ""
        else:
            label = row
            hit = sum(counts[:-1])
            tail = f"{hit / total:>8.2f}" if total else f"{'-':>8}"
        cells = "".join(f"{(str(c) if c else '.'):>{width}}" for c in counts)
        lines.append(f"{label:<24}{cells}{tail}")
    return lines


def _error_lines(report: EvaluationReport) -> list[str]:
    lines = ["Errors:"]
    for o in report.outcomes:
        if o.gold and o.suggestion and o.gold.tag == o.suggestion.tag_key:
            continue
        if o.gold and o.suggestion:
            kind = f"tag {o.gold.tag} → {o.suggestion.tag_key} ({o.suggestion.evidence})"
            span = o.gold.quote
        elif o.gold:
            kind = f"missed {o.gold.tag} ({o.gold.cue} / {o.gold.source})"
            span = o.gold.quote
        else:
            assert o.suggestion is not None
            kind = f"spurious {o.suggestion.tag_key} ({o.suggestion.cue})"
            span = o.text[o.suggestion.start : o.suggestion.end]
        lines.append(f"- {o.case_id}: {kind}: {span[:90]!r}")
    return lines
