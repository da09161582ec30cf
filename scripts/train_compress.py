"""Train the constituent-deletion model (src/precis/data/compress.json). Run by ``make train``.

Data: CNN/DM training articles, lower-cased and PTB-tokenised, with their reference highlights
(../shared/data/cnndm/train_lowercased.jsonl.gz). Each reference bullet is aligned to the article
sentence that covers most of its words in order (longest common subsequence); pairs where the
bullet is mostly the sentence's own words (>= --min-cover) and shorter than it are kept. The
sentence is truecased and spaced as a writer would (:mod:`truecase`, with a case table built from
cased news text that is not CNN/DM dev, at training time) and parsed with precis's spaCy pipeline,
so its parse is close to the run-time parse of cased text; each deletable constituent
(:func:`precis.highlighter.cuts.constituents`, the hard constraints included) is labelled *deleted*
when the reference keeps at most 25% of its words, *kept* when it keeps at least 75%, else left
out. Features: :func:`precis.highlighter.cut_model.features` (case-free). Model: gradient-boosted
depth-3 trees exported as JSON (the scorer's format; no pickle). Validation: held-out articles,
AUC and accuracy. scikit-learn is needed here only.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import hashlib
import json
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np
from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Doc, DocBin

from precis import nlp
from precis.highlighter.compress import SURE, compress
from precis.highlighter.cut_model import ARTICLE_COUNTS, CUT_FEATURES, features
from precis.highlighter.cuts import constituents
from precis.highlighter.scorer import Model
from train_scorer import export_trees, split_sentences
from truecase import PTB as _PTB
from truecase import CaseTable, build, detokenise

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


def read(path: Path, limit: int) -> list[dict[str, Any]]:
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        return [json.loads(line) for _, line in zip(range(limit), fh, strict=False)]


def pairs(rows: list[dict[str, Any]], min_cover: float) -> list[tuple[str, list[str], list[bool]]]:
    """(article id, sentence tokens, kept flags) for well-aligned (sentence, bullet) pairs."""
    out: list[tuple[str, list[str], list[bool]]] = []
    for row in rows:
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


def held_out(article_id: str, share: float) -> bool:
    """Whether an article is in the held-out part (by a hash of its id: stable across runs)."""
    digest = hashlib.sha1(article_id.encode("utf-8")).digest()
    return int.from_bytes(digest[:4], "big") < share * 2**32


def parse(
    data: list[tuple[str, list[str], list[bool]]], table: CaseTable | None, cache: Path | None
) -> list[Doc]:
    """The pairs' sentences parsed by precis's pipeline (read from ``cache`` when it exists)."""
    pipe = nlp.load()
    if cache is not None and cache.exists():
        return list(DocBin().from_disk(cache).get_docs(pipe.vocab))
    disabled = [p for p in ("lemmatizer", "ner") if p in pipe.pipe_names]
    with pipe.select_pipes(disable=disabled):
        raw = (Doc(pipe.vocab, *detokenise(toks, table)) for _, toks, _ in data)
        docs = list(pipe.pipe(raw, batch_size=64))
    if cache is not None:
        DocBin(docs=docs).to_disk(cache)
    return docs


def article_counts(rows: list[dict[str, Any]]) -> dict[str, Counter[str]]:
    """Each article's content words (what :func:`precis.highlighter.cut_model.article_counts` counts
    at run time: alphabetic, not stop words, lower-cased)."""
    return {
        r["id"]: Counter(w for w in r["article"].split() if w.isalpha() and w not in STOP_WORDS)
        for r in rows
    }


def examples(
    data: list[tuple[str, list[str], list[bool]]],
    docs: list[Doc],
    counts: dict[str, Counter[str]],
) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Features, labels (1 = deleted) and article id of every labelled constituent."""
    xs: list[np.ndarray] = []
    ys: list[float] = []
    ids: list[str] = []
    for (aid, _, keep), doc in zip(data, docs, strict=True):
        sents = list(doc.sents)
        if len(sents) != 1:
            continue  # the parser split the pair's sentence: the alignment no longer fits
        sent = sents[0]
        cons = constituents(sent)
        if not cons:
            continue
        mat = features(sent, cons, counts[aid])
        for c, row in zip(cons, mat, strict=True):
            words = [i for i in range(c.lo, c.hi + 1) if not doc[i].is_punct]
            if not words:
                continue
            kept = sum(keep[i] for i in words) / len(words)
            if kept <= 0.25 or kept >= 0.75:
                xs.append(row)
                ys.append(float(kept <= 0.25))
                ids.append(aid)
    return np.vstack(xs), np.asarray(ys), ids


