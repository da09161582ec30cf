"""The quality gate: every evaluator on the dev data, each figure against a pinned floor.

``python -m precis.evaluate.gate`` (``make gate``) runs every check and fails, naming each figure,
when one falls below the floor pinned in ``benchmarks/gate_baseline.json``. Each baseline entry
pins the sha256 of the data files it was measured on: when a digest differs the data changed, and
the gate says so instead of comparing figures measured on different data. ``--update``
(``make gate-update``) re-measures and rewrites the baseline (measured value, floor = measured
minus the figure's tolerance, digests), printing every change; CI never runs it.

A check is any module under ``precis.evaluate`` that defines ``GATE`` (a :class:`Check`: its
input files and the figures it reports with their tolerances) and ``gate_figures(inputs)``. A new
stage joins the gate by adding that to its evaluator and its entries to the baseline
(``make gate-update``); nothing else changes.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib
import json
import pkgutil
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

from precis.errors import InputError

BASELINE = Path("benchmarks/gate_baseline.json")
Figures = dict[str, float]


@dataclass(frozen=True)
class GateFigure:
    """One gated figure: what it measures and how far below the baseline it may fall (or, for
    a figure where more is worse, such as words per highlight, how far above)."""

    metric: str
    tolerance: float
    higher_is_worse: bool = False


@dataclass(frozen=True)
class Check:
    """An evaluator's gate entry: its input files (relative to the repository root) and figures."""

    inputs: tuple[str, ...]
    figures: Mapping[str, GateFigure]


@dataclass
class Registered:
    name: str
    check: Check
    measure: Callable[[Sequence[Path]], Figures]


@dataclass
class Outcome:
    """What one gate run found: measured figures, failures (each a line) and timings."""

    measured: Figures = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.failures


def checks(only: Sequence[str] = ()) -> list[Registered]:
    """Every evaluator module that defines ``GATE`` and ``gate_figures``, by module name."""
    import precis.evaluate as package

    out: list[Registered] = []
    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda m: m.name):
        if info.name == "gate" or (only and info.name not in only):
            continue
        module: ModuleType = importlib.import_module(f"{package.__name__}.{info.name}")
        check = getattr(module, "GATE", None)
        measure = getattr(module, "gate_figures", None)
        if isinstance(check, Check) and callable(measure):
            out.append(Registered(info.name, check, measure))
    unknown = set(only) - {r.name for r in out}
    if unknown:
        raise InputError(f"no gate check named {', '.join(sorted(unknown))}")
    if not out:
        raise InputError("no gate checks found under precis.evaluate")
    return out


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def load_baseline(path: Path) -> dict[str, Any]:
    if not path.is_file():
        raise InputError(f"{path}: no gate baseline (make gate-update writes one)")
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise InputError(f"{path}: not JSON: {exc.msg}") from exc
    if not isinstance(doc, dict) or not isinstance(doc.get("figures"), dict):
        raise InputError(f"{path}: a gate baseline needs a 'figures' object")
    return doc


def _digests(reg: Registered, root: Path) -> tuple[dict[str, str], list[str]]:
    """sha256 of each input of a check, and a failure line for each missing one."""
    digests: dict[str, str] = {}
    missing: list[str] = []
    for rel in reg.check.inputs:
        path = root / rel
        if path.is_file():
            digests[rel] = sha256(path)
        else:
            missing.append(f"{reg.name}: data file {rel} not found")
    return digests, missing


def _data_changed(name: str, entry: Mapping[str, Any], digests: Mapping[str, str]) -> list[str]:
    out = []
    pinned: Mapping[str, str] = entry.get("data") or {}
    for rel, digest in digests.items():
        if pinned.get(rel) != digest:
            out.append(
                f"{name}: data changed: {rel} has sha256 {digest[:12]}…, the baseline was "
                f"measured on {str(pinned.get(rel))[:12]}…; re-measure with `make gate-update`"
            )
    return out


def run_gate(
    baseline: Mapping[str, Any],
    registered: Sequence[Registered],
    root: Path,
    results: Mapping[str, float] | None = None,
) -> Outcome:
    """Check each registered evaluator against ``baseline``.

    ``results`` (figure name -> value) stands in for running the evaluators: the figures a
    previous run saved, or a test's fabricated ones. Data digests are checked either way.
    """
    outcome = Outcome()
    pinned: Mapping[str, Any] = baseline["figures"]
    for reg in registered:
        names = [f"{reg.name}.{k}" for k in reg.check.figures]
        unpinned = [n for n in names if n not in pinned]
        if unpinned:
            outcome.failures += [
                f"{n}: no baseline entry; add it with `make gate-update`" for n in unpinned
            ]
            continue
        digests, missing = _digests(reg, root)
        changed = [line for n in names for line in _data_changed(n, pinned[n], digests)]
        if missing or changed:
            outcome.failures += missing + changed
            continue
        if results is None:
            start = time.perf_counter()
            figures = reg.measure([root / rel for rel in reg.check.inputs])
            outcome.seconds[reg.name] = round(time.perf_counter() - start, 1)
        else:
            figures = {k[len(reg.name) + 1 :]: v for k, v in results.items() if k in names}
        for key in reg.check.figures:
            name = f"{reg.name}.{key}"
            if key not in figures:
                outcome.failures.append(f"{name}: not measured")
                continue
            value = float(figures[key])
            outcome.measured[name] = value
            entry = pinned[name]
            if not within_limit(value, entry):
                side = "above its ceiling" if "ceiling" in entry else "below its floor"
                outcome.failures.append(
                    f"{name}: {value:g} is {side} {limit_of(entry):g} "
                    f"(baseline {entry['measured']:g}, {entry['metric']})"
                )
    return outcome


