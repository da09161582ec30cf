"""The conflict model: the probability that two statements cannot both be true.

Features of a pair (a, b), cheap and explainable:

* sameness: MiniLM cosine, shared topic words (claims.disputes' stems), their share of the
  shorter statement;
* polarity across the shared content: one side denies or refutes (denial cues and words), one
  negates a shared word and the other does not, antonyms across the pair ("rose" / "fell");
* figures: the same counted thing with ranges that do not meet (claims.disputes.figures, built
  on the facts stage's number reader), a death count above all;
* the word rules of :func:`precis.claims.disputes.conflict` (which fired, if any);
* hedging on either side ("reportedly", "may").

Model: gradient-boosted trees (``precis/data/conflict.json``) trained by
``scripts/train_conflict.py`` on FNC-1 train at sentence level: a headline against the body
sentence that matches it best, "disagree" = conflict, "agree"/"discuss" = not, plus unrelated
pairs as further "not". The score does not decide what is a dispute: the precise rules of
:func:`precis.conflicts.detect.decide` do, and attach this score.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np

from precis.claims.disputes import Statement
from precis.claims.disputes import conflict as rule_conflict
from precis.conflicts.text import AFFIRM, HEDGE, NEGATIONS, REFUTE, words
from precis.conflicts.trees import Trees, packaged
from precis.embed import embed

Kind = Literal["denial", "contradiction", "figures"]

#: Opposites: one word on each side of a pair about the same thing contradicts.
ANTONYMS = (
    ("rise", "fall"), ("rose", "fell"), ("increase", "decrease"), ("increased", "decreased"),
    ("up", "down"), ("win", "lose"), ("won", "lost"), ("alive", "dead"), ("guilty", "innocent"),
    ("true", "false"), ("confirm", "deny"), ("confirmed", "denied"), ("accept", "reject"),
    ("accepted", "rejected"), ("support", "oppose"), ("supports", "opposes"), ("open", "closed"),
    ("more", "less"), ("higher", "lower"), ("safe", "dangerous"), ("legal", "illegal"),
    ("present", "absent"), ("all", "none"),
    ("always", "never"), ("approve", "reject"), ("approved", "rejected"), ("allow", "ban"),
    ("allowed", "banned"), ("succeeded", "failed"), ("success", "failure"),
    ("killed", "survived"), ("arrested", "released"), ("started", "ended"),
)  # fmt: skip
_ANT = {a: b for a, b in ANTONYMS} | {b: a for a, b in ANTONYMS}

FEATURES = (
    "cos",
    "shared",
    "shared_share",
    "denial_diff",
    "refute_diff",
    "refute_max",
    "neg_diff",
    "neg_shared",
    "antonyms",
    "figure_clash",
    "death_clash",
    "rule_denial",
    "rule_negation",
    "rule_figure",
    "hedge_max",
    "affirm_max",
    "len_ratio",
)


@dataclass(frozen=True, slots=True)
class PairFeatures:
    x: np.ndarray
    kind: Kind
    topic: tuple[str, ...]
    detail: str


def _count(ws: list[str], lex: frozenset[str]) -> int:
    return sum(w in lex for w in ws)


def pair_features(
    a: Statement, b: Statement, cos: float | None = None, common: frozenset[str] = frozenset()
) -> PairFeatures:
    """Features of two statements (``cos``: their embedding cosine, computed when None;
    ``common``: story-wide words, see :func:`precis.claims.disputes.common_words`)."""
    if cos is None:
        va, vb = embed([a.text, b.text])
        cos = float(va @ vb)
    wa, wb = words(a.text), words(b.text)
    shared = a.topic & b.topic
    smaller = max(min(len(a.topic), len(b.topic)), 1)
    ref_a, ref_b = _count(wa, REFUTE - NEGATIONS), _count(wb, REFUTE - NEGATIONS)
    neg_a, neg_b = _count(wa, NEGATIONS), _count(wb, NEGATIONS)
    neg_shared = bool((a.negated ^ b.negated) & shared)
    set_b = set(wb)
    antonyms = sum(1 for w in set(wa) if w in _ANT and _ANT[w] in set_b and w not in set_b)
    clash = death = 0
    clash_text = ""
    for fa in a.counts:
        for fb in b.counts:
            if fa.key == fb.key and not (fa.low <= fb.high and fb.low <= fa.high):
                clash += 1
                death += fa.key.endswith("deaths")
                clash_text = clash_text or f"{fa.text!r} against {fb.text!r}"
    # The word rules see sides; a bare pair of statements gets two distinct sides.
    rule = rule_conflict(a, b, common)
    reason = rule[0] if rule else None
    x = np.asarray(
        [
            cos,
            len(shared),
            len(shared) / smaller,
            float(a.denial != b.denial),
            abs(ref_a - ref_b),
            max(ref_a, ref_b),
            float((neg_a > 0) != (neg_b > 0)),
            float(neg_shared),
            antonyms,
            clash,
            death,
            float(reason == "denial"),
            float(reason == "negation"),
            float(reason == "figure"),
            max(_count(wa, HEDGE), _count(wb, HEDGE)),
            max(_count(wa, AFFIRM), _count(wb, AFFIRM)),
            min(len(wa), len(wb)) / max(len(wa), len(wb), 1),
        ],
        dtype=np.float64,
    )
    topic = rule[1] if rule else tuple(sorted(a.surface.get(w, w) for w in shared))
    if clash:
        kind: Kind = "figures"
        detail = clash_text
    elif a.denial != b.denial or reason == "denial":
        kind = "denial"
        denier = a if a.denial else b
        detail = f"{denier.name or denier.side} denies what the other asserts"
    else:
        kind = "contradiction"
        detail = rule[2] if rule else "the two statements cannot both be true"
    return PairFeatures(x, kind, topic, detail)


def load_model() -> Trees:
    return packaged("conflict.json", FEATURES)


#: Features the calibration layer reads beside the trees' log-odds.
CALIBRATION = (
    "cos",
    "shared_share",
    "denial_diff",
    "neg_shared",
    "antonyms",
    "death_clash",
    "figure_clash",
    "rule_denial",
    "rule_negation",
    "rule_figure",
    "hedge_max",
)
_CAL = [FEATURES.index(f) for f in CALIBRATION]


def calibration_inputs(x: np.ndarray, trees_logit: np.ndarray) -> np.ndarray:
    """The calibration layer's inputs: the trees' log-odds, then :data:`CALIBRATION`."""
    return np.column_stack([trees_logit, np.atleast_2d(x)[:, _CAL]])


def score(x: np.ndarray) -> np.ndarray:
    """P(conflict) for rows of :data:`FEATURES`.

    The trees (FNC-1 sentence pairs) give log-odds; a logistic layer fitted on judged claim pairs
    of CNN/DM dev (``meta.calibration``) weighs them with the word-rule and figure features,
    which news claims need and FNC-1 headlines rarely show.
    """
    model = load_model()
    x = np.atleast_2d(x)
    logit = model.raw(x)[:, 0]
    cal = model.meta.get("calibration")
    if not cal:
        return 1.0 / (1.0 + np.exp(-logit))
    z = calibration_inputs(x, logit) @ np.asarray(cal["coef"]) + float(cal["intercept"])
    return 1.0 / (1.0 + np.exp(-z))
