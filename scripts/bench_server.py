"""POST /v1/analyze latency against the library's own time on the same articles.

Starts ``precis serve`` (one worker) on a free loopback port, analyses the first N articles of a
JSONL file (``text`` or ``article``, ``title``?) through the library in this process and through
the server (after a warm-up of both), alternately article by article and one request at a time,
and prints p50/p90 of both and their ratio.
The issue's target: server p50 <= 1.3 x library p50.

    python scripts/bench_server.py ../shared/data/cnndm/dev.jsonl -n 50
"""

from __future__ import annotations

import argparse
import json
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx


def rows(path: Path, n: int) -> list[dict[str, Any]]:
    out = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            text = rec.get("text") or rec.get("article") or ""  # CNN/DM rows: "article"
            if text.strip():
                out.append({"text": text, "title": rec.get("title")})
            if len(out) >= n:
                break
    return out


def pct(xs: list[float], q: float) -> float:
    return statistics.quantiles(xs, n=100, method="inclusive")[int(q) - 1] if len(xs) > 1 else xs[0]


def library_time(article: dict[str, Any]) -> float:
    from precis.pipeline import analyze

    t = time.perf_counter()
    try:
        analyze(article["text"], title=article["title"])
    except Exception as exc:  # an input error costs time too; record it and go on
        print(f"library: {type(exc).__name__}: {exc}", file=sys.stderr)
    return time.perf_counter() - t


def server_time(client: httpx.Client, base: str, article: dict[str, Any]) -> float:
    t = time.perf_counter()
    r = client.post(base + "/v1/analyze", json=article)
    elapsed = time.perf_counter() - t
    if r.status_code != 200:
        print(f"server: {r.status_code} {r.text[:200]}", file=sys.stderr)
    return elapsed


@contextmanager
def serving(timeout: float) -> Iterator[str]:
    """``precis serve`` with one worker on a free loopback port; yields its base URL."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "precis.cli.main",
            "serve",
            "--port",
            str(port),
            "--workers",
            "1",
            "--timeout",
            str(timeout),
            "--log-level",
            "warning",
        ],
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 300
        while True:
            try:
                if httpx.get(base + "/healthz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise SystemExit("precis serve did not start")
            time.sleep(0.5)
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def measure(articles: list[dict[str, Any]], timeout: float) -> tuple[list[float], list[float]]:
    """Library and server time per article, taken alternately (library, then server, article by
    article) so that a machine whose load changes during the run weighs on both alike."""
    lib: list[float] = []
    srv: list[float] = []
    with serving(timeout) as base, httpx.Client(timeout=timeout + 10) as client:
        library_time(articles[0])  # warm-up: models load once, as in the server's workers
        server_time(client, base, {"text": articles[0]["text"]})
        for a in articles:
            lib.append(library_time(a))
            srv.append(server_time(client, base, a))
    return lib, srv


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("data", type=Path, help="JSONL with text or article (cnndm/dev.jsonl)")
    ap.add_argument("-n", type=int, default=50, help="articles (50)")
    ap.add_argument("--timeout", type=float, default=120.0)
    args = ap.parse_args()
    articles = rows(args.data, args.n)
    if not articles:
        raise SystemExit(f"{args.data}: no articles with text")
    lib, srv = measure(articles, args.timeout)
    p50_lib, p50_srv = statistics.median(lib), statistics.median(srv)
    print(f"articles: {len(articles)}")
    print(f"library  p50 {p50_lib * 1000:7.1f} ms   p90 {pct(lib, 90) * 1000:7.1f} ms")
    print(f"server   p50 {p50_srv * 1000:7.1f} ms   p90 {pct(srv, 90) * 1000:7.1f} ms")
    print(f"ratio    p50 {p50_srv / p50_lib:.2f} x (target <= 1.3 x)")
    per = statistics.median(s / max(lib_t, 1e-9) for s, lib_t in zip(srv, lib, strict=True))
    print(f"per-article server/library ratio, median {per:.2f} x")


if __name__ == "__main__":
    main()
