"""Train the constituent-deletion model (src/precis/data/compress.json). Run by ``make train``.

Data: CNN/DM training articles, lower-cased and PTB-tokenised, with their reference highlights
(../shared/data/cnndm/train_lowercased.jsonl.gz). Each reference bullet is aligned to the article
sentence that covers most of its words in order (longest common subsequence); pairs where the
bullet is mostly the sentence's own words (>= --min-cover) and shorter than it are kept. The
sentence is parsed with precis's spaCy pipeline; each deletable constituent
(:func:`precis.highlighter.cuts.constituents`, the hard constraints included) is labelled *deleted*
when the reference keeps at most 25% of its words, *kept* when it keeps at least 75%, else left
out. Features: :func:`precis.highlighter.cuts.features` (case-free). Model: gradient-boosted
depth-3 trees exported as JSON (the scorer's format; no pickle). Validation: held-out articles,
AUC and accuracy. scikit-learn is needed here only.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import sys
import time
from pathlib import Path

import numpy as np
from spacy.tokens import Doc

from precis import nlp
from precis.highlighter.cuts import CUT_FEATURES, constituents, features
from precis.highlighter.scorer import Model
from train_scorer import export_trees, split_sentences

_PTB = {"``": '"', "''": '"', "-lrb-": "(", "-rrb-": ")", "-lsb-": "[", "-rsb-": "]"}
_PUNCT = frozenset(".,;:!?\"()[]-–—'`")


def _words(tokens: list[str]) -> list[str]:
    return [t for t in tokens if t not in _PUNCT and t not in _PTB]


def lcs_keep(sent: list[str], ref: list[str]) -> list[bool]:
    """For each token of ``sent``: is it part of a longest common subsequence with ``ref``?"""
    n, m = len(sent), len(ref)
    table = np.zeros((n + 1, m + 1), dtype=np.int32)
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            if sent[i] == ref[j]:
                table[i, j] = table[i + 1, j + 1] + 1
            else:
                table[i, j] = max(table[i + 1, j], table[i, j + 1])
    keep = [False] * n
    i = j = 0
    while i < n and j < m:
        if sent[i] == ref[j]:
            keep[i] = True
            i += 1
            j += 1
        elif table[i + 1, j] >= table[i, j + 1]:
            i += 1
        else:
            j += 1
    return keep


def pairs(path: Path, limit: int, min_cover: float) -> list[tuple[str, list[str], list[bool]]]:
    """(article id, sentence tokens, kept flags) for well-aligned (sentence, bullet) pairs."""
    out: list[tuple[str, list[str], list[bool]]] = []
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for n, line in enumerate(fh):
            if n >= limit:
                break
            row = json.loads(line)
            sents = split_sentences(row["article"])
            for bullet in row["highlights_lower_tok"]:
                ref = _words(bullet.split())
                if len(ref) < 4:
                    continue
                best: tuple[float, int] = (0.0, -1)
                ref_set = set(ref)
                for k, s in enumerate(sents):
                    if len(ref_set & set(s)) < len(ref) * min_cover:
                        continue  # cheap bound before the quadratic alignment
                    keep = lcs_keep(s, ref)
                    cover = sum(keep) / len(ref)
                    if cover > best[0]:
                        best = (cover, k)
                if best[1] < 0 or best[0] < min_cover:
                    continue
                s = sents[best[1]]
                if len(_words(s)) < len(ref) + 3 or len(s) > 90:
                    continue
                out.append((row["id"], s, lcs_keep(s, ref)))
    return out


def examples(
    data: list[tuple[str, list[str], list[bool]]],
) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Features, labels (1 = deleted) and article id of every labelled constituent."""
    pipe = nlp.load()
    xs: list[np.ndarray] = []
    ys: list[float] = []
    ids: list[str] = []
    disabled = [p for p in ("lemmatizer", "ner") if p in pipe.pipe_names]
    with pipe.select_pipes(disable=disabled):
        docs = (
            Doc(pipe.vocab, words=[_PTB.get(t, t) for t in toks], spaces=[True] * len(toks))
            for _, toks, _ in data
        )
        for (aid, _, keep), doc in zip(data, pipe.pipe(docs, batch_size=64), strict=True):
            sents = list(doc.sents)
            if len(sents) != 1:
                continue  # the parser split the pair's sentence: the alignment no longer fits
            sent = sents[0]
            cons = constituents(sent)
            if not cons:
                continue
            rows = features(sent, cons)
            for c, row in zip(cons, rows, strict=True):
                words = [i for i in range(c.lo, c.hi + 1) if not doc[i].is_punct]
                if not words:
                    continue
                kept = sum(keep[i] for i in words) / len(words)
                if kept <= 0.25 or kept >= 0.75:
                    xs.append(row)
                    ys.append(float(kept <= 0.25))
                    ids.append(aid)
    return np.vstack(xs), np.asarray(ys), ids


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, required=True)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--limit", type=int, default=4000, help="first N articles (4000)")
    ap.add_argument("--min-cover", type=float, default=0.7)
    ap.add_argument("--trees", type=int, default=120)
    ap.add_argument("--depth", type=int, default=3)
    ap.add_argument("--val-share", type=float, default=0.15)
    ap.add_argument("--seed", type=int, default=13)
    args = ap.parse_args()
    from sklearn.ensemble import GradientBoostingClassifier
    from sklearn.metrics import roc_auc_score

    t0 = time.time()
    data = pairs(args.data, args.limit, args.min_cover)
    print(f"{len(data)} aligned pairs ({time.time() - t0:.0f}s)", file=sys.stderr)
    x, y, ids = examples(data)
    print(
        f"{len(y)} constituents, {y.mean():.3f} deleted ({time.time() - t0:.0f}s)", file=sys.stderr
    )
    articles = sorted(set(ids))
    rng = np.random.default_rng(args.seed)
    val_ids = set(rng.permutation(articles)[: int(len(articles) * args.val_share)].tolist())
    is_val = np.asarray([i in val_ids for i in ids])
    gb = GradientBoostingClassifier(
        n_estimators=args.trees,
        max_depth=args.depth,
        learning_rate=0.1,
        subsample=0.5,
        random_state=args.seed,
    )
    gb.fit(x[~is_val].astype(np.float32), y[~is_val])
    spec = export_trees(gb, args.depth, n_features=len(CUT_FEATURES))
    spec["features"] = list(CUT_FEATURES)
    model = Model(spec, names=CUT_FEATURES)
    gap = float(
        np.abs(model.decision(x[:2000]) - gb.decision_function(x[:2000].astype(np.float32))).max()
    )
    z = model.decision(x[is_val])
    auc = float(roc_auc_score(y[is_val], z))
    acc = float(((z > 0) == (y[is_val] > 0.5)).mean())
    spec["meta"] = {
        "data": args.data.name,
        "articles": args.limit,
        "pairs": len(data),
        "constituents": len(y),
        "deleted_share": round(float(y.mean()), 4),
        "val_constituents": int(is_val.sum()),
        "val_auc": round(auc, 4),
        "val_accuracy": round(acc, 4),
        "labels": "reference keeps <= 25% of the constituent's words: deleted; >= 75%: kept",
        "seed": args.seed,
        "date": dt.date.today().isoformat(),
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(spec, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"numpy vs sklearn max gap {gap:.2e}", file=sys.stderr)
    print(json.dumps(spec["meta"], indent=1), file=sys.stderr)
    print(f"wrote {args.out} ({args.out.stat().st_size // 1024} KB)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
