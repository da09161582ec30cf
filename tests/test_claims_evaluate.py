"""The attribution scorer on a hand-made gold document."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from precis import analyze
from precis.evaluate.claims import (
    Tally,
    agreement,
    evaluate,
    report,
    score_document,
    shared,
)


def test_perfect_match_scores_100() -> None:
    text = "Peter Hall said that the bridge would reopen."
    a = analyze(text, stages=("claims",))
    gold = [
        {
            "source": {"spans": [[0, 10]]},
            "cue": {"spans": [[11, 15]]},
            "content": {"spans": [[16, 44]]},
        }
    ]
    tally = Tally()
    score_document(text, a, gold, tally)
    r = report(tally)
    assert r["cue"]["exact"]["f1"] == 100.0
    assert r["source"]["exact"]["f1"] == 100.0
    assert r["content"]["overlap"]["f1"] == 100.0
    assert r["speaker_accuracy"] == 100.0


def test_no_prediction_scores_zero() -> None:
    tally = Tally()
    a = analyze("The bridge is old.", stages=("claims",))
    score_document("The bridge is old.", a, [{"cue": {"spans": [[0, 3]]}}], tally)
    assert report(tally)["cue"]["exact"]["f1"] == 0.0


def test_quote_score_counts_direct_claims_against_quoted_gold() -> None:
    text = '"We will rebuild the town," Peter Hall said.'
    a = analyze(text, stages=("claims",))
    assert [c.kind for c in a.claims] == ["direct"]
    gold = [
        {
            "source": {"spans": [[28, 38]]},
            "cue": {"spans": [[39, 43]]},
            "content": {"spans": [[0, 26]]},
        }
    ]
    tally = Tally()
    score_document(text, a, gold, tally)
    assert report(tally)["quote"] == {"p": 100.0, "r": 100.0, "f1": 100.0}
    # Reported speech is not a quotation: nothing to score, nothing scored.
    plain = Tally()
    b = analyze("Peter Hall said that the town would be rebuilt.", stages=("claims",))
    score_document(b.article.text, b, [], plain)
    assert report(plain)["quote"]["f1"] == 0.0 and plain.counts.get("gold_quote") == 0


def _row(annotator: str, attributions: list[dict[str, object]], name: str = "a.txt") -> dict:
    return {
        "filename": name,
        "annotator": annotator,
        "text": "Peter Hall said that the bridge would reopen. Ann Lee thinks it will not.",
        "attributions": attributions,
    }


_HALL = {
    "source": {"spans": [[0, 10]]},
    "cue": {"spans": [[11, 15]]},
    "content": {"spans": [[16, 44]]},
}
_LEE = {
    "source": {"spans": [[46, 53]]},
    "cue": {"spans": [[54, 60]]},
    "content": {"spans": [[61, 72]]},
}


def _write(tmp_path: Path, rows: list[dict]) -> Path:
    path = tmp_path / "rows.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def test_agreement_scores_annotators_against_each_other(tmp_path: Path) -> None:
    rows = [_row("x", [_HALL, _LEE]), _row("y", [_HALL]), _row("z", [_HALL], name="b.txt")]
    result = agreement(_write(tmp_path, rows))
    # Only a.txt has two annotations: x vs y and y vs x. Each pair agrees on Hall; Lee is in
    # one of them only: 2 of the 3 attributions on each side are matched over the two pairs.
    assert (result["articles"], result["annotations"], result["pairs"]) == (1, 2, 2)
    assert result["cue"]["exact"] == {"p": 66.7, "r": 66.7, "f1": 66.7}
    assert result["source"]["exact"]["f1"] == 66.7
    assert result["speaker_accuracy"] == 100.0


def test_agreement_of_identical_annotations_is_perfect(tmp_path: Path) -> None:
    result = agreement(_write(tmp_path, [_row("x", [_HALL, _LEE]), _row("y", [_HALL, _LEE])]))
    for f in ("source", "cue", "content"):
        assert result[f]["exact"]["f1"] == 100.0


def test_shared_needs_the_same_file_and_text() -> None:
    other_text = dict(_row("y", [_HALL]), text="Another text entirely.")
    unnamed = {k: v for k, v in _row("z", [_HALL]).items() if k != "filename"}
    assert shared([_row("x", [_HALL]), other_text, unnamed]) == []
    assert len(shared([_row("x", [_HALL]), _row("y", [])])) == 1


def test_evaluate_shared_only_scores_the_multiply_annotated_rows(tmp_path: Path) -> None:
    rows = [_row("x", [_HALL, _LEE]), _row("y", [_HALL, _LEE]), _row("z", [_HALL], name="b")]
    result = evaluate(_write(tmp_path, rows), progress=False, shared_only=True)
    assert result["articles"] == 2 and result["counts"]["gold"] == 4


def test_cli_agreement(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from precis.cli.main import main

    path = _write(tmp_path, [_row("x", [_HALL, _LEE]), _row("y", [_HALL])])
    assert main(["evaluate-attribution", "--agreement", str(path)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Annotators against each other: 1 articles annotated 2 times")
    assert "precis against each of those 2 annotations" in out
    assert main(["evaluate-attribution", "--agreement", "--json", str(path)]) == 0
    assert set(json.loads(capsys.readouterr().out)) == {"annotators", "precis"}
    lone = _write(tmp_path, [_row("x", [_HALL])])
    assert main(["evaluate-attribution", "--agreement", str(lone)]) == 2
    assert "no article is annotated more than once" in capsys.readouterr().err
