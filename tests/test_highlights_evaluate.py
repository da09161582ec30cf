"""``precis evaluate``: ROUGE table for precis, Lead-3 and peers."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from precis.errors import InputError
from precis.evaluate.highlights import evaluate, read_rows
from precis.evaluate.rouge import rouge_f1

ARTICLE = (
    "The city council approved a new budget on Monday after a long debate. "
    "The budget raises spending on schools by 5 percent. "
    "Council member Ana Ortiz said the plan was fair to taxpayers. "
    "Opponents said it would raise property taxes. "
    "A final vote is expected next month."
)
ROWS = [
    {
        "id": "a",
        "article": ARTICLE,
        "highlights": ["Council approves new budget.", "School spending rises 5 percent."],
        "systems": {"peer": "the city council approved a new budget .\nspending rises ."},
    },
    {"id": "b", "article": ARTICLE, "highlights": ["A final vote is expected next month."]},
]


def write(tmp_path: Path, rows: list[dict[str, Any]]) -> Path:
    path = tmp_path / "data.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows) + "\n", encoding="utf-8")
    return path


def test_rouge_matches_rouge_score() -> None:
    from rouge_score import rouge_scorer

    ref, pred = ["Running dogs bark.", "Cats sleep."], ["the dogs ran and barked .", "cats"]
    ours = rouge_f1(ref, pred)
    theirs = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeLsum"], use_stemmer=True).score(
        "\n".join(ref), "\n".join(pred)
    )
    for k, v in theirs.items():
        assert ours[k] == pytest.approx(v.fmeasure)
    assert rouge_f1(ref, ref)["rouge1"] == pytest.approx(1.0)


def test_read_rows(tmp_path: Path) -> None:
    assert len(read_rows(str(write(tmp_path, ROWS)), limit=1)) == 1
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": 1}\n')
    with pytest.raises(InputError):
        read_rows(str(bad))


def test_evaluate_counts_peers_on_their_rows(tmp_path: Path) -> None:
    result = evaluate(read_rows(str(write(tmp_path, ROWS))), progress=False)
    systems = result["systems"]
    assert systems["precis"]["n"] == 2 and systems["lead3"]["n"] == 2
    assert systems["peer"]["n"] == 1 and "precis_same_rows" in systems["peer"]
    assert 0 < systems["lead3"]["rouge1"] <= 100
    assert result["articles_per_s"] > 0 and result["peak_rss_mb"] > 0
    assert not result["errors"]


def test_cli_json(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "precis.cli.main", "evaluate", str(write(tmp_path, ROWS)), "--json"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert set(json.loads(proc.stdout)["systems"]) == {"precis", "lead3", "peer"}


def test_cli_missing_file(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "precis.cli.main", "evaluate", str(tmp_path / "nope.jsonl")],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 2


@pytest.mark.shared
def test_dev_rows(dev_rows: list[dict[str, Any]]) -> None:
    result = evaluate(dev_rows[:5], progress=False)
    assert result["systems"]["precis"]["n"] == 5
    assert result["systems"]["see2017_pointer_gen"]["n"] == 5
    assert result["systems"]["precis"]["rouge1"] > 10
