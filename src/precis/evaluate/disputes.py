"""Score the dispute detector against pairs judged by reading (benchmarks/annotations).

Annotation rows (``disputes_dev.jsonl``) hold an article id, the cue offsets of the two claims of a
dispute the detector listed, and a judgement: ``dispute`` (the two cannot both be true as stated)
or ``no``. Only listed pairs were judged, so this measures precision, and how many of the judged
true disputes a changed detector still lists; it cannot measure recall of disputes never listed.
A pair listed now but not in the file is counted as *unjudged* (``--unjudged`` prints them so they
can be read and added).

A listed pair matches a judged one when both claims' cues overlap the judged cues (cue spans may
shift a little between versions).
"""

from __future__ import annotations

import json
import math
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from precis.evaluate.gate import Check, GateFigure
from precis.evaluate.score import Score
from precis.pipeline import analyze_many
from precis.spans import Offsets, overlaps


@dataclass
class Report:
    articles: int = 0
    listed: int = 0
    true: int = 0
    false: int = 0
    judged_true: int = 0
    by_reason: dict[str, list[int]] = field(default_factory=dict)  # reason -> [true, false]
    unjudged: list[dict[str, Any]] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def score(self) -> Score:
        """Precision over judged listed pairs; recall over the judged true disputes only."""
        return Score.from_counts(self.true, self.true + self.false, self.judged_true)

    @property
    def precision(self) -> float:
        return self.score.precision


def judged_row(rows: list[dict[str, Any]], a: Offsets, b: Offsets) -> dict[str, Any] | None:
    """The judged pair of one article (``rows``) whose cues overlap ``a`` and ``b``."""
    for r in rows:
        if overlaps(a, tuple(r["a_cue"])) and overlaps(b, tuple(r["b_cue"])):
            return r
    return None


def evaluate(annotations: Path, data: Path, limit: int | None = None) -> Report:
    """Run the claims stage over every article of ``data`` and score its disputes."""
    judged: dict[str, list[dict[str, Any]]] = {}
    for line in annotations.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            judged.setdefault(row["id"], []).append(row)
    report = Report(judged_true=sum(r["label"] == "dispute" for v in judged.values() for r in v))
    records = []
    seen: set[str] = set()
    with data.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh):
            if limit is not None and n >= limit:
                break
            rec = json.loads(line)
            # CNN/DM rows hold "article", PolNeAR rows "text" (one article may be annotated
            # several times: it is read once).
            text = rec.get("article") or rec.get("text") or ""
            if text not in seen:
                seen.add(text)
                records.append({"id": rec["id"], "text": text})
    start = time.perf_counter()
    for out in analyze_many(records, stages=("disputes",)):
        if out.analysis is None or out.id is None:
            continue
        report.articles += 1
        text, claims = out.analysis.article.text, out.analysis.claims
        for d in out.analysis.disputes:
            report.listed += 1
            a, b = claims[d.claims[0]], claims[d.claims[1]]
            row = judged_row(judged.get(out.id, []), a.cue, b.cue)
            if row is None:
                report.unjudged.append(
                    {
                        "id": out.id,
                        "a_cue": list(a.cue),
                        "b_cue": list(b.cue),
                        "kind": d.kind,
                        "score": d.score,
                        "a": " ".join(text[s:e] for s, e in a.content),
                        "b": " ".join(text[s:e] for s, e in b.content),
                    }
                )
                continue
            ok = row["label"] == "dispute"
            report.true += ok
            report.false += not ok
            counts = report.by_reason.setdefault(d.kind, [0, 0])
            counts[0 if ok else 1] += 1
    report.seconds = time.perf_counter() - start
    return report


def wilson(successes: int, n: int, z: float = 1.96) -> tuple[float, float]:
    """The Wilson score interval (95% by default) of a proportion ``successes`` / ``n``."""
    if n == 0:
        return 0.0, 1.0
    p = successes / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return max(0.0, centre - half), min(1.0, centre + half)


def format_report(r: Report, unjudged: bool = False) -> str:
    low, high = wilson(r.true, r.true + r.false)
    lines = [
        f"{r.articles} articles, {r.listed} disputes listed ({r.seconds:.1f} s including parse)",
        f"judged: {r.true} true, {r.false} false, precision {100 * r.precision:.1f}% "
        f"(n={r.true + r.false}, 95% Wilson interval {100 * low:.1f}-{100 * high:.1f}%); "
        f"{r.true} of the {r.judged_true} judged true disputes still listed; "
        f"{len(r.unjudged)} listed pairs not judged yet",
    ]
    for reason, (t, f) in sorted(r.by_reason.items()):
        lines.append(f"  {reason:<9} {t} true, {f} false")
    if unjudged:
        lines += ["", "not judged yet (JSON lines; add a label to record them):"]
        lines += [json.dumps(u, ensure_ascii=False) for u in r.unjudged]
    return "\n".join(lines) + "\n"


#: Quality gate (precis.evaluate.gate): precision on the judged pairs of CNN/DM dev, and how many
#: judged real disputes are still listed. The precision-first detector lists about ten pairs, so
#: one pair moves precision by several points: any lost real pair or new false one fails the gate.
GATE = Check(
    inputs=("benchmarks/annotations/disputes_dev.jsonl", "../shared/data/cnndm/dev.jsonl"),
    figures={
        "precision": GateFigure("dispute precision % on judged pairs, CNN/DM dev", 0.5),
        "real_listed": GateFigure("judged real disputes still listed, CNN/DM dev", 0.0),
    },
)


def gate_figures(inputs: Sequence[Path]) -> dict[str, float]:
    r = evaluate(inputs[0], inputs[1])
    return {"precision": round(100 * r.precision, 1), "real_listed": float(r.true)}
