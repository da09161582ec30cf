"""Train the word model of story cards (src/precis/data/card.json). Run by ``make train``.

Data: AllSides dev (../shared/data/stories/allsides_dev.jsonl), each story's outlets (title +
lead) and its human roundup; only stories from ``--skip`` on (default 500) are used, so the first
500 (the quality gate scores the first 200) stay held out. Needs the raw file only, no analyses.

Model: for every word (ROUGE token) of a story's leads and titles, its features
(``precis.stories.card_select.token_features``) and its count in the roundup; gradient-boosted
regression trees with a Poisson loss (scikit-learn, a dev dependency here), exported as JSON for
numpy inference, checked against scikit-learn's own predictions. Plus a linear model of the
roundup's words from the leads' words (w, sqrt w). Weights only: no publisher's text is stored.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

from precis.expected_rouge import export_trees
from precis.stories.card_select import TOKEN_FEATURES, CardModel, rouge_tokens, token_features
from precis.stories.member import Member


def main(argv: list[str] | None = None) -> int:
    from sklearn.ensemble import HistGradientBoostingRegressor
    from sklearn.linear_model import LinearRegression

    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", required=True, help="allsides_dev.jsonl")
    ap.add_argument("--out", required=True)
    ap.add_argument("--skip", type=int, default=500, help="held-out stories at the file's head")
    ap.add_argument("--trees", type=int, default=200)
    ap.add_argument("--depth", type=int, default=4)
    args = ap.parse_args(argv)

    t0 = time.time()
    xs: list[np.ndarray] = []
    ys: list[np.ndarray] = []
    lead_words: list[float] = []
    roundup_words: list[float] = []
    digest = hashlib.sha256()
    with open(args.data, "rb") as fh:
        for i, line in enumerate(fh):
            if i < args.skip or not line.strip():
                continue
            digest.update(line)
            story = json.loads(line)
            members = [Member({"title": a.get("title")}, a["text"]) for a in story["articles"]]
            vocab, x = token_features(members)
            ref: dict[str, int] = {}
            for t in rouge_tokens(story["roundup"]["text"]):
                ref[t] = ref.get(t, 0) + 1
            xs.append(x)
            ys.append(np.array([ref.get(t, 0) for t in vocab], dtype=float))
            lead_words.append(float(sum(len(m.text.split()) for m in members)))
            roundup_words.append(float(len(story["roundup"]["text"].split())))
    x_all, y_all = np.vstack(xs), np.concatenate(ys)
    print(f"{len(xs)} stories, {len(y_all)} words ({time.time() - t0:.0f} s)", file=sys.stderr)

    gb = HistGradientBoostingRegressor(
        loss="poisson",
        max_depth=args.depth,
        max_iter=args.trees,
        learning_rate=0.1,
        random_state=0,
        early_stopping=False,
    ).fit(x_all, y_all)
    w = np.array(lead_words)
    lin = LinearRegression().fit(np.c_[w, np.sqrt(w)], np.array(roundup_words))
    spec: dict[str, Any] = {
        "kind": "poisson-trees",
        "features": list(TOKEN_FEATURES),
        **export_trees(gb),
        "length": {
            "coef": [float(c) for c in lin.coef_],
            "intercept": float(lin.intercept_),
            "max_words": float(w.max()),
        },
        "trained": {
            "data": Path(args.data).name,
            "sha256_of_rows_used": digest.hexdigest(),
            "stories": len(xs),
            "skipped_head": args.skip,
            "trees": args.trees,
            "depth": args.depth,
            "date": dt.date.today().isoformat(),
        },
    }
    # The exported trees must give scikit-learn's predictions.
    ours = CardModel(spec).expected_counts(x_all[:5000])
    theirs = gb.predict(x_all[:5000])
    if not np.allclose(ours, theirs, rtol=1e-6, atol=1e-9):
        raise SystemExit("exported trees disagree with scikit-learn")
    Path(args.out).write_text(json.dumps(spec, separators=(",", ":")) + "\n", encoding="utf-8")
    dev = 2 * np.mean(
        np.where(y_all > 0, y_all * np.log(np.maximum(y_all, 1e-9) / gb.predict(x_all)), 0)
        - (y_all - gb.predict(x_all))
    )
    print(
        f"wrote {args.out}: {len(spec['trees'])} trees, Poisson deviance (train) {dev:.3f}; "
        f"roundup words = {lin.coef_[0]:.3f} w + {lin.coef_[1]:.3f} sqrt(w) + "
        f"{lin.intercept_:.1f} ({time.time() - t0:.0f} s)",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
