"""``precis stages``: each stage's contract and settings with defaults, as text and JSON."""

from __future__ import annotations

import json

import pytest

from precis.cli.main import main


def test_stages_json_lists_contracts_and_settings(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["stages", "--json"]) == 0
    found = {s["name"]: s for s in json.loads(capsys.readouterr().out)}
    assert {"claims", "disputes", "facts", "highlights"} <= set(found)
    hl = found["highlights"]
    assert hl["requires"] == ["claims", "disputes"] and hl["assigns"] == ["highlights"]
    defaults = {f["name"]: f["default"] for f in hl["settings"]}
    assert defaults == {
        "max_highlights": 3,
        "target_words": 30,
        "selection": "auto",
        "min_highlights": 2,
    }
    assert found["facts"]["profile"] == "full" and found["claims"]["profile"] == "parse"
    assert found["disputes"]["settings"][0]["name"] == "max_per_claim"


def test_stages_text(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["stages"]) == 0
    out = capsys.readouterr().out
    assert "highlights:" in out and "requires: claims, disputes" in out
    assert "setting target_words: int = 30 (>= 8, <= 500)" in out
