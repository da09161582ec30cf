"""Small helpers the command modules share: reading an article argument, writing JSON."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from precis.errors import InputError


def read_input(path: str) -> bytes:
    """Bytes of FILE, or of standard input when ``path`` is ``-``."""
    if path == "-":
        return sys.stdin.buffer.read()
    p = Path(path)
    if not p.exists():
        raise InputError(f"{path}: no such file")
    if p.is_dir():
        raise InputError(f"{path}: is a directory (use 'precis run' for many files)")
    try:
        return p.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror}") from exc


def dump_json(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, indent=2)


def add_highlight_options(parser: argparse.ArgumentParser) -> None:
    """--max and --words, shared by every command that writes highlights."""
    from precis.highlighter.compress import TARGET_WORDS
    from precis.highlighter.stage import DEFAULT_COUNT

    parser.add_argument(
        "--max",
        type=int,
        default=DEFAULT_COUNT,
        metavar="N",
        help=f"at most N highlights ({DEFAULT_COUNT})",
    )
    parser.add_argument(
        "--words",
        type=int,
        default=TARGET_WORDS,
        metavar="W",
        help=f"compress each highlight toward at most W words ({TARGET_WORDS}; 20 for terse "
        "bullets at some cost in coverage)",
    )


def highlight_options(args: argparse.Namespace) -> dict[str, int]:
    """Stage options from --max/--words, refusing values that make no sense."""
    if args.max < 1:
        raise InputError("--max must be at least 1")
    if args.words < 8:
        raise InputError("--words must be at least 8")
    return {"max_highlights": args.max, "target_words": args.words}
