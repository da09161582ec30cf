"""Card highlight selection on hand-made members (no parse: records carry their highlights).

"centroid": the word budget past the minimum count is a share of the members' words, capped by
``word_budget``. "expected" (the default): the learned word model and the greedy on the card's
expected ROUGE-1 F (a beam search, ``card_beam``); units are highlights, lead sentences and their
clauses, each its own spans.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from precis.errors import InputError
from precis.stories import card_select
from precis.stories.card_select import (
    card_model,
    clause_spans,
    rouge_tokens,
    select_highlights,
    sentence_spans,
    story_idf,
    token_features,
    unsupported,
    word_budget,
)
from precis.stories.member import Member
from precis.stories.settings import StorySettings


def _member(mid: str, sentences: list[str]) -> Member:
    """A member whose highlights are its own sentences, spans exact."""
    text = " ".join(sentences)
    hs: list[dict[str, Any]] = []
    pos = 0
    for s in sentences:
        start = text.index(s, pos)
        hs.append({"text": s, "spans": [[start, start + len(s)]]})
        pos = start + len(s)
    return Member({"id": mid, "highlights": hs}, text)


# Invented reports of one event (no publisher's text).
A = [
    "Flood waters in the river town of Osselby rose overnight and forced two hundred families "
    "from their homes.",
    "The mayor of Osselby opened the school gym as a shelter for the families.",
    "Forecasters expect the river to crest on Friday afternoon near the old stone bridge.",
    "Volunteers from the nearby farming villages carried sandbags to the bridge all night long "
    "while the rain kept falling on the valley and the roads to the north were closed.",
]
B = [
    "Two hundred families left their homes in Osselby as flood waters rose overnight.",
    "Schools in the district will stay closed until Monday.",
    "The river is expected to crest on Friday near the stone bridge.",
    "Rail services between Osselby and the coast were suspended.",
]


def _select(members: list[Member], **kw: Any) -> list[dict[str, Any]]:
    kw.setdefault("card_selection", "centroid")
    settings = StorySettings(**kw)
    return select_highlights(members, settings, story_idf([m.text for m in members]))


def _words(hs: list[dict[str, Any]]) -> int:
    return sum(len(h["text"].split()) for h in hs)


def test_budget_is_a_share_of_the_members_words_capped() -> None:
    members = [_member("a", A), _member("b", B)]
    total = sum(len(m.text.split()) for m in members)
    assert word_budget(members, StorySettings(budget_share=0.4, word_budget=1000)) == 0.4 * total
    assert word_budget(members, StorySettings(budget_share=0.4, word_budget=20)) == 20.0


def test_past_the_minimum_no_highlight_once_the_budget_is_reached() -> None:
    members = [_member("a", A), _member("b", B)]
    settings = StorySettings(
        min_highlights=1, budget_share=0.2, duplicate_similarity=0.99, card_selection="centroid"
    )
    budget = word_budget(members, settings)
    got = select_highlights(members, settings, story_idf([m.text for m in members]))
    # Every highlight but the last was added while the card was still under budget.
    assert got
    assert _words(got[:-1]) < budget
    # A generous budget takes more highlights and words, up to the maximum count.
    wide = _select(members, min_highlights=1, budget_share=1.0, word_budget=500)
    assert len(wide) > len(got) and _words(wide) > _words(got)
    assert len(wide) == 5


def test_short_reports_get_a_short_card() -> None:
    # The same story told in one-line reports: the budget shrinks with the members' words.
    short = [_member("a", A[:1]), _member("b", B[1:2]), _member("c", A[2:3]), _member("d", B[3:])]
    long = [_member("a", A), _member("b", B)]
    settings = StorySettings(card_selection="centroid")
    assert word_budget(short, settings) < word_budget(long, settings) <= settings.word_budget
    got = _select(short)
    assert len(got) == 3  # the minimum holds even over the budget
    assert _words(got) < _words(_select(long))


def test_minimum_count_holds_even_over_budget() -> None:
    members = [_member("a", A), _member("b", B)]
    got = _select(members, min_highlights=3, budget_share=0.01)
    assert len(got) == 3


@pytest.mark.parametrize("selection", ["centroid", "expected"])
def test_selected_highlights_are_faithful_and_not_duplicates(selection: str) -> None:
    members = [_member("a", A), _member("b", B)]
    got = _select(members, card_selection=selection)
    assert 3 <= len(got) <= 5
    texts = {m.id: m.text for m in members}
    for h in got:
        assert unsupported(h, texts[h["article"]]) == ([], False)
    # "Two hundred families ... rose overnight" is told by both: one highlight, both members.
    flood = [h for h in got if "families" in h["text"] and "rose overnight" in h["text"]]
    assert len(flood) == 1
    assert set(flood[0]["also_in"]) | {flood[0]["article"]} == {"a", "b"}


def _crest_rank(members: list[Member], weight: float) -> int:
    got = _select(
        members, card_title_weight=weight, min_highlights=1, budget_share=1.0, word_budget=500
    )
    return next(i for i, h in enumerate(got) if "crest" in h["text"])


def test_titles_pull_the_centroid_toward_the_event_they_name() -> None:
    titled = [_member("a", A), _member("b", B)]
    for m in titled:
        m.record["title"] = "River to crest at Osselby stone bridge on Friday"
    untitled = [_member("a", A), _member("b", B)]
    # Without titles (or with weight 0) the crest highlight ranks lower than with them.
    assert _crest_rank(titled, 0.0) == _crest_rank(untitled, 1.0)
    assert _crest_rank(titled, 1.0) < _crest_rank(titled, 0.0)
    # The highlights themselves still come from the texts, never from a title.
    for h in _select(titled):
        assert "River to crest" not in h["text"]


def test_sentence_and_clause_spans_are_exact() -> None:
    text = 'He said "the bridge holds." Then, as the water rose overnight, the town emptied.'
    spans = sentence_spans(text)
    assert [text[s:e] for s, e in spans] == [
        'He said "the bridge holds."',
        "Then, as the water rose overnight, the town emptied.",
    ]
    assert sentence_spans(text, 1) == spans[:1]
    s, e = spans[1]
    clauses = [text[a:b] for a, b in clause_spans(text, s, e)]
    # A head of the sentence up to a cut, at least six words ("Then" is too short), never a
    # tail (a fragment) nor the whole.
    assert clauses == ["Then, as the water rose overnight"]


def test_word_model_rates_words_every_report_uses_above_a_passing_one() -> None:
    model = card_model()
    assert model is not None, "src/precis/data/card.json is missing (make train)"
    members = [_member("a", A), _member("b", B)]
    for m in members:
        m.record["title"] = "Osselby families flee as river floods"
    vocab, x = token_features(members)
    lam = dict(zip(vocab, model.expected_counts(x).tolist(), strict=True))
    assert all(v > 0 for v in lam.values())
    # In both texts and both titles vs once, late, in one text.
    assert lam["osselbi"] > lam["coast"]
    assert lam["famili"] > lam["valley"]
    # The roundup's predicted length grows with the reports' and stops at the trained range.
    assert model.roundup_words(60) < model.roundup_words(300)
    assert model.roundup_words(1e7) == model.roundup_words(model.max_words)


def test_expected_cards_hold_the_count_limits_and_stay_faithful() -> None:
    members = [_member("a", A), _member("b", B)]
    texts = {m.id: m.text for m in members}
    for lo, hi in ((3, 5), (1, 5), (4, 4)):
        got = _select(members, card_selection="expected", min_highlights=lo, max_highlights=hi)
        assert lo <= len(got) <= hi
        for h in got:
            assert unsupported(h, texts[h["article"]]) == ([], False)
        # No two highlights of one member share characters (a sentence and its own clause).
        spans = [(h["article"], s, e) for h in got for s, e in h["spans"]]
        for i, (a, s, e) in enumerate(spans):
            assert not any(a == b and s < e2 and s2 < e for b, s2, e2 in spans[i + 1 :])


def test_without_the_model_file_cards_fall_back_to_the_centroid(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    members = [_member("a", A), _member("b", B)]
    centroid = _select(members, card_selection="centroid")
    monkeypatch.setattr(card_select, "card_model", lambda: None)
    assert _select(members, card_selection="expected") == centroid


def test_unknown_selection_is_an_input_error() -> None:
    with pytest.raises(InputError, match="card_selection"):
        _select([_member("a", A)], card_selection="best")


class _FlatModel:
    """A stand-in word model: every word is expected once in a roundup of ``length`` words."""

    def __init__(self, length: float) -> None:
        self.length = length

    def expected_counts(self, x: Any) -> Any:
        return np.ones(len(x))

    def roundup_words(self, member_words: float) -> float:
        return self.length


def test_beam_search_finds_the_pair_the_greedy_misses(monkeypatch: pytest.MonkeyPatch) -> None:
    # The greedy takes the long sentence first (best alone) and must then add a near-repeat to
    # reach two highlights; the two short sentences together cover more and score higher.
    long = "Alpha bravo charlie delta echo foxtrot."
    left, right = "Alpha bravo charlie golf.", "Delta echo foxtrot hotel."
    members = [_member("a", [long, left, right])]
    monkeypatch.setattr(card_select, "card_model", lambda: _FlatModel(10.0))
    vocab = sorted(set(rouge_tokens(members[0].text)))
    monkeypatch.setattr(
        card_select, "token_features", lambda ms: (vocab, np.zeros((len(vocab), 1)))
    )
    kw: dict[str, Any] = {
        "card_selection": "expected",
        "min_highlights": 2,
        "max_highlights": 2,
        "card_length_factor": 1.0,
        "card_clauses": False,
    }
    greedy = [h["text"] for h in _select(members, card_beam=1, **kw)]
    beam = [h["text"] for h in _select(members, card_beam=2, **kw)]
    assert greedy[0] == long and len(greedy) == 2
    assert sorted(beam) == sorted([left, right])
