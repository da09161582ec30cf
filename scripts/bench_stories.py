"""Benchmark story grouping after analysis: N articles grouped (and their cards kept up to date).

The stream is SYNTHETIC: the analysed articles of a store (e.g. ECB+ dev analysed by
``precis evaluate-stories`` into .precis-eval/ecbplus.db) are copied until there are N, each copy
re-dated (copy k lies k*60 days later, so copies of one event are different events in time) and
given a distinct id and text tag, then the stream is shuffled within each 60-day block. Analysis
is not timed (it is ``precis run``'s job; writing the copies into the store is reported apart);
grouping and cards are, in this one process: wall and CPU time, and the resident memory (RSS)
every ``--every`` articles, to show that it stays bounded (the index holds recent stories only:
closed ``close_after_days`` after their last member's date, or past ``max_active``).

    .venv/bin/python scripts/bench_stories.py --store .precis-eval/ecbplus.db --n 10000
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from precis.store.db import Store
from precis.store.stories import StoryStore
from precis.stories.build import group_store
from precis.stories.settings import StorySettings


def rss_mb() -> float:
    """Current resident set size of this process, MB."""
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--store", default=".precis-eval/ecbplus.db", help="analysed articles")
    ap.add_argument("--n", type=int, default=10_000, help="articles in the stream (10000)")
    ap.add_argument("--no-cards", action="store_true", help="time grouping alone")
    ap.add_argument("--every", type=int, default=1000, help="report progress every N articles")
    ap.add_argument(
        "--close-after-days",
        type=float,
        default=StorySettings().close_after_days,
        help="close a story not joined for this many days (0: by count only; default %(default)s)",
    )
    args = ap.parse_args()
    settings = StorySettings(close_after_days=args.close_after_days)
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
    keys: list[str] = []
    copy = 0
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.db"
        with Store(db) as store:
            t_fill = time.perf_counter()
            while len(keys) < args.n:
                block = []
                for rec, text in base[: args.n - len(keys)]:
                    r = dict(rec)
                    r["id"] = r["key"] = f"{rec.get('id') or rec['key']}#{copy}"
                    day = start + timedelta(days=60 * copy + rng.randrange(3))
                    r["published"] = day.isoformat()
                    block.append((r, f"{text}\n[copy {copy}]"))
                rng.shuffle(block)
                for i in range(0, len(block), 500):
                    part = block[i : i + 500]
                    store.write([r for r, _ in part], {r["key"]: t for r, t in part})
                keys.extend(r["key"] for r, _ in block)
                copy += 1
            fill = time.perf_counter() - t_fill
            n_base = len(base)
            del base, block  # the harness keeps only the keys: what stays is the grouping's
            rss0 = rss_mb()
            load0 = os.getloadavg()
            ss = StoryStore(store)
            next_mark = args.every
            t0, c0 = time.perf_counter(), time.process_time()

            def note(_: int) -> None:
                nonlocal next_mark
                done = ss.count()[1]
                if done >= next_mark:
                    next_mark = (done // args.every + 1) * args.every
                    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
                    print(
                        f"  {done} grouped: {wall:.0f} s wall, {cpu:.0f} s CPU, RSS "
                        f"{rss_mb():.0f} MB, load {os.getloadavg()[0]:.1f}",
                        flush=True,
                    )

            stats = group_store(store, keys, settings, cards=not args.no_cards, after_chunk=note)
            seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
            load1 = os.getloadavg()
            n_stories, n_members = StoryStore(store).count()
            n_active = store.db.execute("SELECT count(*) FROM stories WHERE active = 1").fetchone()[
                0
            ]
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    rate = len(keys) / seconds
    print(
        f"{len(keys)} articles ({n_base} distinct analysed articles in {copy} re-dated "
        f"copies, synthetic) written to a fresh store in {fill:.0f} s, "
        f"then grouped{'' if args.no_cards else ' with cards'} in {seconds:.1f} s wall, "
        f"{cpu:.1f} s CPU ({rate:.0f} articles/s, one process): {n_stories} stories "
        f"({n_active} in the active index, close_after_days {args.close_after_days:g}), "
        f"{n_members} members, {stats.failed} not grouped; "
        f"RSS {rss0:.0f} MB before grouping, peak {peak:.0f} MB; load average (1 min) "
        f"{load0[0]:.1f} at the start, {load1[0]:.1f} at the end on {os.cpu_count()} cores"
    )


if __name__ == "__main__":
    main()
