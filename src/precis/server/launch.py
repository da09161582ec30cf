"""Start ``precis serve`` in a subprocess on a free loopback port and wait until it answers.

For programs that drive a real server from outside (the load test, the HTTP API tests, the page
benchmark). Standard library only: it neither imports the app nor needs an HTTP client package.
"""

from __future__ import annotations

import http.client
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO


class ServerStartError(RuntimeError):
    """``precis serve`` exited, or did not answer /healthz in time."""


@dataclass(frozen=True)
class Served:
    """A running ``precis serve``: its base URL (``http://127.0.0.1:PORT``) and its process."""

    base: str
    proc: subprocess.Popen[bytes]


def free_port() -> int:
    """A TCP port free on 127.0.0.1 now (the OS picks it)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _healthy(base: str) -> bool:
    try:
        with urllib.request.urlopen(base + "/healthz", timeout=2) as r:
            return bool(r.status == 200)
    except (OSError, http.client.HTTPException):  # refused, reset, timed out, not 200 (yet)
        return False


@contextmanager
def serve_subprocess(
    serve_args: Sequence[str] = (),
    *,
    log: Path | None = None,
    start_timeout: float = 240.0,
    stop_timeout: float = 20.0,
) -> Iterator[Served]:
    """Run ``precis serve --port PORT SERVE_ARGS`` until the block ends; yield it once /healthz
    answers 200.

    Its output goes to ``log`` (discarded without one); the log's tail is in the
    :class:`ServerStartError` raised when it exits early or is not up within ``start_timeout``
    seconds (model loading takes minutes on a loaded machine). At the end it is terminated, and
    killed if it has not exited ``stop_timeout`` seconds later.
    """
    port = free_port()
    cmd = [sys.executable, "-m", "precis.cli.main", "serve", "--port", str(port), *serve_args]
    out: IO[bytes] | int = open(log, "wb") if log else subprocess.DEVNULL  # noqa: SIM115
    try:
        proc = subprocess.Popen(
            cmd, stdout=out, stderr=subprocess.STDOUT, env={**os.environ, "PYTHONUNBUFFERED": "1"}
        )
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + start_timeout
            while not _healthy(base):
                if proc.poll() is not None:
                    tail = log.read_text(errors="replace")[-3000:] if log else ""
                    raise ServerStartError(f"precis serve exited with {proc.returncode}\n{tail}")
                if time.monotonic() > deadline:
                    raise ServerStartError(
                        f"precis serve did not answer within {start_timeout:.0f} s"
                    )
                time.sleep(0.5)
            yield Served(base, proc)
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=stop_timeout)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
    finally:
        if not isinstance(out, int):
            out.close()
