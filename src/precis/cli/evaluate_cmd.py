"""Every evaluate command, one per stage; the scoring lives in ``precis.evaluate.<stage>``.

``precis evaluate`` (highlights, ROUGE on CNN/DM), ``precis evaluate-attribution`` (claims, on
PolNeAR), ``precis evaluate-facts`` and ``precis evaluate-disputes`` (hand annotations in
benchmarks/annotations). ``evaluate-highlights`` and ``evaluate-claims`` are aliases that follow
the stage names.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from precis.cli.io import add_highlight_options, highlight_settings
from precis.errors import InputError


def _add_data_option(parser: argparse.ArgumentParser) -> None:
    """--data: the articles that hand annotations (ids and offsets only) refer to."""
    parser.add_argument(
        "--data",
        metavar="DEV.jsonl",
        help="articles by id (default: ../shared/data/cnndm/dev.jsonl beside the checkout)",
    )


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "evaluate",
        aliases=["evaluate-highlights"],
        help="ROUGE of precis against Lead-3 and peer systems on a data set",
        description=(
            "Score precis highlights with ROUGE-1/2/Lsum F1 (rouge-score, Porter stemmer, one "
            "highlight per line) against each row's reference highlights, next to Lead-3 and "
            "every peer system in the rows' 'systems'. Also reports words per summary, "
            "articles/s (one process, precis only, model load excluded) and peak memory."
        ),
    )
    p.add_argument("data", metavar="DATA.jsonl", help="rows {id, article, highlights, systems?}")
    p.add_argument("--limit", type=int, default=None, metavar="N", help="only the first N rows")
    add_highlight_options(p)
    p.add_argument("--json", action="store_true", help="print the results as JSON")
    p.set_defaults(func=run)

    e = subparsers.add_parser(
        "evaluate-attribution",
        aliases=["evaluate-claims"],
        help="score claims against PolNeAR-style attributions",
        description=(
            "Precision/recall/F1 of source, cue and content spans (exact and >=50% token overlap) "
            "and speaker accuracy, on JSONL rows {id, text, attributions}."
        ),
    )
    e.add_argument("file", metavar="FILE.jsonl")
    e.add_argument("--limit", type=int, metavar="N", help="score only the first N rows")
    e.add_argument("--json", action="store_true", help="print the scores as JSON")
    e.add_argument(
        "--agreement",
        action="store_true",
        help=(
            "on the articles annotated more than once (same filename): score the annotators "
            "against each other (every ordered pair), then precis against each annotation, "
            "for the ceiling the data's own consistency sets"
        ),
    )
    e.set_defaults(func=run_evaluate_claims)

    f = subparsers.add_parser(
        "evaluate-facts",
        help="place and figure precision/recall against hand annotations",
        description="Score the facts stage on hand-annotated articles (ids and offsets only).",
    )
    f.add_argument("annotations", metavar="ANNOTATIONS.jsonl")
    _add_data_option(f)
    f.add_argument("--details", action="store_true", help="list every miss and false alarm")
    f.set_defaults(func=run_evaluate_facts)

    d = subparsers.add_parser(
        "evaluate-disputes",
        help="precision of the dispute detector against pairs judged by reading",
        description=(
            "Run the claims stage over every article of the data file and score the disputes it "
            "lists against judged pairs (ids and cue offsets only; see "
            "benchmarks/annotations/README.md)."
        ),
    )
    d.add_argument("annotations", metavar="ANNOTATIONS.jsonl")
    _add_data_option(d)
    d.add_argument("--limit", type=int, metavar="N", help="read only the first N articles")
    d.add_argument(
        "--unjudged", action="store_true", help="print the listed pairs nobody has judged yet"
    )
    d.set_defaults(func=run_evaluate_disputes)


def run(args: argparse.Namespace) -> int:
    from precis.evaluate.highlights import evaluate, format_table, read_rows

    rows = read_rows(args.data, args.limit)
    if not rows:
        raise InputError(f"{args.data}: no rows")
    result = evaluate(rows, highlight_settings(args), progress=True)
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print(format_table(result))
    return 0


def run_evaluate_claims(args: argparse.Namespace) -> int:
    from precis.evaluate.claims import agreement, evaluate, format_table

    path = Path(args.file)
    if not path.is_file():
        raise InputError(f"{args.file}: no such file")
    if args.limit is not None and args.limit < 1:
        raise SystemExit("precis evaluate-attribution: --limit must be at least 1")
    if not args.agreement:
        result = evaluate(path, limit=args.limit)
        if args.json:
            sys.stdout.write(json.dumps(result, indent=2) + "\n")
        else:
            sys.stdout.write(format_table(result) + "\n")
        return 0
    humans = agreement(path, limit=args.limit)
    if not humans["articles"]:
        raise InputError(f"{args.file}: no article is annotated more than once (same filename)")
    ours = evaluate(path, limit=args.limit, shared_only=True)
    if args.json:
        sys.stdout.write(json.dumps({"annotators": humans, "precis": ours}, indent=2) + "\n")
        return 0
    title = (
        f"Annotators against each other: {humans['articles']} articles annotated "
        f"{humans['annotations']} times, {humans['pairs']} ordered pairs"
    )
    sys.stdout.write(format_table(humans, title) + "\n\n")
    title = f"precis against each of those {ours['articles']} annotations"
    sys.stdout.write(format_table(ours, title) + "\n")
    return 0


def run_evaluate_facts(args: argparse.Namespace) -> int:
    from precis.evaluate.facts import default_data, evaluate, format_report

    data = Path(args.data) if args.data else default_data(Path(args.annotations))
    report = evaluate(Path(args.annotations), data)
    sys.stdout.write(format_report(report, details=args.details))
    return 0


def run_evaluate_disputes(args: argparse.Namespace) -> int:
    from precis.evaluate.disputes import evaluate, format_report
    from precis.evaluate.facts import default_data

    path = Path(args.annotations)
    if not path.exists():
        raise InputError(f"{path} not found")
    data = Path(args.data) if args.data else default_data(path)
    report = evaluate(path, data, args.limit)
    sys.stdout.write(format_report(report, unjudged=args.unjudged))
    return 0
