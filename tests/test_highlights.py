"""End-to-end highlights: the sample, the seed, dev.jsonl, and the faithfulness invariant."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import precis
from precis.highlighter.compress import DANGLING_STARTS
from precis.highlighter.verify import unfaithful
from precis.lexicon import CONNECTIVES, PERSON_PRONOUNS

BAD_STARTS = CONNECTIVES | DANGLING_STARTS | PERSON_PRONOUNS


def first_word(text: str) -> str:
    m = re.search(r"[^\W_]+", text)
    return m.group(0).lower() if m else ""


def check(analysis: precis.Analysis) -> None:
    assert unfaithful(analysis) == {}
    for h in analysis.highlights:
        assert first_word(h.text) not in BAD_STARTS, h.text
        assert h.spans, h.text


def test_sample_gives_three_or_four_short_highlights(sample_text: str) -> None:
    result = precis.analyze(sample_text, stages=("highlights",))
    assert 3 <= len(result.highlights) <= 4
    check(result)
    for h in result.highlights:
        assert len(h.text.split()) <= 32


def test_max_is_respected(sample_text: str) -> None:
    assert len(precis.highlights(sample_text, max_highlights=2)) == 2


def test_highlights_in_article_order(sample_text: str) -> None:
    hs = precis.highlights(sample_text)
    assert [h.sentence for h in hs] == sorted(h.sentence for h in hs)


def test_seed_article(seed_text: str) -> None:
    result = precis.analyze(seed_text, stages=("highlights",))
    assert len(result.highlights) >= 3
    check(result)
    body = "\n".join(h.text for h in result.highlights)
    # The human highlights at the top are set aside, never copied back out.
    assert "36 civilians were killed" not in body


@pytest.mark.shared
def test_every_dev_highlight_is_faithful(dev_rows: list[dict]) -> None:
    records = ({"id": r["id"], "text": r["article"]} for r in dev_rows)
    bad: dict[str, object] = {}
    empty = 0
    for outcome in precis.analyze_many(records, stages=("highlights",)):
        assert outcome.analysis is not None, outcome.error
        if not outcome.analysis.highlights:
            empty += 1
        problems = unfaithful(outcome.analysis)
        if problems:
            bad[str(outcome.id)] = problems
        for h in outcome.analysis.highlights:
            if first_word(h.text) in BAD_STARTS:
                bad[str(outcome.id)] = f"bad start: {h.text}"
    assert bad == {}
    assert empty <= len(dev_rows) // 50


WORDS = st.sampled_from(
    "the council mayor voted said bridge river closed on Monday police 14 people were "
    'hurt and he she but however (the town) "we will rebuild" , officials'.split()
)
SENTENCE = st.lists(WORDS, min_size=3, max_size=25).map(lambda ws: " ".join(ws) + ".")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(SENTENCE, min_size=1, max_size=8), st.sampled_from([" ", "\n\n", "\n"]))
def test_any_highlight_is_made_of_article_words(sentences: list[str], sep: str) -> None:
    text = sep.join(sentences)
    result = precis.analyze(text, stages=("highlights",))
    assert unfaithful(result) == {}
    for h in result.highlights:
        for start, end in h.spans:
            assert 0 <= start < end <= len(text)
