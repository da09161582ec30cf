"""``precis stages`` (each stage's contract and settings) and ``precis schema`` (output records)."""

from __future__ import annotations

import argparse
import sys

from precis.cli.io import dump_json


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "stages",
        help="the analysis stages: what each requires, assigns and can be set to",
        description=(
            "List every registered stage (built-in and PRECIS_PLUGINS): the Analysis fields it "
            "requires and assigns, the spaCy profile it needs, and its settings with defaults."
        ),
    )
    p.add_argument("--json", action="store_true", help="print the list as JSON")
    p.set_defaults(func=run_stages)

    s = subparsers.add_parser(
        "schema",
        help="JSON Schema of an output record (analysed or error)",
        description=(
            "Print the JSON Schema (draft 2020-12) of what 'precis run' writes per article and "
            "the store keeps: an analysis record or an error record. It is derived from the data "
            "model, so it always matches the output."
        ),
    )
    s.add_argument(
        "--record",
        choices=("any", "error"),
        default="any",
        help="any: analysis or error record (default); error: the error record alone",
    )
    s.set_defaults(func=run_schema)


def run_stages(args: argparse.Namespace) -> int:
    from precis.stages import specs

    found = [s.describe() for s in specs()]
    if args.json:
        sys.stdout.write(dump_json(found) + "\n")
        return 0
    out = sys.stdout
    for st in found:
        out.write(f"{st['name']}: {st['doc']}\n")
        out.write(f"  requires: {', '.join(st['requires']) or '-'}\n")
        out.write(f"  assigns:  {', '.join(st['assigns'])}\n")
        out.write(f"  profile:  {st['profile']}\n")
        if not st["settings"]:
            out.write("  settings: none\n")
        for f in st["settings"]:
            bounds = [
                f"{op} {f[k]}"
                for op, k in ((">=", "minimum"), ("<=", "maximum"))
                if f[k] is not None
            ]
            extra = f" ({', '.join(bounds)})" if bounds else ""
            out.write(
                f"  setting {f['name']}: {f['type']} = {f['default']!r}{extra}  {f['help']}\n"
            )
        out.write("\n")
    return 0


def run_schema(args: argparse.Namespace) -> int:
    from precis.schema import error_record_schema, record_schema

    schema = error_record_schema() if args.record == "error" else record_schema()
    sys.stdout.write(dump_json(schema) + "\n")
    return 0
