"""``precis disputes PAIRS.jsonl --out OUT.jsonl``: do two statements dispute each other?"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterator
from typing import Any, TextIO

from precis.errors import InputError

#: A line longer than this is refused unread (one output line still says why).
MAX_LINE = 2_000_000


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "disputes",
        help="score pairs of statements with the conflict model",
        description=(
            'Read JSON lines {"id", "a", "b"} (optionally "a_source", "b_source") and write one '
            'line per input line: {"id", "dispute", "score", "kind"}, or {"id", "error"} for a '
            "line that cannot be scored. score: the probability that both cannot be true."
        ),
    )
    p.add_argument("file", metavar="PAIRS.jsonl", help="input JSON lines, or - for standard input")
    p.add_argument("--out", metavar="OUT.jsonl", help="output file (default: standard output)")
    p.set_defaults(func=run)


def jsonl_map(
    src: str, out: str | None, fn: Callable[[dict[str, Any]], dict[str, Any]]
) -> tuple[int, int]:
    """Apply ``fn`` to every JSON object line of ``src``; one output line per input line.

    A line that is not a JSON object, or that ``fn`` rejects with InputError, becomes
    ``{"id", "line", "error"}``; other lines are unaffected. Returns (lines, errors).
    """
    fin: TextIO = sys.stdin if src == "-" else _open(src)
    fout: TextIO = sys.stdout if out is None else open(out, "w", encoding="utf-8")  # noqa: SIM115
    n = errors = 0
    try:
        for n, line in enumerate(_lines(fin), start=1):
            rid: Any = None
            try:
                if len(line) > MAX_LINE:
                    raise InputError(f"line is {len(line):,} characters; at most {MAX_LINE:,}")
                try:
                    row = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise InputError(f"not JSON: {exc.msg}") from None
                if not isinstance(row, dict):
                    raise InputError("not a JSON object")
                rid = row.get("id")
                rec = {"id": rid, **fn(row)}
            except InputError as exc:
                errors += 1
                rec = {"id": rid, "line": n, "error": str(exc)}
            fout.write(json.dumps(rec, ensure_ascii=False) + "\n")
    finally:
        if fin is not sys.stdin:
            fin.close()
        if fout is not sys.stdout:
            fout.close()
    return n, errors


def _open(path: str) -> TextIO:
    try:
        return open(path, encoding="utf-8", errors="replace")
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror}") from exc


def _lines(fh: TextIO) -> Iterator[str]:
    for line in fh:
        line = line.rstrip("\n")
        if line.strip():
            yield line


def field(row: dict[str, Any], name: str, optional: bool = False) -> str | None:
    value = row.get(name)
    if value is None:
        if optional:
            return None
        raise InputError(f"missing field {name!r}")
    if not isinstance(value, str):
        raise InputError(f"field {name!r} must be a string")
    return value


def score_pair(row: dict[str, Any]) -> dict[str, Any]:
    from precis.conflicts import judge

    a, b = field(row, "a"), field(row, "b")
    assert a is not None and b is not None
    j = judge(a, b, field(row, "a_source", True), field(row, "b_source", True))
    return {"dispute": j.dispute, "score": j.score, "kind": j.kind}


def run(args: argparse.Namespace) -> int:
    n, errors = jsonl_map(args.file, args.out, score_pair)
    if errors:
        print(f"precis: {errors} of {n} lines could not be scored", file=sys.stderr)
    return 1 if errors else 0
