"""Which words of an article its highlights will use: a learned word model.

For every word (ROUGE token: lower-cased, Porter-stemmed) of an article, the model predicts how
often it appears in the article's human highlights (Poisson regression trees over case-free
features: where the word first occurs, how often, in how many sentences, in the lead, how rare it
is in news; :func:`token_features`). The highlights stage chooses the set of candidates with the
highest *expected* ROUGE-1 F under that model (:mod:`precis.expected_rouge`), so a candidate that
repeats what another says gains nothing, and a further highlight is added only while it raises
the expected F (a learned stop, not a fixed count).

Weights: ``src/precis/data/highlight_words.json``, written by ``scripts/train_highlight_words.py``
(``make train``) from CNN/DM training articles (lower-cased, hence case-free features). Loaded
once per process; None when the file is missing (the stage then falls back to MMR selection).
"""

from __future__ import annotations

import itertools
import json
import math
from collections.abc import Sequence
from functools import lru_cache
from importlib import resources
from typing import Any

import numpy as np

from precis.evaluate.rouge import CachedTokenizer
from precis.expected_rouge import PoissonTrees
from precis.idf import background
from precis.lexicon import STOPWORDS

#: Features of one word of an article, in the order of :func:`token_features`' columns.
TOKEN_FEATURES = (
    "first_position",  # first occurrence / the article's tokens
    "first_sentence",  # log(1 + index of the first sentence with the word)
    "in_first",  # the first sentence has it
    "lead_sentences",  # how many of the first three sentences have it
    "sentence_share",  # sentences with it / sentences
    "log_count",  # log(1 + occurrences)
    "background_idf",  # log((1 + N) / (1 + df)), CNN/DM train document frequencies
    "digit",
    "stop_word",
    "log_article_words",
    "log_sentences",
    "first_at_start",  # position of the first occurrence within its sentence / its length
)

#: Features of one bigram (two consecutive ROUGE tokens of a sentence), :func:`bigram_features`.
BIGRAM_FEATURES = (
    "first_position",
    "first_sentence",
    "in_first",
    "lead_sentences",
    "sentence_share",
    "log_count",
    "expected_first",  # the word model's expected count of its first word
    "expected_second",
    "idf_first",
    "idf_second",
    "stop_first",
    "stop_second",
    "log_article_words",
)

_TOKENIZER: CachedTokenizer | None = None


def rouge_tokens(text: str) -> list[str]:
    """ROUGE's tokens of ``text`` (rouge-score's tokenizer, Porter-stemmed): the words the
    figures count, so the model predicts those."""
    global _TOKENIZER
    if _TOKENIZER is None:
        _TOKENIZER = CachedTokenizer()
    return _TOKENIZER.tokenize(text)


@lru_cache(maxsize=1)
def _stop_tokens() -> frozenset[str]:
    return frozenset(t for w in STOPWORDS for t in rouge_tokens(w))


def token_features(sentences: Sequence[Sequence[str]]) -> tuple[list[str], np.ndarray]:
    """The words of an article (its sentences as ROUGE tokens) and their features
    (:data:`TOKEN_FEATURES`), one row per word, in first-occurrence order."""
    n_bg, df_bg = background()
    stops = _stop_tokens()
    total = sum(len(s) for s in sentences)
    size = max(total, 1)
    first_at: dict[str, tuple[int, int, float]] = {}
    count: dict[str, int] = {}
    in_sents: dict[str, int] = {}
    lead: dict[str, int] = {}
    pos = 0
    for si, sent in enumerate(sentences):
        for j, t in enumerate(sent):
            count[t] = count.get(t, 0) + 1
            if t not in first_at:
                first_at[t] = (pos + j, si, j / max(len(sent), 1))
        for t in set(sent):
            in_sents[t] = in_sents.get(t, 0) + 1
            if si < 3:
                lead[t] = lead.get(t, 0) + 1
        pos += len(sent)
    vocab = list(first_at)
    n = max(len(sentences), 1)
    log_words = math.log1p(total)
    log_sents = math.log1p(len(sentences))
    rows = []
    for t in vocab:
        at, si, within = first_at[t]
        rows.append(
            [
                at / size,
                math.log1p(si),
                si == 0,
                lead.get(t, 0),
                in_sents[t] / n,
                math.log1p(count[t]),
                math.log((1 + n_bg) / (1 + df_bg.get(t, 0))),
                t.isdigit(),
                t in stops,
                log_words,
                log_sents,
                within,
            ]
        )
    return vocab, np.array(rows, dtype=float).reshape(len(vocab), len(TOKEN_FEATURES))


