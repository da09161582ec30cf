"""The claims stage's evaluator: attribution spans (source, cue, content) and speakers on PolNeAR.

Each predicted claim is paired one-to-one with a gold attribution when their cues or contents
overlap (largest overlap first). For each field, a pair scores *exact* when the span sets are equal
(ignoring edge spaces and punctuation, quote marks included, which annotators treat unevenly) and
*overlap* when the prediction covers at least half of the gold span's tokens. Precision divides by
all predicted claims with that field, recall by all gold attributions with it. Speaker accuracy:
among paired attributions with a gold source, the share whose predicted source covers it or whose
resolved speaker has a mention covering it.

:func:`agreement` applies the same rules to human annotators scored against each other, on the
articles annotated more than once: the ceiling that the data's own consistency sets.
"""

from __future__ import annotations

import json
import re
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from itertools import permutations
from pathlib import Path
from typing import Any

from precis.evaluate.gate import Check, GateFigure
from precis.evaluate.score import Score
from precis.model import Analysis, Claim, Offsets
from precis.pipeline import analyze_many
from precis.spans import overlaps_any, shared_chars

FIELDS = ("source", "cue", "content")
_EDGE = " \t\r\n.,;:!?\"'“”‘’«»()[]—-"
_WORD = re.compile(r"\S+")
_QUOTE_MARKS = ('"', "“", "”", "''", "``", "«")


def _norm(text: str, spans: list[Offsets]) -> frozenset[Offsets]:
    out = set()
    for s, e in spans:
        while s < e and text[s] in _EDGE:
            s += 1
        while e > s and text[e - 1] in _EDGE:
            e -= 1
        if e > s:
            out.add((s, e))
    return frozenset(out)


def _tokens(text: str, spans: list[Offsets]) -> list[Offsets]:
    return [(s + m.start(), s + m.end()) for s, e in spans for m in _WORD.finditer(text[s:e])]


def _covered(text: str, gold: list[Offsets], pred: list[Offsets]) -> bool:
    toks = _tokens(text, gold)
    if not toks or not pred:
        return False
    hit = sum(1 for tok in toks if overlaps_any(tok, pred))
    return hit * 2 >= len(toks)


def _chars(a: list[Offsets], b: list[Offsets]) -> int:
    return sum(shared_chars(x, y) for x in a for y in b)


def _is_quote(text: str, spans: list[Offsets]) -> bool:
    """A gold content that is a quotation: it opens with a quote mark (edge spaces aside)."""
    return any(text[s:e].lstrip()[:2].startswith(_QUOTE_MARKS) for s, e in spans)


def _pred_fields(c: Claim) -> dict[str, list[Offsets]]:
    return {"source": [c.source] if c.source else [], "cue": [c.cue], "content": list(c.content)}


def _gold_fields(g: dict[str, Any]) -> dict[str, list[Offsets]]:
    out: dict[str, list[Offsets]] = {}
    for f in FIELDS:
        part = g.get(f) or {}
        out[f] = [(int(s), int(e)) for s, e in part.get("spans") or []]
    return out


@dataclass
class Tally:
    counts: dict[str, int] = field(default_factory=dict)

    def add(self, key: str, n: int = 1) -> None:
        self.counts[key] = self.counts.get(key, 0) + n

    def score(self, tp: str, npred: str, ngold: str) -> Score:
        c = self.counts
        return Score.from_counts(c.get(tp, 0), c.get(npred, 0), c.get(ngold, 0))

    def prf(self, tp: str, npred: str, ngold: str) -> dict[str, float]:
        """The :class:`Score` as ``{"p", "r", "f1"}`` x100 (the JSON report's shape)."""
        return self.score(tp, npred, ngold).percent()


