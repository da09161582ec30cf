"""``precis run INPUT... --out RESULTS``: analyse a corpus, resumably, on every core."""

from __future__ import annotations

import argparse
import sys

from precis.cli.io import (
    add_corpus_options,
    add_engine_options,
    add_highlight_options,
    check_corpus_args,
    corpus_records,
    highlight_settings,
)
from precis.errors import InputError
from precis.ingest.corpora import count_records

DEFAULT_OUT = "results.db"


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "run",
        help="analyse a corpus into a store, JSONL or Parquet (resumable)",
        description=(
            "Analyse every article of INPUT (files, directories, '-' for standard input; JSONL, "
            "CSV, TSV, text, HTML, WARC, any of them gzip-compressed) and write one result per "
            "article. A rerun with the same --out skips the articles already done, so an "
            "interrupted run can simply be started again. Exit status: 0 all analysed, 1 some "
            "articles failed (their errors are in the output), 2 usage or input error."
        ),
    )
    p.add_argument(
        "--out",
        default=DEFAULT_OUT,
        metavar="PATH",
        help="results: NAME.db (SQLite store, default results.db), NAME.jsonl or NAME.parquet",
    )
    add_corpus_options(p)
    p.add_argument(
        "--stages",
        metavar="S,S",
        help="analysis stages to run, comma-separated; the stages they require run too "
        "(default: all built-in; 'precis stages' lists them)",
    )
    add_highlight_options(p)
    add_engine_options(p)
    p.add_argument(
        "--retry-errors",
        action="store_true",
        help="with a store: analyse again the articles whose stored result is an error",
    )
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar or summary")
    p.set_defaults(func=run)


def _stages(arg: str | None) -> tuple[str, ...]:
    from precis.pipeline import DEFAULT_STAGES, available_stages

    available = available_stages()
    if not arg:
        # The default set, minus stages not present in this build.
        return tuple(s for s in DEFAULT_STAGES if s in available) or tuple(available)
    wanted = tuple(s.strip() for s in arg.split(",") if s.strip())
    unknown = [s for s in wanted if s not in available]
    if unknown:
        raise InputError(
            f"unknown stage(s): {', '.join(unknown)}; available: {', '.join(available)}"
        )
    return wanted


def run(args: argparse.Namespace) -> int:
    from precis.batch.runner import run as run_batch
    from precis.batch.sinks import open_sink

    check_corpus_args(args)
    if args.inputs.count("-") > 1:
        raise InputError("standard input (-) can be read only once")
    stages = _stages(args.stages)
    records = corpus_records(args)
    show = not args.quiet and sys.stderr.isatty()
    total = count_records(args.inputs) if show else None
    try:
        sink = open_sink(args.out, retry_errors=args.retry_errors)
    except OSError as exc:
        raise InputError(f"{args.out}: cannot write: {exc.strerror or exc}") from exc
    stats = run_batch(
        records,
        sink,
        stages=stages,
        settings=highlight_settings(args),
        workers=args.workers,
        chunk_size=args.chunk_size,
        engine=args.engine,
        scheduler=args.scheduler,
        progress=show,
        total=total,
    )
    if not args.quiet:
        failed = stats.failed + stats.skipped_failed
        rss = max(stats.worker_rss_mb.values(), default=0.0)
        print(
            f"precis: {stats.processed} analysed, {stats.skipped} already done, {failed} failed; "
            f"{stats.rate:.1f} articles/s; peak {rss:.0f} MB per worker -> {args.out}",
            file=sys.stderr,
        )
    return 1 if stats.any_failed else 0
