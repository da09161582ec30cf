"""Stance of a text towards a claim: agree, disagree, discuss or unrelated (FNC-1's labels).

Features per (claim, text) pair, cheap enough for 20+ pairs a second on one core:

* lexical: how much of the claim's content words (and word pairs) the text holds, overall, in its
  lead and in its best sentence (related vs unrelated is mostly lexical);
* semantic: MiniLM cosine of the claim to the few sentences that share most words with it (and to
  the lead): only those are embedded, so the cost does not grow with the article, and a sentence
  sharing no content word with the claim is not embedded at all (an unrelated text costs the
  claim and its lead: about 3.8 MiniLM runs per pair on FNC-1 dev against 5.6, for the same
  FNC-1 figures within noise, see BENCHMARKS.md);
* polarity: refuting, hedging and affirming words in the text, in the best-matching sentences
  and in the claim; negations in the claim against those sentences; numbers of the claim missing
  from the text.

A gradient-boosted model over them (``precis/data/stance.json``, trained on FNC-1 train by
``scripts/train_conflict.py``) gives the four probabilities. The evidence is the best-matching
sentences (by cosine and shared words), as character spans of the text.
"""

from __future__ import annotations

import functools
import itertools
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from precis.conflicts.text import AFFIRM, HEDGE, NEGATIONS, REFUTE, content, sentences, words
from precis.conflicts.trees import Trees, packaged
from precis.embed import embed

STANCES = ("agree", "disagree", "discuss", "unrelated")
#: Sentences compared with the claim by embedding: the best by shared words, plus the lead.
TOP_SENTENCES = 5
#: Only sentences sharing at least one content word with the claim are embedded (plus the lead);
#: False embeds the best TOP_SENTENCES whatever they share (as before; slower, same figures).
ONLY_SHARING = True
#: Sentences returned as evidence.
EVIDENCE = 2
_NUM = re.compile(r"\d[\d,.]*")

FEATURES = (
    "overlap_body",
    "overlap_lead",
    "overlap_best",
    "overlap_second",
    "jaccard",
    "bigram_body",
    "names_body",
    "cos_max",
    "cos_top3",
    "cos_lead",
    "cos_centroid",
    "cos_gap",
    "refute_body",
    "refute_ev",
    "refute_claim",
    "hedge_body",
    "hedge_ev",
    "hedge_claim",
    "affirm_body",
    "affirm_ev",
    "neg_claim",
    "neg_ev",
    "neg_mismatch",
    "question_claim",
    "numbers_missing",
    "sentences_log",
    "claim_words",
    "refute_ev_near",
)


@dataclass(frozen=True, slots=True)
class Stance:
    stance: str
    score: float
    #: (start, end) of the sentences of the text that decided it.
    evidence: list[tuple[int, int]]
    probs: dict[str, float]


def _bigrams(ws: Sequence[str]) -> set[tuple[str, str]]:
    return set(itertools.pairwise(ws))


def _names(claim: str) -> set[str]:
    """Capitalised words past the first, and numbers: the claim's most telling words."""
    toks = re.findall(r"[^\W_]+", claim)
    return {t.lower() for t in toks[1:] if t[:1].isupper() or t[:1].isdigit()}


def _share(a: set[str], b: set[str] | Counter[str]) -> float:
    return sum(1 for w in a if w in b) / len(a) if a else 0.0


@functools.lru_cache(maxsize=64)
def _body(text: str) -> tuple[Any, ...]:
    """What features need of a text, whatever the claim (one text is read against many claims)."""
    spans = sentences(text) or [(0, 0)]
    sents = [text[s:e] for s, e in spans]
    sw = [words(s) for s in sents]
    sc = [content(w) for w in sw]
    body: Counter[str] = Counter(w for c in sc for w in c)
    lead = {w for c in sc[:2] for w in c}
    all_words = [w for s in sw for w in s]
    bigrams = _bigrams([w for c in sc for w in c])
    return spans, sents, sw, [set(c) for c in sc], body, lead, set(all_words), bigrams, all_words


