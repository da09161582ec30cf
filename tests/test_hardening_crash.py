"""Crash safety (issue 16): ``precis run`` killed with SIGKILL and resumed keeps every article once;
a read-only or full output place gives a clear error and corrupts nothing already stored.

Runs use the tiny test stage (PRECIS_PLUGINS) so a run costs the model load and little more.
``scripts/crash_soak.py`` does the same with 20 kills.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from precis_test_stage import plugin_env, write_jsonl

_SCRIPT = Path(sys.executable).with_name("precis")
PRECIS = [str(_SCRIPT)] if _SCRIPT.exists() else [shutil.which("precis") or "precis"]


def run_args(src: Path, out: Path) -> list[str]:
    return [*PRECIS, "run", str(src), "--out", str(out), "--stages", "testlead", "-j1", "-q"]


def store_state(db: Path) -> tuple[str, list[str]]:
    """(integrity check result, ids of the stored results, one per row)."""
    con = sqlite3.connect(db)
    try:
        check = con.execute("PRAGMA integrity_check").fetchone()[0]
        ids = [r[0] for r in con.execute("SELECT a.id FROM results r JOIN articles a USING (key)")]
    finally:
        con.close()
    return check, ids


def stored_count(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        con = sqlite3.connect(db, timeout=5)
        try:
            return int(con.execute("SELECT count(*) FROM results").fetchone()[0])
        finally:
            con.close()
    except sqlite3.Error:  # not created yet
        return 0


def kill_at_random(src: Path, out: Path, kills: int, seed: int) -> int:
    """Start ``precis run`` ``kills`` times, each killed (SIGKILL, whole group) at a random moment
    after it has started storing (so kills land mid-write). Returns how many finished first."""
    rng = random.Random(seed)
    done = 0
    for _ in range(kills):
        before = stored_count(out)
        proc = subprocess.Popen(
            run_args(src, out),
            env=plugin_env(),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        deadline = time.monotonic() + 60
        while proc.poll() is None and stored_count(out) <= before and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(rng.uniform(0.0, 0.5))
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
        else:
            done += 1
        proc.wait(timeout=30)
    return done


def test_sigkill_then_resume_keeps_every_article_once(tmp_path: Path) -> None:
    src = tmp_path / "corpus.jsonl"
    ids = write_jsonl(src, 800)
    out = tmp_path / "results.db"
    finished = kill_at_random(src, out, kills=5, seed=16)
    mid = stored_count(out)
    assert finished < 5 and 0 < mid < len(ids), (finished, mid)  # the kills landed mid-run
    final = subprocess.run(
        run_args(src, out), env=plugin_env(), capture_output=True, text=True, timeout=180
    )
    assert final.returncode == 0, final.stderr
    check, stored = store_state(out)
    assert check == "ok"
    assert sorted(stored) == sorted(ids)  # every article, exactly once


@pytest.fixture
def tmpfs(tmp_path: Path) -> Iterator[Path]:
    """A tiny tmpfs (200 KiB) of our own; skipped where mounting is not allowed."""
    where = tmp_path / "mnt"
    where.mkdir()
    r = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=200k", "tmpfs", str(where)],
        capture_output=True,
        text=True,
    )
    if r.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here ({r.stderr.strip() or r.returncode})")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], capture_output=True)


def _remount(where: Path, mode: str) -> None:
    subprocess.run(["mount", "-o", f"remount,{mode}", str(where)], check=True)


def test_read_only_output_is_a_clear_error_and_keeps_the_store(tmp_path: Path, tmpfs: Path) -> None:
    src = tmp_path / "first.jsonl"
    write_jsonl(src, 5)
    out = tmpfs / "results.db"
    first = subprocess.run(
        run_args(src, out), env=plugin_env(), capture_output=True, text=True, timeout=120
    )
    assert first.returncode == 0, first.stderr
    more = tmp_path / "more.jsonl"
    write_jsonl(more, 12)
    _remount(tmpfs, "ro")
    try:
        r = subprocess.run(
            run_args(more, out), env=plugin_env(), capture_output=True, text=True, timeout=120
        )
    finally:
        _remount(tmpfs, "rw")
    assert r.returncode == 2, (r.returncode, r.stderr)
    assert "Traceback" not in r.stderr and "cannot write the output" in r.stderr, r.stderr
    check, stored = store_state(out)
    assert check == "ok" and len(stored) == 5


def test_full_disk_is_a_clear_error_and_keeps_the_store(tmp_path: Path, tmpfs: Path) -> None:
    src = tmp_path / "big.jsonl"
    write_jsonl(src, 3000)  # far more than 200 KiB of results
    out = tmpfs / "results.db"
    r = subprocess.run(
        run_args(src, out), env=plugin_env(), capture_output=True, text=True, timeout=180
    )
    assert r.returncode == 2, (r.returncode, r.stderr[-2000:])
    assert "Traceback" not in r.stderr, r.stderr[-2000:]
    assert "cannot write the output" in r.stderr, r.stderr[-2000:]
    check, stored = store_state(out)
    assert check == "ok" and stored and len(stored) == len(set(stored))
