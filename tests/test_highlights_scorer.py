"""The learned scorer: loads from JSON, scores fast, prefers news-like lead sentences."""

from __future__ import annotations

import json
import time
from importlib import resources

import numpy as np
import pytest

from precis.highlighter import scorer
from precis.highlighter.features import FEATURE_NAMES

LINES = [
    "police said 12 people were hurt when a bus crashed into a market in the city on friday .",
    "the bus driver was arrested at the scene , police said .",
    "`` it was terrible , '' said one witness .",
    "the market opened in 1921 .",
    "cnn 's jane doe contributed to this report .",
]
ARTICLE = [line.split() for line in LINES]


def test_artifact_is_small_json_with_metadata() -> None:
    path = resources.files("precis").joinpath("data", "scorer.json")
    text = path.read_text("utf-8")
    assert len(text) < 200_000
    spec = json.loads(text)
    assert tuple(spec["features"]) == FEATURE_NAMES
    assert {"data", "train_rows", "date", "val_rouge_f1"} <= set(spec["meta"])


def test_score_interface() -> None:
    s = scorer.score(ARTICLE, None)
    assert s.shape == (len(ARTICLE),) and np.isfinite(s).all()
    assert scorer.score([], None).shape == (0,)
    assert scorer.score([[]], ["title"]).shape == (1,)
    # The lead beats the credit line.
    assert s[0] > s[-1]


def test_stale_features_rejected() -> None:
    spec = {
        "kind": "logistic",
        "features": ["x"],
        "mean": [0],
        "scale": [1],
        "coef": [1],
        "intercept": 0,
    }
    with pytest.raises(ValueError):
        scorer.Model(spec)


def test_tree_inference_walks_complete_trees() -> None:
    n = len(FEATURE_NAMES)
    spec = {
        "kind": "trees",
        "features": list(FEATURE_NAMES),
        "depth": 1,
        "init": 0.5,
        "learning_rate": 0.1,
        "feature": [[0]],
        "threshold": [[0.5]],
        "leaf": [[-1.0, 2.0]],
    }
    x = np.zeros((2, n))
    x[1, 0] = 1.0
    np.testing.assert_allclose(scorer.Model(spec).decision(x), [0.4, 0.7])


def test_fast_enough() -> None:
    doc = ARTICLE * 8  # 40 sentences
    scorer.score(doc, None)
    t0 = time.perf_counter()
    for _ in range(20):
        scorer.score(doc, None)
    assert (time.perf_counter() - t0) / 20 < 0.02
