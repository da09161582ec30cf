"""Figures on hand-made sentences: every form issue 4 lists, digits and words."""

from __future__ import annotations

import pytest

from precis import nlp
from precis.facts.figures import extract, parse_number


@pytest.mark.parametrize(
    ("words", "value"),
    [
        ("1.5 million", 1_500_000),
        ("a dozen", 12),
        ("two dozen", 24),
        ("$ 45.20", 45.2),
        ("three hundred and twelve", 312),
        ("hundreds", 100),
        ("twenty-five", 25),
        ("1,200", 1200),
        ("2bn", 2e9),
        ("eight", 8),
    ],
)
def test_parse_number(words: str, value: float) -> None:
    assert parse_number(words.split()) == pytest.approx(value)


def test_parse_number_rejects_words() -> None:
    assert parse_number(["civilians"]) is None
    assert parse_number([]) is None


def figs(sentence: str) -> list[tuple[float, str | None, str | None, str | None, str]]:
    return [(f.value, f.unit, f.what, f.event, f.text) for f in extract(nlp.parse_one(sentence))]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Khoja said 36 civilians had been killed.",
         (36, None, "civilians", "killed", "36 civilians")),
        ("Jets carried out strikes on eight targets.", (8, None, "targets", None, "eight targets")),
        (
            "Militants abducted 425 young women and girls.",
            (425, None, "young women and girls", "abducted", "425 young women and girls"),
        ),
        ("Oil fell to $45.20 a barrel.", (45.2, "USD", "barrel", None, "$45.20 a barrel")),
        ("The flood displaced 1.5 million people.",
         (1.5e6, None, "people", "displaced", "1.5 million people")),
        ("The storm destroyed a dozen homes.", (12, None, "homes", "destroyed", "a dozen homes")),
        ("Hundreds of people fled the town.", (100, None, "people", "fled", "Hundreds of people")),
        ("At least twenty-five soldiers were wounded.",
         (25, None, "soldiers", "wounded", "twenty-five soldiers")),
        ("Prices rose 3.5 percent.", (3.5, "%", None, None, "3.5 percent")),
        ("The deal is worth £2bn.", (2e9, "GBP", None, None, "£2bn")),
    ],
)  # fmt: skip
def test_figure_forms(sentence: str, expected: tuple) -> None:
    found = figs(sentence)
    assert len(found) == 1, found
    value, unit, what, event, text = found[0]
    assert value == pytest.approx(expected[0])
    assert (unit, what, event, text) == expected[1:]


def test_dates_years_and_pronoun_one_are_not_figures() -> None:
    assert figs("In 2014, one of the men left on Wednesday.") == []


def test_span_points_into_text() -> None:
    text = "Officials said 1,200 people were evacuated."
    (f,) = extract(nlp.parse_one(text))
    assert text[f.span[0] : f.span[1]] == f.text == "1,200 people"


def test_quantities_reads_counts_and_bounds() -> None:
    """The plain-text number reader the dispute rules use (``figures.quantities``)."""
    import math

    from precis.facts.figures import quantities

    text = "More than 14 people died in 2015. Nearly two hundred were hurt and about 30 fled."
    got = {q.noun: q for q in quantities(text)}
    assert (got["people"].value, got["people"].low, got["people"].high) == (14, 14, math.inf)
    assert got["people"].tail.split()[:2] == ["died", "in"]
    assert text[slice(*got["people"].span)] == "More than 14 people"
    assert (got["were"].value, got["were"].low, got["were"].high) == (200, 0.0, 200)
    assert got["fled"].low == pytest.approx(24) and got["fled"].high == pytest.approx(36)
    assert all(q.value != 2015 for q in quantities(text))  # a year is not a count
