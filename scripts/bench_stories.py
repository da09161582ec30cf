"""Benchmark story grouping after analysis: N articles grouped (and their cards kept up to date).

The stream is SYNTHETIC: the analysed articles of a store (e.g. ECB+ dev analysed by
``precis evaluate-stories`` into .precis-eval/ecbplus.db) are copied until there are N, each copy
re-dated (copy k lies k*60 days later, so copies of one event are different events in time) and
given a distinct id and text tag, then the stream is shuffled within each 60-day block. Analysis
is not timed (it is ``precis run``'s job); grouping and cards are.

    .venv/bin/python scripts/bench_stories.py --store .precis-eval/ecbplus.db --n 10000
"""

from __future__ import annotations

import argparse
import json
import random
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from precis.store.db import Store
from precis.store.stories import StoryStore
from precis.stories.build import group_store


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--store", default=".precis-eval/ecbplus.db", help="analysed articles")
    ap.add_argument("--n", type=int, default=10_000, help="articles in the stream (10000)")
    ap.add_argument("--no-cards", action="store_true", help="time grouping alone")
    args = ap.parse_args()
    with Store(args.store, create=False) as src:
        base = [
            (json.loads(rec), text or "")
            for rec, text in src.db.execute(
                "SELECT r.record, a.text FROM results r JOIN articles a USING(key) "
                "WHERE r.error IS NULL ORDER BY a.rowid"
            )
        ]
    if not base:
        raise SystemExit(f"{args.store}: no analysed articles")
    rng = random.Random(0)
    start = date(2030, 1, 1)
    blocks: list[list[tuple[dict, str]]] = []
    copy = 0
    n = 0
    while n < args.n:
        block = []
        for rec, text in base[: args.n - n]:
            r = dict(rec)
            r["id"] = r["key"] = f"{rec.get('id') or rec['key']}#{copy}"
            r["published"] = (start + timedelta(days=60 * copy + rng.randrange(3))).isoformat()
            block.append((r, f"{text}\n[copy {copy}]"))
        rng.shuffle(block)
        blocks.append(block)
        n += len(block)
        copy += 1
    stream = [x for b in blocks for x in b]
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.db"
        with Store(db) as store:
            for i in range(0, len(stream), 500):
                part = stream[i : i + 500]
                store.write([r for r, _ in part], {r["key"]: t for r, t in part})
            t0 = time.perf_counter()
            stats = group_store(store, [r["key"] for r, _ in stream], cards=not args.no_cards)
            seconds = time.perf_counter() - t0
            n_stories, n_members = StoryStore(store).count()
    rate = len(stream) / seconds
    print(
        f"{len(stream)} articles ({len(base)} distinct analysed articles x {copy} re-dated "
        f"copies, synthetic) grouped{'' if args.no_cards else ' with cards'} in {seconds:.1f} s "
        f"({rate:.0f} articles/s, one process): {n_stories} stories, {n_members} members, "
        f"{stats.failed} not grouped; 10,000 would take about {10_000 / rate / 60:.1f} min"
    )


if __name__ == "__main__":
    main()
