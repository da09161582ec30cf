"""scripts/highlight_pairs.py: blind pairs keep their key, and unblinding undoes the coin."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType, SimpleNamespace

ROOT = Path(__file__).resolve().parent.parent


def _script() -> ModuleType:
    path = ROOT / "scripts/highlight_pairs.py"
    spec = importlib.util.spec_from_file_location("highlight_pairs", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _row(text: str) -> tuple[list[str], SimpleNamespace, None]:
    return (["a reference"], SimpleNamespace(article=SimpleNamespace(text=text)), None)


def test_pairs_show_each_changed_article_once_and_unblind_to_old_and_new(tmp_path: Path) -> None:
    hp = _script()
    items = [_row("First article."), _row("Second article."), _row("Third article.")]
    old = {"0": ["a"], "1": ["b"], "2": ["c"]}
    new = {"0": ["a"], "1": ["b2"], "2": ["c2"]}
    # The second set repeats the third article (the unseen rows repeat some held-out ones).
    shown, key = hp.make_pairs(
        [("dev", items, old, new), ("un", [_row("Third article.")], {"0": ["c"]}, {"0": ["x"]})],
        seed=3,
    )
    assert [(k["set"], k["row"]) for k in key] == [("dev", 1), ("dev", 2)]
    for p, k in zip(shown, key, strict=True):
        assert p["X" if k["X"] == "new" else "Y"] == new[str(k["row"])]
    files = hp.write_reader_files(shown, tmp_path, 2)
    assert [f.name for f in files] == ["pairs_0.txt", "pairs_1.txt"]
    assert "=== PAIR 0" in files[0].read_text() and "=== PAIR 1" in files[1].read_text()
    # Reader says X for pair 0 and Y for pair 1: whatever the coin, the lines come out old/new.
    reads = [
        {"pair": 0, "verdict": "X", "X_defects": [["cut"]], "Y_defects": [[]],
         "informativeness": {"X": 2, "Y": 4}},
        {"pair": 1, "verdict": "tie", "X_defects": [[]], "Y_defects": [[]],
         "informativeness": {"X": 3, "Y": 3}},
    ]  # fmt: skip
    lines = hp.unblind(key, reads)
    first = lines[0]
    assert first["verdict"] == key[0]["X"]
    x_side = key[0]["X"]
    assert first[f"{x_side}_defects"] == [["cut"]] and first["informativeness"][x_side] == 2
    totals = hp.summary(lines)
    assert totals["pairs"] == 2 and totals["verdicts"]["tie"] == 1
    assert totals[f"{x_side}_defective_bullets"] == 1
