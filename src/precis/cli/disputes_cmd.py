"""``precis disputes PAIRS.jsonl --out OUT.jsonl``: do two statements dispute each other?"""

from __future__ import annotations

import argparse
from typing import Any

from precis.cli.io import add_jsonl_command, field, run_jsonl


def register(subparsers: argparse._SubParsersAction) -> None:
    add_jsonl_command(
        subparsers,
        "disputes",
        help="score pairs of statements with the conflict model",
        description=(
            'Read JSON lines {"id", "a", "b"} (optionally "a_source", "b_source") and write one '
            'line per input line: {"id", "dispute", "score", "kind"}, or {"id", "error"} for a '
            "line that cannot be scored. score: the probability that both cannot be true."
        ),
        metavar="PAIRS.jsonl",
        func=run,
    )


def score_pair(row: dict[str, Any]) -> dict[str, Any]:
    from precis.conflicts import judge

    a, b = field(row, "a"), field(row, "b")
    assert a is not None and b is not None
    j = judge(a, b, field(row, "a_source", True), field(row, "b_source", True))
    return {"dispute": j.dispute, "score": j.score, "kind": j.kind}


def run(args: argparse.Namespace) -> int:
    return run_jsonl(args, score_pair)
