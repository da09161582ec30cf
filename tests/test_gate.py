"""The quality gate (precis.evaluate.gate) on fabricated results: no model runs here."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import pytest

from precis.evaluate import gate
from precis.evaluate.gate import Check, GateFigure, Registered


def _check(calls: list[int] | None = None) -> Registered:
    def measure(inputs: Sequence[Path]) -> dict[str, float]:
        if calls is not None:
            calls.append(1)
        return {"f1": 50.0, "recall": 40.0}

    check = Check(
        inputs=("data/dev.jsonl",),
        figures={"f1": GateFigure("F1 x100", 0.5), "recall": GateFigure("recall %", 1.0)},
    )
    return Registered("toy", check, measure)


@pytest.fixture()
def root(tmp_path: Path) -> Path:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "dev.jsonl").write_text('{"id": 1}\n', encoding="utf-8")
    return tmp_path


def _baseline(root: Path, reg: Registered) -> dict:
    doc, _ = gate.measure_baseline([reg], root)
    return doc


def test_baseline_pins_floor_and_digest(root: Path) -> None:
    doc = _baseline(root, _check())
    entry = doc["figures"]["toy.f1"]
    assert entry["measured"] == 50.0 and entry["floor"] == 49.5
    assert entry["data"] == {"data/dev.jsonl": gate.sha256(root / "data" / "dev.jsonl")}


def test_pass_case_passes(root: Path) -> None:
    reg = _check()
    out = gate.run_gate(_baseline(root, reg), [reg], root)
    assert out.ok, out.failures
    assert out.measured == {"toy.f1": 50.0, "toy.recall": 40.0}


def test_worse_result_fails_naming_the_figure(root: Path) -> None:
    reg = _check()
    baseline = _baseline(root, reg)
    # Within tolerance passes; below the floor fails and names that figure only.
    ok = gate.run_gate(baseline, [reg], root, results={"toy.f1": 49.6, "toy.recall": 40.0})
    assert ok.ok, ok.failures
    out = gate.run_gate(baseline, [reg], root, results={"toy.f1": 49.4, "toy.recall": 40.0})
    assert not out.ok
    assert len(out.failures) == 1 and out.failures[0].startswith("toy.f1: 49.4 is below")


def test_missing_figure_fails(root: Path) -> None:
    reg = _check()
    out = gate.run_gate(_baseline(root, reg), [reg], root, results={"toy.f1": 50.0})
    assert out.failures == ["toy.recall: not measured"]


def test_digest_mismatch_fails_without_running(root: Path) -> None:
    calls: list[int] = []
    reg = _check(calls)
    baseline = _baseline(root, reg)
    calls.clear()
    (root / "data" / "dev.jsonl").write_text('{"id": 2}\n', encoding="utf-8")
    out = gate.run_gate(baseline, [reg], root)
    assert not out.ok and not calls
    assert all("data changed: data/dev.jsonl" in f for f in out.failures)


def test_missing_data_and_unpinned_figure_fail(root: Path) -> None:
    reg = _check()
    baseline = _baseline(root, reg)
    (root / "data" / "dev.jsonl").unlink()
    out = gate.run_gate(baseline, [reg], root)
    assert out.failures == ["toy: data file data/dev.jsonl not found"]
    out = gate.run_gate({"figures": {}}, [reg], root)
    assert out.failures[0].startswith("toy.f1: no baseline entry")


def test_main_with_a_results_file(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The command line on the real registry, fed a worse results file: exit 1, figure named."""
    regs = gate.checks()
    names = {r.name for r in regs}
    assert {"highlights", "claims", "facts", "disputes"} <= names
    for reg in regs:  # stand-in inputs: the digests below pin these files
        for rel in reg.check.inputs:
            path = root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(rel, encoding="utf-8")
    figures = {}
    results = {}
    for reg in regs:
        digests = {rel: gate.sha256(root / rel) for rel in reg.check.inputs}
        for key in reg.check.figures:
            name = f"{reg.name}.{key}"
            figures[name] = {"metric": key, "measured": 50.0, "floor": 49.0, "data": digests}
            results[name] = 50.0
    baseline = root / "baseline.json"
    baseline.write_text(json.dumps({"figures": figures}), encoding="utf-8")
    res = root / "results.json"
    res.write_text(json.dumps({"figures": results}), encoding="utf-8")
    args = ["--baseline", str(baseline), "--root", str(root), "--results", str(res)]
    assert gate.main(args) == 0
    results["highlights.rouge2"] = 48.0
    res.write_text(json.dumps({"figures": results}), encoding="utf-8")
    capsys.readouterr()
    assert gate.main(args) == 1
    out = capsys.readouterr().out
    assert "highlights.rouge2: 48 is below its floor 49" in out and "gate FAILED (1)" in out


def test_committed_baseline_covers_every_check() -> None:
    """Every registered figure has an entry in benchmarks/gate_baseline.json with a digest."""
    path = Path(__file__).resolve().parents[1] / gate.BASELINE
    doc = gate.load_baseline(path)
    for reg in gate.checks():
        for key in reg.check.figures:
            entry = doc["figures"][f"{reg.name}.{key}"]
            if reg.check.figures[key].higher_is_worse:
                assert entry["ceiling"] >= entry["measured"]
            else:
                assert entry["floor"] <= entry["measured"]
            assert set(entry["data"]) == set(reg.check.inputs)


def test_a_figure_where_more_is_worse_has_a_ceiling(root: Path) -> None:
    def measure(inputs: Sequence[Path]) -> dict[str, float]:
        return {"words": 22.0}

    check = Check(
        inputs=("data/dev.jsonl",),
        figures={"words": GateFigure("words per highlight", 0.5, higher_is_worse=True)},
    )
    reg = Registered("toy", check, measure)
    baseline = _baseline(root, reg)
    entry = baseline["figures"]["toy.words"]
    assert entry["ceiling"] == 22.5 and "floor" not in entry
    # Shorter is fine however short; longer than the ceiling fails and says so.
    assert gate.run_gate(baseline, [reg], root, results={"toy.words": 15.0}).ok
    assert gate.run_gate(baseline, [reg], root, results={"toy.words": 22.4}).ok
    out = gate.run_gate(baseline, [reg], root, results={"toy.words": 22.6})
    assert not out.ok and out.failures[0].startswith("toy.words: 22.6 is above its ceiling 22.5")
    assert "OUT OF BOUNDS" in gate.format_outcome(out, baseline)
