"""Train the attribution tagger (src/precis/data/attribution.json). Run by ``make train``.

Data: PolNeAR train (../shared/data/attribution/polnear_train.jsonl), parsed with precis's own
"parse" profile. For every gold attribution, the cue's head token is a positive cue example and
every other candidate token a negative; among the candidates of a gold cue
(precis.claims.features.candidates), the one headed by the gold source's head token is a positive
source example, likewise for content; each right dependent the gold cue phrase runs on over
(precis.claims.features.run_on) is a positive "extend" example, the first it stops at a negative.
Four L2 logistic regressions (scikit-learn, a dev dependency) over the sparse features of
precis.claims.features; thresholds are chosen for F1 on
held-out articles (every tenth file name); the final models are refit on all rows. Dev is never
read here: report it with ``precis evaluate-attribution``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression
from spacy.tokens import Doc, DocBin, Token

from precis.claims import features, tagger
from precis.claims.extract import cue_span
from precis.claims.quotes import long_quotes
from precis.nlp import load, parse

MAX_SENT_TOKENS = 400
MIN_COUNT = 3
#: Weights smaller than this are dropped: the model shrinks from 1.8 MB to about 0.8 MB with no
#: loss on held-out train articles (pruning at 0.2 starts to cost).
PRUNE = 0.1
#: A word form must head this many training cues to be scored at all (the cue gate).
GATE_MIN = 2
DATA = Path("../shared/data/attribution/polnear_train.jsonl")


def _head(doc: Doc, spans: list[list[int]] | None) -> Token | None:
    """The token of ``spans`` whose syntactic head lies outside them (first such)."""
    toks = []
    for s, e in spans or []:
        span = doc.char_span(int(s), int(e), alignment_mode="expand")
        words = [t for t in span or [] if not t.is_punct and not t.is_space]
        toks += words or [t for t in span or [] if t.text == ":"]  # a colon cue
    if not toks:
        return None
    ids = {t.i for t in toks}
    outs = [t for t in toks if t.head.i not in ids or t.head.i == t.i]
    return outs[0] if outs else toks[0]


def _last(doc: Doc, spans: list[list[int]] | None, head: Token) -> int:
    """Last word of the gold cue span that holds ``head`` (the head itself if none does)."""
    for s, e in spans or []:
        span = doc.char_span(int(s), int(e), alignment_mode="expand")
        if span is not None and span.start <= head.i < span.end:
            words = [t.i for t in span if not t.is_punct and not t.is_space]
            return max(words, default=head.i)
    return head.i


def _extension_examples(tok: Token, lemma: str, gold_last: int) -> list[tuple[list[str], int]]:
    """Run-on decisions for a gold cue, as inference takes them: in order, until the first no."""
    last = features.phrase_end(tok, cue_span(tok)[1])
    out: list[tuple[list[str], int]] = []

    def decide(feats: list[str], stop: int) -> bool:
        out.append((feats, int(stop <= gold_last)))
        return stop <= gold_last

    features.run_on(tok, lemma, last, set(), decide)
    return out


def _in_quote(quotes: list[tuple[int, int]], char: int) -> bool:
    return any(s <= char < e for s, e in quotes)


def parsed(rows: list[dict[str, Any]], cache: Path | None) -> Iterator[Doc]:
    """Parses of ``rows`` ("parse" profile), read from / written to a DocBin ``cache`` if given.

    The cache only saves time while iterating on features; it is keyed by the texts' hash.
    """
    texts = [r["text"] for r in rows]
    key = hashlib.md5("\x00".join(texts).encode()).hexdigest()[:12]
    path = cache.with_name(f"{cache.stem}-{key}.spacy") if cache is not None else None
    if path is not None and path.exists():
        yield from DocBin().from_disk(path).get_docs(load().vocab)
        return
    bin_ = DocBin(store_user_data=False)
    for doc in parse(texts, profile="parse"):
        bin_.add(doc)
        yield doc
    if path is not None:
        bin_.to_disk(path)


def examples(
    rows: list[dict[str, Any]], cache: Path | None = None, progress: bool = True
) -> Iterator[dict[str, Any]]:
    """Per article: cue, source and content examples as (features, label) lists."""
    t0 = time.perf_counter()
    for k, (doc, row) in enumerate(zip(parsed(rows, cache), rows, strict=True)):
        quotes = long_quotes(doc.text)
        gold: dict[int, tuple[Token | None, Token | None]] = {}
        ext_ex: list[tuple[list[str], int]] = []
        for g in row.get("attributions") or []:
            cue_spans = (g.get("cue") or {}).get("spans")
            cue = _head(doc, cue_spans)
            if cue is None or cue.i in gold:
                continue
            src = _head(doc, (g.get("source") or {}).get("spans"))
            con = _head(doc, (g.get("content") or {}).get("spans"))
            gold[cue.i] = (src, con)
            ext_ex += _extension_examples(
                cue, features.cue_lemma_of(cue), _last(doc, cue_spans, cue)
            )
        cue_ex: list[tuple[list[str], int]] = []
        forms: list[str] = []
        # Per gold cue, its candidates' features with (is source, is content) labels.
        arg_ex: list[list[tuple[list[str], int, int]]] = []
        for sent in doc.sents:
            if len(sent) > MAX_SENT_TOKENS:
                continue
            for tok in sent:
                if not features.cue_candidate(tok):
                    continue
                feats = features.cue_features(tok, _in_quote(quotes, tok.idx))
                cue_ex.append((feats, int(tok.i in gold)))
                forms.append(features.form(tok))
                if tok.i not in gold:
                    continue
                src, con = gold[tok.i]
                lem = features.cue_lemma_of(tok)
                group = []
                for cand in features.candidates(tok):
                    af = features.argument_features(tok, cand, lem)
                    is_src = int(src is not None and cand.head.i == src.i)
                    group.append((af, is_src, int(con is not None and cand.head.i == con.i)))
                arg_ex.append(group)
        yield {
            "file": row.get("filename") or row.get("id"),
            "cue": [cue_ex],
            "forms": forms,
            "source": [[(f, s) for f, s, _ in g] for g in arg_ex],
            "content": [[(f, c) for f, _, c in g] for g in arg_ex],
            "extend": ext_ex,
        }
        if progress and (k + 1) % 50 == 0:
            rate = (k + 1) / (time.perf_counter() - t0)
            print(f"\r{k + 1}/{len(rows)} articles, {rate:.1f}/s", end="", file=sys.stderr)
    if progress:
        print(file=sys.stderr)


def _held_out(name: str) -> bool:
    return int(hashlib.md5(name.encode()).hexdigest(), 16) % 10 == 0


def _fit(data: list[tuple[list[str], int]], c: float) -> tuple[DictVectorizer, LogisticRegression]:
    # Features seen fewer than MIN_COUNT times are noise and bloat the JSON: drop them.
    counts = Counter(f for feats, _ in data for f in feats)
    vec = DictVectorizer()
    rows = [{f: 1 for f in feats if counts[f] >= MIN_COUNT} for feats, _ in data]
    x = vec.fit_transform(rows).tocsr()
    x.indices, x.indptr = x.indices.astype(np.int32), x.indptr.astype(np.int32)  # liblinear
    y = np.array([label for _, label in data])
    model = LogisticRegression(C=c, solver="liblinear", max_iter=500)
    model.fit(x, y)
    return vec, model


def _weights(vec: DictVectorizer, model: LogisticRegression) -> dict[str, float]:
    coef = model.coef_[0]
    out = {name: round(float(w), 2) for name, w in zip(vec.feature_names_, coef, strict=True)}
    out = {k: v for k, v in out.items() if abs(v) >= PRUNE}
    # "bias" is on every example: fold the intercept into it.
    out["bias"] = round(out.get("bias", 0.0) + float(model.intercept_[0]), 3)
    return out


def _best_threshold(probs: np.ndarray, labels: np.ndarray) -> tuple[float, dict[str, float]]:
    best = (0.5, {"p": 0.0, "r": 0.0, "f1": 0.0})
    total = max(1, int(labels.sum()))
    for t in np.arange(0.2, 0.81, 0.05):
        pred = probs >= t
        tp = int((pred & (labels == 1)).sum())
        p = tp / max(1, int(pred.sum()))
        r = tp / total
        f = 2 * p * r / (p + r) if p + r else 0.0
        if f > best[1]["f1"]:
            best = (round(float(t), 2), {"p": round(p, 3), "r": round(r, 3), "f1": round(f, 3)})
    return best


def _argument_threshold(
    per_cue: list[list[tuple[list[str], int]]], weights: dict[str, float]
) -> tuple[float, dict[str, float]]:
    """Threshold for "best candidate above t" decisions, scored per gold cue."""
    model = tagger.LinearModel(weights, 0.0)
    best = (0.5, {"p": 0.0, "r": 0.0, "f1": 0.0})
    scored = [[(model.prob(f), y) for f, y in cue] for cue in per_cue]
    gold = sum(1 for cue in scored if any(y for _, y in cue))
    for t in np.arange(0.1, 0.81, 0.05):
        tp = npred = 0
        for cue in scored:
            top = max(cue, default=None)
            if top is not None and top[0] >= t:
                npred += 1
                tp += top[1]
        p, r = tp / max(1, npred), tp / max(1, gold)
        f = 2 * p * r / (p + r) if p + r else 0.0
        if f > best[1]["f1"]:
            best = (round(float(t), 2), {"p": round(p, 3), "r": round(r, 3), "f1": round(f, 3)})
    return best


def _gate(docs: list[dict[str, Any]]) -> set[str]:
    """Word forms heading at least GATE_MIN gold cues."""
    cue: Counter[str] = Counter()
    for d in docs:
        for f, (_, y) in zip(d["forms"], d["cue"][0], strict=True):
            cue[f] += y
    return {f for f, n in cue.items() if n >= GATE_MIN}


def _reachable(docs: list[dict[str, Any]], gate: set[str], model: tagger.LinearModel) -> set[str]:
    """Gate forms the final model scores at least half the threshold somewhere in training.

    The rest ("is", "in", "the") would be scored on every use and never pass: dropping them
    from the gate saves that time without changing what is found.
    """
    best: dict[str, float] = {}
    for d in docs:
        for f, (feats, _) in zip(d["forms"], d["cue"][0], strict=True):
            if f in gate and best.get(f, 0.0) < model.threshold / 2:
                best[f] = max(best.get(f, 0.0), model.prob(feats))
    return {f for f in gate if best.get(f, 0.0) >= model.threshold / 2}


def _gated(docs: list[dict[str, Any]], gate: set[str]) -> list[tuple[list[str], int]]:
    return [ex for d in docs for f, ex in zip(d["forms"], d["cue"][0], strict=True) if f in gate]


def _cue_model(
    fit_docs: list[dict[str, Any]],
    held_docs: list[dict[str, Any]],
    gate: set[str],
    args: argparse.Namespace,
) -> tuple[dict[str, Any], dict[str, Any], set[str]]:
    """Fit on gated fit-set tokens; threshold for F1 over *all* held-out cue heads."""
    vec, model = _fit(_gated(fit_docs, gate), args.c)
    weights = _weights(vec, model)
    lm = tagger.LinearModel(weights, 0.0)
    probs, labels = [], []
    for d in held_docs:
        for f, (feats, y) in zip(d["forms"], d["cue"][0], strict=True):
            probs.append(lm.prob(feats) if f in gate else 0.0)  # outside the gate: never a cue
            labels.append(y)
    threshold, scores = _best_threshold(np.array(probs), np.array(labels))
    print(f"cue: gate {len(gate)} forms, threshold {threshold}, held-out {scores}", file=sys.stderr)
    all_docs = fit_docs + held_docs
    if not args.no_refit:
        gate = _gate(all_docs)
        vec, model = _fit(_gated(all_docs, gate), args.c)
        weights = _weights(vec, model)
    gate = _reachable(all_docs, gate, tagger.LinearModel(weights, threshold))
    meta = {
        "held_out": scores,
        "examples": sum(len(d["cue"][0]) for d in all_docs),
        "positives": sum(y for d in all_docs for _, y in d["cue"][0]),
        "features": len(weights),
    }
    return {"threshold": threshold, "weights": weights}, meta, gate


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--out", type=Path, default=Path("src/precis/data/attribution.json"))
    ap.add_argument("--limit", type=int, default=None, help="read only the first N rows")
    ap.add_argument("--c", type=float, default=0.5, help="inverse L2 strength (default 0.5)")
    ap.add_argument("--cache", type=Path, help="DocBin cache of the parses (for quick iteration)")
    ap.add_argument(
        "--no-refit",
        action="store_true",
        help="keep the models fit without the held-out rows (to evaluate end to end on them)",
    )
    ap.add_argument("--write-held-out", type=Path, help="write the held-out rows here as JSONL")
    args = ap.parse_args(argv)
    if not args.data.exists():
        print(f"error: {args.data} not found (PolNeAR train, see ../shared/data)", file=sys.stderr)
        return 2
    with args.data.open(encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh if line.strip()]
    rows = rows[: args.limit] if args.limit else rows
    t0 = time.perf_counter()
    docs = list(examples(rows, args.cache))
    if args.write_held_out:
        with args.write_held_out.open("w", encoding="utf-8") as fh:
            for row in rows:
                if _held_out(row.get("filename") or row.get("id")):
                    fh.write(json.dumps(row) + "\n")
    print(f"features: {time.perf_counter() - t0:.0f} s", file=sys.stderr)
    spec: dict[str, Any] = {"models": {}, "meta": {}}
    fit_docs = [d for d in docs if not _held_out(d["file"])]
    held_docs = [d for d in docs if _held_out(d["file"])]
    # The cue gate: word forms seen heading a cue. Others are never scored (that is most
    # tokens, so most of the run time), and the cue model is fit on gated tokens only.
    gate = _gate(fit_docs)
    spec["models"]["cue"], spec["meta"]["cue"], gate = _cue_model(fit_docs, held_docs, gate, args)
    spec["gate"] = sorted(gate)
    for name in ("source", "content"):
        fit = [ex for d in fit_docs for g in d[name] for ex in g]
        held = [g for d in held_docs for g in d[name]]
        vec, model = _fit(fit, args.c)
        weights = _weights(vec, model)
        threshold, scores = _argument_threshold(held, weights)
        if not args.no_refit:
            vec, model = _fit([ex for d in docs for g in d[name] for ex in g], args.c)
            weights = _weights(vec, model)
        spec["models"][name] = {"threshold": threshold, "weights": weights}
        spec["meta"][name] = {
            "held_out": scores,
            "examples": sum(len(g) for d in docs for g in d[name]),
            "positives": sum(y for d in docs for g in d[name] for _, y in g),
            "features": len(weights),
        }
        print(f"{name}: threshold {threshold}, held-out {scores}", file=sys.stderr)
    # Where the cue phrase ends: one yes/no per right dependent, threshold for F1 on held-out.
    ext_fit = [ex for d in fit_docs for ex in d["extend"]]
    ext_held = [ex for d in held_docs for ex in d["extend"]]
    vec, model = _fit(ext_fit, args.c)
    weights = _weights(vec, model)
    ext_model = tagger.LinearModel(weights, 0.0)
    probs = np.array([ext_model.prob(f) for f, _ in ext_held])
    threshold, scores = _best_threshold(probs, np.array([y for _, y in ext_held]))
    if not args.no_refit:
        vec, model = _fit(ext_fit + ext_held, args.c)
        weights = _weights(vec, model)
    spec["models"]["extend"] = {"threshold": threshold, "weights": weights}
    spec["meta"]["extend"] = {
        "held_out": scores,
        "examples": len(ext_fit) + len(ext_held),
        "positives": sum(y for _, y in ext_fit + ext_held),
        "features": len(weights),
    }
    print(f"extend: threshold {threshold}, held-out {scores}", file=sys.stderr)
    spec["meta"].update(
        data=str(args.data.name),
        rows=len(rows),
        c=args.c,
        refit=not args.no_refit,
        trained=dt.date.today().isoformat(),
    )
    args.out.write_text(json.dumps(spec, separators=(",", ":"), sort_keys=True) + "\n")
    print(f"wrote {args.out} ({args.out.stat().st_size // 1024} KB)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
