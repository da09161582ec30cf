"""Small helpers the command modules share: reading an article argument, writing JSON, and the
argument blocks (with their checks) that more than one command takes."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TextIO

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
    """--max, --words, --selection and --min, shared by every command that writes highlights."""
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
        help=f"compress each highlight toward at most W words ({defaults.target_words}; "
        "25 or less: learned cuts, none over 25 words; more: rule-based cuts, longer bullets)",
    )
    parser.add_argument(
        "--selection",
        choices=("auto", "expected", "mmr"),
        default=defaults.selection,
        help=f"how highlights are chosen ({defaults.selection}): 'expected', the set with the "
        "highest expected ROUGE-1/2 F under a learned word model (repeats gain nothing; "
        "between --min and --max highlights); 'mmr', best scores with redundancy control, "
        "always --max; 'auto', expected at --words 25 or less, mmr above",
    )
    parser.add_argument(
        "--min",
        type=int,
        default=defaults.min_highlights,
        metavar="N",
        help=f"with the expected selection: at least N highlights ({defaults.min_highlights})",
    )


def highlight_settings(args: argparse.Namespace) -> Settings:
    """Settings from --max/--words (validated by the highlights stage's settings class)."""
    values = {
        "max_highlights": args.max,
        "target_words": args.words,
        "selection": args.selection,
        "min_highlights": args.min,
    }
    try:
        return Settings.from_mapping({"highlights": values})
    except InputError as exc:
        # Say it in the command's words: "--words must be at least 8".
        flag = {
            "max_highlights": "--max",
            "target_words": "--words",
            "selection": "--selection",
            "min_highlights": "--min",
        }
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


# -- corpus commands (precis run, precis stories) ---------------------------------------------


def add_corpus_options(parser: argparse.ArgumentParser) -> None:
    """INPUT... and how to read it: --format and the fields of JSONL/CSV records."""
    from precis.ingest.corpora import FORMATS

    parser.add_argument("inputs", nargs="+", metavar="INPUT", help="file, directory or - (stdin)")
    parser.add_argument(
        "--format",
        choices=FORMATS,
        help="input format (default: from the file name, else from its first bytes)",
    )
    parser.add_argument(
        "--id-field", default="id", metavar="F", help="JSONL/CSV field of the id (id)"
    )
    parser.add_argument(
        "--text-field",
        default="text",
        metavar="F",
        help="field of the article text (text; else article/body/content/story)",
    )
    parser.add_argument("--title-field", default="title", metavar="F", help="field of the title")
    parser.add_argument(
        "--date-field",
        default="published",
        metavar="F",
        help="field of the publication date, ISO 8601 (published)",
    )


def add_engine_options(parser: argparse.ArgumentParser) -> None:
    """-j/--workers, --engine, --scheduler, --chunk-size: how the batch runner spreads the work."""
    parser.add_argument(
        "-j",
        "--workers",
        type=int,
        default=os.cpu_count() or 1,
        metavar="N",
        help="worker processes (default: one per core)",
    )
    parser.add_argument(
        "--engine",
        choices=("local", "dask"),
        default="local",
        help="local: a pool of processes on this machine; dask: a Dask cluster",
    )
    parser.add_argument(
        "--scheduler",
        metavar="ADDR",
        help="Dask scheduler address (tcp://HOST:PORT); without it --engine dask "
        "starts a local cluster of --workers processes",
    )
    parser.add_argument(
        "--chunk-size", type=int, default=8, metavar="N", help="articles per task (8)"
    )


def check_corpus_args(args: argparse.Namespace, *counts: str) -> None:
    """InputError for what :func:`add_corpus_options` / :func:`add_engine_options` took and cannot
    work: a count below 1 (--workers, --chunk-size and the command's own ``counts``), --scheduler
    without --engine dask, an INPUT that does not exist."""
    names = ["--workers", "--chunk-size", *counts]
    if any(getattr(args, n.lstrip("-").replace("-", "_")) < 1 for n in names):
        listed = f"{', '.join(names[:-1])} and {names[-1]}"
        raise InputError(f"{listed} must be at least 1")
    if args.scheduler and args.engine != "dask":
        raise InputError("--scheduler needs --engine dask")
    for path in args.inputs:
        if path != "-" and not os.path.exists(path):
            raise InputError(f"{path}: no such file or directory")


def corpus_records(args: argparse.Namespace) -> Iterator[dict[str, Any]]:
    """The records of INPUT..., read as --format and the --*-field options say."""
    from precis.ingest.corpora import read_inputs
    from precis.ingest.formats import FieldMap

    fields = FieldMap(args.id_field, args.text_field, args.title_field, args.date_field)
    return read_inputs(args.inputs, args.format, fields)


# -- JSON-lines commands (precis disputes, precis stance) -------------------------------------

#: A line longer than this is refused unread (one output line still says why).
MAX_LINE = 2_000_000


def add_jsonl_command(
    subparsers: argparse._SubParsersAction,
    name: str,
    *,
    help: str,
    description: str,
    metavar: str,
    func: Callable[[argparse.Namespace], int],
) -> argparse.ArgumentParser:
    """A command that reads JSON lines (a file or -) and writes one line per input line."""
    p = subparsers.add_parser(name, help=help, description=description)
    p.add_argument("file", metavar=metavar, help="input JSON lines, or - for standard input")
    p.add_argument("--out", metavar="OUT.jsonl", help="output file (default: standard output)")
    p.set_defaults(func=func)
    return p


def run_jsonl(args: argparse.Namespace, fn: Callable[[dict[str, Any]], dict[str, Any]]) -> int:
    """Run an :func:`add_jsonl_command` command: status 1 when some lines could not be scored."""
    n, errors = jsonl_map(args.file, args.out, fn)
    if errors:
        print(f"precis: {errors} of {n} lines could not be scored", file=sys.stderr)
    return 1 if errors else 0


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
    """The string field ``name`` of a JSON line (None when ``optional`` and absent)."""
    value = row.get(name)
    if value is None:
        if optional:
            return None
        raise InputError(f"missing field {name!r}")
    if not isinstance(value, str):
        raise InputError(f"field {name!r} must be a string")
    return value
