"""``precis claims FILE``: who said what (its evaluate command lives in cli/evaluate_cmd.py)."""

from __future__ import annotations

import argparse
import sys

from precis.cli.io import add_html_option, dump_json, read_article
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
    p.add_argument(
        "file", metavar="FILE", help="article text or HTML file, or - for standard input"
    )
    add_html_option(p)
    p.add_argument(
        "--format", choices=("text", "json"), default="text", help="text (default) or json"
    )
    p.set_defaults(func=run_claims)


def run_claims(args: argparse.Namespace) -> int:
    page = read_article(args.file, args.html)
    result = analyze(page["text"], title=page["title"], stages=("claims", "disputes"))
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
        out.write("Possible disputes (conflict model; claim numbers as above):\n")
    for d in result.disputes:
        a, b = d.claims
        out.write(
            f"  #{a + 1} vs #{b + 1}: {d.kind} ({d.score:.2f}), {d.detail} "
            f"(on: {', '.join(d.topic)})\n"
        )
    for w in result.warnings:
        print(f"precis: note: {w}", file=sys.stderr)
    return 0
