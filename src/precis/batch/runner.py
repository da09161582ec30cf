"""Run the pipeline over a stream of records into a sink, resumably, on one or more processes.

Records are grouped into small chunks; each chunk is analysed by a worker (this process, a pool of
processes that each load spaCy once, or a Dask cluster) and written to the sink as one unit. The
local engine writes chunks in input order, so a JSONL output keeps the input order and what a
killed run leaves is always a prefix of the input.
"""

from __future__ import annotations

import multiprocessing
import time
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from typing import Any

from precis.batch.sinks import Sink
from precis.batch.worker import analyze_chunk, warm_up
from precis.ingest.corpora import key_of

Record = dict[str, Any]
#: A chunk whose worker process died this many times is recorded as failed (a poison article).
MAX_ATTEMPTS = 3


@dataclass
class RunStats:
    processed: int = 0
    failed: int = 0
    skipped: int = 0
    #: Skipped because an earlier run stored them, and that stored result is an error.
    skipped_failed: int = 0
    seconds: float = 0.0
    #: Peak RSS (MB) seen per worker process (keyed by a worker label).
    worker_rss_mb: dict[str, float] = field(default_factory=dict)

    def note_worker(self, meta: dict[str, Any]) -> None:
        label = str(meta.get("pid", "?"))
        self.worker_rss_mb[label] = max(self.worker_rss_mb.get(label, 0.0), float(meta["rss_mb"]))

    @property
    def rate(self) -> float:
        return self.processed / self.seconds if self.seconds > 0 else 0.0

    @property
    def any_failed(self) -> bool:
        return bool(self.failed or self.skipped_failed)


class Progress:
    """A tqdm bar (rate and ETA) when enabled, otherwise nothing."""

    def __init__(self, total: int | None, enabled: bool) -> None:
        self.bar: Any = None
        if enabled:
            from tqdm import tqdm

            self.bar = tqdm(total=total, unit="art", dynamic_ncols=True, smoothing=0.1)

    def update(self, n: int, stats: RunStats) -> None:
        if self.bar is not None:
            self.bar.update(n)
            self.bar.set_postfix(failed=stats.failed + stats.skipped_failed, refresh=False)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


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


def error_outputs(chunk: list[Record], message: str) -> list[Record]:
    from precis.batch.worker import _error_output

    return [_error_output(rec, message) for rec in chunk]


def record_outputs(
    outs: list[Record], chunk: list[Record], sink: Sink, stats: RunStats, progress: Progress
) -> None:
    sink.write(outs, chunk)
    stats.processed += len(outs)
    stats.failed += sum(1 for o in outs if o.get("error"))
    progress.update(len(outs), stats)


def _run_inline(
    todo: Iterator[list[Record]],
    sink: Sink,
    stats: RunStats,
    progress: Progress,
    stages: Sequence[str],
    options: dict[str, Any],
) -> None:
    warm_up(stages)
    for chunk in todo:
        outs, meta = analyze_chunk(chunk, stages, options)
        stats.note_worker(meta)
        record_outputs(outs, chunk, sink, stats, progress)


def _run_pool(
    todo: Iterator[list[Record]],
    sink: Sink,
    stats: RunStats,
    progress: Progress,
    stages: Sequence[str],
    options: dict[str, Any],
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
                window.append((chunk, pool.submit(analyze_chunk, chunk, stages, options), 1))
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
                        window.append((c, pool.submit(analyze_chunk, c, stages, options), n))
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
    options: dict[str, Any] | None = None,
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
    opts = dict(options or {})
    start = time.perf_counter()
    complete = False
    try:
        if engine == "dask":
            from precis.batch.dask_engine import run_dask

            run_dask(todo, sink, stats, bar, stages, opts, scheduler, workers)
        elif workers <= 1:
            _run_inline(todo, sink, stats, bar, stages, opts)
        else:
            _run_pool(todo, sink, stats, bar, stages, opts, workers)
        complete = True
    finally:
        stats.seconds = time.perf_counter() - start
        bar.close()
        sink.close(complete)
    return stats
