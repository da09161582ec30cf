"""A bounded pool of analysis processes with a time limit per job.

Why processes and not threads: spaCy holds the GIL for most of a parse, so threads would serialise
requests and a runaway parse could never be stopped. Each worker process loads the models once
(:func:`precis.server.worker.warm`) and then serves jobs over its own pipe. A job that runs past
the time limit gets its worker killed and replaced in the background (the replacement loads the
models again), so a pathological article costs one slot for a while, never the pool.

Waiting requests are bounded too: beyond ``max_queue`` waiters :meth:`AnalysisPool.submit` raises
:class:`PoolBusy` at once (the server answers 503 with Retry-After).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import multiprocessing as mp
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any

log = logging.getLogger("precis.server")

#: How long a new worker may take to load the models before it counts as failed.
START_TIMEOUT_S = 300.0


class PoolBusy(Exception):
    """Every worker is busy and the queue is full (or the wait for a worker ran out)."""


class JobTimeout(Exception):
    """The job ran past the time limit; its worker was killed and is being replaced."""


class WorkerFailed(Exception):
    """The worker died during the job (out of memory, a crash in native code)."""


def _serve(conn: Connection) -> None:
    """Worker process main loop: load models, say ready, answer jobs until told to stop."""
    from precis.server.worker import run_job, warm

    try:
        warm()
    except Exception as exc:  # reported to the parent, which logs it and retries later
        conn.send({"fatal": f"{type(exc).__name__}: {exc}"})
        return
    conn.send({"ready": True})
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        try:
            result = run_job(job)
        except Exception as exc:  # a bug in a stage: this job fails, the worker stays
            log.exception("analysis failed")
            result = {"internal_error": f"{type(exc).__name__}: {exc}"}
        conn.send(result)


@dataclass(eq=False)  # compared and hashed by identity (kept in a set)
class _Worker:
    process: BaseProcess
    conn: Connection

    def kill(self) -> None:
        with contextlib.suppress(OSError):
            self.conn.close()
        if self.process.is_alive():
            self.process.kill()
        self.process.join(timeout=5)


class AnalysisPool:
    """``workers`` processes, at most ``max_queue`` requests waiting, ``timeout`` s per job."""

    def __init__(self, workers: int = 1, max_queue: int = 8, timeout: float = 60.0) -> None:
        if workers < 1:
            raise ValueError("workers must be at least 1")
        self.workers = workers
        self.max_queue = max_queue
        self.timeout = timeout
        # spawn: a clean interpreter per worker (forking a process that runs an event loop and
        # threads can inherit held locks).
        self._ctx = mp.get_context("spawn")
        self._idle: asyncio.Queue[_Worker] | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        # Requests admitted (holding a worker or waiting for one) and those holding one. Both
        # change only on the event loop, with no await between a worker's return to the idle
        # queue and the decrement, so a client that posts again at once is never refused for a
        # slot its own previous request still seemed to hold.
        self._admitted = 0
        self._busy = 0
        self._closing = False
        # One thread per worker waits on its pipe; one more per replacement being started.
        self._threads = ThreadPoolExecutor(max_workers=2 * workers + 2, thread_name_prefix="pool")

    # -- life cycle ----------------------------------------------------------------------------

    def _start_worker(self) -> _Worker:
        """Start one process and wait until its models are loaded (blocking)."""
        parent, child = self._ctx.Pipe()
        proc = self._ctx.Process(target=_serve, args=(child,), daemon=True, name="precis-worker")
        proc.start()
        child.close()
        worker = _Worker(proc, parent)
        if not parent.poll(START_TIMEOUT_S):
            worker.kill()
            raise RuntimeError(f"worker did not load its models in {START_TIMEOUT_S:.0f} s")
        try:
            hello = parent.recv()
        except EOFError:
            worker.kill()
            raise RuntimeError("worker exited while loading its models") from None
        if "fatal" in hello:
            worker.kill()
            raise RuntimeError(f"worker could not load its models: {hello['fatal']}")
        with self._lock:
            self._all.add(worker)
        return worker

    async def start(self) -> None:
        """Start every worker (in parallel) and wait for all of them to be ready."""
        self._loop = asyncio.get_running_loop()
        self._idle = asyncio.Queue()
        started = await asyncio.gather(
            *(
                self._loop.run_in_executor(self._threads, self._start_worker)
                for _ in range(self.workers)
            )
        )
        for worker in started:
            self._idle.put_nowait(worker)

    def _replace(self, dead: _Worker) -> None:
        """Kill ``dead`` and start a replacement in the background (retrying while it fails)."""
        with self._lock:
            self._all.discard(dead)
        dead.kill()

        def run() -> None:
            delay = 1.0
            while not self._closing:
                try:
                    worker = self._start_worker()
                except Exception as exc:
                    log.error("could not start a replacement worker: %s; retrying", exc)
                    time.sleep(delay)
                    delay = min(delay * 2, 60.0)
                    continue
                if self._closing or self._loop is None or self._idle is None:
                    worker.kill()
                    return
                self._loop.call_soon_threadsafe(self._idle.put_nowait, worker)
                return

        self._threads.submit(run)

    async def close(self) -> None:
        self._closing = True
        with self._lock:
            workers = list(self._all)
            self._all.clear()
        for worker in workers:
            with contextlib.suppress(OSError, ValueError):
                worker.conn.send(None)
        await asyncio.get_running_loop().run_in_executor(None, self._reap, workers)
        self._threads.shutdown(wait=False, cancel_futures=True)

    @staticmethod
    def _reap(workers: list[_Worker]) -> None:
        for worker in workers:
            worker.process.join(timeout=2)
            worker.kill()

    # -- jobs ----------------------------------------------------------------------------------

    def status(self) -> dict[str, int]:
        idle = self._idle.qsize() if self._idle is not None else 0
        with self._lock:
            alive = sum(1 for w in self._all if w.process.is_alive())
        # A worker handed back but not yet taken by the waiter it woke is that waiter's already.
        waiting = max(0, self._admitted - self._busy - idle)
        return {"workers": self.workers, "ready": alive, "idle": idle, "waiting": waiting}

    def _exchange(self, worker: _Worker, job: dict[str, Any]) -> dict[str, Any]:
        """Send a job and wait for its answer, at most ``timeout`` seconds (blocking)."""
        try:
            worker.conn.send(job)
            if not worker.conn.poll(self.timeout):
                raise JobTimeout
            answer: dict[str, Any] = worker.conn.recv()
        except (EOFError, OSError, BrokenPipeError) as exc:
            raise WorkerFailed(str(exc) or type(exc).__name__) from exc
        return answer

    async def _take(self) -> _Worker:
        """An idle worker, counted busy in the same step it is taken (status stays exact)."""
        assert self._idle is not None
        worker = await self._idle.get()
        self._busy += 1
        return worker

    async def submit(self, job: dict[str, Any]) -> dict[str, Any]:
        """Run ``job`` on a free worker. Raises PoolBusy, JobTimeout or WorkerFailed.

        At most ``workers + max_queue`` requests are admitted at once (running or waiting);
        the next one is refused at once, so waiting is bounded in count and in time.
        """
        if self._idle is None or self._loop is None:
            raise RuntimeError("pool not started")
        if self._admitted >= self.workers + self.max_queue:
            raise PoolBusy("all workers are busy and the queue is full")
        self._admitted += 1
        try:
            try:
                # Waiting for a worker is bounded too: a queue that does not move means overload.
                worker = await asyncio.wait_for(self._take(), timeout=self.timeout)
            except TimeoutError:
                raise PoolBusy(f"no worker became free within {self.timeout:g} s") from None
            try:
                answer = await self._loop.run_in_executor(
                    self._threads, self._exchange, worker, job
                )
            except BaseException:
                # Over time, a dead worker, or cancelled while the worker computes (the client
                # went away: the answer would arrive late and be read by the next job), so this
                # worker cannot be reused.
                self._replace(worker)
                raise
            finally:
                self._busy -= 1
            self._idle.put_nowait(worker)
            return answer
        finally:
            self._admitted -= 1
