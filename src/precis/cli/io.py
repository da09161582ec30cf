"""Small helpers the command modules share: reading an article argument, writing JSON."""

from __future__ import annotations

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
