"""``precis serve``: the HTTP API and the web page, on 127.0.0.1:8000 by default."""

from __future__ import annotations

import argparse
import ipaddress
import os
import sys
from pathlib import Path

from precis.errors import InputError


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "serve",
        help="web page and HTTP API (http://127.0.0.1:8000)",
        description=(
            "Serve the web page (paste an article, see its highlights and where they came from) "
            "and the HTTP API (POST /v1/analyze, /v1/disputes, /v1/stance, GET /v1/articles/ID, "
            "/v1/stories, /v1/search; "
            "schema at /openapi.json). Binds to the loopback address unless told otherwise: the "
            "server has no authentication, so expose it only behind one."
        ),
    )
    p.add_argument("--host", default="127.0.0.1", help="address to bind (127.0.0.1)")
    p.add_argument("--port", type=int, default=8000, help="port (8000)")
    p.add_argument("--store", metavar="PATH", help="SQLite store from 'precis run' (read-only)")
    p.add_argument(
        "--workers",
        type=int,
        default=max(1, min(4, (os.cpu_count() or 2) // 2)),
        metavar="N",
        help="analysis processes; each loads the models once (half the cores, at most 4)",
    )
    p.add_argument(
        "--queue",
        type=int,
        default=None,
        metavar="N",
        help="requests that may wait for a worker before 503 (4 per worker)",
    )
    p.add_argument(
        "--max-body",
        type=int,
        default=2 * 1024 * 1024,
        metavar="BYTES",
        help="largest request body; larger ones get 413 (2 MiB)",
    )
    p.add_argument(
        "--timeout",
        type=float,
        default=60.0,
        metavar="S",
        help="seconds one analysis may run (and wait for a worker) before 503 (60)",
    )
    p.add_argument(
        "--body-timeout",
        type=float,
        default=30.0,
        metavar="S",
        help="seconds a client may take to send its request body before 408 (30)",
    )
    p.add_argument("--log-level", default="info", choices=("debug", "info", "warning", "error"))
    p.set_defaults(func=run)


def is_loopback(host: str) -> bool:
    """Whether ``host`` (an address or "localhost") is reachable only from this machine."""
    if host.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False  # a host name: it may resolve to any address


def run(args: argparse.Namespace) -> int:
    import uvicorn

    from precis.server.app import create_app

    if args.workers < 1:
        raise InputError("--workers must be at least 1")
    if not 0 < args.port < 65536:
        raise InputError("--port must be between 1 and 65535")
    if args.timeout <= 0 or args.max_body <= 0 or args.body_timeout <= 0:
        raise InputError("--timeout, --body-timeout and --max-body must be positive")
    queue = args.queue if args.queue is not None else 4 * args.workers
    if queue < 0:
        raise InputError("--queue must not be negative")
    app = create_app(
        Path(args.store) if args.store else None,
        workers=args.workers,
        max_queue=queue,
        timeout=args.timeout,
        max_body=args.max_body,
        body_timeout=args.body_timeout,
    )
    if not is_loopback(args.host):
        print(
            f"precis: warning: binding {args.host}, which is not a loopback address: anyone who "
            "can reach this machine can use the server, and it has no authentication. Put it "
            "behind an authenticating proxy, or bind 127.0.0.1.",
            file=sys.stderr,
        )
    print(
        f"precis: loading models in {args.workers} worker(s); then http://{args.host}:{args.port}",
        file=sys.stderr,
    )
    # One uvicorn process: the analysis pool gives the parallelism; uvicorn's own --workers
    # would load the pool once per process.
    uvicorn.run(app, host=args.host, port=args.port, log_level=args.log_level)
    return 0
