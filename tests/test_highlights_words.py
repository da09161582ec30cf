"""The highlights' word model and the expected-F selection (selection "expected")."""

from __future__ import annotations

import numpy as np
import pytest

import precis
from precis.highlighter import words
from precis.highlighter.words import BIGRAM_FEATURES, TOKEN_FEATURES

SENTENCES = [
    "Police arrested a man after a fire destroyed the old mill on Sunday.",
    "The fire started in the mill's boiler room, police said.",
    "Firefighters from three towns fought the blaze for six hours.",
    "Nobody was hurt.",
]


def _tokens() -> list[list[str]]:
    return [words.rouge_tokens(s) for s in SENTENCES]


def test_token_features_say_where_and_how_often_a_word_occurs() -> None:
    vocab, x = words.token_features(_tokens())
    assert x.shape == (len(vocab), len(TOKEN_FEATURES))
    col = {name: i for i, name in enumerate(TOKEN_FEATURES)}
    fire, hurt = vocab.index("fire"), vocab.index("hurt")
    assert x[fire, col["in_first"]] == 1 and x[hurt, col["in_first"]] == 0
    assert x[fire, col["lead_sentences"]] == 2  # sentences 0 and 1
    # Vectorised log1p may differ from the scalar one in the last bit, by CPU.
    assert x[fire, col["log_count"]] == pytest.approx(np.log1p(2), rel=1e-12)
    assert x[fire, col["first_position"]] < x[hurt, col["first_position"]]
    assert x[vocab.index("the"), col["stop_word"]] == 1
    empty_vocab, empty = words.token_features([])
    assert empty_vocab == [] and empty.shape == (0, len(TOKEN_FEATURES))


def test_bigram_features_one_row_per_bigram() -> None:
    toks = _tokens()
    vocab, _ = words.token_features(toks)
    lam = dict(zip(vocab, np.ones(len(vocab)).tolist(), strict=True))
    pairs, xb = words.bigram_features(toks, lam)
    assert xb.shape == (len(pairs), len(BIGRAM_FEATURES))
    assert ("the", "mill") in pairs and len(set(pairs)) == len(pairs)
    assert words.bigrams(["a", "b", "c"]) == [("a", "b"), ("b", "c")]


def test_the_packaged_model_reads_and_predicts() -> None:
    model = words.word_model()
    assert model is not None and model.bigram_trees is not None
    vocab, x = words.token_features(_tokens())
    lam = model.expected_counts(x)
    assert lam.shape == (len(vocab),) and np.all(lam > 0)
    # A word of the first sentence told again beats a word of the last sentence only.
    assert lam[vocab.index("fire")] > lam[vocab.index("hurt")]
    assert model.highlight_words(600) > model.highlight_words(100) > 0


ARTICLE = (
    "A fire destroyed the old textile mill in Harwick on Sunday, the town's fire chief said. "
    "The old textile mill in Harwick was destroyed by a fire on Sunday, the chief said. "
    "Police arrested a 34-year-old man on suspicion of arson later that evening. "
    "The mill had been empty since 1998 and was due to become flats next year. "
    "Firefighters from three towns fought the blaze for six hours before it was out. "
    "Residents of nearby streets were told to keep their windows closed because of smoke."
)


def test_expected_selection_skips_a_repeat_and_keeps_the_count_limits() -> None:
    hs = precis.highlights(ARTICLE, selection="expected")
    assert 2 <= len(hs) <= 3
    sentences = [h.sentence for h in hs]
    assert len(set(sentences)) == len(sentences)  # one version of each sentence
    assert not {0, 1} <= set(sentences), [h.text for h in hs]  # the same fact told twice
    for h in hs:
        assert len(h.text.split()) <= 25


def test_mmr_selection_always_gives_max_highlights() -> None:
    assert len(precis.highlights(ARTICLE, selection="mmr")) == 3
    assert len(precis.highlights(ARTICLE, selection="expected", min_highlights=3)) == 3


def test_auto_selection_is_expected_at_the_learned_cuts_only() -> None:
    from precis.highlighter.stage import HighlightsSettings, expected_selection

    assert not expected_selection(HighlightsSettings())
    assert expected_selection(HighlightsSettings(target_words=20))
    assert expected_selection(HighlightsSettings(selection="expected"))
    assert not expected_selection(HighlightsSettings(target_words=20, selection="mmr"))
    assert precis.highlights(ARTICLE, target_words=20) == precis.highlights(
        ARTICLE, target_words=20, selection="expected"
    )
