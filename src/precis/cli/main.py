"""``precis`` entry point. Each command module exposes ``register(subparsers)``.

Exit status: 0 success, 1 some records failed (batch commands), 2 usage or input error,
3 internal error.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

from precis import __version__
from precis.errors import PrecisError

#: Command modules, in the order their commands appear in ``--help``.
COMMAND_MODULES = (
    "precis.cli.highlights_cmd",
    "precis.cli.claims_cmd",
    "precis.cli.facts_cmd",
    "precis.cli.run_cmd",
    "precis.cli.store_cmd",
    "precis.cli.stories_cmd",
    "precis.cli.stages_cmd",
    "precis.cli.evaluate_cmd",
    "precis.cli.disputes_cmd",
    "precis.cli.stance_cmd",
    "precis.cli.serve_cmd",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="precis",
        description=(
            "Faithful, attributed story highlights from news articles. Every highlight is built "
            "from the article's own words and carries the character spans it came from."
        ),
        epilog="Run 'precis COMMAND --help' for a command's options.",
    )
    parser.add_argument("--version", action="version", version=f"precis {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(subparsers)
    return parser


_STORAGE_WORDS = ("read-only", "readonly", "disk is full", "no space", "unable to open database",
                  "disk i/o error", "permission denied")  # fmt: skip


def _storage_problem(exc: BaseException) -> bool:
    """A full disk or an unwritable output (the user's to fix), not a bug."""
    import errno
    import sqlite3

    if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EROFS, errno.EACCES):
        return True
    return isinstance(exc, sqlite3.OperationalError) and any(
        w in str(exc).lower() for w in _STORAGE_WORDS
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        return 2
    try:
        return int(args.func(args) or 0)
    except PrecisError as exc:
        print(f"precis: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("precis: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # a bug, unless the disk is full or read-only (issue 16)
        if _storage_problem(exc):
            print(
                f"precis: error: cannot write the output: {exc} "
                "(is the disk full, or the path read-only?); what was already stored is intact",
                file=sys.stderr,
            )
            return 2
        # A bug: say so plainly; PRECIS_DEBUG=1 shows the traceback.
        if os.environ.get("PRECIS_DEBUG"):
            raise
        print(
            f"precis: internal error: {type(exc).__name__}: {exc} (set PRECIS_DEBUG=1 for details)",
            file=sys.stderr,
        )
        return 3


if __name__ == "__main__":
    sys.exit(main())