def _pair(
    text: str,
    preds: list[dict[str, list[Offsets]]],
    golds: list[dict[str, list[Offsets]]],
    tally: Tally,
) -> list[tuple[int, int]]:
    """Count both sides' fields, pair them one-to-one and score each pair's fields.

    Pairs are taken greedily: cue overlap first, then the most shared content, then cue chars.
    """
    for side, items in (("pred", preds), ("gold", golds)):
        tally.add(side, len(items))
        for f in FIELDS:
            tally.add(f"{side}_{f}", sum(1 for x in items if x[f]))
    cand = []
    for i, p in enumerate(preds):
        for j, g in enumerate(golds):
            cue, con = _chars(p["cue"], g["cue"]), _chars(p["content"], g["content"])
            if cue or con:
                cand.append((cue > 0, con, cue, i, j))
    cand.sort(reverse=True)
    taken_p: set[int] = set()
    taken_g: set[int] = set()
    out = []
    for _, _, _, i, j in cand:
        if i in taken_p or j in taken_g:
            continue
        taken_p.add(i)
        taken_g.add(j)
        out.append((i, j))
        p, g = preds[i], golds[j]
        tally.add("matched")
        for f in FIELDS:
            if p[f] and g[f]:
                tally.add(f"exact_{f}", int(_norm(text, p[f]) == _norm(text, g[f])))
                tally.add(f"overlap_{f}", int(_covered(text, g[f], p[f])))
    return out


def score_document(text: str, analysis: Analysis, gold: list[dict[str, Any]], tally: Tally) -> None:
    preds = [_pred_fields(c) for c in analysis.claims]
    golds = [_gold_fields(g) for g in gold]
    mentions = {sp.id: sp.mentions for sp in analysis.speakers}
    quoted = [_is_quote(text, g["content"]) for g in golds]
    tally.add("pred_quote", sum(1 for c in analysis.claims if c.kind == "direct"))
    tally.add("gold_quote", sum(quoted))
    for i, j in _pair(text, preds, golds, tally):
        p, g = preds[i], golds[j]
        if quoted[j] and analysis.claims[i].kind == "direct":
            tally.add("quote_ok", int(_covered(text, g["content"], p["content"])))
        if g["source"]:
            tally.add("speaker_n")
            claim = analysis.claims[i]
            ok = _covered(text, g["source"], p["source"])
            if not ok and claim.speaker_id:
                ok = _covered(text, g["source"], mentions.get(claim.speaker_id, []))
            tally.add("speaker_ok", int(ok))


def score_annotator(
    text: str, other: list[dict[str, Any]], gold: list[dict[str, Any]], tally: Tally
) -> None:
    """Score one annotator's attributions (``other``) as if predicted, against ``gold``.

    The same pairing and span rules as :func:`score_document`; a quotation is a content opening
    with a quote mark on both sides, and "speaker" is the source covering the gold one.
    """
    preds = [_gold_fields(g) for g in other]
    golds = [_gold_fields(g) for g in gold]
    p_quoted = [_is_quote(text, p["content"]) for p in preds]
    g_quoted = [_is_quote(text, g["content"]) for g in golds]
    tally.add("pred_quote", sum(p_quoted))
    tally.add("gold_quote", sum(g_quoted))
    for i, j in _pair(text, preds, golds, tally):
        p, g = preds[i], golds[j]
        if p_quoted[i] and g_quoted[j]:
            tally.add("quote_ok", int(_covered(text, g["content"], p["content"])))
        if g["source"]:
            tally.add("speaker_n")
            tally.add("speaker_ok", int(_covered(text, g["source"], p["source"])))


def report(tally: Tally) -> dict[str, Any]:
    out: dict[str, Any] = {"attribution": tally.prf("matched", "pred", "gold")}
    for f in FIELDS:
        out[f] = {
            "exact": tally.prf(f"exact_{f}", f"pred_{f}", f"gold_{f}"),
            "overlap": tally.prf(f"overlap_{f}", f"pred_{f}", f"gold_{f}"),
        }
    out["quote"] = tally.prf("quote_ok", "pred_quote", "gold_quote")
    n = tally.counts.get("speaker_n", 0)
    out["speaker_accuracy"] = round(100 * tally.counts.get("speaker_ok", 0) / n, 1) if n else 0.0
    out["counts"] = dict(tally.counts)
    return out


def _rows(path: Path, limit: int | None) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh):
            if limit is not None and n >= limit:
                return
            if line.strip():
                yield json.loads(line)


