"""``precis highlights FILE|-``: story highlights of one article."""

from __future__ import annotations

import argparse
import sys

from precis.cli.io import (
    add_highlight_options,
    add_html_option,
    dump_json,
    highlight_settings,
    read_article,
)
from precis.pipeline import analyze


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "highlights",
        help="story highlights of one article",
        description=(
            "Print 3-4 short story highlights of one article, built from its own words. "
            "FILE is plain text (UTF-8 or another detectable encoding) or an HTML page (.html, "
            "--html); '-' reads standard input."
        ),
    )
    p.add_argument(
        "file", metavar="FILE", help="article text or HTML file, or - for standard input"
    )
    p.add_argument(
        "--title",
        help="the article's headline (kept with the result; not used to choose sentences)",
    )
    add_html_option(p)
    add_highlight_options(p)
    p.add_argument(
        "--format",
        choices=("text", "json", "md"),
        default="text",
        help="text: bullets; md: Markdown list; json: highlights with their spans (text)",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    settings = highlight_settings(args)
    page = read_article(args.file, args.html)
    result = analyze(
        page["text"],
        title=args.title or page["title"],
        published=page["published"],
        stages=("highlights",),
        settings=settings,
    )
    out = sys.stdout
    if args.format == "json":
        doc = {
            "highlights": [h.to_dict() for h in result.highlights],
            "warnings": result.warnings,
        }
        out.write(dump_json(doc) + "\n")
        return 0
    bullet = "- " if args.format == "md" else "• "
    for h in result.highlights:
        out.write(f"{bullet}{h.text}\n")
    for w in result.warnings:
        print(f"precis: note: {w}", file=sys.stderr)
    return 0
