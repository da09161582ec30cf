"""The highlights stage's evaluator: ROUGE of precis, Lead-3 and peer systems on the same articles.

Rows are ``{"id", "article", "highlights": [...], "systems": {name: summary}}`` (the format of
CNN/DM ``dev.jsonl``); a peer summary is a string with one sentence per line, or a list of lines.
Lead-3 is the first three prose sentences as precis splits them (spaCy sentences of the cleaned
text, i.e. ``analysis.sentences[:3]``), so it shares precis's cleaning.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from precis.errors import InputError
from precis.evaluate.gate import Check, GateFigure
from precis.evaluate.rouge import ROUGE_TYPES, Tally
from precis.stages import Settings

PRECIS, LEAD3 = "precis", "lead3"


def read_rows(path: str, limit: int | None = None) -> list[dict[str, Any]]:
    """Rows of a JSONL file (blank lines skipped); an unreadable row is an InputError."""
    p = Path(path)
    if not p.is_file():
        raise InputError(f"{path}: no such file")
    rows: list[dict[str, Any]] = []
    with p.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(f"{path}:{n}: not JSON: {exc.msg}") from exc
            if not isinstance(row, dict) or "article" not in row or "highlights" not in row:
                raise InputError(f"{path}:{n}: a row needs 'article' and 'highlights'")
            rows.append(row)
            if limit is not None and len(rows) >= limit:
                break
    return rows


def _lines(summary: Any) -> list[str]:
    if isinstance(summary, str):
        return [s for s in summary.split("\n") if s.strip()]
    return [str(s) for s in summary or []]


def _timed(it: Iterator[Any], clock: list[float]) -> Iterator[Any]:
    """Yield from ``it``, adding the time spent inside it to ``clock[0]`` (excludes ROUGE)."""
    while True:
        t0 = time.perf_counter()
        try:
            item = next(it)
        except StopIteration:
            clock[0] += time.perf_counter() - t0
            return
        clock[0] += time.perf_counter() - t0
        yield item


def evaluate(
    rows: list[dict[str, Any]], settings: Settings | None = None, progress: bool = True
) -> dict:
    """Scores of precis, Lead-3 and each peer; peers also get precis's mean on their rows."""
    from tqdm import tqdm

    from precis.pipeline import analyze_many
    from precis.stages import warm

    # Model load and first-call warm-up are not part of the measured rate.
    warm(("highlights",))
    list(analyze_many([{"text": "Warm-up text. It has two sentences."}], stages=("highlights",)))
    tallies: dict[str, Tally] = {PRECIS: Tally(), LEAD3: Tally()}
    precis_rows: list[dict[str, float]] = []
    same: dict[str, Tally] = {}  # precis on the rows each peer covers
    errors: list[dict[str, Any]] = []
    clock = [0.0]
    records = ({"id": r.get("id"), "text": r["article"]} for r in rows)
    outcomes = analyze_many(records, stages=("highlights",), settings=settings)
    bar = tqdm(total=len(rows), unit="art", file=sys.stderr, disable=not progress, leave=False)
    for out in _timed(iter(outcomes), clock):
        row = rows[out.index]
        refs = _lines(row["highlights"])
        pred: list[str] = []
        lead: list[str] = []
        if out.analysis is not None:
            pred = [h.text for h in out.analysis.highlights]
            lead = [s.text for s in out.analysis.sentences[:3]]
        else:
            errors.append({"id": out.id, "error": out.error})
        f1 = tallies[PRECIS].add(refs, pred)
        precis_rows.append(f1)
        tallies[LEAD3].add(refs, lead)
        for name, summary in (row.get("systems") or {}).items():
            tallies.setdefault(name, Tally()).add(refs, _lines(summary))
            mirror = same.setdefault(name, Tally())
            mirror.add(refs, pred)
        bar.update(1)
    bar.close()
    systems: dict[str, Any] = {}
    for name, tally in tallies.items():
        entry: dict[str, Any] = {"n": tally.n, **{k: round(v, 2) for k, v in tally.means().items()}}
        if name in same:
            entry["precis_same_rows"] = {
                k: round(v, 2) for k, v in same[name].means().items() if k in ROUGE_TYPES
            }
        systems[name] = entry
    return {
        "rows": len(rows),
        "systems": systems,
        "errors": errors,
        "articles_per_s": round(len(rows) / clock[0], 2) if clock[0] > 0 else None,
        "precis_seconds": round(clock[0], 2),
        # ru_maxrss is KiB on Linux.
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def format_table(result: dict) -> str:
    head = (
        f"{'system':34} {'n':>5} {'R-1':>6} {'R-2':>6} {'R-Lsum':>7} {'words':>6} {'/line':>5}"
        "  precis same rows"
    )
    lines = [head, "-" * len(head)]
    for name, e in result["systems"].items():
        same = e.get("precis_same_rows")
        tail = (
            f"  {same['rouge1']:.2f}/{same['rouge2']:.2f}/{same['rougeLsum']:.2f}" if same else ""
        )
        lines.append(
            f"{name:34} {e['n']:>5} {e['rouge1']:>6.2f} {e['rouge2']:>6.2f} "
            f"{e['rougeLsum']:>7.2f} {e['words']:>6.1f} {e['words_per_highlight']:>5.1f}{tail}"
        )
    lines.append("")
    lines.append(
        "ROUGE F1 x100 (rouge-score, use_stemmer=True, one highlight per line). "
        "lead3 = first 3 spaCy sentences of the cleaned article."
    )
    lines.append(
        f"precis: {result['articles_per_s']} articles/s in one process "
        f"({result['precis_seconds']} s, model load excluded); "
        f"peak RSS {result['peak_rss_mb']} MB; errors {len(result['errors'])}"
    )
    return "\n".join(lines)


#: Quality gate (precis.evaluate.gate): ROUGE of precis on CNN/DM dev; 0.3 points of slack.
GATE = Check(
    inputs=("../shared/data/cnndm/dev.jsonl",),
    figures={
        "rouge1": GateFigure("ROUGE-1 F1 x100, precis, CNN/DM dev", 0.3),
        "rouge2": GateFigure("ROUGE-2 F1 x100, precis, CNN/DM dev", 0.3),
        # Issue 12 asks for shorter highlights: a change may not make them longer unnoticed.
        "words_per_highlight": GateFigure(
            "mean words per highlight, precis, CNN/DM dev", 0.5, higher_is_worse=True
        ),
        # The terse setting (--words 20: learned cuts, expected-F selection), issue 12's target.
        "rouge1_words20": GateFigure("ROUGE-1 F1 x100, precis --words 20, CNN/DM dev", 0.3),
        "rouge2_words20": GateFigure("ROUGE-2 F1 x100, precis --words 20, CNN/DM dev", 0.3),
        "words_per_highlight_words20": GateFigure(
            "mean words per highlight, precis --words 20, CNN/DM dev", 0.5, higher_is_worse=True
        ),
    },
)

#: The terse setting the gate also pins.
TERSE = {"highlights": {"target_words": 20}}


def gate_figures(inputs: Sequence[Path]) -> dict[str, float]:
    """ROUGE-1/2 and words per highlight of precis on the gate's data file, at the default
    settings and at ``--words 20``."""
    rows = read_rows(str(inputs[0]))
    scores = evaluate(rows, progress=False)["systems"][PRECIS]
    terse = evaluate(rows, Settings.from_mapping(TERSE), progress=False)["systems"][PRECIS]
    return {
        "rouge1": scores["rouge1"],
        "rouge2": scores["rouge2"],
        "words_per_highlight": scores["words_per_highlight"],
        "rouge1_words20": terse["rouge1"],
        "rouge2_words20": terse["rouge2"],
        "words_per_highlight_words20": terse["words_per_highlight"],
    }
