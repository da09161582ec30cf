"""The batch runner: order, bad records among good ones, worker processes, resume after kill -9."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import precis_test_stage  # noqa: F401  (registers the "testlead" stage in this process)
from precis.batch.runner import run
from precis.batch.sinks import JsonlSink, StoreSink
from precis.store.db import Store
from precis_test_stage import make_article, plugin_env, write_jsonl

STAGES = ("testlead",)
PRECIS = [sys.executable, "-m", "precis.cli.main"]


def lines(path: Path) -> list[dict]:
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines()]


def recs(n: int) -> list[dict]:
    return [{"id": f"r{i}", "text": make_article(i), "source": f"t:{i}"} for i in range(n)]


def test_inline_run_keeps_order_and_every_record(tmp_path: Path) -> None:
    records = recs(6)
    records[1]["text"] = "   "
    records[3]["text"] = make_article(3) + " EXPLODE"
    records.insert(4, {"id": None, "text": None, "source": "t:x", "error": "unreadable line"})
    out = tmp_path / "o.jsonl"
    stats = run(records, JsonlSink(out), stages=STAGES, workers=1, chunk_size=3)
    got = lines(out)
    assert [g["id"] for g in got] == ["r0", "r1", "r2", "r3", None, "r4", "r5"]
    assert got[1]["error"] == "text is empty"
    assert "test stage asked to fail" in got[3]["error"]
    assert got[4]["error"] == "unreadable line" and got[4]["key"] == "at:t:x"
    assert got[0]["error"] is None and len(got[0]["highlights"]) == 2
    ((start, end),) = got[0]["highlights"][0]["spans"]
    assert make_article(0)[start:end] == got[0]["highlights"][0]["text"]
    assert (stats.processed, stats.failed, stats.skipped) == (7, 3, 0) and stats.any_failed


def test_resume_skips_done_records(tmp_path: Path) -> None:
    out = tmp_path / "o.jsonl"
    run(recs(3), JsonlSink(out), stages=STAGES)
    stats = run(recs(5), JsonlSink(out), stages=STAGES)
    assert (stats.processed, stats.skipped) == (2, 3)
    assert [g["id"] for g in lines(out)] == [f"r{i}" for i in range(5)]


def test_nothing_to_do_loads_no_model(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import precis.batch.runner as runner

    out = tmp_path / "o.jsonl"
    run(recs(3), JsonlSink(out), stages=STAGES)
    warmed: list[object] = []
    monkeypatch.setattr(runner, "warm_up", lambda stages: warmed.append(stages))
    stats = run(recs(3), JsonlSink(out), stages=STAGES)
    assert (stats.processed, stats.skipped) == (0, 3) and not warmed
    run(recs(4), JsonlSink(out), stages=STAGES)
    assert warmed == [STAGES]


def test_two_worker_processes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for k, v in plugin_env({}).items():
        monkeypatch.setenv(k, v)
    db = tmp_path / "r.db"
    stats = run(recs(24), StoreSink(db), stages=STAGES, workers=2, chunk_size=2)
    assert stats.processed == 24 and not stats.any_failed
    # Each worker that did work reported its memory (under load one may take every chunk).
    assert 1 <= len(stats.worker_rss_mb) <= 2
    assert all(50 < mb < 1500 for mb in stats.worker_rss_mb.values())
    with Store(db) as store:
        assert [r["id"] for r in store.records()] == [f"r{i}" for i in range(24)]


def _run_and_kill(args: list[str], out: Path, tmp_path: Path, enough: int) -> None:
    """Start ``precis run``, wait until ``enough`` results are written, then SIGKILL its group."""
    proc = subprocess.Popen(
        [*PRECIS, "run", *args],
        env=plugin_env(),
        cwd=tmp_path,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 90
    try:
        while time.monotonic() < deadline and proc.poll() is None:
            if _written(out) >= enough:
                break
            time.sleep(0.05)
    finally:
        os.killpg(proc.pid, signal.SIGKILL)  # the run and any worker processes it started
        proc.wait()
    assert proc.returncode == -signal.SIGKILL, "the run finished before it could be killed"


def _written(out: Path) -> int:
    if not out.exists():
        return 0
    if out.suffix == ".jsonl":
        return out.read_bytes().count(b"\n")
    try:
        with Store(out) as store:
            return store.count()[0]
    except Exception:
        return 0


def test_kill_9_then_rerun_gives_every_article_once_jsonl(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    ids = write_jsonl(src, 80, bad=(5,))
    out = tmp_path / "out.jsonl"
    args = [str(src), "--out", str(out), "--stages", "testlead", "-j1", "--chunk-size", "2"]
    _run_and_kill(args, out, tmp_path, enough=10)
    assert 10 <= _written(out) < 80
    done = subprocess.run([*PRECIS, "run", *args], env=plugin_env(), capture_output=True, text=True)
    assert done.returncode == 1, done.stderr  # line 5 has an empty text
    got = lines(out)
    assert [g["id"] for g in got] == ids  # once each, and in input order
    assert [g["id"] for g in got if g["error"]] == ["a5"]


def test_kill_9_then_rerun_gives_every_article_once_store(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    ids = write_jsonl(src, 80)
    out = tmp_path / "out.db"
    args = [str(src), "--out", str(out), "--stages", "testlead", "-j2", "--chunk-size", "2"]
    _run_and_kill(args, out, tmp_path, enough=8)
    done = subprocess.run(
        [*PRECIS, "run", *args, "-j1"], env=plugin_env(), capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    with Store(out) as store:
        assert sorted(r["id"] for r in store.records()) == sorted(ids)
        assert store.count() == (80, 0)
        assert len(store.search("council")) == 20  # default limit; the index has every article
