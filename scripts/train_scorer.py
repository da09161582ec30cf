"""Train the sentence salience scorer (src/precis/data/scorer.json). Run by ``make train``.

Data: CNN/DM articles, lower-cased and PTB-tokenised
(../shared/data/cnndm/train_lowercased.jsonl.gz).
Labels: a greedy ROUGE oracle per article (add the sentence that most raises ROUGE-1 F1 + ROUGE-2
F1 against the reference highlights, stop when nothing helps or at --oracle-size), computed with
rouge-score's tokenizer and stemmer. Features: precis.highlighter.features (case-free). Model:
gradient-boosted depth-3 trees (or --model logistic), exported as JSON for numpy inference.
Validation: held-out articles; ROUGE of the top-3 sentences by score against Lead-3 and the oracle.
With ``--label-words 20 --feature-words 20`` (src/precis/data/scorer_cut.json) labels and features
both read each sentence as a 20-word highlight would (:func:`as_highlight`); the highlights stage
uses that model to rank compressed candidates at targets of 25 words or less.
scikit-learn is needed here only (a dev dependency).
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import hashlib
import itertools
import json
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np

from precis.evaluate.rouge import CachedTokenizer, Tally
from precis.highlighter.features import FEATURE_NAMES, featurize
from precis.highlighter.scorer import Model

_END = frozenset({".", "!", "?"})
_CLOSE = frozenset({"''", "-rrb-", ")", "'"})


def split_sentences(article: str) -> list[list[str]]:
    """Sentences of a PTB-tokenised article: cut after . ! ? (and closing quotes/brackets)."""
    toks = article.split()
    out: list[list[str]] = []
    cur: list[str] = []
    i = 0
    while i < len(toks):
        cur.append(toks[i])
        if toks[i] in _END:
            while i + 1 < len(toks) and toks[i + 1] in _CLOSE:
                i += 1
                cur.append(toks[i])
            out.append(cur)
            cur = []
        i += 1
    if cur:
        out.append(cur)
    return out


def _ngrams(tokens: list[str]) -> tuple[Counter[str], Counter[tuple[str, str]]]:
    return Counter(tokens), Counter(itertools.pairwise(tokens))


def _f1(overlap: int, pred: int, ref: int) -> float:
    if overlap == 0:
        return 0.0
    p, r = overlap / pred, overlap / ref
    return 2 * p * r / (p + r)


def greedy_oracle(
    sents: list[list[str]], refs: list[str], tok: CachedTokenizer, k: int
) -> tuple[list[int], list[float]]:
    """Greedy ROUGE-1+2 oracle indices (per-sentence bigrams; close to rouge-score's), and each
    sentence's own ROUGE-1+2 F1 against the reference (a soft label)."""
    ref_tokens = [t for r in refs for t in tok.tokenize(r)]
    r1, r2 = _ngrams(ref_tokens)
    n1, n2 = sum(r1.values()), sum(r2.values())
    if not n1:
        return [], [0.0] * len(sents)
    grams = [_ngrams(tok.tokenize(" ".join(s))) for s in sents]
    single = [
        _f1(sum(min(v, r1[w]) for w, v in g1.items()), sum(g1.values()), n1)
        + _f1(sum(min(v, r2[w]) for w, v in g2.items()), max(sum(g2.values()), 1), max(n2, 1))
        for g1, g2 in grams
    ]
    chosen: list[int] = []
    c1: Counter[str] = Counter()
    c2: Counter[tuple[str, str]] = Counter()
    best = 0.0
    while len(chosen) < k:
        pick, pick_score = -1, best
        for i, (g1, g2) in enumerate(grams):
            if i in chosen or not g1:
                continue
            u1, u2 = c1 + g1, c2 + g2
            o1 = sum(min(v, r1[w]) for w, v in u1.items() if w in r1)
            o2 = sum(min(v, r2[w]) for w, v in u2.items() if w in r2)
            s = _f1(o1, sum(u1.values()), n1) + _f1(o2, max(sum(u2.values()), 1), max(n2, 1))
            if s > pick_score:
                pick, pick_score = i, s
        if pick < 0:
            break
        chosen.append(pick)
        c1 += grams[pick][0]
        c2 += grams[pick][1]
        best = pick_score
    return sorted(chosen), [round(v, 4) for v in single]


_WORDLIKE = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")
_BRACKETS = frozenset({"-lrb-", "-rrb-", "-lsb-", "-rsb-", "-lcb-", "-rcb-"})
#: Opening connectives the highlights stage drops ("but", "and", "however ,").
_OPENERS = frozenset(
    """but however meanwhile and also still yet so now instead moreover furthermore nevertheless
    nonetheless besides additionally separately similarly likewise indeed then thus therefore
    otherwise plus or""".split()
)


def as_highlight(sent: list[str], words: int) -> list[str]:
    """A sentence as a highlight of at most ``words`` words would read: its opening connective
    dropped, then cut after ``words`` words (a proxy for the cuts, which mostly drop the end)."""
    toks = list(sent)
    if toks and toks[0] in _OPENERS:
        toks = toks[2:] if len(toks) > 1 and toks[1] == "," else toks[1:]
    out: list[str] = []
    n = 0
    for t in toks:
        if t not in _BRACKETS and any(ch in _WORDLIKE for ch in t):
            if n >= words:
                break
            n += 1
        out.append(t)
    return out


def load(path: Path, limit: int | None, k: int, label_words: int = 0) -> list[dict[str, Any]]:
    """Rows with sentences and oracle labels; the labels are cached under /tmp by file hash.

    ``label_words`` > 0: the labels judge each sentence as a highlight of that length would read
    (:func:`as_highlight`), so a sentence whose news comes late scores low; the features still
    see the whole sentence.
    """
    digest = hashlib.sha1(
        f"{path.resolve()}:{path.stat().st_size}:{limit}:{k}:{label_words or ''}:2".encode()
    ).hexdigest()
    cache = Path("/tmp") / f"precis_oracle2_{digest[:12]}.json"
    rows: list[dict[str, Any]] = []
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            r = json.loads(line)
            rows.append(
                {"id": r["id"], "sents": split_sentences(r["article"]), "refs": r["highlights"]}
            )
            if limit and len(rows) >= limit:
                break
    if cache.exists():
        labels = json.loads(cache.read_text())
    else:
        tok = CachedTokenizer()
        labels = {}
        t0 = time.time()
        for j, r in enumerate(rows):
            sents = r["sents"]
            if label_words:
                sents = [as_highlight(x, label_words) for x in sents]
            labels[r["id"]] = greedy_oracle(sents, r["refs"], tok, k)
            if j % 1000 == 0:
                print(f"oracle {j}/{len(rows)} {time.time() - t0:.0f}s", file=sys.stderr)
        cache.write_text(json.dumps(labels))
    for r in rows:
        r["oracle"], r["soft"] = labels[r["id"]]
    return rows


def matrix(
    rows: list[dict[str, Any]], cut_words: int = 0
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Features, oracle labels (0/1) and soft labels of all sentences of ``rows``.

    ``cut_words`` > 0: features of each sentence as a highlight of that length reads.
    """
    xs, ys, ss = [], [], []
    for r in rows:
        sents = [as_highlight(s, cut_words) for s in r["sents"]] if cut_words else r["sents"]
        x = featurize(sents, None)
        y = np.zeros(len(r["sents"]), dtype=np.float64)
        y[r["oracle"]] = 1
        xs.append(x)
        ys.append(y)
        ss.append(np.asarray(r["soft"], dtype=np.float64))
    return np.vstack(xs), np.concatenate(ys), np.concatenate(ss)


def export_trees(clf: Any, depth: int, n_features: int = len(FEATURE_NAMES)) -> dict[str, Any]:
    """GradientBoostingClassifier -> complete binary trees (early leaves copied downward)."""
    n_int, n_leaf = 2**depth - 1, 2**depth
    feats, thrs, leaves = [], [], []
    for est in clf.estimators_[:, 0]:
        t = est.tree_
        f = [0] * n_int
        th = [float("inf")] * n_int  # "always go left" below an early leaf
        lv = [0.0] * n_leaf

        def fill(
            node: int, pos: int, level: int, t: Any = t, f: list = f, th: list = th, lv: list = lv
        ) -> None:
            if level == depth:
                lv[pos - n_int] = float(t.value[node][0][0])
                return
            if t.children_left[node] == -1:  # leaf before full depth
                fill(node, 2 * pos + 1, level + 1)
                fill(node, 2 * pos + 2, level + 1)
                return
            f[pos], th[pos] = int(t.feature[node]), float(t.threshold[node])
            fill(int(t.children_left[node]), 2 * pos + 1, level + 1)
            fill(int(t.children_right[node]), 2 * pos + 2, level + 1)

        fill(0, 0, 0)
        feats.append(f)
        thrs.append([round(v, 7) if v != float("inf") else 1e30 for v in th])
        leaves.append([round(v, 6) for v in lv])
    init = float(clf._raw_predict_init(np.zeros((1, n_features), dtype=np.float32))[0, 0])
    return {
        "kind": "trees",
        "depth": depth,
        "init": init,
        "learning_rate": clf.learning_rate,
        "feature": feats,
        "threshold": thrs,
        "leaf": leaves,
    }


def top_k(scores: np.ndarray, k: int) -> list[int]:
    return sorted(np.argsort(-scores, kind="stable")[:k].tolist())


def validate(
    model: Model, rows: list[dict[str, Any]], cut_words: int = 0
) -> dict[str, dict[str, float]]:
    """ROUGE F1 (x100) on held-out rows: model top-3, Lead-3, oracle."""
    tallies = {"model_top3": Tally(), "lead3": Tally(), "oracle": Tally()}
    for r in rows:
        sents = r["sents"]
        if cut_words:
            sents = [as_highlight(s, cut_words) for s in sents]
        picks = {
            "model_top3": top_k(model.decision(featurize(sents, None)), 3),
            "lead3": list(range(min(3, len(sents)))),
            "oracle": r["oracle"],
        }
        for name, idx in picks.items():
            tallies[name].add(r["refs"], [" ".join(sents[i]) for i in idx])
    return {k: {m: round(v, 2) for m, v in t.means().items()} for k, t in tallies.items()}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, required=True)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--limit", type=int, default=None, help="use only the first N articles")
    ap.add_argument("--model", choices=("trees", "logistic"), default="trees")
    ap.add_argument("--trees", type=int, default=150)
    ap.add_argument("--depth", type=int, default=3)
    ap.add_argument("--oracle-size", type=int, default=3)
    ap.add_argument(
        "--target",
        choices=("oracle", "soft"),
        default="oracle",
        help="oracle: classify oracle membership; soft: regress each sentence's own ROUGE-1+2 F1",
    )
    ap.add_argument(
        "--label-words",
        type=int,
        default=0,
        help="label each sentence as a highlight of at most N words would read (0: whole)",
    )
    ap.add_argument(
        "--feature-words",
        type=int,
        default=0,
        help="compute features on each sentence as a highlight of at most N words reads (0: whole)",
    )
    ap.add_argument("--val-share", type=float, default=0.1)
    ap.add_argument("--seed", type=int, default=13)
    args = ap.parse_args()
    from sklearn.ensemble import GradientBoostingClassifier, GradientBoostingRegressor
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import roc_auc_score

    t0 = time.time()
    rows = load(args.data, args.limit, args.oracle_size, args.label_words)
    order = np.random.default_rng(args.seed).permutation(len(rows))
    n_val = int(len(rows) * args.val_share)
    val = [rows[i] for i in order[:n_val]]
    train = [rows[i] for i in order[n_val:]]
    x, y, soft = matrix(train, args.feature_words)
    print(
        f"{len(train)} train articles, {len(y)} sentences, {y.mean():.3f} positive "
        f"({time.time() - t0:.0f}s)",
        file=sys.stderr,
    )
    if args.model == "logistic":
        mean, scale = x.mean(axis=0), x.std(axis=0) + 1e-9
        lr = LogisticRegression(C=1.0, max_iter=2000).fit((x - mean) / scale, y)  # oracle only
        spec: dict[str, Any] = {
            "kind": "logistic",
            "mean": mean.round(7).tolist(),
            "scale": scale.round(7).tolist(),
            "coef": lr.coef_[0].round(7).tolist(),
            "intercept": float(lr.intercept_[0]),
        }
    else:
        kw = dict(
            n_estimators=args.trees,
            max_depth=args.depth,
            learning_rate=0.1,
            subsample=0.5,
            random_state=args.seed,
        )
        gb: Any = (
            GradientBoostingRegressor(**kw)
            if args.target == "soft"
            else GradientBoostingClassifier(**kw)
        )
        gb.fit(x.astype(np.float32), soft if args.target == "soft" else y)
        spec = export_trees(gb, args.depth)
        check = (gb.predict if args.target == "soft" else gb.decision_function)(
            x[:2000].astype(np.float32)
        )
        spec["features"] = list(FEATURE_NAMES)
        gap = float(np.abs(Model(spec).decision(x[:2000]) - check).max())
        print(f"numpy vs sklearn max gap {gap:.2e}", file=sys.stderr)
    spec["features"] = list(FEATURE_NAMES)
    model = Model(spec)
    train_time = time.time() - t0
    xv, yv, _ = matrix(val, args.feature_words)
    auc = float(roc_auc_score(yv, model.decision(xv)))
    scores = validate(model, val, args.feature_words)
    spec["meta"] = {
        "data": args.data.name,
        "articles": len(rows),
        "train_articles": len(train),
        "train_rows": len(y),
        "val_articles": len(val),
        "seed": args.seed,
        "labels": f"greedy ROUGE-1+2 F1 oracle, at most {args.oracle_size} sentences"
        + (f", each cut to {args.label_words} words" if args.label_words else ""),
        "target": args.target,
        "feature_words": args.feature_words,
        "model": args.model,
        "date": dt.date.today().isoformat(),
        "train_seconds": round(train_time, 1),
        "val_auc": round(auc, 4),
        "val_rouge_f1": scores,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(spec, separators=(",", ":")) + "\n", encoding="utf-8")
    print(json.dumps(spec["meta"], indent=1), file=sys.stderr)
    print(f"wrote {args.out} ({args.out.stat().st_size // 1024} KB)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
