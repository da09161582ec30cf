"""Run bookkeeping shared by the batch engines: the record type, run statistics, the progress bar
and how a chunk's outputs are recorded. Its own module so that the local runner and the Dask engine
both use it without importing each other.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from precis.batch.sinks import Sink
from precis.batch.worker import error_output

Record = dict[str, Any]


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


def error_outputs(chunk: list[Record], message: str) -> list[Record]:
    return [error_output(rec, message) for rec in chunk]


def record_outputs(
    outs: list[Record], chunk: list[Record], sink: Sink, stats: RunStats, progress: Progress
) -> None:
    sink.write(outs, chunk)
    stats.processed += len(outs)
    stats.failed += sum(1 for o in outs if o.get("error"))
    progress.update(len(outs), stats)
