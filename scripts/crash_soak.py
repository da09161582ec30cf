"""Kill ``precis run`` (or ``precis stories``) with SIGKILL at N random moments over a corpus,
resume, check the store.

    .venv/bin/python scripts/crash_soak.py [--kills 20] [--articles 1500] [--seed 16]
    .venv/bin/python scripts/crash_soak.py --stories [--input CORPUS.jsonl --store ANALYSED.db]
        [--commit-every 10] [--kills 20] [--seed 16]

``precis run``: prints how many runs were killed mid-way, then whether the resumed store holds
every article exactly once and passes SQLite's integrity check (exit status 0 when it does). Uses
the tiny test stage (tests/precis_test_stage.py) so that the kills land in reading and writing,
not in parsing.

``--stories``: groups the corpus once without interruption (the reference), then again from the
same analyses with every run killed at a random moment once grouping has committed something;
after each kill the store must pass the integrity check, hold every grouped article once with
sizes and cards matching the memberships, and keep every story id it gave before. The resumed
result is compared with the reference: memberships, story ids and cards, and the B-cubed F1 of
the grouping. Without ``--input`` the corpus is the one of tests/test_hardening_crash.py
(analysed here first); ``--input`` with ``--store`` (a store holding the input's analyses, e.g.
``precis evaluate-stories``' ecbplus.db) skips the analysis. The store is copied, never changed.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from precis_test_stage import plugin_env, write_jsonl  # noqa: E402
from test_hardening_crash import (  # noqa: E402
    check_consistent,
    clear_stories,
    kill_at_random,
    run_args,
    store_state,
    stories_args,
    stories_kill_soak,
    stories_state,
    story_corpus,
)


def soak_run(args: argparse.Namespace) -> int:
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


def soak_stories(args: argparse.Namespace) -> int:
    from precis.evaluate.stories import bcubed

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        ref = work / "reference.db"
        if args.input:
            src = Path(args.input)
            if args.store:
                shutil.copy(args.store, ref)
                clear_stories(ref)
        else:
            src = work / "corpus.jsonl"
            story_corpus(src)
        # The reference: one uninterrupted run with the default transaction size.
        t0 = time.perf_counter()
        r = subprocess.run(
            stories_args(src, ref, 200), capture_output=True, text=True, timeout=args.timeout
        )
        if r.returncode not in (0, 1):
            print(f"reference run failed ({r.returncode}): {r.stderr[-2000:]}")
            return 2
        ref_seconds = time.perf_counter() - t0
        want = stories_state(ref)
        check_consistent(want)
        try:
            got = stories_kill_soak(
                src, ref, work, args.kills, args.seed, args.commit_every, timeout=args.timeout
            )
        except AssertionError as exc:  # a check after a kill failed: that is the finding
            print(f"FAILED after a kill: {exc}")
            return 1
        state = got["state"]
        common = {k: v for k, v in state["story_of"].items() if k in want["story_of"]}
        _, _, f1 = bcubed(common, want["story_of"])
        same_cards = sum(state["stories"].get(sid) == v for sid, v in want["stories"].items())
        ok = (
            got["exit"] == r.returncode
            and state["ids"] == want["ids"]
            and state["story_of"] == want["story_of"]
            and state["dups"] == want["dups"]
            and state["stories"] == want["stories"]
        )
        mids = got["mids"]
        print(
            f"corpus {src.name}: {len(want['ids'])} articles grouped into "
            f"{len(want['stories'])} stories by the uninterrupted run ({ref_seconds:.0f} s).\n"
            f"{args.kills} runs started (--commit-every {args.commit_every}), "
            f"{args.kills - got['finished']} killed mid-run; grouped after each kill: "
            f"{', '.join(map(str, mids[:-1]))}; every check after every kill passed "
            f"(integrity_check ok, each article in one story, sizes and cards match the "
            f"memberships, no story id changed or lost).\n"
            f"resumed: exit {got['exit']} (reference {r.returncode}), integrity_check "
            f"{state['check']!r}, {len(state['ids'])} grouped, {len(set(state['ids']))} distinct, "
            f"{len(state['stories'])} stories; B-cubed F1 vs the uninterrupted run "
            f"{f1:.2f}; same memberships and ids: "
            f"{state['story_of'] == want['story_of']}; identical cards: {same_cards} of "
            f"{len(want['stories'])}; all equal: {ok} ({got['seconds']:.0f} s)"
        )
        return 0 if ok else 1


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--kills", type=int, default=20)
    ap.add_argument("--articles", type=int, default=1500, help="precis run: corpus size")
    ap.add_argument("--seed", type=int, default=16)
    ap.add_argument("--stories", action="store_true", help="soak precis stories instead")
    ap.add_argument("--input", help="--stories: corpus (JSONL) instead of the test corpus")
    ap.add_argument("--store", help="--stories: a store holding --input's analyses (copied)")
    ap.add_argument("--commit-every", type=int, default=10, help="--stories: per transaction")
    ap.add_argument("--timeout", type=int, default=1800, help="--stories: per run, seconds")
    args = ap.parse_args()
    if args.store and not args.input:
        ap.error("--store needs --input")
    return soak_stories(args) if args.stories else soak_run(args)


if __name__ == "__main__":
    sys.exit(main())
