"""Analyse a stream of articles into a store with ``precis run``'s runner, before grouping.

Grouping reads only what the store holds, so an article already analysed there (same key) is not
parsed again; the CLI (``precis stories``) and the evaluator (``precis evaluate-stories``) share
this one entry point.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any


def default_stages() -> tuple[str, ...]:
    from precis.pipeline import DEFAULT_STAGES, available_stages

    available = available_stages()
    return tuple(s for s in DEFAULT_STAGES if s in available) or tuple(available)


def analyse_into(
    records: Iterable[dict[str, Any]],
    db: str,
    *,
    workers: int,
    chunk_size: int = 8,
    engine: str = "local",
    scheduler: str | None = None,
    progress: bool = False,
    total: int | None = None,
) -> tuple[list[str], Any]:
    """Analyse ``records`` into the store ``db`` (skipping what it holds) with ``precis run``'s
    runner; returns the records' keys in input order and the run's stats."""
    from precis.batch.runner import run as run_batch
    from precis.batch.sinks import StoreSink
    from precis.ingest.corpora import key_of

    keys: list[str] = []

    def tee() -> Iterator[dict[str, Any]]:
        for rec in records:
            keys.append(key_of(rec))
            yield rec

    stats = run_batch(
        tee(),
        StoreSink(db),
        stages=default_stages(),
        workers=workers,
        chunk_size=chunk_size,
        engine=engine,
        scheduler=scheduler,
        progress=progress,
        total=total,
    )
    return keys, stats
