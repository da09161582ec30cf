"""The learned half of sentence compression: how likely an editor is to delete a constituent.

A small model (gradient-boosted trees, ``precis/data/compress.json``, trained by
``scripts/train_compress.py`` on CNN/DM training articles aligned with their reference highlights)
gives each of :func:`precis.highlighter.cuts.constituents` the probability that a human highlight
deletes it, from its place in the parse and from how often the article uses its words elsewhere
(an editor keeps what the story is about). The same constituents and :func:`features` run at
training (on truecased training text, so the parse is like the run-time one) and at inference, so
the model sees the same numbers in both.
"""

from __future__ import annotations

import json
import math
import threading
from collections import Counter
from importlib import resources
from typing import Any, cast

import numpy as np
from spacy.tokens import Doc, Span, Token

from precis.highlighter.cuts import (
    COMMAS,
    DELETABLE,
    REPORTING,
    SUBJECTS,
    Constituent,
    is_word,
)
from precis.highlighter.scorer import Model

FIRST_WORDS = (
    "according",
    "which",
    "who",
    "after",
    "before",
    "when",
    "while",
    "including",
    "as",
    "in",
    "on",
    "at",
    "for",
    "with",
    "from",
    "by",
    "to",
    "of",
    "since",
    "because",
    "despite",
    "during",
    "where",
    "but",
    "and",
    "adding",
    "saying",
    "who",
)


_FIRST = tuple(dict.fromkeys(FIRST_WORDS))


_POS = ("VERB", "NOUN", "PROPN", "ADP", "ADV", "ADJ", "NUM", "SCONJ", "PRON", "AUX")


_TIME = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday january february march april may "
    "june july august september october november december today yesterday tomorrow tonight "
    "morning afternoon evening night week weekend month year years weeks months days day "
    "hours earlier later last ago recently since".split()
)


CUT_FEATURES: tuple[str, ...] = (
    *(f"dep_{d}" for d in DELETABLE),
    "head_root",
    "head_verb",
    "head_noun",
    *(f"pos_{p.lower()}" for p in _POS),
    "depth",
    "words",
    "words_log",
    "share",
    "start_rel",
    "end_rel",
    "at_start",
    "at_end",
    "comma_before",
    "comma_after",
    "has_num",
    "has_propn",
    "has_verb",
    "has_reporting",
    "sent_words_log",
    *(f"first_{w}" for w in _FIRST),
    # Where the constituent sits: inside a subject, inside the reported clause, on a reporting
    # verb, on a name; what it holds: a time ("on Friday", "last year"); how big it is.
    "in_subject",
    "in_clause",
    "gov_reporting",
    "gov_propn",
    "after_root",
    "has_time",
    "has_quote_mark",
    "children",
    "span_depth",
    # What the article says again elsewhere: an editor keeps the words the story is about.
    "content_words",
    "art_share",
    "art_mean_log",
    "art_max_log",
    "rest_mean_log",
    "art_rel",
)


_INDEX = {name: i for i, name in enumerate(CUT_FEATURES)}


def _depth(tok: Token) -> int:
    d = 0
    while tok.head.i != tok.i and d < 50:
        tok = tok.head
        d += 1
    return d


def _under(tok: Token, labels: frozenset[str], stop: int) -> bool:
    """Whether ``tok`` or one of its heads below ``stop`` (the root) bears one of ``labels``."""
    d = 0
    while tok.i != stop and tok.head.i != tok.i and d < 50:
        if tok.dep_ in labels:
            return True
        tok = tok.head
        d += 1
    return False


def _span_depth(tok: Token) -> int:
    best = 0
    stack = [(tok, 0)]
    while stack:
        t, d = stack.pop()
        best = max(best, d)
        if d < 20:
            stack.extend((c, d + 1) for c in t.children)
    return best


_CLAUSE = frozenset({"ccomp", "xcomp"})


def _content(tok: Token) -> bool:
    return tok.is_alpha and not tok.is_stop


def article_counts(doc: Doc) -> Counter[str]:
    """Lower-cased content words of a whole article (counted once per doc, kept on the doc)."""
    cached = doc.user_data.get(ARTICLE_COUNTS)
    if cached is None:
        cached = Counter(t.lower_ for t in doc if _content(t))
        doc.user_data[ARTICLE_COUNTS] = cached
    return cast(Counter[str], cached)


#: Where :func:`article_counts` keeps its counts on a doc (training sets them from the article).
ARTICLE_COUNTS = "precis.cuts.article_counts"


