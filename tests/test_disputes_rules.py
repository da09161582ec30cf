"""Disputed claims: the detector, and the rule that a disputed point is never a bare highlight."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import precis
from precis import nlp
from precis.claims.disputes import (
    WRITER,
    Statement,
    conflict,
    figures,
    statements,
)
from precis.conflicts.detect import article_disputes, disputes
from precis.conflicts.pairs import pair_features
from precis.highlighter.disputed import Guard
from precis.highlighter.verify import unfaithful
from precis.model import Analysis, Piece

DENIED = (
    "The strikes hit civilian areas in the north of the country on Tuesday. "
    "Russia denied that the strikes hit civilian areas. "
    "The ministry said its jets destroyed weapons depots."
)


def test_denial_dispute() -> None:
    denial = Statement("that the strikes hit civilian areas", "russia", "deny")
    claim = Statement("the strikes hit civilian areas near Homs", "activists")
    found = conflict(denial, claim)
    assert found is not None and found[0] == "denial"
    assert {"strikes", "civilian"} <= set(found[1])
    # "reject"/"dismiss" deny only a proposition, not "dismissed one count".
    assert Statement("reports that the army shelled the market", "x", "reject").denial
    assert not Statement("one of the two counts of theft", "judge", "dismiss").denial
    assert Statement('the rumours were "groundless"', "russia", "call").denial


def test_denial_dispute_between_claims_of_an_article() -> None:
    text = (
        "The government rejected reports that the army had shelled the market. "
        "Activists said the army shelled the market before dawn."
    )
    a = precis.analyze(text, stages=("claims", "disputes"))
    found = article_disputes(text, a.claims)
    assert [d.kind for d in found] == ["denial"]
    # Topic words as the statements spell them (the first statement's spelling first).
    assert {"army", "market", "shelled"} <= set(found[0].topic)
    # The claims stage reports the same disputes in the analysis and its JSON.
    assert a.disputes == found
    out = a.to_dict()["disputes"]
    assert out[0]["kind"] == "denial" and out[0]["claims"] == list(found[0].claims)
    assert "disputes" not in precis.analyze(text, stages=("claims",)).to_dict()


def test_figure_dispute() -> None:
    text = (
        "Police said 12 people were killed in the blast on Monday. "
        "Hospital officials said 20 people had died in the explosion."
    )
    a = precis.analyze(text, stages=("claims",))
    # Two sources' counts of the dead that cannot both hold are listed (kind "figures").
    stmts = statements(text, a.claims)
    assert conflict(stmts[0], stmts[1]) is not None
    f = pair_features(stmts[0], stmts[1])
    assert f.kind == "figures" and f.topic[0] == "deaths"
    assert f.detail == "'12 people' against '20 people'"
    found = disputes(stmts)
    assert [(d.claims, d.kind, d.detail) for d in found] == [
        ((0, 1), "figures", "'12 people' against '20 people'")
    ]
    # Other differing counts are not listed: on the judged pairs they were right too rarely.
    hours = [
        Statement("Bates completed 300 hours of training with the reserve unit", "office"),
        Statement("Bates needed 480 hours of training with the reserve unit", "paper"),
    ]
    assert conflict(*hours) is not None and disputes(hours) == []
    # An update ("the toll rose to 20") is not a rival count, nor is the writer's own count.
    rose = Statement("the toll rose to 20 people killed in the blast", "hospital officials")
    assert disputes([stmts[0], rose]) == []
    assert disputes([Statement("12 people were killed in the blast", WRITER), stmts[1]]) == []
    # Every count of the dead is one count, whatever the noun.
    assert [f.key for f in figures("14 people had died; 31 bodies; 5 deaths")] == ["deaths"] * 3


def test_ranges_and_agreeing_sources_are_no_dispute() -> None:
    a = Statement("more than 10 people were killed in the blast", "police")
    b = Statement("12 people died in the blast", "hospital")
    assert conflict(a, b) is None
    agree = [
        Statement("the army shelled the market before dawn", "activists"),
        Statement("soldiers shelled the market at dawn", "residents"),
        Statement("12 people were killed in the explosion", "police"),
        Statement("12 people had died in the explosion", "hospital officials"),
    ]
    assert disputes(agree) == []
    # One side never disputes itself ("Lavrov" and "the defence ministry" are both "Russia").
    same = [Statement("that the strikes hit civilians", "russia", "deny")]
    same.append(Statement("the strikes hit civilians in error", "russia"))
    assert disputes(same) == []


def test_agreeing_sources_in_an_article() -> None:
    text = (
        "Police said 12 people were killed in the explosion. "
        "Hospital officials said 12 people had died in the explosion. "
        "The mayor said the market would stay closed."
    )
    a = precis.analyze(text, stages=("claims",))
    assert len(a.claims) == 3
    assert article_disputes(text, a.claims) == []


def test_writer_is_held_only_by_denials_and_death_counts() -> None:
    said = Statement("the strikes hit civilian areas on Tuesday", WRITER)
    assert not said.denial
    assert conflict(said, Statement("that the strikes hit civilian areas", "russia", "deny"))
    # A negation on the same subject is not a dispute of what the writer states.
    negated = Statement("the strikes did not hit civilian areas", "russia")
    assert conflict(said, negated) is None
    assert conflict(Statement("the strikes hit civilian areas", "activists"), negated)
    assert conflict(Statement("14 people died", WRITER), Statement("31 bodies", "residents"))


def test_disputed_unattributed_sentence_is_never_a_bare_highlight() -> None:
    result = precis.analyze(DENIED, stages=("highlights",))
    assert unfaithful(result) == {}
    assert result.highlights
    for h in result.highlights:
        assert h.sentence != 0 or h.source is not None, h.text
    # Without the denial the same sentence leads the highlights: the guard is what held it back.
    plain = DENIED.replace("Russia denied that the strikes hit civilian areas. ", "")
    assert precis.highlights(plain)[0].text.startswith("The strikes hit civilian areas")


def _guard(text: str) -> tuple[Analysis, Guard]:
    analysis = precis.analyze(text, stages=("claims", "disputes"))
    return analysis, Guard(analysis)


def test_guard_frames_a_disputed_quotation_with_its_source() -> None:
    text = (
        "The Interior Ministry denied that soldiers shelled the central market in Homs.\n\n"
        '"We watched soldiers shell the central market from the hill," said Ahmed Khalil.\n\n'
        '"Soldiers shelled the central market in Homs for an hour and nobody came to help."'
    )
    analysis, guard = _guard(text)
    doc = nlp.parse_one(analysis.article.prose_mask(), "full")
    start, end = analysis.sentences[2].span
    span = doc.char_span(start, end, alignment_mode="expand")
    assert span is not None
    bare = [Piece(text[start:end], (start, end))]
    out = guard.review(span, bare, None)
    assert out is not None
    pieces, source = out
    assert source == "Ahmed Khalil"
    assert pieces[1].text == "says" and pieces[1].span is None
    # The denied words without their denial cannot be framed "<denier> says ...": dropped.
    first = doc.char_span(*analysis.sentences[0].span, alignment_mode="expand")
    assert first is not None
    whole = analysis.sentences[0].span
    assert guard.review(first, [Piece(text[whole[0] : whole[1]], whole)], None) is not None
    denied = "soldiers shelled the central market in Homs"
    pos = text.index(denied)
    assert guard.review(first, [Piece(denied, (pos, pos + len(denied)))], None) is None


def test_frame_lowers_a_common_first_word_but_keeps_article_text() -> None:
    text = "A storm hit the coast on Monday and cut power to thousands, the weather board said."
    result = precis.analyze(text, stages=("highlights",))
    assert unfaithful(result) == {}
    (h,) = result.highlights
    # The frame keeps the article's own words for the source ("The weather board says", helper F's
    # wording) and lowers only the first word of what it says ("a storm").
    assert "eather board says a storm hit the coast" in h.text, h.text
    for p in h.pieces:
        if p.span is not None:
            assert text[p.span[0] : p.span[1]] == p.text  # offsets point at what they claim
    names = "Russia will send aid to the flooded region this week, the ministry said."
    (h,) = precis.highlights(names)
    assert "says Russia will send aid" in h.text, h.text


@pytest.mark.shared
def test_seed_disputes(seed_text: str) -> None:
    a = precis.analyze(seed_text, stages=("claims", "highlights"))
    text = a.article.text
    found = article_disputes(text, a.claims, (s.text for s in a.sentences))
    stmts = statements(text, a.claims)
    pairs = {(stmts[d.claims[0]].side, stmts[d.claims[1]].side, d.kind) for d in found}
    # Lavrov's denials against the National Coalition's civilian toll and NATO's doubts.
    assert ("russia", "national coalition", "denial") in pairs
    assert ("russia", "nato", "denial") in pairs
    civilians = [d for d in found if "civilians" in d.topic or "civilian" in d.topic]
    assert civilians and all(stmts[d.claims[0]].denial for d in civilians)
    # Every highlight passes the guard unchanged: nothing disputed is stated as fact.
    guard = Guard(a)
    doc = nlp.parse_one(a.article.prose_mask(), "full")
    for h in a.highlights:
        span = doc.char_span(*a.sentences[h.sentence].span, alignment_mode="expand")
        assert span is not None
        assert guard.review(span, h.pieces, h.source) == (h.pieces, h.source), h.text


def test_frame_verb_agrees_with_a_plural_source() -> None:
    text = "The mayor took the money for his own house in 2019, prosecutors said on Monday."
    (h,) = precis.highlights(text)
    assert h.text.startswith("Prosecutors say the mayor took the money"), h.text


def test_claims_command_lists_disputes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from precis.cli.main import main

    path = tmp_path / "a.txt"
    path.write_text(
        "The government rejected reports that the army had shelled the market. "
        "Activists said the army shelled the market before dawn.\n",
        encoding="utf-8",
    )
    assert main(["claims", str(path)]) == 0
    out = capsys.readouterr().out
    assert "Possible disputes" in out and "#1 vs #2: denial" in out
    assert "#2 [indirect] Activists said: the army shelled the market" in out
    assert main(["claims", "--format", "json", str(path)]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["disputes"][0]["kind"] == "denial"
    path.write_text("According to the ministry, the bridge will reopen in May.\n", encoding="utf-8")
    assert main(["claims", str(path)]) == 0
    assert "According to the ministry: the bridge will reopen in May" in capsys.readouterr().out
    path.write_text(
        "The mayor said the bridge was safe, adding that it would reopen in May.\n",
        encoding="utf-8",
    )
    assert main(["claims", str(path)]) == 0
    assert "The mayor, adding: that it would reopen in May" in capsys.readouterr().out


def test_disputes_listed_per_statement_are_capped() -> None:
    """A text of one claim repeated is answered with at most 10 disputes per claim, none lost."""
    from precis.claims.disputes import MAX_PER_STATEMENT, crowded

    deny = [Statement("that the army shelled the market", f"gov{i}", "deny") for i in range(40)]
    say = [Statement("the army shelled the market at dawn", f"rebels{i}") for i in range(40)]
    found = disputes(deny + say)
    assert len(found) <= MAX_PER_STATEMENT * 80
    assert {i for d in found for i in d.claims} == set(range(80))  # every disputed claim listed
    assert crowded(found) > 0
    # Small inputs are untouched: one pair, no cap reached.
    assert len(disputes([deny[0], say[0]])) == 1 and crowded(disputes([deny[0], say[0]])) == 0


def test_claims_stage_warns_when_disputes_are_capped() -> None:
    claims = [
        f"Officials from town {i} denied that the army shelled the market. "
        f"Witnesses from village {i} said the army shelled the market."
        for i in range(15)
    ]
    # Enough other prose that "army", "shelled", "market" are not the whole story's words.
    filler = [f"The weather in region {i} was mild and dry." for i in range(100)]
    text = " ".join(claims + filler)
    a = precis.analyze(text, stages=("claims", "disputes"))
    assert a.disputes and any("not all of their disputes" in w for w in a.warnings)


def test_evaluate_disputes_against_judged_pairs(tmp_path: Path) -> None:
    from precis.evaluate.disputes import evaluate, format_report

    text = (
        "The government rejected reports that the army had shelled the market. "
        "Activists said the army shelled the market before dawn."
    )
    data = tmp_path / "dev.jsonl"
    data.write_text(json.dumps({"id": "a1", "article": text}) + "\n", encoding="utf-8")
    a = precis.analyze(text, stages=("claims", "disputes"))
    (d,) = a.disputes
    first, second = (a.claims[i].cue for i in d.claims)
    labels = tmp_path / "labels.jsonl"
    row = {"id": "a1", "a_cue": list(first), "b_cue": list(second), "reason": "denial"}
    labels.write_text(json.dumps({**row, "label": "dispute"}) + "\n", encoding="utf-8")
    report = evaluate(labels, data)
    assert (report.listed, report.true, report.false, report.judged_true) == (1, 1, 0, 1)
    assert "precision 100.0% (n=1, 95% Wilson interval 20.7-100.0%)" in format_report(report)
    labels.write_text(json.dumps({**row, "label": "no"}) + "\n", encoding="utf-8")
    assert evaluate(labels, data).precision == 0.0
    # A listed pair nobody judged is reported as such, not scored.
    labels.write_text("", encoding="utf-8")
    unjudged = evaluate(labels, data)
    assert unjudged.true + unjudged.false == 0 and len(unjudged.unjudged) == 1


def test_listing_rules_are_precise() -> None:
    """The listing rules of precis.conflicts.detect on hand-made pairs and their look-alikes."""
    from precis.conflicts.detect import denial, exclusive

    denied = Statement("that its troops shelled the central market", "army", "deny")
    asserted = Statement("troops shelled the central market on Friday", "witnesses", "say")
    assert denial(denied, asserted) and denial(asserted, denied)
    # Another matter: the denial does not meet the assertion's point.
    other = Statement("the central bank will raise rates on Friday", "analysts", "say")
    assert not denial(denied, other)
    # An appeal asserts nothing to deny.
    appeal = Statement("troops to stop shelling the central market", "charity", "urge")
    assert not denial(denied, appeal)
    # A claim inside a claim (the same article, content within the other's) is read twice.
    outer = Statement(
        "allegations he was violent and on drugs", "family", "reject", extent=(10, 50)
    )
    inner = Statement("he was violent and on drugs", "police", "say", extent=(26, 50))
    assert not denial(outer, inner)
    # A death count of what the denier names ("civilians") meets "hit civilians".
    strikes = Statement("accusations that the strikes hit civilians", "ministry", "reject")
    toll = Statement("36 civilians had been killed in the raids", "coalition", "say")
    assert denial(strikes, toll)
    only = Statement('the jets target "exclusively" ISIL positions', "ministry", "say")
    absent = Statement("ISIL was not present in the areas that were attacked", "envoy", "say")
    far = Statement("there was no effort to tell the allies, who are fighting ISIL", "envoy", "say")
    assert exclusive(only, absent) and not exclusive(only, far)
