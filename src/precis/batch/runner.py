"""Run the pipeline over a stream of records into a sink, resumably, on one or more processes.

Records are grouped into small chunks; each chunk is analysed by a worker (this process, a pool of
processes that each load spaCy once, or a Dask cluster) and written to the sink as one unit. The
local engine writes chunks in input order, so a JSONL output keeps the input order and what a
killed run leaves is always a prefix of the input.
"""

from __future__ import annotations

import itertools
import multiprocessing
import time
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from precis.batch.progress import Progress, Record, RunStats, error_outputs, record_outputs
from precis.batch.sinks import Sink
from precis.batch.worker import analyze_chunk, warm_up
from precis.ingest.corpora import key_of
from precis.stages import Settings

#: A chunk whose worker process died this many times is recorded as failed (a poison article).
MAX_ATTEMPTS = 3


def chunks(
    records: Iterable[Record], sink: Sink, stats: RunStats, progress: Progress, size: int
) -> Iterator[list[Record]]:
    """Chunks of records still to do; records an earlier run wrote are counted and skipped."""
    done = sink.prior()
    chunk: list[Record] = []
    for rec in records:
        rec["key"] = key_of(rec)
        if done.take(rec["key"]):
            stats.skipped += 1
            stats.skipped_failed += rec["key"] in done.errors
            progress.update(1, stats)
            continue
        chunk.append(rec)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _run_inline(
    todo: Iterator[list[Record]],
    sink: Sink,
    stats: RunStats,
    progress: Progress,
    stages: Sequence[str],
    settings: Settings,
) -> None:
    warm_up(stages)
    for chunk in todo:
        outs, meta = analyze_chunk(chunk, stages, settings)
        stats.note_worker(meta)
        record_outputs(outs, chunk, sink, stats, progress)


def _run_pool(
    todo: Iterator[list[Record]],
    sink: Sink,
    stats: RunStats,
    progress: Progress,
    stages: Sequence[str],
    settings: Settings,
    workers: int,
) -> None:
    # spawn, not fork: the parent may hold SQLite handles and tqdm's thread.
    ctx = multiprocessing.get_context("spawn")

    def new_pool() -> ProcessPoolExecutor:
        return ProcessPoolExecutor(
            workers, mp_context=ctx, initializer=warm_up, initargs=(tuple(stages),)
        )

    pool = new_pool()
    window: deque[tuple[list[Record], Future[Any], int]] = deque()
    try:
        while True:
            while len(window) < 2 * workers:
                chunk = next(todo, None)
                if chunk is None:
                    break
                window.append((chunk, pool.submit(analyze_chunk, chunk, stages, settings), 1))
            if not window:
                return
            chunk, fut, attempts = window.popleft()
            try:
                outs, meta = fut.result()
            except BrokenProcessPool:
                # A worker died (OOM killer, segfault). Every chunk in flight is lost with the
                # pool: start a new one and resubmit them, giving up on a chunk after MAX_ATTEMPTS.
                pool.shutdown(wait=False, cancel_futures=True)
                pool = new_pool()
                lost = [(chunk, attempts), *((c, a) for c, _, a in window)]
                window.clear()
                for c, a in lost:
                    if a >= MAX_ATTEMPTS and c is chunk:
                        msg = "worker process died while analysing this chunk of articles"
                        record_outputs(error_outputs(c, msg), c, sink, stats, progress)
                    else:
                        n = a + 1 if c is chunk else a
                        window.append((c, pool.submit(analyze_chunk, c, stages, settings), n))
                continue
            stats.note_worker(meta)
            record_outputs(outs, chunk, sink, stats, progress)
    finally:
        pool.shutdown(wait=False, cancel_futures=True)


def run(
    records: Iterable[Record],
    sink: Sink,
    *,
    stages: Sequence[str],
    settings: Settings | None = None,
    workers: int = 1,
    chunk_size: int = 8,
    engine: str = "local",
    scheduler: str | None = None,
    progress: bool = False,
    total: int | None = None,
) -> RunStats:
    """Analyse ``records`` into ``sink``; returns counts. The sink is closed on return."""
    stats = RunStats()
    bar = Progress(total, progress)
    todo = chunks(records, sink, stats, bar, chunk_size)
    settings = settings or Settings()
    start = time.perf_counter()
    complete = False
    try:
        # Peek: when every record is already stored (a resumed or repeated run) no model is
        # loaded and no worker started.
        first = next(todo, None)
        if first is not None:
            todo = itertools.chain([first], todo)
            if engine == "dask":
                from precis.batch.dask_engine import run_dask

                run_dask(todo, sink, stats, bar, stages, settings, scheduler, workers)
            elif workers <= 1:
                _run_inline(todo, sink, stats, bar, stages, settings)
            else:
                _run_pool(todo, sink, stats, bar, stages, settings, workers)
        complete = True
    finally:
        stats.seconds = time.perf_counter() - start
        bar.close()
        sink.close(complete)
    return stats
