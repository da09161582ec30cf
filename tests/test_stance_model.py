"""Stance towards a claim (FNC-1 labels): hand-made pairs, the command's bad-input lines."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from precis.conflicts.stance import stance
from precis.evaluate.stance import f1_by_class, fnc_score

CLAIM = "A meteorite crashed near the airport in Managua"
AGREE = (
    "A small meteorite crashed into a wooded area near the airport in Managua, Nicaragua's "
    "capital, overnight, the government confirmed on Sunday. Residents reported hearing a loud "
    "boom. Officials said the meteorite left a crater 12 metres wide near the airport."
)
DISAGREE = (
    "Reports that a meteorite crashed near the airport in Managua are false, scientists said. "
    "The claim is a hoax: there was no meteorite, and the crater near the airport was dug by "
    "workers weeks ago. Officials denied that any meteorite had fallen."
)
UNRELATED = (
    "The city council approved a new budget for public libraries on Tuesday. The plan adds "
    "weekend opening hours and funds two new reading rooms for children."
)


def test_stance_of_hand_made_pairs() -> None:
    agree = stance(CLAIM, AGREE)
    assert agree.stance in ("agree", "discuss"), agree
    assert agree.evidence and all(0 <= s < e <= len(AGREE) for s, e in agree.evidence)
    assert stance(CLAIM, DISAGREE).stance == "disagree"
    off = stance(CLAIM, UNRELATED)
    assert off.stance == "unrelated" and off.evidence == []
    # The evidence is the sentence that matches the claim best.
    s, e = stance(CLAIM, DISAGREE).evidence[0]
    assert "meteorite" in DISAGREE[s:e]


def test_fnc_score_matches_the_official_definition() -> None:
    gold = ["agree", "disagree", "unrelated", "discuss"]
    assert fnc_score(gold, gold) == 100.0
    # Related/unrelated right but the wrong related label: 0.25 of 1.0 for that pair.
    assert fnc_score(["agree"], ["discuss"]) == 25.0
    assert fnc_score(["unrelated"], ["agree"]) == 0.0
    assert f1_by_class(gold, gold)["disagree"] == 1.0


def test_stance_command_bad_lines(tmp_path: Path) -> None:
    from precis.cli.main import main

    lines = [
        json.dumps({"id": 1, "claim": CLAIM, "text": DISAGREE}),
        json.dumps({"id": 2, "claim": "   ", "text": DISAGREE}),
        json.dumps({"id": 3, "claim": "x" * 1_000_000, "text": DISAGREE}),
        json.dumps({"id": 4, "claim": "Метеорит упал возле аэропорта Манагуа", "text": AGREE}),
        json.dumps({"id": 5, "text": AGREE}),
        "[1, 2, 3]",
        "{not json",
        json.dumps({"id": 8, "claim": CLAIM, "text": UNRELATED}),
    ]
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert main(["stance", str(src), "--out", str(out)]) == 1  # some lines failed
    rows = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == len(lines)
    assert rows[0]["stance"] == "disagree" and rows[0]["evidence"]
    assert rows[7]["stance"] == "unrelated" and rows[7]["id"] == 8
    for r in rows[1:7]:
        assert "error" in r and "stance" not in r, r
    assert "empty" in rows[1]["error"] and "characters" in rows[2]["error"]
    assert "English" in rows[3]["error"] and "claim" in rows[4]["error"]


@pytest.mark.shared
def test_evaluate_stance_on_fnc_dev_sample() -> None:
    from precis.evaluate.stance import evaluate

    path = Path(__file__).resolve().parent.parent.parent / "shared/data/stance/fnc1_dev.jsonl"
    if not path.exists():
        pytest.skip(f"{path} is absent (../shared is not beside this checkout)")
    r = evaluate(path, limit=300)
    assert r.pairs == 300 and r.score > 60
