"""Metadata cleaning: dates as ISO 8601, column names of every export."""

from __future__ import annotations

import pytest

from sourcemark.app.importing.fields import map_columns, normalise_date


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-03-05", "2024-03-05"),
        ("2024-03-05T23:30:00-05:00", "2024-03-05"),  # the date as the outlet wrote it
        ("2024-03-05 10:00", "2024-03-05"),
        ("2024-3", "2024-03"),
        ("2024", "2024"),
        ("05.03.2024", "2024-03-05"),
        ("2024/03/05", "2024-03-05"),
        ("March 5, 2024", "2024-03-05"),
        ("5 Mar 2024", "2024-03-05"),
        ("Tue, 05 Mar 2024 10:00:00 +0100", "2024-03-05"),
        ("03/05/2024", "03/05/2024"),  # 5 March or May 3? kept for a person to decide
        ("2024-13-45", "2024-13-45"),
        ("  ", None),
        (None, None),
    ],
)
def test_dates_become_iso_8601(value: str | None, expected: str | None) -> None:
    assert normalise_date(value) == expected


def test_column_synonyms_ignore_case_spacing_and_prefer_the_best_name() -> None:
    columns = ["\ufeffHeadline", "Summary", "Body", "Full Text", "Source-Name", "PUBLICATION DATE"]
    assert map_columns(columns) == {
        "title": "\ufeffHeadline",
        "text": "Body",  # "body" ranks above "full_text"; "summary" is no text
        "outlet": "Source-Name",
        "published": "PUBLICATION DATE",
    }