def limit_of(entry: Mapping[str, Any]) -> float:
    """A baseline entry's floor, or its ceiling for a figure where more is worse."""
    return float(entry["ceiling"] if "ceiling" in entry else entry["floor"])


def within_limit(value: float, entry: Mapping[str, Any]) -> bool:
    if "ceiling" in entry:
        return value <= float(entry["ceiling"])
    return value >= float(entry["floor"])


def measure_baseline(
    registered: Sequence[Registered], root: Path, old: Mapping[str, Any] | None = None
) -> tuple[dict[str, Any], list[str]]:
    """A fresh baseline from running every check, and a line for each figure that moved."""
    figures: dict[str, Any] = {}
    changes: list[str] = []
    before: Mapping[str, Any] = (old or {}).get("figures", {})
    for reg in registered:
        digests, missing = _digests(reg, root)
        if missing:
            raise InputError("; ".join(missing))
        measured = reg.measure([root / rel for rel in reg.check.inputs])
        for key, fig in reg.check.figures.items():
            name = f"{reg.name}.{key}"
            value = round(float(measured[key]), 2)
            limit = (
                {"ceiling": round(value + fig.tolerance, 2)}
                if fig.higher_is_worse
                else {"floor": round(value - fig.tolerance, 2)}
            )
            figures[name] = {
                "metric": fig.metric,
                "measured": value,
                "tolerance": fig.tolerance,
                **limit,
                "data": digests,
            }
            prev = before.get(name, {}).get("measured")
            if prev != value:
                changes.append(f"{name}: {prev} -> {value}")
    doc = {
        "about": "Quality floors for `make gate` (precis.evaluate.gate); rewrite with "
        "`make gate-update`, never by hand.",
        "figures": figures,
    }
    return doc, changes


def format_outcome(outcome: Outcome, baseline: Mapping[str, Any]) -> str:
    lines = [f"{'figure':32} {'measured':>9} {'limit':>9} {'baseline':>9}"]
    for name, value in outcome.measured.items():
        entry = baseline["figures"][name]
        mark = "" if within_limit(value, entry) else "  OUT OF BOUNDS"
        kind = "max" if "ceiling" in entry else "min"
        lines.append(
            f"{name:32} {value:>9.2f} {kind} {limit_of(entry):>4.2f} "
            f"{entry['measured']:>9.2f}{mark}"
        )
    if outcome.seconds:
        lines.append(
            "seconds per check: " + ", ".join(f"{k} {v}" for k, v in outcome.seconds.items())
        )
    if outcome.failures:
        lines += ["", f"gate FAILED ({len(outcome.failures)}):"] + [
            f"  {f}" for f in outcome.failures
        ]
    else:
        lines += ["", "gate passed"]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m precis.evaluate.gate", description=__doc__)
    ap.add_argument("--baseline", type=Path, default=BASELINE, help=f"default {BASELINE}")
    ap.add_argument("--root", type=Path, default=Path("."), help="repository root (default .)")
    ap.add_argument("--only", action="append", default=[], metavar="CHECK", help="one check")
    ap.add_argument("--results", type=Path, help="figures from this JSON file, not a run")
    ap.add_argument("--save-results", type=Path, help="write the measured figures here")
    ap.add_argument(
        "--update", action="store_true", help="re-measure and rewrite the baseline (prints changes)"
    )
    args = ap.parse_args(argv)
    start = time.perf_counter()
    try:
        registered = checks(args.only)
        if args.update:
            old = load_baseline(args.baseline) if args.baseline.is_file() else None
            doc, changes = measure_baseline(registered, args.root, old)
            if old is not None and args.only:  # keep the checks not re-measured
                doc["figures"] = {**old["figures"], **doc["figures"]}
            args.baseline.write_text(json.dumps(doc, indent=2) + "\n", encoding="utf-8")
            print(f"wrote {args.baseline}; changed figures:")
            print("\n".join(f"  {c}" for c in changes) or "  none")
            return 0
        baseline = load_baseline(args.baseline)
        results = None
        if args.results is not None:
            results = json.loads(args.results.read_text(encoding="utf-8"))["figures"]
        outcome = run_gate(baseline, registered, args.root, results)
    except InputError as exc:
        print(f"gate: error: {exc}", file=sys.stderr)
        return 2
    if args.save_results is not None:
        args.save_results.write_text(json.dumps({"figures": outcome.measured}, indent=2) + "\n")
    print(format_outcome(outcome, baseline))
    print(f"gate wall time: {time.perf_counter() - start:.1f} s")
    return 0 if outcome.ok else 1


if __name__ == "__main__":
    # Run the imported module's main: the evaluators' GATE objects are instances of its Check,
    # not of this __main__ copy's.
    from precis.evaluate import gate

    sys.exit(gate.main())
