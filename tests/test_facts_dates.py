"""Dates: explicit and relative forms, resolved against the publication date when known."""

from __future__ import annotations

from datetime import date

import pytest

from precis import nlp
from precis.facts.dates import extract, resolve

PUB = date(2015, 10, 1)  # a Thursday


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("on Wednesday", "2015-09-30"),
        ("late on Wednesday", "2015-09-30"),
        ("Wednesday's", "2015-09-30"),
        ("Thursday", "2015-10-01"),  # the day of publication, not a week before
        ("last year", "2014-01-01"),
        ("next month", "2015-11-01"),
        ("yesterday", "2015-09-30"),
        ("tomorrow", "2015-10-02"),
        ("September 30, 2015", "2015-09-30"),
        ("Sept. 30", "2015-09-30"),
        ("2014", "2014-01-01"),
        ("October", "2015-10-01"),
        ("two years ago", "2013-10-01"),
        ("the past decade", None),
    ],
)
def test_resolve_with_publication(text: str, expected: str | None) -> None:
    assert resolve(text, PUB) == expected


@pytest.mark.parametrize("text", ["on Wednesday", "last year", "next month", "yesterday"])
def test_relative_dates_stay_text_without_publication(text: str) -> None:
    assert resolve(text, None) is None


def test_absolute_date_without_publication() -> None:
    assert resolve("March 3, 2012", None) == "2012-03-03"


def test_extract_uses_only_date_entities() -> None:
    text = "We met him on Wednesday, and it may rain next month."
    found = extract(nlp.parse_one(text), PUB)
    assert [d.date for d in found] == ["2015-09-30", "2015-11-01"]
    for d in found:
        assert text[d.span[0] : d.span[1]] == d.text


def test_odd_text_does_not_raise() -> None:
    assert resolve("99999999999999999999 years", PUB) is None
    assert resolve("", PUB) is None
