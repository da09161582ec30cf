"""``precis facts FILE|-``: who, where, how many and when, for one article.

Its evaluate command (``precis evaluate-facts``) lives in cli/evaluate_cmd.py.
"""

from __future__ import annotations

import argparse
import sys

from precis.cli.io import add_html_option, dump_json, read_article
from precis.model import Analysis
from precis.pipeline import analyze


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "facts",
        help="people, organisations, places (with coordinates), figures and dates",
        description=(
            "Print the key facts of one article: entities with their mentions, places geocoded "
            "offline (GeoNames), figures with what they count, and dates. FILE is plain text or "
            "an HTML page (.html, --html); '-' reads standard input."
        ),
    )
    p.add_argument(
        "file", metavar="FILE", help="article text or HTML file, or - for standard input"
    )
    add_html_option(p)
    p.add_argument("--title", help="the article's headline")
    p.add_argument(
        "--published", metavar="YYYY-MM-DD", help="publication date (resolves 'on Wednesday')"
    )
    p.add_argument("--format", choices=("text", "json"), default="text", help="output format")
    p.set_defaults(func=run)


def _fmt_value(v: float) -> str:
    return f"{v:,.0f}" if v == int(v) else f"{v:,.2f}"


def render(result: Analysis) -> str:
    lines: list[str] = []
    people = [e for e in result.entities if e.type != "place"]
    if people:
        lines.append("Entities")
        for e in people:
            aka = f" (also {', '.join(e.aliases)})" if e.aliases else ""
            lines.append(f"  {e.name} [{e.type}] x{len(e.mentions)}{aka}")
    if result.places:
        lines.append("Places")
        for p in result.places:
            if p.lat is None or p.lon is None:
                lines.append(f"  {p.name}: unknown place x{len(p.mentions)}")
                continue
            if p.geonameid is None:  # "Homs province": pinned at its namesake city
                lines.append(
                    f"  {p.name}: {p.feature}, {p.country}, ~{p.lat:.4f},{p.lon:.4f} "
                    f"(approximate) x{len(p.mentions)}"
                )
                continue
            note = "  (ambiguous)" if p.ambiguous else ""
            lines.append(
                f"  {p.name}: {p.feature}, {p.country}, {p.lat:.4f},{p.lon:.4f} "
                f"geonames:{p.geonameid} x{len(p.mentions)}{note}"
            )
    if result.figures:
        lines.append("Figures")
        for f in result.figures:
            bits = [_fmt_value(f.value)] + [b for b in (f.unit, f.what, f.event) if b]
            lines.append(f"  {f.text!r}: {' | '.join(bits)}")
    if result.dates:
        lines.append("Dates")
        for d in result.dates:
            lines.append(f"  {d.text!r}: {d.date or 'unresolved'}")
    return "\n".join(lines) + ("\n" if lines else "")


def run(args: argparse.Namespace) -> int:
    page = read_article(args.file, args.html)
    result = analyze(
        page["text"],
        title=args.title or page["title"],
        published=args.published or page["published"],
        stages=("facts",),
    )
    if args.format == "json":
        doc = result.to_dict()
        out = {k: doc[k] for k in ("published", "entities", "places", "figures", "dates")}
        out["warnings"] = result.warnings
        sys.stdout.write(dump_json(out) + "\n")
        return 0
    sys.stdout.write(render(result))
    for w in result.warnings:
        print(f"precis: note: {w}", file=sys.stderr)
    return 0
