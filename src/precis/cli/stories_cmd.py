"""``precis stories INPUT... --out stories.db``: analyse a corpus (as ``precis run``), group it into
stories and write their cards; ``precis evaluate-stories``: grouping and card benchmarks.

The story helpers here (:func:`print_card`, :func:`print_story_hits`, :func:`export_cards`) are what
``precis show`` / ``search`` / ``export`` call for stories.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from precis.cli.io import add_corpus_options, add_engine_options, check_corpus_args, corpus_records
from precis.errors import InputError

DEFAULT_OUT = "stories.db"


def _add_settings(p: argparse.ArgumentParser) -> None:
    from precis.stories.settings import StorySettings

    d = StorySettings()
    p.add_argument(
        "--threshold",
        type=float,
        default=d.threshold,
        metavar="X",
        help=f"similarity an article needs to join a story ({d.threshold})",
    )
    p.add_argument(
        "--half-life",
        type=float,
        default=d.half_life_days,
        metavar="DAYS",
        help="time decay: similarity halves per DAYS outside a story's dates "
        f"({d.half_life_days:g})",
    )


def _settings(args: argparse.Namespace) -> Any:
    from dataclasses import replace

    from precis.stories.settings import StorySettings

    if not 0 < args.threshold < 1:
        raise InputError("--threshold must be between 0 and 1")
    if args.half_life <= 0:
        raise InputError("--half-life must be positive")
    return replace(StorySettings(), threshold=args.threshold, half_life_days=args.half_life)


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "stories",
        help="group a corpus into stories (one per event) and write their cards",
        description=(
            "Analyse every article of INPUT as 'precis run' does (articles already in the store "
            "are not analysed again), then group them, in input order, into stories: each article "
            "joins the most similar recent story or starts one. A rerun with new articles adds "
            "them to the existing stories; story ids never change. Exit status: 0 all grouped, "
            "1 some articles failed (kept with their error, in no story), 2 usage or input error."
        ),
    )
    p.add_argument(
        "--out",
        default=DEFAULT_OUT,
        metavar="PATH",
        help="NAME.db: the store (analyses, stories, cards; default stories.db); NAME.jsonl or "
        "NAME.parquet: write the cards of the input's stories there (the store is --store)",
    )
    p.add_argument(
        "--store",
        metavar="DB",
        help="store to use when --out is a card file (default stories.db)",
    )
    add_corpus_options(p)
    add_engine_options(p)
    p.add_argument(
        "--commit-every",
        type=int,
        default=200,
        metavar="N",
        help="articles grouped per store transaction (200); a killed run loses at most these, "
        "and a rerun regroups them exactly as before",
    )
    _add_settings(p)
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar or summary")
    p.set_defaults(func=run_stories)

    e = subparsers.add_parser(
        "evaluate-stories",
        help="story grouping (B-cubed on ECB+) and cards (ROUGE on AllSides roundups)",
        description=(
            "Analyse the dev files (cached in --work), group ECB+ pooled (no topic given) and "
            "score B-cubed P/R/F1 against the gold events; group it in two halves and compare "
            "with the whole; write a card for each AllSides story from its outlets' title and "
            "lead and score ROUGE against the human roundup. Figures print beside the floors."
        ),
    )
    e.add_argument(
        "--ecb", default="../shared/data/stories/ecbplus_dev.jsonl", metavar="PATH", help="ECB+"
    )
    e.add_argument(
        "--allsides",
        default="../shared/data/stories/allsides_dev.jsonl",
        metavar="PATH",
        help="AllSides stories",
    )
    e.add_argument(
        "--work",
        default=".precis-eval",
        metavar="DIR",
        help="where the analyses are cached between runs (.precis-eval)",
    )
    e.add_argument("--limit", type=int, metavar="N", help="only the first N AllSides stories")
    e.add_argument("--skip", choices=("ecb", "allsides"), action="append", default=[])
    e.add_argument("-j", "--workers", type=int, default=os.cpu_count() or 1, metavar="N")
    e.add_argument("--format", choices=("text", "json"), default="text")
    _add_settings(e)
    e.set_defaults(func=run_evaluate)


def run_stories(args: argparse.Namespace) -> int:
    from precis.ingest.corpora import count_records
    from precis.store.db import Store
    from precis.store.stories import StoryStore
    from precis.stories.analyse import analyse_into
    from precis.stories.build import group_store

    settings = _settings(args)
    check_corpus_args(args, "--commit-every")
    lower = args.out.lower()
    card_file = lower.endswith((".jsonl", ".ndjson", ".parquet"))
    db = (args.store or DEFAULT_OUT) if card_file else args.out
    if args.store and not card_file:
        raise InputError("--store is for --out CARDS.jsonl|.parquet; with a .db --out it is --out")
    # Before minutes of analysis: a place we cannot write is the user's to fix, said plainly.
    _check_writable(db, "the store")
    if card_file:
        _check_writable(args.out, "--out")
    show = not args.quiet and sys.stderr.isatty()
    keys, run_stats = analyse_into(
        corpus_records(args),
        db,
        workers=args.workers,
        chunk_size=args.chunk_size,
        engine=args.engine,
        scheduler=args.scheduler,
        progress=show,
        total=count_records(args.inputs) if show else None,
    )
    with Store(db) as store:
        stats = group_store(store, keys, settings, chunk_size=args.commit_every)
        ss = StoryStore(store)
        n_stories, n_members = ss.count()
        if card_file:
            wanted = set(keys)
            sids = {
                sid
                for key, sid in store.db.execute("SELECT key, story FROM story_members")
                if key in wanted and sid
            }
            cards = (c for c in ss.cards() if c["id"] in sids)
            n = export_cards(cards, args.out)
    if not args.quiet:
        if stats.undated:
            print(
                f"precis: warning: {stats.undated} articles have no date: grouped on content alone",
                file=sys.stderr,
            )
        for err in stats.errors[:5]:
            print(f"precis: not grouped: {err}", file=sys.stderr)
        print(
            f"precis: {run_stats.processed} analysed, {run_stats.skipped} already analysed; "
            f"{stats.grouped} grouped ({stats.new_stories} new stories), {stats.already} already "
            f"grouped, {stats.duplicates} duplicates, {stats.failed} failed; the store holds "
            f"{n_stories} stories of {n_members} articles -> {db}"
            + (f"; {n} cards -> {args.out}" if card_file else ""),
            file=sys.stderr,
        )
    return 1 if stats.failed or run_stats.any_failed else 0


def _check_writable(path: str, what: str) -> None:
    """InputError unless ``path`` can be written (created in an existing, writable folder, or an
    existing writable file). A read-only store that needs no write is still refused: grouping
    always records its progress."""
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise InputError(f"{what} {path}: {folder} is not an existing folder; nothing was changed")
    if target.is_dir():
        raise InputError(f"{what} {path}: is a folder; nothing was changed")
    if target.exists() and not os.access(target, os.W_OK):
        raise InputError(f"{what} {path}: the file is not writable; nothing was changed")
    if not os.access(folder, os.W_OK | os.X_OK):
        # SQLite needs the folder too (its -wal and -shm files), and card files are written
        # through a temporary file beside the target.
        raise InputError(f"{what} {path}: folder {folder} is not writable; nothing was changed")


# -- used by precis show / search / export ----------------------------------------------------


def story_card(db: str, ident: str) -> dict[str, Any] | None:
    """The card of story ``ident`` in store ``db`` (None when it is no story id)."""
    from precis.store.db import Store
    from precis.store.stories import StoryStore

    with Store(db, create=False) as store:
        if not StoryStore.present(store):
            return None
        ss = StoryStore(store)
        return ss.card(ident) if ss.is_story(ident) else None


def print_card(card: dict[str, Any], out: IO[str]) -> None:
    """A card as text: title, members, highlights, who says what, figures, places, disputes."""
    out.write(f"{card['id']}: {card.get('title') or ''}\n")
    for m in card.get("members") or []:
        bits = [b for b in (m.get("outlet"), m.get("published")) if b]
        extra = f" ({', '.join(bits)})" if bits else ""
        out.write(f"  - {m['id']}{extra}: {m.get('title') or ''}\n")
    for h in card.get("highlights") or []:
        also = f"  (also in {', '.join(h['also_in'])})" if h.get("also_in") else ""
        out.write(f"• {h['text']}  [{h['article']}]{also}\n")
    for g in (card.get("claims") or [])[:8]:
        out.write(f"{g['speaker']}:\n")
        for c in g["claims"][:4]:
            out.write(f"    {c['text']}  [{c['article']}]\n")
    for f in (card.get("figures") or [])[:8]:
        vals = "; ".join(f"{v['text']} [{v['article']}]" for v in f["values"])
        flag = "  (sources differ)" if f.get("differs") else ""
        out.write(f"# {f['what']}: {vals}{flag}\n")
    if card.get("places"):
        out.write("places: " + ", ".join(str(p["name"]) for p in card["places"][:12]) + "\n")
    for d in card.get("disputes") or []:
        a, b = d["claims"][:2]
        out.write(f"! {a.get('speaker')}: {a['text']}  <>  {b.get('speaker')}: {b['text']}\n")
    for w in card.get("warnings") or []:
        out.write(f"warning: {w}\n")


def print_story_hits(db: str, query: str, limit: int, fmt: str, out: IO[str]) -> int:
    from precis.cli.io import dump_json
    from precis.store.db import Store
    from precis.store.stories import StoryStore

    with Store(db, create=False) as store:
        hits = StoryStore(store).search(query, limit=limit) if StoryStore.present(store) else []
    if fmt == "json":
        out.write(dump_json(hits) + "\n")
        return len(hits)
    for hit in hits:
        snippet = " / ".join(hit["snippet"].split("\n"))
        out.write(f"{hit['id']}  {hit['title']}  ({hit['size']} articles)\n    {snippet}\n")
    return len(hits)


def export_cards(cards: Iterable[dict[str, Any]], out: str | IO[str]) -> int:
    """Cards as JSONL (a path or an open file) or Parquet (a ``.parquet`` path)."""
    from precis.store.export import dump_line
    from precis.store.stories import export_cards_parquet

    if isinstance(out, str) and out.lower().endswith(".parquet"):
        return export_cards_parquet(cards, out)
    n = 0
    if isinstance(out, str):
        path = Path(out)
        tmp = path.with_name(f".{path.name}.tmp")
        with tmp.open("w", encoding="utf-8") as fh:
            for card in cards:
                fh.write(dump_line(card))
                n += 1
        os.replace(tmp, path)
        return n
    for card in cards:
        out.write(dump_line(card))
        n += 1
    return n


def all_cards(db: str) -> Iterator[dict[str, Any]]:
    from precis.store.db import Store
    from precis.store.stories import StoryStore

    with Store(db, create=False) as store:
        if not StoryStore.present(store):
            raise InputError(f"{db}: no stories (make them: 'precis stories ... --out {db}')")
        yield from StoryStore(store).cards()


def run_evaluate(args: argparse.Namespace) -> int:
    from precis.evaluate.stories import evaluate_allsides, evaluate_ecb, report

    settings = _settings(args)
    if args.limit is not None and args.limit < 1:
        raise InputError("--limit must be at least 1")
    results: dict[str, Any] = {}
    Path(args.work).mkdir(parents=True, exist_ok=True)
    if "ecb" not in args.skip:
        if not os.path.exists(args.ecb):
            raise InputError(f"{args.ecb}: no such file (or --skip ecb)")
        results["ecb"] = evaluate_ecb(args.ecb, args.work, settings, workers=args.workers)
    if "allsides" not in args.skip:
        if not os.path.exists(args.allsides):
            raise InputError(f"{args.allsides}: no such file (or --skip allsides)")
        results["allsides"] = evaluate_allsides(
            args.allsides, args.work, settings, workers=args.workers, limit=args.limit
        )
    if args.format == "json":
        from precis.cli.io import dump_json

        sys.stdout.write(dump_json(results) + "\n")
    else:
        sys.stdout.write(report(results))
    return 0
