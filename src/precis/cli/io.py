"""Small helpers the command modules share: reading an article argument, writing JSON."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from precis.errors import InputError
from precis.stages import Settings


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
    from precis.highlighter.stage import HighlightsSettings

    defaults = HighlightsSettings()
    parser.add_argument(
        "--max",
        type=int,
        default=defaults.max_highlights,
        metavar="N",
        help=f"at most N highlights ({defaults.max_highlights})",
    )
    parser.add_argument(
        "--words",
        type=int,
        default=defaults.target_words,
        metavar="W",
        help=f"compress each highlight toward at most W words ({defaults.target_words}; 20 for "
        "terse bullets at some cost in coverage)",
    )


def highlight_settings(args: argparse.Namespace) -> Settings:
    """Settings from --max/--words (validated by the highlights stage's settings class)."""
    values = {"max_highlights": args.max, "target_words": args.words}
    try:
        return Settings.from_mapping({"highlights": values})
    except InputError as exc:
        # Say it in the command's words: "--words must be at least 8".
        flag = {"max_highlights": "--max", "target_words": "--words"}
        msg = str(exc)
        for name, opt in flag.items():
            msg = msg.replace(f"HighlightsSettings.{name}", opt)
        raise InputError(msg) from exc


def add_html_option(parser: argparse.ArgumentParser) -> None:
    """--html: read FILE (or standard input) as an HTML page, as .html/.htm files are read."""
    parser.add_argument(
        "--html",
        action="store_true",
        help="FILE is an HTML page (implied by a .html/.htm name): extract its article with "
        "trafilatura",
    )


def read_article(path: str, html: bool = False) -> dict[str, Any]:
    """``{"text", "title", "published"}`` of an article argument: text as bytes, or HTML extracted.

    HTML (``--html``, or a ``.html``/``.htm``/``.xhtml`` name) goes through
    trafilatura as ``precis run`` reads it; the page's title and date fill in what the command
    line does not give.
    """
    from precis.ingest.corpora import format_from_name

    data = read_input(path)
    if html or (path != "-" and format_from_name(path) == "html"):
        from precis.ingest.html import extract_html

        page = extract_html(data)
        return {"text": page["text"], "title": page["title"], "published": page["published"]}
    return {"text": data, "title": None, "published": None}
