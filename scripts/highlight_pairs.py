"""Blind pairwise reads of two versions of the highlights (issue 12's method since session 13).

Four steps, each a subcommand (the caches are ``scripts/tune_highlights.py --cache`` pickles;
everything written holds publishers' text: keep it outside the repository)::

    # 1. the highlights of every cached row, once per version (run the old one from a worktree)
    PYTHONPATH=src:scripts .venv/bin/python scripts/highlight_pairs.py snapshot \\
        --cache /tmp/dev.pkl --out /tmp/new_dev.json
    # 2. which rows changed
    .venv/bin/python scripts/highlight_pairs.py diff /tmp/old_dev.json /tmp/new_dev.json
    # 3. the changed rows as X/Y pairs in seeded random order, split between readers
    PYTHONPATH=src:scripts .venv/bin/python scripts/highlight_pairs.py pairs --out-dir /tmp/read \\
        --set dev:/tmp/dev.pkl:/tmp/old_dev.json:/tmp/new_dev.json --readers 2
    # 4. the readers' verdicts (one JSON line per pair: pair, verdict X/Y/tie, X_defects,
    #    Y_defects, informativeness {X, Y}) turned back into old/new
    .venv/bin/python scripts/highlight_pairs.py unblind --key /tmp/read/key.json /tmp/read/E1.jsonl

An article that two sets share (the unseen rows repeat some held-out ones) is shown once.
"""

from __future__ import annotations

import argparse
import json
import pickle
import random
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any


def snapshot(cache: Path, words: int) -> dict[str, list[str]]:
    """Each cached row's highlights at ``--words``, keyed by the row number."""
    from precis.highlighter import stage

    items = pickle.loads(cache.read_bytes())
    out: dict[str, list[str]] = {}
    for row, (_refs, analysis, doc) in enumerate(items):
        analysis.highlights = []
        stage.highlights_stage(analysis, doc, stage.HighlightsSettings(target_words=words))
        out[str(row)] = [h.text for h in analysis.highlights]
    return out


def changed(old: dict[str, list[str]], new: dict[str, list[str]]) -> list[str]:
    """Rows whose highlights differ, in row order."""
    return sorted((k for k in old if old[k] != new.get(k)), key=int)


