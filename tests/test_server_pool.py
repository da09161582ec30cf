"""Admission of the analysis pool: bounded, exact, and fair to clients that post back to back.

The worker processes are replaced by an in-process stand-in (no models load): what is tested is
the pool's accounting, which the load test (scripts/loadtest.py) exercises over HTTP.
"""

from __future__ import annotations

import asyncio
import time
from typing import Any

import pytest

from precis.server.pool import AnalysisPool, PoolBusy


def fake_pool(monkeypatch: pytest.MonkeyPatch, workers: int, max_queue: int) -> AnalysisPool:
    pool = AnalysisPool(workers=workers, max_queue=max_queue, timeout=30)
    pool._loop = asyncio.get_running_loop()
    pool._idle = asyncio.Queue()
    for _ in range(workers):
        pool._idle.put_nowait(object())

    def exchange(worker: object, job: dict[str, Any]) -> dict[str, Any]:
        time.sleep(job.get("seconds", 0.02))
        return {"ok": job["i"]}

    monkeypatch.setattr(pool, "_exchange", exchange)
    return pool


def test_overload_is_refused_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    async def scenario() -> list[Any]:
        pool = fake_pool(monkeypatch, workers=1, max_queue=2)
        jobs = [pool.submit({"i": i, "seconds": 0.2}) for i in range(10)]
        return await asyncio.gather(*jobs, return_exceptions=True)

    t = time.monotonic()
    out = asyncio.run(scenario())
    ok = [o for o in out if isinstance(o, dict)]
    busy = [o for o in out if isinstance(o, PoolBusy)]
    assert len(ok) == 3 and len(busy) == 7  # one running, two waiting, the rest refused
    assert time.monotonic() - t < 2.0


@pytest.mark.parametrize(("workers", "max_queue"), [(1, 2), (2, 2), (1, 0)])
def test_clients_posting_back_to_back_within_the_limit_are_never_refused(
    monkeypatch: pytest.MonkeyPatch, workers: int, max_queue: int
) -> None:
    """workers + max_queue clients, each sending its next job the moment it has an answer:
    never a 503, and the reported queue never exceeds max_queue."""

    async def scenario() -> tuple[int, int, int]:
        pool = fake_pool(monkeypatch, workers=workers, max_queue=max_queue)
        refused = 0
        most_waiting = 0
        done = asyncio.Event()

        async def client(c: int) -> None:
            nonlocal refused
            for i in range(15):
                try:
                    await pool.submit({"i": (c, i), "seconds": 0.005})
                except PoolBusy:
                    refused += 1

        async def watch() -> None:
            nonlocal most_waiting
            while not done.is_set():
                most_waiting = max(most_waiting, pool.status()["waiting"])
                await asyncio.sleep(0)

        watcher = asyncio.ensure_future(watch())
        await asyncio.gather(*(client(c) for c in range(workers + max_queue)))
        done.set()
        await watcher
        return refused, most_waiting, pool._admitted

    refused, most_waiting, admitted = asyncio.run(scenario())
    assert refused == 0
    assert most_waiting <= max_queue
    assert admitted == 0