def features(sent: Span, cons: list[Constituent], counts: Counter[str] | None = None) -> np.ndarray:
    """Feature matrix ``(len(cons), len(CUT_FEATURES))``: case-free, from the parse and from how
    often the article uses the constituent's words (``counts``: the article's content words,
    lower-cased; by default those of ``sent``'s doc, the article at run time)."""
    doc = sent.doc
    if counts is None:
        counts = article_counts(doc)
    own = Counter(t.lower_ for t in sent if _content(t))

    def elsewhere(t: Token) -> float:
        return math.log1p(max(counts.get(t.lower_, 0) - own[t.lower_], 0))

    x = np.zeros((len(cons), len(CUT_FEATURES)), dtype=np.float64)
    word_idx = [t.i for t in sent if is_word(t)]
    n = max(len(word_idx), 1)
    pos_of = {i: k for k, i in enumerate(word_idx)}
    root = sent.root.i
    for row, c in zip(x, cons, strict=True):
        tok = doc[c.head]
        span = doc[c.lo : c.hi + 1]
        words = [t for t in span if is_word(t)]
        k = len(words)
        row[_INDEX[f"dep_{tok.dep_}"]] = 1.0
        row[_INDEX["head_root"]] = tok.head.i == root
        row[_INDEX["head_verb"]] = tok.head.pos_ in {"VERB", "AUX"}
        row[_INDEX["head_noun"]] = tok.head.pos_ in {"NOUN", "PROPN", "PRON"}
        if tok.pos_ in _POS:
            row[_INDEX[f"pos_{tok.pos_.lower()}"]] = 1.0
        row[_INDEX["depth"]] = _depth(tok)
        row[_INDEX["words"]] = k
        row[_INDEX["words_log"]] = math.log1p(k)
        row[_INDEX["share"]] = k / n
        if words:
            first = pos_of.get(words[0].i, 0)
            last = pos_of.get(words[-1].i, n - 1)
            row[_INDEX["start_rel"]] = first / n
            row[_INDEX["end_rel"]] = (last + 1) / n
            row[_INDEX["at_start"]] = first == 0
            row[_INDEX["at_end"]] = last == n - 1
            w0 = words[0].lower_
            if w0 in _FIRST:
                row[_INDEX[f"first_{w0}"]] = 1.0
        row[_INDEX["comma_before"]] = c.lo - 1 >= sent.start and doc[c.lo - 1].text in COMMAS
        row[_INDEX["comma_after"]] = c.hi + 1 < sent.end and doc[c.hi + 1].text in COMMAS
        row[_INDEX["has_num"]] = any(t.like_num or t.pos_ == "NUM" for t in words)
        row[_INDEX["has_propn"]] = any(t.pos_ == "PROPN" for t in words)
        row[_INDEX["has_verb"]] = any(t.pos_ in {"VERB", "AUX"} for t in words)
        row[_INDEX["has_reporting"]] = any(t.lower_ in REPORTING for t in words)
        row[_INDEX["sent_words_log"]] = math.log1p(n)
        row[_INDEX["in_subject"]] = _under(tok.head, SUBJECTS, root)
        row[_INDEX["in_clause"]] = _under(tok.head, _CLAUSE, root)
        row[_INDEX["gov_reporting"]] = tok.head.lower_ in REPORTING
        row[_INDEX["gov_propn"]] = tok.head.pos_ == "PROPN"
        row[_INDEX["after_root"]] = c.lo > root
        row[_INDEX["has_time"]] = any(t.lower_ in _TIME for t in words)
        row[_INDEX["has_quote_mark"]] = any(t.is_quote for t in span)
        row[_INDEX["children"]] = sum(1 for _ in tok.children)
        row[_INDEX["span_depth"]] = _span_depth(tok)
        inside = [elsewhere(t) for t in words if _content(t)]
        rest = [elsewhere(t) for t in sent if _content(t) and not c.lo <= t.i <= c.hi]
        row[_INDEX["content_words"]] = len(inside)
        if inside:
            row[_INDEX["art_share"]] = sum(v > 0 for v in inside) / len(inside)
            row[_INDEX["art_mean_log"]] = sum(inside) / len(inside)
            row[_INDEX["art_max_log"]] = max(inside)
        if rest:
            row[_INDEX["rest_mean_log"]] = sum(rest) / len(rest)
        row[_INDEX["art_rel"]] = row[_INDEX["art_mean_log"]] - row[_INDEX["rest_mean_log"]]
    return x


_lock = threading.Lock()


_model: Model | None = None


def load_model(spec: dict[str, Any] | None = None) -> Model:
    """The packaged deletion model (loaded once per process), or one built from ``spec``."""
    global _model
    if spec is not None:
        return Model(spec, names=CUT_FEATURES)
    with _lock:
        if _model is None:
            text = resources.files("precis").joinpath("data", "compress.json").read_text("utf-8")
            _model = Model(json.loads(text), names=CUT_FEATURES)
        return _model


def delete_probabilities(
    sent: Span, cons: list[Constituent], model: Model | None = None
) -> np.ndarray:
    """P(an editor deletes it) for each constituent."""
    if not cons:
        return np.zeros(0, dtype=np.float64)
    m = model or load_model()
    z = m.decision(features(sent, cons))
    return 1.0 / (1.0 + np.exp(-z))
