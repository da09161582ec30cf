"""Time from the analysis response to the highlights on screen, and the page's weight.

Starts ``precis serve`` on a free loopback port, opens the page in Debian's Chromium (playwright,
the flags of ../shared/STACK.md), pastes the shipped sample and clicks Analyse, ``--runs`` times.
For each run it takes the moment the browser has the ``/v1/analyze`` response and the moment the
first highlight is in the page; the gap (measured from Python, so an upper bound) is printed with
its median. Page weight: the bytes of every file the page loaded over the runs (the API's answers
aside).

    .venv/bin/python scripts/bench_page.py --runs 5
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path
from typing import Any

from precis.server.launch import ServerStartError, serve_subprocess

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "src" / "precis" / "data" / "sample_article.txt"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def measure(url: str, runs: int) -> tuple[dict[str, int], list[float]]:
    """Bytes of each file the page loaded (the API's answers aside), and the response -> first
    highlight gap of each run, in seconds."""
    from playwright.sync_api import sync_playwright

    text = SAMPLE.read_text(encoding="utf-8")
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS
        )
        page = browser.new_page()
        # Bytes of each file the page loads (first load of each URL), the API's answers aside.
        loaded: dict[str, int] = {}

        def note(r: Any) -> None:
            if r.ok and "/v1/" not in r.url and r.url not in loaded:
                loaded[r.url] = len(r.body())

        page.on("response", note)
        page.goto(url, wait_until="networkidle")
        page.wait_for_selector("body[data-ready=true]")
        gaps = []
        for _ in range(runs):
            page.goto(url)  # a fresh page: no highlights left from the run before
            page.wait_for_selector("body[data-ready=true]")
            page.fill("#article-input", text)
            is_analysis = lambda r: "/v1/analyze" in r.url  # noqa: E731
            with page.expect_response(is_analysis, timeout=180_000) as response:
                page.click("#analyze-button")
            response.value.finished()
            t0 = time.perf_counter()
            page.wait_for_selector("#highlights li.highlight")
            gaps.append(time.perf_counter() - t0)
        browser.close()
    return loaded, gaps


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    try:
        with serve_subprocess(["--workers", "1"], start_timeout=120, stop_timeout=30) as served:
            loaded, gaps = measure(served.base, args.runs)
    except ServerStartError as exc:
        sys.exit(f"server did not start: {exc}")
    weight = sum(loaded.values())
    print(f"page weight (every file it loaded, map data included): {weight / 1024:.1f} KiB")
    print("response -> first highlight on screen (s): " + ", ".join(f"{g:.3f}" for g in gaps))
    print(f"median {statistics.median(gaps):.3f} s over {len(gaps)} runs")


if __name__ == "__main__":
    main()