def make_pairs(
    sets: Iterable[tuple[str, Sequence[Any], dict[str, list[str]], dict[str, list[str]]]],
    seed: int,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The pairs to show (article, references, X, Y) and the key (set, row, which side is new).

    ``sets``: (name, cached rows, old snapshot, new snapshot). New is X or Y by a seeded coin.
    """
    rng = random.Random(seed)
    pairs: list[dict[str, Any]] = []
    key: list[dict[str, Any]] = []
    seen: set[str] = set()
    for name, items, old, new in sets:
        for row in changed(old, new):
            refs, analysis, _doc = items[int(row)]
            text = analysis.article.text
            if text in seen:
                continue
            seen.add(text)
            flip = rng.random() < 0.5
            x, y = (new[row], old[row]) if flip else (old[row], new[row])
            pairs.append({"pair": len(pairs), "article": text, "references": refs, "X": x, "Y": y})
            key.append(
                {"pair": len(key), "set": name, "row": int(row), "X": "new" if flip else "old"}
            )
    return pairs, key


def write_reader_files(pairs: list[dict[str, Any]], out_dir: Path, readers: int) -> list[Path]:
    """Pair number mod ``readers`` gives each reader's file (pairs_0.txt, ...)."""
    paths = []
    for part in range(readers):
        path = out_dir / f"pairs_{part}.txt"
        with path.open("w", encoding="utf-8") as fh:
            for p in pairs[part::readers]:
                fh.write(f"=== PAIR {p['pair']}\n--- ARTICLE (first 6000 chars)\n")
                fh.write(f"{p['article'][:6000]}\n--- REFERENCE HIGHLIGHTS\n")
                for ref in p["references"]:
                    fh.write(f"* {ref}\n")
                for side in ("X", "Y"):
                    fh.write(f"--- SET {side}\n")
                    for i, bullet in enumerate(p[side]):
                        fh.write(f"[{side}{i}] {bullet}\n")
                fh.write("\n")
        paths.append(path)
    return paths


def unblind(key: list[dict[str, Any]], reads: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Readers' X/Y lines as old/new lines (verdict, defects per differing bullet, scores)."""
    by_pair = {k["pair"]: k for k in key}
    out = []
    for r in reads:
        k = by_pair[r["pair"]]
        side = {"X": k["X"], "Y": "old" if k["X"] == "new" else "new"}
        verdict = "tie" if r["verdict"] == "tie" else side[r["verdict"]]
        out.append(
            {
                "type": "pair",
                "pair": r["pair"],
                "read": r.get("read"),
                "set": k["set"],
                "row": k["row"],
                "verdict": verdict,
                "old_defects": r[f"{'X' if side['X'] == 'old' else 'Y'}_defects"],
                "new_defects": r[f"{'X' if side['X'] == 'new' else 'Y'}_defects"],
                "informativeness": {side[s]: r["informativeness"][s] for s in ("X", "Y")},
            }
        )
    return out


def summary(lines: list[dict[str, Any]]) -> dict[str, Any]:
    """Verdicts, bullets with a defect and defect labels per side, mean informativeness."""
    verdicts = Counter(line["verdict"] for line in lines)
    result: dict[str, Any] = {"pairs": len(lines), "verdicts": dict(verdicts)}
    for side in ("old", "new"):
        bullets = [b for line in lines for b in line[f"{side}_defects"]]
        result[f"{side}_defective_bullets"] = sum(1 for b in bullets if b)
        result[f"{side}_labels"] = dict(Counter(label for b in bullets for label in b))
        scores = [line["informativeness"][side] for line in lines]
        result[f"{side}_informativeness"] = round(sum(scores) / len(scores), 2) if scores else None
    return result


def _read_jsonl(paths: Sequence[Path]) -> list[dict[str, Any]]:
    return [json.loads(line) for p in paths for line in p.read_text("utf-8").splitlines() if line]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="command", required=True)
    snap = sub.add_parser("snapshot", help="highlights of every row of a tune_highlights cache")
    snap.add_argument("--cache", type=Path, required=True)
    snap.add_argument("--out", type=Path, required=True)
    snap.add_argument("--words", type=int, default=20, help="target words (20)")
    diff = sub.add_parser("diff", help="rows whose highlights differ between two snapshots")
    diff.add_argument("old", type=Path)
    diff.add_argument("new", type=Path)
    pairs = sub.add_parser("pairs", help="blind X/Y pair files for the changed rows")
    pairs.add_argument(
        "--set",
        action="append",
        required=True,
        metavar="NAME:CACHE:OLD:NEW",
        help="a cache and its two snapshots (repeat for dev, held-out, unseen)",
    )
    pairs.add_argument("--out-dir", type=Path, required=True)
    pairs.add_argument("--readers", type=int, default=2)
    pairs.add_argument("--seed", type=int, default=21)
    blind = sub.add_parser("unblind", help="readers' X/Y verdicts as old/new, with totals")
    blind.add_argument("--key", type=Path, required=True)
    blind.add_argument("reads", type=Path, nargs="+")
    blind.add_argument("--out", type=Path, help="write the old/new lines here (JSONL)")
    args = ap.parse_args()

    if args.command == "snapshot":
        args.out.write_text(json.dumps(snapshot(args.cache, args.words), indent=0), "utf-8")
    elif args.command == "diff":
        old = json.loads(args.old.read_text("utf-8"))
        new = json.loads(args.new.read_text("utf-8"))
        rows = changed(old, new)
        for row in rows:
            print(f"--- row {row}")
            for text in old[row]:
                if text not in new[row]:
                    print("  -", text)
            for text in new[row]:
                if text not in old[row]:
                    print("  +", text)
        print("changed rows:", len(rows))
    elif args.command == "pairs":
        sets = []
        for spec in args.set:
            name, cache, old_path, new_path = spec.split(":")
            items = pickle.loads(Path(cache).read_bytes())
            old = json.loads(Path(old_path).read_text("utf-8"))
            new = json.loads(Path(new_path).read_text("utf-8"))
            sets.append((name, items, old, new))
        shown, key = make_pairs(sets, args.seed)
        args.out_dir.mkdir(parents=True, exist_ok=True)
        files = write_reader_files(shown, args.out_dir, args.readers)
        (args.out_dir / "key.json").write_text(json.dumps(key), "utf-8")
        print(f"{len(shown)} pairs in {', '.join(str(f) for f in files)}; key in key.json")
    else:
        lines = unblind(json.loads(args.key.read_text("utf-8")), _read_jsonl(args.reads))
        if args.out:
            args.out.write_text("".join(json.dumps(line) + "\n" for line in lines), "utf-8")
        print(json.dumps(summary(lines), indent=1))


if __name__ == "__main__":
    main()
