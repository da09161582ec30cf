"""``precis run`` / ``show`` / ``search`` / ``export`` through the console script."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from precis_test_stage import make_article, plugin_env, write_jsonl

_SCRIPT = Path(sys.executable).with_name("precis")
PRECIS = [str(_SCRIPT)] if _SCRIPT.exists() else [shutil.which("precis") or "precis"]


def precis(
    *args: str, stdin: str | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*PRECIS, *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=plugin_env(),
        cwd=cwd,
        timeout=120,
    )


def lines(path: Path) -> list[dict]:
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines()]


def test_run_jsonl_to_jsonl_exit_statuses(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    ids = write_jsonl(src, 5, bad=(2,))
    out = tmp_path / "out.jsonl"
    r = precis("run", str(src), "--out", str(out), "--stages", "testlead", "-j1")
    assert r.returncode == 1, r.stderr  # one record failed
    assert "5 analysed" in r.stderr and "1 failed" in r.stderr and "\r" not in r.stderr
    got = lines(out)
    assert [g["id"] for g in got] == ids
    assert got[2]["error"] == "text is empty"
    assert got[0]["error"] is None and got[0]["title"] == "Plan 0"
    first = got[0]["highlights"][0]
    assert set(first) >= {"text", "spans", "source"}
    # A rerun does nothing but still reports the stored failure.
    again = precis("run", str(src), "--out", str(out), "--stages", "testlead", "-q")
    assert again.returncode == 1 and again.stderr == ""
    assert len(lines(out)) == 5


def test_run_usage_errors_exit_2(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    write_jsonl(src, 1)
    for args in (
        ["run", str(tmp_path / "missing.jsonl")],
        ["run", str(src), "--stages", "nosuchstage"],
        ["run", str(src), "--scheduler", "tcp://127.0.0.1:1"],
        ["run", str(src), "--workers", "0"],
        ["show", "x", "--db", str(tmp_path / "none.db")],
    ):
        r = precis(*args)
        assert r.returncode == 2, (args, r.stderr)
        assert "precis: error:" in r.stderr and "Traceback" not in r.stderr


def test_run_from_stdin(tmp_path: Path) -> None:
    body = "".join(json.dumps({"id": f"s{i}", "text": make_article(i)}) + "\n" for i in range(3))
    out = tmp_path / "o.jsonl"
    r = precis("run", "-", "--out", str(out), "--stages", "testlead", "-q", stdin=body)
    assert r.returncode == 0, r.stderr
    assert [g["id"] for g in lines(out)] == ["s0", "s1", "s2"]
    out2 = tmp_path / "t.jsonl"
    r = precis("run", "-", "--out", str(out2), "--stages", "testlead", "-q", stdin=make_article(9))
    assert r.returncode == 0, r.stderr
    (one,) = lines(out2)
    assert one["id"] is None and one["key"].startswith("sha1:")


def test_csv_to_store_then_show_search_export(tmp_path: Path) -> None:
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["ref", "headline", "story", "date"])
    for i in range(4):
        w.writerow([f"c{i}", f"Road plan {i}", make_article(i), f"2024-03-0{i + 1}"])
    (tmp_path / "in.csv").write_text(buf.getvalue(), encoding="utf-8")
    r = precis(
        "run",
        "in.csv",
        "--id-field",
        "ref",
        "--text-field",
        "story",
        "--title-field",
        "headline",
        "--date-field",
        "date",
        "--stages",
        "testlead",
        "-j2",
        "-q",
        cwd=tmp_path,
    )
    assert r.returncode == 0, r.stderr
    db = tmp_path / "results.db"  # the default output
    assert db.exists()
    show = precis("show", "c2", "--db", str(db))
    assert show.returncode == 0 and show.stdout.startswith("c2: Road plan 2 (2024-03-03)")
    assert "• The council of" in show.stdout
    js = json.loads(precis("show", "c2", "--db", str(db), "--format", "json").stdout)
    assert js["id"] == "c2" and js["published"] == "2024-03-03"
    hits = precis("search", "Millbrook", "--db", str(db), "--format", "json")
    assert [h["id"] for h in json.loads(hits.stdout)] == ["c2"]
    exp = precis("export", "--db", str(db))
    assert [json.loads(x)["id"] for x in exp.stdout.splitlines()] == ["c0", "c1", "c2", "c3"]
    pq = tmp_path / "x.parquet"
    assert (
        precis("export", "--db", str(db), "--format", "parquet", "--out", str(pq)).returncode == 0
    )
    pyarrow = pytest.importorskip("pyarrow.parquet")
    table = pyarrow.read_table(pq)
    assert table.column("id").to_pylist() == ["c0", "c1", "c2", "c3"]


def test_run_to_parquet(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    write_jsonl(src, 3)
    out = tmp_path / "o.parquet"
    r = precis("run", str(src), "--out", str(out), "--stages", "testlead", "-j1", "-q")
    assert r.returncode == 0, r.stderr
    import pyarrow.parquet as pq

    assert pq.read_table(out).column("id").to_pylist() == ["a0", "a1", "a2"]


def test_run_with_the_real_stages(tmp_path: Path) -> None:
    """Default stages (whatever this build has) end to end: schema and spans into the text."""
    src = tmp_path / "in.jsonl"
    write_jsonl(src, 2)
    out = tmp_path / "o.jsonl"
    r = precis("run", str(src), "--out", str(out), "-j1", "-q")
    assert r.returncode == 0, r.stderr
    for i, rec in enumerate(lines(out)):
        assert rec["error"] is None and "highlights" in rec["stages"]
        assert 1 <= len(rec["highlights"]) <= 4
        text = make_article(i)
        for h in rec["highlights"]:
            assert all(0 <= s < e <= len(text) for s, e in h["spans"])
