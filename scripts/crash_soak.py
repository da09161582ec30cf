"""Kill ``precis run`` with SIGKILL at N random moments over a corpus, resume, check the store.

    .venv/bin/python scripts/crash_soak.py [--kills 20] [--articles 1500] [--seed 16]

Prints how many runs were killed mid-way, then whether the resumed store holds every article
exactly once and passes SQLite's integrity check (exit status 0 when it does). Uses the tiny test
stage (tests/precis_test_stage.py) so that the kills land in reading and writing, not in parsing.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from precis_test_stage import write_jsonl  # noqa: E402
from test_hardening_crash import kill_at_random, run_args, store_state  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--kills", type=int, default=20)
    ap.add_argument("--articles", type=int, default=1500)
    ap.add_argument("--seed", type=int, default=16)
    args = ap.parse_args()
    import subprocess

    from precis_test_stage import plugin_env

    with tempfile.TemporaryDirectory() as tmp:
        src, out = Path(tmp) / "corpus.jsonl", Path(tmp) / "results.db"
        ids = write_jsonl(src, args.articles)
        start = time.perf_counter()
        finished = kill_at_random(src, out, args.kills, args.seed)
        mid = store_state(out)[1] if out.exists() else []
        final = subprocess.run(run_args(src, out), env=plugin_env(), capture_output=True, text=True)
        check, stored = store_state(out)
        ok = final.returncode == 0 and check == "ok" and sorted(stored) == sorted(ids)
        print(
            f"{args.kills} runs started, {args.kills - finished} killed mid-run "
            f"({len(mid)} of {len(ids)} stored before the final run); resumed: exit "
            f"{final.returncode}, integrity_check {check!r}, {len(stored)} rows, "
            f"{len(set(stored))} distinct, every article once: {ok} "
            f"({time.perf_counter() - start:.0f} s)"
        )
        return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
