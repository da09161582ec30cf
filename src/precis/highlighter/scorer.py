"""Learned sentence salience: a small model over case-free features, weights read from JSON.

The model (``precis/data/scorer.json``, written by ``scripts/train_scorer.py`` / ``make train``) is
either a logistic regression or gradient-boosted shallow trees stored as complete binary trees, so
inference is a few numpy gathers: no pickle, no scikit-learn at run time. It is loaded once per
process.

A second model (``precis/data/scorer_cut.json``, ``--label-words 20 --feature-words 20``) judges a
sentence as a short highlight reads: labels and features both come from the sentence cut to 20
words. :func:`score_cut` uses it to rank the compressed candidates at the learned cuts' targets.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Sequence
from importlib import resources
from typing import Any

import numpy as np

from precis.highlighter.features import FEATURE_NAMES, featurize


class Model:
    """A scorer read from its JSON dict. ``decision(X)`` gives log-odds of "in the oracle"."""

    def __init__(self, spec: dict[str, Any], names: tuple[str, ...] = FEATURE_NAMES) -> None:
        if tuple(spec["features"]) != names:
            # A stale artifact would silently mis-score: refuse it.
            raise ValueError("model features do not match the features the code computes")
        self.kind: str = spec["kind"]
        self.meta: dict[str, Any] = spec.get("meta", {})
        if self.kind == "logistic":
            self.mean = np.asarray(spec["mean"], dtype=np.float64)
            self.scale = np.asarray(spec["scale"], dtype=np.float64)
            self.coef = np.asarray(spec["coef"], dtype=np.float64)
            self.intercept = float(spec["intercept"])
        elif self.kind == "trees":
            self.depth = int(spec["depth"])
            self.init = float(spec["init"])
            self.rate = float(spec["learning_rate"])
            # (n_trees, 2**depth - 1) internal nodes in heap order; (n_trees, 2**depth) leaves.
            self.feature = np.asarray(spec["feature"], dtype=np.intp)
            self.threshold = np.asarray(spec["threshold"], dtype=np.float64)
            self.leaf = np.asarray(spec["leaf"], dtype=np.float64)
        else:
            raise ValueError(f"unknown scorer kind {self.kind!r}")

    def decision(self, x: np.ndarray) -> np.ndarray:
        if x.shape[0] == 0:
            return np.zeros(0, dtype=np.float64)
        if self.kind == "logistic":
            return ((x - self.mean) / self.scale) @ self.coef + self.intercept
        # Trees were fitted on float32 features: compare in float32 so splits match exactly.
        x32 = x.astype(np.float32)
        n_trees = self.feature.shape[0]
        rows = np.arange(x.shape[0])[None, :]
        trees = np.arange(n_trees)[:, None]
        node = np.zeros((n_trees, x.shape[0]), dtype=np.intp)
        for _ in range(self.depth):
            f = self.feature[trees, node]
            go_right = x32[rows, f] > self.threshold[trees, node]
            node = 2 * node + 1 + go_right
        leaves = node - (2**self.depth - 1)
        return self.init + self.rate * self.leaf[trees, leaves].sum(axis=0)


_lock = threading.Lock()
_models: dict[str, Model] = {}
#: The packaged models: whole sentences, and sentences as a 20-word highlight reads.
WHOLE = "scorer.json"
CUT = "scorer_cut.json"


def load_model(path: str | None = None, name: str = WHOLE) -> Model:
    """The packaged model ``name`` (cached), or the one at ``path`` (not cached)."""
    if path is not None:
        with open(path, encoding="utf-8") as fh:
            return Model(json.load(fh))
    with _lock:
        if name not in _models:
            text = resources.files("precis").joinpath("data", name).read_text("utf-8")
            _models[name] = Model(json.loads(text))
        return _models[name]


def score(sentences: Sequence[Sequence[str]], title: Sequence[str] | None = None) -> np.ndarray:
    """One salience score per sentence (higher is more summary-worthy).

    ``sentences`` are lower-cased tokens (punctuation included); scores are log-odds that the
    sentence belongs to a ROUGE-oracle summary, comparable within and across articles.
    """
    if len(sentences) == 0:
        return np.zeros(0, dtype=np.float64)
    return load_model().decision(featurize(sentences, title))


def score_cut(sentences: Sequence[Sequence[str]], title: Sequence[str] | None = None) -> np.ndarray:
    """Like :func:`score`, by the model that reads sentences as 20-word highlights.

    Pass the article's sentences with each candidate replaced by its compressed text: a cut that
    kept the news scores high, one that lost it low.
    """
    if len(sentences) == 0:
        return np.zeros(0, dtype=np.float64)
    return load_model(name=CUT).decision(featurize(sentences, title))
