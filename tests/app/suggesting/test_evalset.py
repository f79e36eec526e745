"""The shipped evaluation set: it loads, its offsets match its quotes, it covers every tag."""

from __future__ import annotations

import json

import pytest

from sourcemark.app.codebook import default_codebook
from sourcemark.app.errors import ValidationError
from sourcemark.app.suggesting.evalset import SPLITS, check_case, load_eval_set, parse_cases


def test_the_set_has_enough_articles_in_every_split() -> None:
    cases = load_eval_set()
    assert len(cases) >= 25
    counts = {split: sum(1 for c in cases if c.split == split) for split in SPLITS}
    assert counts["dev"] >= 20 and counts["heldout"] >= 8 and counts["challenge"] >= 8
    assert len({c.id for c in cases}) == len(cases)


def test_every_offset_matches_its_quote_and_source() -> None:
    for case in load_eval_set():
        assert check_case(case) == [], case.id
        for gold in case.gold:
            assert case.text[gold.start : gold.end] == gold.quote
            if gold.source is not None:
                assert gold.source_start is not None and gold.source_end is not None
                assert case.text[gold.source_start : gold.source_end] == gold.source


def test_tags_are_codebook_keys_and_dev_and_heldout_cover_them_all() -> None:
    keys = {entry["key"] for entry in default_codebook()}
    for split in ("dev", "heldout"):
        used = {g.tag for case in load_eval_set(split) for g in case.gold}
        assert used == keys, split
    assert all(g.tag in keys for case in load_eval_set() for g in case.gold)


def test_only_unattributed_claims_lack_a_source() -> None:
    for case in load_eval_set():
        for gold in case.gold:
            assert (gold.source is None) == (gold.tag == "unattributed"), gold.quote


def test_a_shifted_offset_is_refused_with_the_case_named() -> None:
    line = json.dumps(
        {
            "id": "broken",
            "split": "dev",
            "text": "Officials said the road was closed.",
            "gold": [{"start": 16, "end": 33, "quote": "the road was closed", "tag": "x"}],
        }
    )
    with pytest.raises(ValidationError, match="broken"):
        parse_cases([line])


def test_an_unknown_split_is_refused() -> None:
    with pytest.raises(ValidationError, match="split"):
        load_eval_set("test")
