"""Pairs per second of :func:`precis.conflicts.stance.stance` on one thread, fresh bodies.

Takes the first ``-n`` pairs of an FNC-1 JSONL file with a *different* body each (so no body's
sentence vectors are cached: the slow case of ``precis stance``), warms the models on other
pairs, then times the pairs in this process. Run it on one core::

    OMP_NUM_THREADS=1 taskset -c 0 .venv/bin/python scripts/bench_stance.py \
        ../shared/data/stance/fnc1_dev.jsonl -n 150

MiniLM already runs with one intra-op thread (precis.embed). Prints pairs per wall second and
per CPU second of this process (the second is steadier on a shared machine), and the MiniLM
runs per pair.
"""

from __future__ import annotations

import argparse
import json
import resource
import time
from pathlib import Path


def _pairs(path: Path, n: int, skip: int) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    with path.open(encoding="utf-8") as fh:
        for k, line in enumerate(fh):
            if k < skip or not line.strip():
                continue
            row = json.loads(line)
            if row["headlines"]:
                out.append((row["headlines"][0]["headline"], row["body"]))
            if len(out) >= n:
                break
    return out


def _cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("file", type=Path, help="FNC-1 JSONL (rows: body, headlines)")
    ap.add_argument("-n", type=int, default=150, help="pairs timed, each with its own body")
    args = ap.parse_args()

    from precis import embed
    from precis.conflicts.stance import stance

    for head, body in _pairs(args.file, 5, skip=args.n + 10):  # warm-up: other bodies
        stance(head, body)
    pairs = _pairs(args.file, args.n, skip=0)
    runs = 0
    original = embed._one

    def counted(text: str) -> object:
        nonlocal runs
        runs += 1
        return original(text)

    embed._one = counted
    w0, c0 = time.perf_counter(), _cpu()
    for head, body in pairs:
        stance(head, body)
    wall, cpu = time.perf_counter() - w0, _cpu() - c0
    embed._one = original
    print(
        f"{len(pairs)} pairs: {len(pairs) / wall:.1f} pairs/s wall, "
        f"{len(pairs) / cpu:.1f} pairs/CPU-s, {runs / len(pairs):.2f} MiniLM runs per pair"
    )


if __name__ == "__main__":
    main()
