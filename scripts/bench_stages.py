"""Time stage sets on the same articles in one process (what each stage adds to the run).

.venv/bin/python scripts/bench_stages.py -n 150
.venv/bin/python scripts/bench_stages.py -n 150 --sets claims,facts claims,disputes,facts
.venv/bin/python scripts/bench_stages.py -n 80 --inside   # each stage function's own time
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import precis

STAGE_SETS = (("highlights",), ("claims", "highlights"), ("claims",), ("facts",))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default="../shared/data/cnndm/dev.jsonl")
    parser.add_argument("-n", type=int, default=150, help="first N rows (150)")
    parser.add_argument(
        "--rounds",
        type=int,
        default=2,
        help="times through all stage sets (2); the first pays per-process warm-up (the "
        "attribute memory learning its first words), later ones show a long run",
    )
    parser.add_argument(
        "--sets",
        nargs="+",
        metavar="STAGES",
        help="stage sets to time, each comma-separated (default: "
        + " ".join(",".join(s) for s in STAGE_SETS)
        + "); times are shown relative to the first",
    )
    parser.add_argument(
        "--split",
        action="store_true",
        help="instead: per-article time of parse, claim extraction and speaker resolution",
    )
    parser.add_argument(
        "--inside",
        action="store_true",
        help="instead: each stage function's own time per article in one full analysis (the "
        "stages' models loaded first), beside the whole run's",
    )
    args = parser.parse_args()
    with Path(args.data).open(encoding="utf-8") as fh:
        rows = [json.loads(line) for _, line in zip(range(args.n), fh, strict=False)]
    records = [{"id": r["id"], "text": r["article"]} for r in rows]
    if args.split:
        split([r["text"] for r in records])
        return
    if args.inside:
        inside(records)
        return
    sets = [tuple(s.split(",")) for s in args.sets] if args.sets else list(STAGE_SETS)
    # Warm-up: model loads and first-call costs are not part of the figures.
    for stages in sets:
        list(precis.analyze_many(records[:2], stages=stages))
    for round_ in range(1, args.rounds + 1):
        base = None
        for stages in sets:
            start = time.perf_counter()
            list(precis.analyze_many(records, stages=stages))
            rate = len(records) / (time.perf_counter() - start)
            base = base or rate
            print(
                f"round {round_}  {'+'.join(stages):20s} {rate:6.1f} articles/s  "
                f"time x{base / rate:.2f} of {'+'.join(sets[0])}"
            )


def inside(records: list[dict[str, str]]) -> None:
    """Each stage's function timed inside one ``analyze_many`` run of the default stages."""
    import dataclasses
    from collections import Counter

    from precis import stages
    from precis.pipeline import DEFAULT_STAGES

    stages.warm(DEFAULT_STAGES)
    list(precis.analyze_many(records[:2]))  # first-call costs
    spent: Counter[str] = Counter()

    def timed(name: str, fn: stages.StageFn) -> stages.StageFn:
        def run(analysis: object, doc: object, settings: object) -> None:
            start = time.perf_counter()
            fn(analysis, doc, settings)
            spent[name] += time.perf_counter() - start

        return run

    saved = dict(stages._REGISTRY)
    for name, spec in saved.items():
        stages._REGISTRY[name] = dataclasses.replace(spec, run=timed(name, spec.run))
    try:
        start = time.perf_counter()
        for _ in precis.analyze_many(records):
            pass
        total = time.perf_counter() - start
    finally:
        stages._REGISTRY.update(saved)
    n = len(records)
    print(f"full analysis {1000 * total / n:.1f} ms per article, of which:")
    for name, secs in spent.most_common():
        print(f"  {name:12s} {1000 * secs / n:6.1f} ms")


def split(texts: list[str]) -> None:
    """Parse, extract and resolve separately, after one warm-up pass (ms per article)."""
    from precis.claims.extract import extract
    from precis.claims.speakers import resolve
    from precis.nlp import parse

    list(parse(texts, profile="parse"))  # warm-up: model load, attribute memory
    start = time.perf_counter()
    docs = list(parse(texts, profile="parse"))
    t_parse = time.perf_counter() - start
    start = time.perf_counter()
    found = [extract(d) for d in docs]
    t_extract = time.perf_counter() - start
    start = time.perf_counter()
    for doc, f in zip(docs, found, strict=True):
        resolve(doc, f)
    t_resolve = time.perf_counter() - start
    n = len(docs)
    print(
        f"per article: parse {1000 * t_parse / n:.1f} ms, claim extraction "
        f"{1000 * t_extract / n:.1f} ms, speaker resolution {1000 * t_resolve / n:.1f} ms"
    )


if __name__ == "__main__":
    main()