def _f1(pred: list[str], ref: list[str], n: int) -> float:
    p = Counter(zip(*[pred[i:] for i in range(n)], strict=False))
    r = Counter(zip(*[ref[i:] for i in range(n)], strict=False))
    overlap = sum((p & r).values())
    if not overlap:
        return 0.0
    return 2 * overlap / (sum(p.values()) + sum(r.values()))


def val_cuts(
    data: list[tuple[str, list[str], list[bool]]],
    docs: list[Doc],
    counts: dict[str, Counter[str]],
    model: Model,
    share: float,
) -> dict[str, list[float]]:
    """How close the cuts come to the reference on held-out pairs: ROUGE-1/2 F1 (x 100) of the
    words :func:`precis.highlighter.compress.compress` keeps against the words the reference
    keeps, and words left, per setting (target, :data:`~precis.highlighter.compress.SURE`)."""
    settings = {"25": (25, 0.0), "20": (20, SURE), "20, sure 0": (20, 0.0), "16": (16, SURE)}
    sums = {name: np.zeros(3) for name in settings}
    n = 0
    for (aid, _, keep), doc in zip(data, docs, strict=True):
        if not held_out(aid, share) or len(list(doc.sents)) != 1:
            continue
        doc.user_data[ARTICLE_COUNTS] = counts[aid]  # what the article says elsewhere
        ref = [t.lower_ for t in doc if keep[t.i] and not (t.is_punct or t.is_space)]
        n += 1
        for name, (target, sure) in settings.items():
            comp = compress(doc[:], target, model=model, sure=sure)
            got = [doc[i].lower_ for i in comp.kept if not (doc[i].is_punct or doc[i].is_space)]
            sums[name] += (100 * _f1(got, ref, 1), 100 * _f1(got, ref, 2), len(got))
    return {name: [round(float(v) / max(n, 1), 2) for v in s] for name, s in sums.items()}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, required=True)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--limit", type=int, default=10000, help="first N articles (10000: all)")
    ap.add_argument(
        "--cased",
        type=Path,
        default=None,
        help="folder of cased news data for the case table (default: ../ of --data's folder)",
    )
    ap.add_argument("--no-truecase", action="store_true", help="parse the lower-cased text")
    ap.add_argument("--docs", type=Path, help="cache of the parsed sentences (experiments)")
    ap.add_argument("--min-cover", type=float, default=0.7)
    ap.add_argument("--trees", type=int, default=120)
    ap.add_argument("--depth", type=int, default=3)
    ap.add_argument("--val-share", type=float, default=0.15)
    ap.add_argument("--seed", type=int, default=13)
    args = ap.parse_args()
    from sklearn.ensemble import GradientBoostingClassifier
    from sklearn.metrics import roc_auc_score

    t0 = time.time()
    rows = read(args.data, args.limit)
    data = pairs(rows, args.min_cover)
    print(f"{len(data)} aligned pairs ({time.time() - t0:.0f}s)", file=sys.stderr)
    table = None
    if not args.no_truecase and not (args.docs and args.docs.exists()):
        cased = args.cased or args.data.resolve().parent.parent
        table = build(cased, (h for r in rows for h in r.get("highlights") or []))
        print(f"case table: {len(table)} words ({time.time() - t0:.0f}s)", file=sys.stderr)
    docs = parse(data, table, args.docs)
    print(f"parsed ({time.time() - t0:.0f}s)", file=sys.stderr)
    counts = article_counts(rows)
    x, y, ids = examples(data, docs, counts)
    print(
        f"{len(y)} constituents, {y.mean():.3f} deleted ({time.time() - t0:.0f}s)", file=sys.stderr
    )
    is_val = np.asarray([held_out(i, args.val_share) for i in ids])
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
    val = val_cuts(data, docs, counts, model, args.val_share)
    spec["meta"] = {
        "data": args.data.name,
        "articles": args.limit,
        "pairs": len(data),
        "constituents": len(y),
        "deleted_share": round(float(y.mean()), 4),
        "val_constituents": int(is_val.sum()),
        "val_auc": round(auc, 4),
        "val_accuracy": round(acc, 4),
        "val_cuts": val,
        "val_cuts_columns": "held-out pairs: ROUGE-1, ROUGE-2 F1 of the cut vs the reference's "
        "words; words kept",
        "truecased": not args.no_truecase,
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
