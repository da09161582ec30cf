"""``precis show ID``, ``precis search WORDS``, ``precis export``: read a results store."""

from __future__ import annotations

import argparse
import sys

from precis.cli.io import dump_json
from precis.errors import InputError
from precis.store.db import Store
from precis.store.export import export_jsonl, export_parquet

DEFAULT_DB = "results.db"


def _add_db_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db", "--store", dest="db", default=DEFAULT_DB, help="store file (results.db)"
    )


def register(subparsers: argparse._SubParsersAction) -> None:
    show = subparsers.add_parser(
        "show",
        help="one article's result from a store",
        description="Print the stored result of the article with this id (or resume key).",
    )
    show.add_argument("id", metavar="ID")
    _add_db_option(show)
    show.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="text: title and highlights; json: the whole stored record",
    )
    show.set_defaults(func=run_show)

    search = subparsers.add_parser(
        "search",
        help="full-text search of titles, highlights and claims",
        description=(
            "Search a store (SQLite FTS5, English stemming) over article titles, highlights and "
            'claims. WORDS may use FTS5 syntax: "exact phrase", OR, NOT, prefix*.'
        ),
    )
    search.add_argument("words", metavar="WORDS", nargs="+")
    _add_db_option(search)
    search.add_argument("--limit", type=int, default=20, metavar="N", help="at most N hits (20)")
    search.add_argument("--format", choices=("text", "json"), default="text")
    search.add_argument("--stories", action="store_true", help="find stories (their cards)")
    search.set_defaults(func=run_search)

    export = subparsers.add_parser(
        "export",
        help="write a store's results as JSONL or Parquet",
        description="Write every stored result, in the order the articles were stored.",
    )
    _add_db_option(export)
    export.add_argument("--format", choices=("jsonl", "parquet"), default="jsonl")
    export.add_argument(
        "--out",
        "-o",
        default="-",
        metavar="PATH",
        help="output file ('-' = standard output, JSONL only)",
    )
    export.add_argument(
        "--stories", action="store_true", help="write the story cards (JSONL, or Parquet)"
    )
    export.set_defaults(func=run_export)


def run_show(args: argparse.Namespace) -> int:
    from precis.cli.stories_cmd import print_card, story_card

    card = story_card(args.db, args.id)  # a story id prints the story's card
    if card is not None:
        if args.format == "json":
            sys.stdout.write(dump_json(card) + "\n")
        else:
            print_card(card, sys.stdout)
        return 0
    with Store(args.db, create=False) as store:
        rec = store.get(args.id)
    if rec is None:
        raise InputError(f"no article with id {args.id!r} in {args.db}")
    if args.format == "json":
        sys.stdout.write(dump_json(rec) + "\n")
        return 0
    out = sys.stdout
    out.write(f"{rec.get('id') or rec.get('key')}")
    if rec.get("title"):
        out.write(f": {rec['title']}")
    if rec.get("published"):
        out.write(f" ({rec['published']})")
    out.write("\n")
    if rec.get("error"):
        out.write(f"error: {rec['error']}\n")
    for h in rec.get("highlights") or []:
        source = f"  [{h['source']}]" if h.get("source") else ""
        out.write(f"• {h['text']}{source}\n")
    return 1 if rec.get("error") else 0


def run_search(args: argparse.Namespace) -> int:
    if args.limit < 1:
        raise InputError("--limit must be at least 1")
    if args.stories:
        from precis.cli.stories_cmd import print_story_hits

        if not print_story_hits(args.db, " ".join(args.words), args.limit, args.format, sys.stdout):
            print("precis: no matching story", file=sys.stderr)
        return 0
    with Store(args.db, create=False) as store:
        hits = store.search(" ".join(args.words), limit=args.limit)
    if args.format == "json":
        sys.stdout.write(dump_json(hits) + "\n")
        return 0
    for hit in hits:
        title = f"  {hit['title']}" if hit.get("title") else ""
        snippet = " / ".join(hit["snippet"].split("\n"))
        sys.stdout.write(f"{hit['id'] or hit['key']}{title}\n    {snippet}\n")
    if not hits:
        print("precis: no match", file=sys.stderr)
    return 0


def run_export(args: argparse.Namespace) -> int:
    if args.stories:
        from precis.cli.stories_cmd import all_cards, export_cards

        parquet = args.format == "parquet" or args.out.lower().endswith(".parquet")
        if parquet and not args.out.lower().endswith(".parquet"):
            raise InputError("Parquet cards need --out FILE.parquet")
        n = export_cards(all_cards(args.db), sys.stdout if args.out == "-" else args.out)
        print(f"precis: exported {n} story cards", file=sys.stderr)
        return 0
    with Store(args.db, create=False) as store:
        if args.format == "parquet":
            if args.out == "-":
                raise InputError("--format parquet needs --out FILE")
            n = export_parquet(store.records(), args.out)
        elif args.out == "-":
            n = export_jsonl(store.records(), sys.stdout)
        else:
            with open(args.out, "w", encoding="utf-8") as fh:
                n = export_jsonl(store.records(), fh)
    print(f"precis: exported {n} results", file=sys.stderr)
    return 0