def shared(rows: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Groups of rows that annotate the same article (same ``filename``, same text), 2 or more.

    PolNeAR had some articles annotated by six annotators each: their agreement is the ceiling a
    system can be expected to reach on this data.
    """
    groups: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for r in rows:
        name = r.get("filename")
        if name:
            groups.setdefault((str(name), r.get("text", "")), []).append(r)
    return [g for g in groups.values() if len(g) >= 2]


def agreement(path: Path, limit: int | None = None) -> dict[str, Any]:
    """Annotators scored against each other: every ordered pair of annotations of one article.

    The figures read like :func:`evaluate`'s, with one annotator in the place of precis.
    """
    groups = shared(list(_rows(path, limit)))
    tally = Tally()
    pairs = 0
    for group in groups:
        for gold, other in permutations(group, 2):
            score_annotator(
                gold["text"], other.get("attributions") or [], gold.get("attributions") or [], tally
            )
            pairs += 1
    result = report(tally)
    result.update(articles=len(groups), annotations=sum(len(g) for g in groups), pairs=pairs)
    return result


def evaluate(
    path: Path, limit: int | None = None, progress: bool = True, shared_only: bool = False
) -> dict[str, Any]:
    """Run the claims stage over ``path`` and score it (see the module docstring).

    ``shared_only``: score only the rows of articles annotated more than once (see
    :func:`shared`), each row against its own annotator, for comparison with :func:`agreement`.
    """
    rows = list(_rows(path, limit))
    if shared_only:
        rows = [r for g in shared(rows) for r in g]
    tally = Tally()
    t0 = time.perf_counter()
    records = ({"id": r.get("id"), "text": r.get("text", "")} for r in rows)
    errors = 0
    for k, out in enumerate(analyze_many(records, stages=("claims",))):
        row = rows[out.index]
        if out.analysis is None:
            errors += 1
            tally.add("gold", len(row.get("attributions") or []))
        else:
            score_document(row["text"], out.analysis, row.get("attributions") or [], tally)
        if progress and ((k + 1) % 10 == 0 or k + 1 == len(rows)):
            rate = (k + 1) / max(1e-9, time.perf_counter() - t0)
            print(
                f"\r{k + 1}/{len(rows)} articles, {rate:.1f}/s", end="", file=sys.stderr, flush=True
            )
    if progress:
        print(file=sys.stderr)
    result = report(tally)
    result.update(articles=len(rows), errors=errors, seconds=round(time.perf_counter() - t0, 1))
    return result


def format_table(result: dict[str, Any], title: str | None = None) -> str:
    head = title or (
        f"{result['articles']} articles, {result['counts'].get('gold', 0)} gold attributions, "
        f"{result['counts'].get('pred', 0)} predicted, {result['counts'].get('matched', 0)} paired"
    )
    lines = [
        head,
        "",
        "| span    | exact P | exact R | exact F1 | overlap P | overlap R | overlap F1 |",
        "|---------|--------:|--------:|---------:|----------:|----------:|-----------:|",
    ]
    for f in FIELDS:
        e, o = result[f]["exact"], result[f]["overlap"]
        lines.append(
            f"| {f:<7} | {e['p']:>7} | {e['r']:>7} | {e['f1']:>8} "
            f"| {o['p']:>9} | {o['r']:>9} | {o['f1']:>10} |"
        )
    a = result["attribution"]
    lines += [
        "",
        f"attributions paired: P {a['p']}  R {a['r']}  F1 {a['f1']}",
        f"quotes (direct claims vs gold contents that open with a quote mark, overlap): "
        f"P {result['quote']['p']}  R {result['quote']['r']}  F1 {result['quote']['f1']}",
        f"speaker accuracy: {result['speaker_accuracy']}% "
        "of paired attributions with a gold source",
    ]
    return "\n".join(lines)


#: Quality gate (precis.evaluate.gate): PolNeAR dev, exact span F1 and speakers; 0.5 points slack.
GATE = Check(
    inputs=("../shared/data/attribution/polnear_dev.jsonl",),
    figures={
        "source_f1": GateFigure("source span F1 (exact) x100, PolNeAR dev", 0.5),
        "content_f1": GateFigure("content span F1 (exact) x100, PolNeAR dev", 0.5),
        "content_overlap_f1": GateFigure("content span F1 (>=50% overlap) x100, PolNeAR dev", 0.5),
        "quote_f1": GateFigure("quote F1 x100, PolNeAR dev", 0.5),
        "speaker_accuracy": GateFigure("speaker accuracy %, PolNeAR dev", 0.5),
    },
)


def gate_figures(inputs: Sequence[Path]) -> dict[str, float]:
    r = evaluate(inputs[0], progress=False)
    return {
        "source_f1": r["source"]["exact"]["f1"],
        "content_f1": r["content"]["exact"]["f1"],
        "content_overlap_f1": r["content"]["overlap"]["f1"],
        "quote_f1": r["quote"]["f1"],
        "speaker_accuracy": r["speaker_accuracy"],
    }