def bigrams(tokens: Sequence[str]) -> list[tuple[str, str]]:
    """Consecutive pairs of ``tokens`` (ROUGE-2's units)."""
    return list(itertools.pairwise(tokens))


def bigram_features(
    sentences: Sequence[Sequence[str]],
    lam: dict[str, float],
    wanted: set[tuple[str, str]] | None = None,
) -> tuple[list[tuple[str, str]], np.ndarray]:
    """The bigrams of an article's sentences (ROUGE tokens) and their features
    (:data:`BIGRAM_FEATURES`; ``lam``: the word model's expected counts), one row per bigram
    (only those in ``wanted`` when it is given)."""
    n_bg, df_bg = background()
    stops = _stop_tokens()
    total = sum(len(s) for s in sentences)
    size = max(total, 1)
    first_at: dict[tuple[str, str], tuple[int, int]] = {}
    count: dict[tuple[str, str], int] = {}
    in_sents: dict[tuple[str, str], int] = {}
    lead: dict[tuple[str, str], int] = {}
    pos = 0
    for si, sent in enumerate(sentences):
        pairs = bigrams(sent)
        for j, b in enumerate(pairs):
            count[b] = count.get(b, 0) + 1
            if b not in first_at:
                first_at[b] = (pos + j, si)
        for b in set(pairs):
            in_sents[b] = in_sents.get(b, 0) + 1
            if si < 3:
                lead[b] = lead.get(b, 0) + 1
        pos += len(sent)
    vocab = list(first_at) if wanted is None else [b for b in first_at if b in wanted]
    n = max(len(sentences), 1)
    log_words = math.log1p(total)

    def idf(t: str) -> float:
        return math.log((1 + n_bg) / (1 + df_bg.get(t, 0)))

    rows = []
    for b in vocab:
        at, si = first_at[b]
        a, c = b
        rows.append(
            [
                at / size,
                math.log1p(si),
                si == 0,
                lead.get(b, 0),
                in_sents[b] / n,
                math.log1p(count[b]),
                lam.get(a, 0.0),
                lam.get(c, 0.0),
                idf(a),
                idf(c),
                a in stops,
                c in stops,
                log_words,
            ]
        )
    return vocab, np.array(rows, dtype=float).reshape(len(vocab), len(BIGRAM_FEATURES))


class WordModel:
    """Poisson trees for a word's expected count in the highlights, and a linear model of the
    highlights' total words from the article's (``a * w + b * sqrt(w) + c``)."""

    def __init__(self, spec: dict[str, Any]) -> None:
        if list(spec["features"]) != list(TOKEN_FEATURES):
            # A stale artifact would silently mis-score: refuse it.
            raise ValueError("highlight word model: features differ from the code's")
        self.trees = PoissonTrees(spec)
        pairs = spec.get("bigrams")
        if pairs is not None and list(pairs["features"]) != list(BIGRAM_FEATURES):
            raise ValueError("highlight bigram model: features differ from the code's")
        self.bigram_trees = PoissonTrees(pairs) if pairs is not None else None
        self.length = [float(x) for x in spec["length"]["coef"]]
        self.length_intercept = float(spec["length"]["intercept"])
        self.max_words = float(spec["length"]["max_words"])

    def expected_counts(self, x: np.ndarray) -> np.ndarray:
        return self.trees.predict(x)

    def expected_bigrams(self, x: np.ndarray) -> np.ndarray:
        """Expected count in the highlights of each row's bigram (zeros without the model)."""
        return self.bigram_trees.predict(x) if self.bigram_trees is not None else np.zeros(len(x))

    def highlight_words(self, article_words: float) -> float:
        """Predicted words of all highlights of an article of ``article_words`` words."""
        w = min(article_words, self.max_words)
        a, b = self.length
        return max(a * w + b * math.sqrt(w) + self.length_intercept, 1.0)


@lru_cache(maxsize=1)
def word_model() -> WordModel | None:
    """The committed model, loaded once; None when its file is missing."""
    try:
        raw = resources.files("precis.data").joinpath("highlight_words.json").read_text("utf-8")
    except (FileNotFoundError, ModuleNotFoundError):
        return None
    return WordModel(json.loads(raw))
