"""Load test of ``precis serve`` (``make loadtest``): throughput, latency, errors, memory.

Starts ``precis serve`` itself on a free loopback port and stops it at the end. Three phases:

1. **steady**: ``--clients`` (2 x cores) concurrent clients post realistic articles to
   ``/v1/analyze`` for ``--seconds`` (the shipped sample, plus CNN/DM dev articles read at run time
   from ``--articles`` when that file exists). Targets: 0 errors, 0 5xx, server RSS (the whole
   process tree: uvicorn and its analysis workers) growing < 10 % over the phase.
2. **hostile**: the same clients again, plus one client sending hostile articles (50,000 quote
   marks, 20,000 nested brackets, 140,000 characters without a space, a 1 MB text without spaces).
   Target: the normal requests' p99 at most 2 x their p99 in phase 1; hostile ones get 200 or 422.
3. **overload**: far more clients than the worker pool and its queue hold. Target: the excess is
   answered at once with 503 + Retry-After (every 503 carries it), nothing else fails, and the
   server's waiting requests never exceed its queue (polled from /healthz).

Prints a table and writes every figure to ``--out`` (JSON). Exit status 1 when a target is missed.

    python scripts/loadtest.py                       # 2 x cores clients, 60 s
    python scripts/loadtest.py --seconds 20 --clients 4 --out build/loadtest.json
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import psutil

from precis.server.launch import ServerStartError, serve_subprocess

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "src" / "precis" / "data" / "sample_article.txt"
CNNDM = ROOT.parent / "shared" / "data" / "cnndm" / "dev.jsonl"
START_TIMEOUT_S = 300.0
REQUEST_TIMEOUT_S = 180.0


def load_articles(path: Path, n: int) -> list[dict[str, Any]]:
    """The shipped sample, then up to ``n`` articles of a JSONL file (``text`` or ``article``)."""
    out = [{"text": SAMPLE.read_text(encoding="utf-8"), "title": "Flood toll disputed"}]
    if path.is_file():
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                rec = json.loads(line)
                text = rec.get("text") or rec.get("article") or ""
                if text.strip():
                    out.append({"text": text, "title": rec.get("title")})
                if len(out) > n:
                    break
    return out


def hostile_articles() -> list[tuple[str, dict[str, Any]]]:
    """Inputs that once stalled a parser for minutes (issue 16), each around a real paragraph."""
    lead = SAMPLE.read_text(encoding="utf-8").split("\n\n")[1]
    return [
        ("50k quote marks", {"text": lead + "\n\n" + '"' * 50_000}),
        ("20k nested brackets", {"text": lead + "\n\n" + "(" * 20_000 + "x" + ")" * 20_000}),
        ("140k chars, no space", {"text": lead + "\n\n" + "ab" * 70_000}),
        ("1 MB, no space", {"text": "a" * 1_000_000}),
    ]


def tree_rss(pid: int) -> int:
    """Resident memory of a process and all its descendants, in bytes."""
    try:
        root = psutil.Process(pid)
        procs = [root, *root.children(recursive=True)]
    except psutil.NoSuchProcess:
        return 0
    total = 0
    for p in procs:
        with suppress(psutil.NoSuchProcess):
            total += p.memory_info().rss
    return total


@contextmanager
def server(args: argparse.Namespace, log: Path) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    opts = ["--log-level", "warning", "--timeout", str(args.timeout)]
    if args.workers:
        opts += ["--workers", str(args.workers)]
    if args.queue is not None:
        opts += ["--queue", str(args.queue)]
    with ExitStack() as stack:
        try:
            served = stack.enter_context(
                serve_subprocess(opts, log=log, start_timeout=START_TIMEOUT_S, stop_timeout=30)
            )
        except ServerStartError as exc:
            raise SystemExit(str(exc)) from None
        yield served.base, served.proc


@dataclass
class Result:
    kind: str  # "normal" or "hostile"
    status: int  # 0: no HTTP answer (connection error, client timeout)
    latency: float
    retry_after: bool = False
    traceback: bool = False
    error: str | None = None
    message: str | None = None  # the JSON error of a 5xx answer


@dataclass
class Phase:
    name: str
    clients: int
    seconds: float = 0.0
    results: list[Result] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, r: Result) -> None:
        with self.lock:
            self.results.append(r)


def post(client: httpx.Client, base: str, body: dict[str, Any], kind: str) -> Result:
    t = time.perf_counter()
    try:
        r = client.post(base + "/v1/analyze", json=body)
    except httpx.HTTPError as exc:
        return Result(kind, 0, time.perf_counter() - t, error=f"{type(exc).__name__}: {exc}")
    latency = time.perf_counter() - t
    return Result(
        kind,
        r.status_code,
        latency,
        retry_after="retry-after" in r.headers,
        traceback="Traceback" in r.text,
        message=_error_of(r) if r.status_code >= 500 else None,
    )


def _error_of(r: httpx.Response) -> str:
    try:
        return str(r.json().get("error"))[:120]
    except ValueError:
        return r.text[:120]


def run_clients(
    base: str,
    phase: Phase,
    seconds: float,
    bodies: Callable[[int, int], tuple[str, dict[str, Any]]],
    pause_after_503: float = 0.0,
) -> None:
    """``phase.clients`` threads, each posting ``bodies(client, i)`` back to back until time."""
    stop = time.monotonic() + seconds

    def client_loop(c: int) -> None:
        with httpx.Client(timeout=REQUEST_TIMEOUT_S) as client:
            i = 0
            while time.monotonic() < stop:
                kind, body = bodies(c, i)
                r = post(client, base, body, kind)
                phase.add(r)
                i += 1
                if r.status == 503 and pause_after_503:
                    time.sleep(pause_after_503)

    threads = [threading.Thread(target=client_loop, args=(c,)) for c in range(phase.clients)]
    t0 = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    phase.seconds = time.monotonic() - t0


def pct(xs: list[float], q: float) -> float | None:
    if not xs:
        return None
    if len(xs) == 1:
        return xs[0]
    return statistics.quantiles(xs, n=100, method="inclusive")[int(q) - 1]


def summary(phase: Phase, kind: str = "normal") -> dict[str, Any]:
    rs = [r for r in phase.results if r.kind == kind]
    ok = [r.latency for r in rs if r.status == 200]
    codes: dict[str, int] = {}
    for r in rs:
        codes[str(r.status)] = codes.get(str(r.status), 0) + 1
    n503 = sum(1 for r in rs if r.status == 503)
    return {
        "requests": len(rs),
        "ok": len(ok),
        "throughput_per_s": round(len(ok) / phase.seconds, 3) if phase.seconds else None,
        "p50_s": _r(pct(ok, 50)),
        "p95_s": _r(pct(ok, 95)),
        "p99_s": _r(pct(ok, 99)),
        "max_s": _r(max(ok) if ok else None),
        "errors": sum(1 for r in rs if r.status == 0),
        "error_examples": sorted({r.error for r in rs if r.error})[:3],
        "5xx_messages": sorted({r.message for r in rs if r.message})[:3],
        "status_5xx": sum(1 for r in rs if r.status >= 500),
        "status_5xx_not_503": sum(1 for r in rs if r.status >= 500 and r.status != 503),
        "status_503": n503,
        "share_503": round(n503 / len(rs), 3) if rs else None,
        "503_with_retry_after": sum(1 for r in rs if r.status == 503 and r.retry_after),
        "tracebacks": sum(1 for r in rs if r.traceback),
        "status_codes": codes,
    }


def _r(x: float | None) -> float | None:
    return None if x is None else round(x, 3)


def watch_queue(base: str, stop: threading.Event, seen: dict[str, int]) -> None:
    """Poll /healthz for the largest number of waiting requests (is the queue bounded?)."""
    with httpx.Client(timeout=10) as client:
        while not stop.is_set():
            try:
                h = client.get(base + "/healthz").json()
                seen["max_waiting"] = max(seen.get("max_waiting", 0), int(h["waiting"]))
                seen["polls"] = seen.get("polls", 0) + 1
            except (httpx.HTTPError, ValueError, KeyError):
                seen["failed_polls"] = seen.get("failed_polls", 0) + 1
            stop.wait(0.2)


def main(argv: list[str] | None = None) -> int:
    cores = os.cpu_count() or 2
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seconds", type=float, default=60.0, help="steady phase length (60)")
    ap.add_argument("--clients", type=int, default=2 * cores, help="clients (2 x cores)")
    ap.add_argument("--hostile-seconds", type=float, default=None, help="(half of --seconds)")
    ap.add_argument("--overload-seconds", type=float, default=None, help="(a third of --seconds)")
    ap.add_argument("--overload-clients", type=int, default=None, help="(4 x (workers + queue))")
    ap.add_argument("--workers", type=int, default=None, help="server workers (its default)")
    ap.add_argument("--queue", type=int, default=None, help="server queue (its default)")
    ap.add_argument("--timeout", type=float, default=60.0, help="server --timeout (60)")
    ap.add_argument("--articles", type=Path, default=CNNDM, help="JSONL of articles, if present")
    ap.add_argument("-n", type=int, default=100, help="articles read from --articles (100)")
    ap.add_argument("--out", type=Path, default=ROOT / "build" / "loadtest.json")
    args = ap.parse_args(argv)
    hostile_s = args.hostile_seconds if args.hostile_seconds is not None else args.seconds / 2
    overload_s = args.overload_seconds if args.overload_seconds is not None else args.seconds / 3

    articles = load_articles(args.articles, args.n)
    hostile = hostile_articles()
    n_art = len(articles)
    load_before = os.getloadavg()
    print(
        f"loadtest: {args.clients} clients, {n_art} articles, {cores} cores, "
        f"load average {load_before[0]:.2f} {load_before[1]:.2f} {load_before[2]:.2f}",
        file=sys.stderr,
    )

    def normal(c: int, i: int) -> tuple[str, dict[str, Any]]:
        return "normal", articles[(c * 7 + i) % n_art]

    log = Path(tempfile.mkdtemp(prefix="precis-loadtest-")) / "serve.log"
    report: dict[str, Any] = {
        "command": " ".join([Path(sys.argv[0]).name, *(argv or sys.argv[1:])]),
        "cores": cores,
        "clients": args.clients,
        "articles": n_art,
        "load_average_before": [round(x, 2) for x in load_before],
    }
    with server(args, log) as (base, proc):
        health = httpx.get(base + "/healthz").json()
        workers = int(health["workers"])
        # The queue a plain `precis serve` gets: 4 per worker (serve_cmd).
        queue = args.queue if args.queue is not None else 4 * workers
        report.update(workers=workers, queue=queue, server_log=str(log))
        report["rss_started_mb"] = round(tree_rss(proc.pid) / 2**20, 1)

        # Warm-up (not measured): every article once, so first-use caches (spaCy's string store,
        # lazily loaded tables) are filled before the "before" figure.
        warm = Phase("warm-up", args.clients)
        todo = iter(range(n_art))
        todo_lock = threading.Lock()

        def warm_loop() -> None:
            with httpx.Client(timeout=REQUEST_TIMEOUT_S) as client:
                while True:
                    with todo_lock:
                        i = next(todo, None)
                    if i is None:
                        return
                    warm.add(post(client, base, articles[i], "normal"))

        threads = [threading.Thread(target=warm_loop) for _ in range(min(args.clients, queue))]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        rss_before = tree_rss(proc.pid)

        steady = Phase("steady", args.clients)
        run_clients(base, steady, args.seconds, normal)
        rss_after = tree_rss(proc.pid)

        with_hostile = Phase("hostile", args.clients + 1)

        def mixed(c: int, i: int) -> tuple[str, dict[str, Any]]:
            if c == args.clients:  # the one hostile client
                return "hostile", hostile[i % len(hostile)][1]
            return normal(c, i)

        run_clients(base, with_hostile, hostile_s, mixed)

        over_clients = args.overload_clients or 4 * (workers + queue)
        overload = Phase("overload", over_clients)
        stop = threading.Event()
        seen: dict[str, int] = {}
        watcher = threading.Thread(target=watch_queue, args=(base, stop, seen))
        watcher.start()
        # A client told 503 waits a moment and tries again (not Retry-After: this phase wants
        # the overload to last).
        run_clients(base, overload, overload_s, normal, pause_after_503=0.1)
        stop.set()
        watcher.join()
        rss_end = tree_rss(proc.pid)
        alive = proc.poll() is None and httpx.get(base + "/healthz").status_code == 200

    load_after = os.getloadavg()
    s, h, o = summary(steady), summary(with_hostile), summary(with_hostile, "hostile")
    ov = summary(overload)
    growth = (rss_after - rss_before) / rss_before if rss_before else 0.0
    p99_ratio = (h["p99_s"] / s["p99_s"]) if h["p99_s"] and s["p99_s"] else None
    report.update(
        warmup=summary(warm),
        steady=s,
        hostile_phase_normal=h,
        hostile_phase_hostile=o,
        overload={**ov, "clients": over_clients, **seen},
        rss_before_mb=round(rss_before / 2**20, 1),
        rss_after_mb=round(rss_after / 2**20, 1),
        rss_growth_pct=round(100 * growth, 2),
        rss_end_mb=round(rss_end / 2**20, 1),
        p99_ratio_hostile=_r(p99_ratio),
        server_alive_at_end=alive,
        load_average_after=[round(x, 2) for x in load_after],
    )
    targets = {
        "steady: 0 errors": s["errors"] == 0,
        "steady: 0 5xx": s["status_5xx"] == 0,
        "steady: RSS growth < 10%": growth < 0.10,
        "hostile: 0 errors, 0 5xx": h["errors"] + h["status_5xx"] + o["errors"] == 0
        and o["status_5xx"] == 0,
        "hostile: answered 200/422": set(o["status_codes"]) <= {"200", "422"},
        "hostile: normal p99 <= 2x steady": p99_ratio is not None and p99_ratio <= 2.0,
        "overload: some 503": ov["status_503"] > 0,
        "overload: every 503 has Retry-After": ov["503_with_retry_after"] == ov["status_503"],
        "overload: no 5xx but 503, no errors": ov["status_5xx_not_503"] + ov["errors"] == 0,
        "overload: waiting <= queue": seen.get("max_waiting", 0) <= queue,
        "no traceback in any response": s["tracebacks"]
        + h["tracebacks"]
        + o["tracebacks"]
        + ov["tracebacks"]
        == 0,
        "server alive at the end": alive,
    }
    report["targets"] = targets
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print_table(report, targets)
    print(f"\nfigures: {args.out}", file=sys.stderr)
    return 0 if all(targets.values()) else 1


def print_table(rep: dict[str, Any], targets: dict[str, bool]) -> None:
    cols = ("requests", "ok", "throughput_per_s", "p50_s", "p95_s", "p99_s", "max_s", "errors")
    cols2 = ("status_5xx", "status_503", "share_503", "503_with_retry_after")
    head = ["phase", "clients", *cols, *cols2]
    rows = [
        ["steady", rep["clients"], *(rep["steady"][c] for c in cols + cols2)],
        ["hostile/normal", rep["clients"], *(rep["hostile_phase_normal"][c] for c in cols + cols2)],
        ["hostile/hostile", 1, *(rep["hostile_phase_hostile"][c] for c in cols + cols2)],
        ["overload", rep["overload"]["clients"], *(rep["overload"][c] for c in cols + cols2)],
    ]
    cells = [[("-" if v is None else str(v)) for v in row] for row in [head, *rows]]
    widths = [max(len(r[i]) for r in cells) for i in range(len(head))]
    for r in cells:
        print("  ".join(v.rjust(w) for v, w in zip(r, widths, strict=True)))
    print(
        f"\nworkers {rep['workers']}, queue {rep['queue']}; RSS (server + workers) "
        f"started {rep['rss_started_mb']} MB, before steady {rep['rss_before_mb']} MB, after "
        f"{rep['rss_after_mb']} MB ({rep['rss_growth_pct']:+.2f} %), end {rep['rss_end_mb']} MB"
    )
    print(
        f"hostile codes {rep['hostile_phase_hostile']['status_codes']}; normal p99 with/without "
        f"hostile: {rep['p99_ratio_hostile']}x; overload max waiting "
        f"{rep['overload'].get('max_waiting')} (queue {rep['queue']})"
    )
    print(f"load average before {rep['load_average_before']}, after {rep['load_average_after']}")
    for name, ok in targets.items():
        print(f"  [{'ok' if ok else 'MISSED'}] {name}")


if __name__ == "__main__":
    sys.exit(main())
