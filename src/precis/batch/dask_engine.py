"""Run chunks on a Dask cluster; results stream back into the sink as they finish.

Each Dask worker loads spaCy once: the :class:`PrecisModels` worker plugin warms it up when the
worker joins, and :mod:`precis.nlp` keeps it for the life of the process. Results are written the
moment each chunk completes (completion order, not input order), so a client that crashes loses
nothing already finished; a rerun skips it.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from distributed import Client, LocalCluster, WorkerPlugin, as_completed

from precis.batch.progress import Progress, Record, RunStats, error_outputs, record_outputs
from precis.batch.sinks import Sink
from precis.batch.worker import analyze_chunk, warm_up
from precis.stages import Settings


class PrecisModels(WorkerPlugin):
    """Load the spaCy pipeline and the stage modules when a worker starts (or joins later)."""

    name = "precis-models"

    def __init__(self, stages: Sequence[str]) -> None:
        self.stages = tuple(stages)

    def setup(self, worker: Any) -> None:
        warm_up(self.stages)


def connect(scheduler: str | None, workers: int) -> tuple[Client, LocalCluster | None]:
    """A client of the cluster at ``scheduler``, or of a local cluster of ``workers`` processes."""
    if scheduler:
        return Client(scheduler), None
    cluster = LocalCluster(
        n_workers=max(1, workers), threads_per_worker=1, processes=True, dashboard_address=None
    )
    return Client(cluster), cluster


def run_dask(
    todo: Iterator[list[Record]],
    sink: Sink,
    stats: RunStats,
    progress: Progress,
    stages: Sequence[str],
    settings: Settings,
    scheduler: str | None,
    workers: int,
) -> None:
    client, cluster = connect(scheduler, workers)
    try:
        client.register_plugin(PrecisModels(stages))
        threads = sum(w.get("nthreads", 1) for w in client.scheduler_info()["workers"].values())
        # Enough chunks queued to keep every worker thread busy, few enough to bound memory and
        # the work a client crash throws away.
        limit = 2 * max(1, threads) + 2
        inflight: dict[Any, list[Record]] = {}
        queue = as_completed()

        def fill() -> None:
            while len(inflight) < limit:
                chunk = next(todo, None)
                if chunk is None:
                    return
                fut = client.submit(analyze_chunk, chunk, tuple(stages), settings, pure=False)
                inflight[fut.key] = chunk
                queue.add(fut)

        fill()
        for fut in queue:
            chunk = inflight.pop(fut.key)
            try:
                outs, meta = fut.result()
                stats.note_worker(meta)
            except Exception as exc:  # KilledWorker after Dask's own retries, or a lost worker
                outs = error_outputs(chunk, f"Dask task failed: {type(exc).__name__}: {exc}")
            record_outputs(outs, chunk, sink, stats, progress)
            fut.release()
            fill()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
