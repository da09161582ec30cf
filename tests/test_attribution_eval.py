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
