"""Score the facts stage against hand annotations: places (GeoNames id) and figures.

Annotation rows (benchmarks/annotations/facts_dev30.jsonl) hold only ids, offsets and expected
values; the article text is read by id from CNN/DM dev.jsonl at run time.

- Places: per article, the set of GeoNames ids the tool reports against the annotated set (a name
  the tool calls unknown is an abstention, not a hit). Annotated places absent from the gazetteer
  (``geonameid`` null) are counted separately, not in recall.
- Figures: a predicted figure is correct when its value equals an annotated one and the spans
  overlap (one-to-one, greedy in text order).
"""

from __future__ import annotations

import json
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from precis.errors import InputError
from precis.evaluate.gate import Check, GateFigure
from precis.evaluate.score import Score
from precis.model import Figure
from precis.pipeline import analyze_many
from precis.spans import overlaps


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    misses: list[str] = field(default_factory=list)
    alarms: list[str] = field(default_factory=list)

    @property
    def score(self) -> Score:
        return Score.from_counts(self.tp, self.tp + self.fp, self.tp + self.fn)

    @property
    def precision(self) -> float:
        return self.score.precision

    @property
    def recall(self) -> float:
        return self.score.recall


@dataclass
class Report:
    articles: int = 0
    places: Counts = field(default_factory=Counts)
    figures: Counts = field(default_factory=Counts)
    not_in_gazetteer: int = 0
    seconds: float = 0.0


def default_data(annotations: Path) -> Path:
    """../shared/data/cnndm/dev.jsonl beside the checkout that holds ``annotations``."""
    for base in (Path.cwd(), *annotations.resolve().parents):
        cand = base.parent / "shared" / "data" / "cnndm" / "dev.jsonl"
        if cand.exists():
            return cand
    raise InputError("cannot find ../shared/data/cnndm/dev.jsonl; pass --data")


def _match_figures(pred: list[Figure], gold: list[dict[str, Any]], c: Counts, rid: str) -> None:
    used: set[int] = set()
    for f in pred:
        hit = next(
            (
                j
                for j, g in enumerate(gold)
                if j not in used
                and abs(float(g["value"]) - f.value) <= 1e-6 * max(1.0, abs(f.value))
                and overlaps(f.span, (g["span"][0], g["span"][1]))
            ),
            None,
        )
        if hit is None:
            c.fp += 1
            c.alarms.append(f"{rid}: {f.text!r}={f.value:g}")
        else:
            used.add(hit)
            c.tp += 1
    for j, g in enumerate(gold):
        if j not in used:
            c.fn += 1
            c.misses.append(f"{rid}: {g.get('text', '')!r}={g['value']}")


def evaluate(annotations: Path, data: Path) -> Report:
    rows = [json.loads(line) for line in annotations.read_text(encoding="utf-8").splitlines()
            if line.strip()]  # fmt: skip
    wanted = {r["id"] for r in rows}
    texts: dict[str, str] = {}
    with data.open(encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            if rec["id"] in wanted:
                texts[rec["id"]] = rec["article"]
    report = Report()
    start = time.perf_counter()
    records = [{"id": r["id"], "text": texts[r["id"]]} for r in rows if r["id"] in texts]
    gold = {r["id"]: r for r in rows}
    for out in analyze_many(records, stages=("facts",)):
        if out.analysis is None or out.id is None:
            continue
        report.articles += 1
        g = gold[out.id]
        truth = {p["geonameid"]: p["name"] for p in g["places"] if p.get("geonameid")}
        report.not_in_gazetteer += sum(1 for p in g["places"] if not p.get("geonameid"))
        pred = {p.geonameid: p.name for p in out.analysis.places if p.geonameid is not None}
        c = report.places
        c.tp += len(truth.keys() & pred.keys())
        c.fp += len(pred.keys() - truth.keys())
        c.fn += len(truth.keys() - pred.keys())
        c.alarms += [f"{out.id}: {pred[k]} ({k})" for k in pred.keys() - truth.keys()]
        c.misses += [f"{out.id}: {truth[k]} ({k})" for k in truth.keys() - pred.keys()]
        _match_figures(out.analysis.figures, g["figures"], report.figures, out.id)
    report.seconds = time.perf_counter() - start
    return report


def format_report(r: Report, details: bool = False) -> str:
    lines = [f"articles: {r.articles}  ({r.seconds:.1f} s including parse)"]
    for name, c in (("places", r.places), ("figures", r.figures)):
        lines.append(
            f"{name:8s} precision {c.precision:6.1%}  recall {c.recall:6.1%}  "
            f"(tp {c.tp}, fp {c.fp}, fn {c.fn})"
        )
    lines.append(f"annotated places not in the gazetteer (not scored): {r.not_in_gazetteer}")
    if details:
        for name, c in (("places", r.places), ("figures", r.figures)):
            lines += [f"  {name} miss: {m}" for m in c.misses]
            lines += [f"  {name} false: {a}" for a in c.alarms]
    return "\n".join(lines) + "\n"


#: Quality gate (precis.evaluate.gate): the 30 annotated dev articles; 1 point of slack (one item
#: is about 1 point of precision or recall here).
GATE = Check(
    inputs=("benchmarks/annotations/facts_dev30.jsonl", "../shared/data/cnndm/dev.jsonl"),
    figures={
        "places_precision": GateFigure("places precision %, facts_dev30", 1.0),
        "places_recall": GateFigure("places recall %, facts_dev30", 1.0),
        "figures_precision": GateFigure("figures precision %, facts_dev30", 1.0),
        "figures_recall": GateFigure("figures recall %, facts_dev30", 1.0),
    },
)


def gate_figures(inputs: Sequence[Path]) -> dict[str, float]:
    r = evaluate(inputs[0], inputs[1])
    return {
        "places_precision": round(100 * r.places.precision, 1),
        "places_recall": round(100 * r.places.recall, 1),
        "figures_precision": round(100 * r.figures.precision, 1),
        "figures_recall": round(100 * r.figures.recall, 1),
    }
