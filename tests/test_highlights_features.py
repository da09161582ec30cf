"""Case-free sentence features: same numbers for PTB-tokenised training text and spaCy tokens."""

from __future__ import annotations

import numpy as np

from precis.highlighter.features import FEATURE_NAMES, featurize, normalize

PTB = [
    "( cnn ) -- police said on friday that 12 people were hurt in the well-known market .".split(),
    "`` we do n't know why , '' the mayor told reporters .".split(),
    "but he says the market will reopen ?".split(),
]
# The same sentences as the highlights stage would pass them (spaCy tokens, lower-cased).
SPACY = [
    "( cnn ) -- police said on friday that 12 people were hurt in the well - known market .".split(
        " "
    ),
    ['"', "we", "do", "n't", "know", "why", ",", '"', "the", "mayor", "told", "reporters", "."],
    "but he says the market will reopen ?".split(),
]


def col(name: str) -> int:
    return FEATURE_NAMES.index(name)


def test_shape_and_empty() -> None:
    x = featurize(PTB, None)
    assert x.shape == (3, len(FEATURE_NAMES))
    assert np.isfinite(x).all()
    assert featurize([], None).shape == (0, len(FEATURE_NAMES))
    assert featurize([[]], None).shape == (1, len(FEATURE_NAMES))


def test_ptb_and_spacy_tokens_give_the_same_features() -> None:
    np.testing.assert_allclose(featurize(PTB, None), featurize(SPACY, ["a", "title"]))


def test_normalize_cuts_dateline_and_unifies_quotes() -> None:
    toks = normalize(PTB)
    assert toks[0][0] == "police"
    assert toks[1][0] == '"' and toks[1].count('"') == 2
    assert normalize([["“", "hi", "”"]]) == [['"', "hi", '"']]


def test_cues() -> None:
    x = featurize(PTB, None)
    assert x[0, col("pos_first")] == 1 and x[1, col("pos_second")] == 1
    assert x[0, col("has_num")] == 1 and x[1, col("has_num")] == 0
    assert x[1, col("starts_quote")] == 1 and x[1, col("quotes")] > 0
    assert x[0, col("attribution")] == 1 and x[1, col("attribution")] == 1
    assert x[2, col("conn_start")] == 1 and x[2, col("question")] == 1
    assert x[2, col("lead_overlap")] > 0  # "market" is in the lead
    assert x[:, col("centrality")].min() >= 0 and x[:, col("centrality")].max() <= 1
