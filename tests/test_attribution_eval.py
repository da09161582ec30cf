"""The attribution scorer on a hand-made gold document."""

from __future__ import annotations

from precis import analyze
from precis.evaluate.attribution import Tally, report, score_document


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
