"""``precis stance IN.jsonl --out OUT.jsonl`` and ``precis evaluate-stance FNC1.jsonl``."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Any

from precis.cli.io import add_jsonl_command, field, run_jsonl
from precis.errors import InputError

#: Longest article text read (characters); a longer one is refused with a per-line error.
MAX_TEXT = 1_000_000


def register(subparsers: argparse._SubParsersAction) -> None:
    add_jsonl_command(
        subparsers,
        "stance",
        help="stance of a text towards a claim (agree, disagree, discuss, unrelated)",
        description=(
            'Read JSON lines {"id", "claim", "text"} and write one line per input line: '
            '{"id", "stance", "score", "evidence": [[start, end], ...]} (evidence: character '
            'spans of the sentences of text that decided it), or {"id", "error"}.'
        ),
        metavar="IN.jsonl",
        func=run,
    )

    e = subparsers.add_parser(
        "evaluate-stance",
        help="FNC-1 score, macro-F1 and per-class F1 of the stance model",
        description="Score the stance model on an FNC-1 JSONL file (rows: body, headlines).",
    )
    e.add_argument("file", metavar="FNC1.jsonl")
    e.add_argument("--limit", type=int, metavar="N", help="score only the first N pairs")
    e.add_argument("--workers", type=int, default=1, metavar="N", help="processes (default 1)")
    e.add_argument("--json", action="store_true", help="print the scores as JSON")
    e.set_defaults(func=run_evaluate)


def stance_row(row: dict[str, Any]) -> dict[str, Any]:
    from precis.conflicts import check_statement
    from precis.conflicts.stance import stance

    claim, text = field(row, "claim"), field(row, "text")
    assert claim is not None and text is not None
    check_statement(claim, "claim")
    if not text.strip():
        raise InputError("text is empty")
    if len(text) > MAX_TEXT:
        raise InputError(f"text is {len(text):,} characters; at most {MAX_TEXT:,}")
    s = stance(claim, text)
    return {"stance": s.stance, "score": s.score, "evidence": [list(e) for e in s.evidence]}


def run(args: argparse.Namespace) -> int:
    return run_jsonl(args, stance_row)


def run_evaluate(args: argparse.Namespace) -> int:
    from precis.evaluate.stance import evaluate, format_report

    path = Path(args.file)
    if not path.is_file():
        raise InputError(f"no such file: {path}")
    report = evaluate(path, args.limit, max(1, args.workers))
    if args.json:
        print(json.dumps(asdict(report), indent=2))
    else:
        sys.stdout.write(format_report(report))
    return 0
