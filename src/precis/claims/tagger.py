"""Learned attribution tagger: which tokens are cues, and which phrases around them say who, what.

Two steps, like semantic role labelling over spaCy's parse (features in
:mod:`precis.claims.features`):

1. **Cue.** Every content token whose word form passed the cue gate gets a probability of heading
   an attribution cue ("said", "according", "wants", "cites", a headline colon ...) from a sparse
   logistic model; a fourth model decides where the cue phrase ends ("went on to say").
2. **Arguments.** Two more models score each candidate phrase of a cue as the *source* and as the
   *content*; the best one above threshold wins.

The weights (``precis/data/attribution.json``) are trained on PolNeAR train by
``scripts/train_attribution.py``. Inference is dictionary look-ups: no scikit-learn at run time.
"""

from __future__ import annotations

import json
import math
import threading
from dataclasses import dataclass
from importlib import resources
from typing import Any

from spacy.tokens import Token

from precis.claims.features import (
    Candidate,
    argument_features,
    candidates,
    cue_candidate,
    cue_features,
    form,
    run_on,
)


class LinearModel:
    """Logistic regression stored as {feature: weight}; absent features weigh nothing."""

    def __init__(self, weights: dict[str, float], threshold: float) -> None:
        self.weights = weights
        self.threshold = threshold

    def prob(self, features: list[str]) -> float:
        w = self.weights
        z = sum(w.get(f, 0.0) for f in features)
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


@dataclass(frozen=True)
class Tagger:
    cue: LinearModel
    source: LinearModel
    content: LinearModel
    #: Whether the cue phrase runs on over a right dependent ("went on to say").
    extend: LinearModel
    #: Word forms seen heading a cue in training; only these are scored as cues.
    gate: frozenset[str]
    meta: dict[str, Any]

    def is_cue(self, tok: Token, in_quote: bool) -> bool:
        if form(tok) not in self.gate or not cue_candidate(tok):
            return False
        return self.cue.prob(cue_features(tok, in_quote)) >= self.cue.threshold


_lock = threading.Lock()
_tagger: Tagger | None = None


def from_spec(spec: dict[str, Any]) -> Tagger:
    models = {
        name: LinearModel({k: float(v) for k, v in m["weights"].items()}, float(m["threshold"]))
        for name, m in spec["models"].items()
    }
    gate = frozenset(spec["gate"])
    return Tagger(
        models["cue"],
        models["source"],
        models["content"],
        models["extend"],
        gate,
        spec.get("meta", {}),
    )


def load() -> Tagger:
    """The packaged tagger (read once per process)."""
    global _tagger
    with _lock:
        if _tagger is None:
            path = resources.files("precis") / "data" / "attribution.json"
            _tagger = from_spec(json.loads(path.read_text(encoding="utf-8")))
        return _tagger


def roles(
    tagger: Tagger, cue: Token, lemma_: str
) -> tuple[tuple[Candidate, float] | None, tuple[Candidate, float] | None]:
    """The best source and the best content candidate of ``cue`` above their thresholds.

    Each candidate's features are built once and read by both models; the content cannot be the
    phrase chosen as source.
    """
    cands = candidates(cue)
    scored = [(c, argument_features(cue, c, lemma_)) for c in cands]
    source = _best(tagger.source, scored, None)
    content = _best(tagger.content, scored, source[0].head.i if source else None)
    return source, content


def source_of(tagger: Tagger, cue: Token, lemma_: str) -> tuple[Candidate, float] | None:
    """The best source candidate of ``cue`` alone."""
    scored = [(c, argument_features(cue, c, lemma_)) for c in candidates(cue)]
    return _best(tagger.source, scored, None)


def _best(
    model: LinearModel, scored: list[tuple[Candidate, list[str]]], exclude: int | None
) -> tuple[Candidate, float] | None:
    top: tuple[Candidate, float] | None = None
    for cand, feats in scored:
        if cand.head.i == exclude:
            continue
        p = model.prob(feats)
        if p >= model.threshold and (top is None or p > top[1]):
            top = (cand, p)
    return top


def cue_end(tagger: Tagger, cue: Token, lemma_: str, last: int, taken: set[int]) -> int:
    """:func:`run_on` with the tagger's extension model."""
    model = tagger.extend

    def decide(features: list[str], _stop: int) -> bool:
        return model.prob(features) >= model.threshold

    return run_on(cue, lemma_, last, taken, decide)
