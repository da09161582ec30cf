"""Train the highlights' word model (src/precis/data/highlight_words.json). Run by ``make train``.

Data: CNN/DM training articles (../shared/data/cnndm/train_lowercased.jsonl.gz, lower-cased and
PTB-tokenised) and their reference highlights; the last ``--holdout`` rows (default 1,000) are not
used, so choices made with the model can be tuned on them (they are also held out of nothing
else: the sentence scorer samples its own validation rows).

Model: for every word (ROUGE token) of an article, its features
(``precis.highlighter.words.token_features``) and its count in the reference highlights;
gradient-boosted regression trees with a Poisson loss (scikit-learn, a dev dependency), exported as
JSON for numpy inference and checked against scikit-learn's predictions. Plus a linear model of
the highlights' ROUGE tokens from the article's (w, sqrt w). Weights only: no text is stored.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import hashlib
import json
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

from precis.expected_rouge import export_trees
from precis.highlighter.words import (
    BIGRAM_FEATURES,
    TOKEN_FEATURES,
    WordModel,
    bigram_features,
    bigrams,
    rouge_tokens,
    token_features,
)
from train_scorer import split_sentences

#: A placeholder length model (the bigram features need only the word trees).
_NO_LENGTH = {"coef": [0.0, 0.0], "intercept": 1.0, "max_words": 1.0}


def rows(path: Path, holdout: int) -> list[dict[str, Any]]:
    """The training rows, the last ``holdout`` left out."""
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as fh:
        out = [json.loads(line) for line in fh if line.strip()]
    return out[: len(out) - holdout] if holdout else out


def poisson_trees(trees: int, depth: int) -> Any:
    """The unfitted regressor both models use (scikit-learn, a dev dependency)."""
    from sklearn.ensemble import HistGradientBoostingRegressor

    return HistGradientBoostingRegressor(
        loss="poisson",
        max_depth=depth,
        max_iter=trees,
        learning_rate=0.1,
        random_state=0,
        early_stopping=False,
    )


def main(argv: list[str] | None = None) -> int:
    from sklearn.linear_model import LinearRegression

    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, required=True, help="train_lowercased.jsonl.gz")
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--holdout", type=int, default=1000, help="rows at the file's end left out")
    ap.add_argument("--trees", type=int, default=200)
    ap.add_argument("--depth", type=int, default=4)
    args = ap.parse_args(argv)

    t0 = time.time()
    xs: list[np.ndarray] = []
    ys: list[np.ndarray] = []
    article_words: list[float] = []
    highlight_words: list[float] = []
    digest = hashlib.sha256()
    data = rows(args.data, args.holdout)
    articles: list[tuple[list[list[str]], list[str], list[str]]] = []
    for r in data:
        digest.update(str(r["id"]).encode())
        sents = [rouge_tokens(" ".join(s)) for s in split_sentences(r["article"])]
        sents = [s for s in sents if s]
        if not sents:
            continue
        vocab, x = token_features(sents)
        ref: dict[str, int] = {}
        for h in r["highlights"]:
            for t in rouge_tokens(h):
                ref[t] = ref.get(t, 0) + 1
        xs.append(x)
        ys.append(np.array([ref.get(t, 0) for t in vocab], dtype=float))
        articles.append((sents, vocab, r["highlights"]))
        article_words.append(float(sum(len(s) for s in sents)))
        highlight_words.append(float(sum(ref.values())))
    x_all, y_all = np.vstack(xs), np.concatenate(ys)
    print(f"{len(xs)} articles, {len(y_all)} words ({time.time() - t0:.0f} s)", file=sys.stderr)

    gb = poisson_trees(args.trees, args.depth).fit(x_all, y_all)
    unigrams = export_trees(gb)
    # Bigrams: features include the word model's expected counts of their two words.
    word_model = WordModel({"features": list(TOKEN_FEATURES), **unigrams, "length": _NO_LENGTH})
    bx: list[np.ndarray] = []
    by: list[np.ndarray] = []
    for (sents, vocab, highlights), x in zip(articles, xs, strict=True):
        lam = dict(zip(vocab, word_model.expected_counts(x).tolist(), strict=True))
        pairs, xb = bigram_features(sents, lam)
        ref2: dict[tuple[str, str], int] = {}
        for h in highlights:
            for b in bigrams(rouge_tokens(h)):
                ref2[b] = ref2.get(b, 0) + 1
        bx.append(xb)
        by.append(np.array([ref2.get(b, 0) for b in pairs], dtype=float))
    bx_all, by_all = np.vstack(bx), np.concatenate(by)
    gb2 = poisson_trees(args.trees, args.depth).fit(bx_all, by_all)
    print(f"{len(by_all)} bigrams ({time.time() - t0:.0f} s)", file=sys.stderr)
    w = np.array(article_words)
    lin = LinearRegression().fit(np.c_[w, np.sqrt(w)], np.array(highlight_words))
    spec: dict[str, Any] = {
        "kind": "poisson-trees",
        "features": list(TOKEN_FEATURES),
        **unigrams,
        "bigrams": {"features": list(BIGRAM_FEATURES), **export_trees(gb2)},
        "length": {
            "coef": [float(c) for c in lin.coef_],
            "intercept": float(lin.intercept_),
            "max_words": float(w.max()),
        },
        "trained": {
            "data": args.data.name,
            "sha256_of_ids_used": digest.hexdigest(),
            "articles": len(xs),
            "held_out_tail": args.holdout,
            "trees": args.trees,
            "depth": args.depth,
            "date": dt.date.today().isoformat(),
        },
    }
    # The exported trees must give scikit-learn's predictions.
    ours = WordModel(spec).expected_counts(x_all[:5000])
    theirs = gb.predict(x_all[:5000])
    if not np.allclose(ours, theirs, rtol=1e-6, atol=1e-9):
        raise SystemExit("exported trees disagree with scikit-learn")
    ours = WordModel(spec).expected_bigrams(bx_all[:5000])
    if not np.allclose(ours, gb2.predict(bx_all[:5000]), rtol=1e-6, atol=1e-9):
        raise SystemExit("exported bigram trees disagree with scikit-learn")
    args.out.write_text(json.dumps(spec, separators=(",", ":")) + "\n", encoding="utf-8")
    pred = gb.predict(x_all)
    dev = 2 * np.mean(
        np.where(y_all > 0, y_all * np.log(np.maximum(y_all, 1e-9) / pred), 0) - (y_all - pred)
    )
    print(
        f"wrote {args.out}: {len(spec['trees'])} trees, Poisson deviance (train) {dev:.3f}; "
        f"highlight words = {lin.coef_[0]:.3f} w + {lin.coef_[1]:.3f} sqrt(w) + "
        f"{lin.intercept_:.1f} ({time.time() - t0:.0f} s)",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
