"""``precis claims FILE`` (who said what) and ``precis evaluate-attribution FILE.jsonl``."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from precis.cli.io import dump_json, read_input
from precis.errors import InputError
from precis.pipeline import analyze


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "claims",
        help="who said what in one article",
        description=(
            "Print the attributed claims of one article, grouped by speaker, then the pairs of "
            "claims that dispute each other."
        ),
    )
    p.add_argument("file", metavar="FILE", help="article text file, or - for standard input")
    p.add_argument(
        "--format", choices=("text", "json"), default="text", help="text (default) or json"
    )
    p.set_defaults(func=run_claims)

    e = subparsers.add_parser(
        "evaluate-attribution",
        help="score claims against PolNeAR-style attributions",
        description=(
            "Precision/recall/F1 of source, cue and content spans (exact and >=50%% token overlap) "
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
    e.set_defaults(func=run_evaluate)

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
    d.add_argument(
        "--data",
        metavar="DEV.jsonl",
        help="articles by id (default: ../shared/data/cnndm/dev.jsonl beside the checkout)",
    )
    d.add_argument("--limit", type=int, metavar="N", help="read only the first N articles")
    d.add_argument(
        "--unjudged", action="store_true", help="print the listed pairs nobody has judged yet"
    )
    d.set_defaults(func=run_evaluate_disputes)


def run_claims(args: argparse.Namespace) -> int:
    result = analyze(read_input(args.file), stages=("claims",))
    text = result.article.text
    if args.format == "json":
        doc = {
            "claims": [c.to_dict() for c in result.claims],
            "speakers": [s.to_dict() for s in result.speakers],
            "disputes": [d.to_dict() for d in result.disputes],
            "warnings": result.warnings,
        }
        sys.stdout.write(dump_json(doc) + "\n")
        return 0
    out = sys.stdout
    groups: dict[str | None, list[int]] = {}
    for i, c in enumerate(result.claims):
        groups.setdefault(c.speaker_id, []).append(i)
    names = {s.id: s for s in result.speakers}
    for sid, idxs in groups.items():
        sp = names.get(sid) if sid else None
        if sp is None:
            out.write("(unresolved speaker)\n")
        else:
            extra = ", ".join(x for x in (sp.role, sp.affiliation) if x)
            out.write(f"{sp.name}" + (f" ({extra})" if extra else "") + f" [frame: {sp.label}]\n")
        for i in idxs:
            c = result.claims[i]
            said = text[c.cue[0] : c.cue[1]]
            content = " … ".join(" ".join(text[s:e].split()) for s, e in c.content)
            src = " ".join(text[c.source[0] : c.source[1]].split()) if c.source else "?"
            # In the article's order: "According to X", "said X" read cue first.
            if c.source and c.cue[0] < c.source[0]:
                who = f"{said} {src}"
            elif said.split()[0].lower().endswith("ing"):  # "he, adding:" not "he adding:"
                who = f"{src}, {said}"
            else:
                who = f"{src} {said}"
            out.write(f"  #{i + 1} [{c.kind}] {who}: {content}\n")
        out.write("\n")
    if not result.claims:
        out.write("no attributed claims found\n")
    if result.disputes:
        out.write("Possible disputes (word rules: check them; claim numbers as above):\n")
    for d in result.disputes:
        a, b = d.claims
        out.write(f"  #{a + 1} vs #{b + 1}: {d.reason}, {d.detail} (on: {', '.join(d.topic)})\n")
    for w in result.warnings:
        print(f"precis: note: {w}", file=sys.stderr)
    return 0


def run_evaluate(args: argparse.Namespace) -> int:
    from precis.evaluate.attribution import agreement, evaluate, format_table

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