def features(claim: str, text: str) -> tuple[np.ndarray, list[tuple[int, int]]]:
    """The feature vector of (claim, text) and the evidence spans, best first."""
    spans, sents, sw, sc_sets, body, lead, all_set, body_bigrams, all_words = _body(text)
    cw_list = content(words(claim))
    cw = set(cw_list)
    per = [_share(cw, c) for c in sc_sets]
    order = sorted(range(len(sents)), key=lambda i: (-per[i], i))
    best = order[:TOP_SENTENCES]
    if ONLY_SHARING:
        best = [i for i in best if per[i] > 0]
    chosen = sorted(set(best) | {0})
    vecs = embed([claim] + [sents[i] for i in chosen])
    cos = vecs[1:] @ vecs[0]
    cos_of = dict(zip(chosen, cos.tolist(), strict=True))
    top = sorted(cos.tolist(), reverse=True)
    centroid = vecs[1:].mean(axis=0)
    norm = float(np.linalg.norm(centroid)) or 1.0
    rank = sorted(chosen, key=lambda i: -(cos_of[i] + 0.5 * per[i]))
    ev = rank[:EVIDENCE]
    ev_words = [w for i in ev for w in sw[i]]
    # Words next to the claim's words in the evidence ("denied that the strikes ...").
    near = [w for i in ev for w in sw[i][:12]]
    claim_words = words(claim)
    n_all = max(len(all_words), 1)
    neg_claim = sum(w in NEGATIONS for w in claim_words)
    neg_ev = sum(w in NEGATIONS for w in ev_words)
    nums = set(_NUM.findall(claim))
    x = [
        _share(cw, body),
        _share(cw, lead),
        per[order[0]],
        per[order[1]] if len(order) > 1 else 0.0,
        len(cw & body.keys()) / max(len(cw | body.keys()), 1),
        _share(_bigrams(cw_list), body_bigrams),  # type: ignore[arg-type]
        _share(_names(claim), all_set),
        top[0],
        float(np.mean(top[:3])),
        cos_of[0],
        float(centroid @ vecs[0]) / norm,
        top[0] - (top[1] if len(top) > 1 else top[0]),
        1000 * sum(w in REFUTE for w in all_words) / n_all,
        sum(w in REFUTE for w in ev_words),
        sum(w in REFUTE for w in claim_words),
        1000 * sum(w in HEDGE for w in all_words) / n_all,
        sum(w in HEDGE for w in ev_words),
        sum(w in HEDGE for w in claim_words),
        1000 * sum(w in AFFIRM for w in all_words) / n_all,
        sum(w in AFFIRM for w in ev_words),
        neg_claim,
        neg_ev,
        float((neg_claim > 0) != (neg_ev > 0)),
        float("?" in claim),
        sum(1 for n in nums if n not in text[:20_000]) / len(nums) if nums else 0.0,
        math.log1p(len(sents)),
        len(claim_words),
        sum(w in REFUTE for w in near),
    ]
    return np.asarray(x, dtype=np.float64), [spans[i] for i in ev if spans[i][1] > spans[i][0]]


def load_model() -> Trees:
    return packaged("stance.json", FEATURES)


def stance(claim: str, text: str) -> Stance:
    """The stance of ``text`` towards ``claim``, its probability and the evidence sentences."""
    model = load_model()
    x, ev = features(claim, text)
    p = model.proba(x[None, :])[0]
    bias = np.asarray(model.meta.get("log_bias", [0.0] * len(model.classes)))
    k = int(np.argmax(np.log(np.maximum(p, 1e-12)) + bias))
    label = model.classes[k]
    probs = {c: round(float(v), 4) for c, v in zip(model.classes, p, strict=True)}
    return Stance(label, round(float(p[k]), 4), [] if label == "unrelated" else ev, probs)
