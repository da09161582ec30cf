"""The learned conflict model: hand-made disputes of each kind, look-alikes that are not
disputes, the seed article's two disputes, and the ``precis disputes`` command's bad lines."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import precis
from precis.claims.disputes import statements
from precis.conflicts import judge
from precis.conflicts.detect import article_disputes

DENIAL = (
    "The government denied reports that the army shelled the central market in Homs.",
    "Activists said the army shelled the central market in Homs before dawn.",
)
CONTRADICTION = (
    "The bridge is safe and will reopen to traffic on Monday.",
    "The bridge is not safe and will not reopen to traffic on Monday.",
)
FIGURES = (
    "Police said 12 people were killed in the blast at the station.",
    "Hospital officials said 40 people were killed in the blast at the station.",
)


@pytest.mark.parametrize(
    ("pair", "kind"), [(DENIAL, "denial"), (CONTRADICTION, "contradiction"), (FIGURES, "figures")]
)
def test_disputes_of_each_kind(pair: tuple[str, str], kind: str) -> None:
    j = judge(pair[0], pair[1], "one source", "another source")
    assert j.dispute and j.kind == kind, j
    assert precis.conflict(*pair) == j.score


def test_look_alikes_are_not_disputes() -> None:
    reworded = judge(
        "The army shelled the central market in Homs before dawn.",
        "Soldiers shelled the main market of Homs early in the morning.",
        "activists",
        "residents",
    )
    assert not reworded.dispute, reworded
    other_matter = judge(
        "The central bank raised interest rates by half a point.",
        "The football club did not renew its coach's contract.",
        "the bank",
        "the club",
    )
    assert not other_matter.dispute, other_matter
    # "X denies A" beside "Y says B" on another matter.
    deny_other = judge(
        "The ministry denied that it had closed the border crossing.",
        "Farmers said the harvest was the best in a decade.",
        "the ministry",
        "farmers",
    )
    assert not deny_other.dispute, deny_other
    # A figure and its later update from the same source is an update, not a dispute.
    update = judge(
        "Police said 12 people were killed in the blast.",
        "Police said the death toll had risen to 20 people killed in the blast.",
        "police",
        "Police",
    )
    assert not update.dispute and update.score == 0.0
    agree = judge(FIGURES[0], FIGURES[0].replace("Police", "Witnesses"), "police", "witnesses")
    assert not agree.dispute, agree


def test_article_disputes_score_and_kind() -> None:
    text = f"{DENIAL[0]} {DENIAL[1]}"
    a = precis.analyze(text, stages=("claims",))
    found = article_disputes(text, a.claims)
    assert [d.kind for d in found] == ["denial"]
    assert 0 < found[0].score <= 1 and {"army", "market"} <= set(found[0].topic)
    assert found[0].to_dict()["kind"] == "denial"


@pytest.mark.shared
def test_seed_disputes_are_listed(seed_text: str) -> None:
    a = precis.analyze(seed_text, stages=("claims",))
    text = a.article.text
    found = article_disputes(text, a.claims, (s.text for s in a.sentences))
    stmts = statements(text, a.claims)
    listed = [(stmts[d.claims[0]], stmts[d.claims[1]]) for d in found]

    def has(side_a: str, words_a: str, side_b: str, words_b: str) -> bool:
        return any(
            {x.side, z.side} >= {side_a, side_b}
            and any(words_a in s.text and s.side == side_a for s in (x, z))
            and any(words_b in s.text and s.side == side_b for s in (x, z))
            for x, z in listed
        )

    # Lavrov rejects that the strikes hit civilians; the National Coalition: 36 civilians killed.
    assert has("russia", "civilian", "national coalition", "36 civilians")


@pytest.mark.shared
def test_seed_exclusively_isil_against_not_present(seed_text: str) -> None:
    a = precis.analyze(seed_text, stages=("claims",))
    text = a.article.text
    found = article_disputes(text, a.claims, (s.text for s in a.sentences))
    stmts = statements(text, a.claims)
    # Lavrov: "exclusively" ISIL targets; Mouallimi: ISIL was "not present" where jets struck.
    assert any(
        {stmts[i].side, stmts[j].side} == {"russia", "al-mouallimi"}
        and any("exclusively" in stmts[k].text for k in (i, j))
        and any("not present" in stmts[k].text for k in (i, j))
        for i, j in (d.claims for d in found)
    )


def test_disputes_command_bad_lines(tmp_path: Path) -> None:
    from precis.cli.main import main

    lines = [
        json.dumps({"id": "ok", "a": FIGURES[0], "b": FIGURES[1], "a_source": "police"}),
        json.dumps({"id": "empty", "a": " \n", "b": FIGURES[1]}),
        json.dumps({"id": "huge", "a": "word " * 200_000, "b": FIGURES[1]}),
        json.dumps({"id": "ru", "a": "Полиция сообщила о гибели 12 человек", "b": FIGURES[1]}),
        json.dumps({"id": "missing", "a": FIGURES[0]}),
        json.dumps({"id": "type", "a": 5, "b": FIGURES[1]}),
        '"just a string"',
        json.dumps({"id": "ok2", "a": DENIAL[0], "b": DENIAL[1]}),
    ]
    src = tmp_path / "pairs.jsonl"
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert main(["disputes", str(src), "--out", str(out)]) == 1
    rows = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in rows] == ["ok", "empty", "huge", "ru", "missing", "type", None, "ok2"]
    assert rows[0]["dispute"] is True and rows[0]["kind"] == "figures"
    assert rows[7]["dispute"] is True and rows[7]["kind"] == "denial"
    for r in rows[1:7]:
        assert set(r) == {"id", "line", "error"}, r
    assert "empty" in rows[1]["error"] and "characters" in rows[2]["error"]
    assert "English" in rows[3]["error"] and "'b'" in rows[4]["error"]
    assert "string" in rows[5]["error"] and "object" in rows[6]["error"]


def _as_article(a: str, b: str) -> tuple[str, list[tuple[int, int]]]:
    """Two attributed statements as a two-sentence article; its disputes (claim pairs)."""
    text = f"{a} {b}"
    found = article_disputes(text, precis.analyze(text, stages=("claims",)).claims)
    return text, [d.claims for d in found]


@pytest.mark.parametrize(
    "pair",
    [
        DENIAL,
        (
            "The mayor said the bridge is safe and will reopen to traffic on Monday.",
            "Engineers said the bridge is not safe and will not reopen to traffic on Monday.",
        ),
        FIGURES,
        (
            "Police said 12 people were killed in the blast at the station.",
            "Hospital officials said the toll rose to 40 people killed in the blast.",
        ),
        (
            "The bridge is safe and will reopen to traffic on Monday, the mayor said.",
            "Engineers said the bridge will not reopen until inspectors finish their survey.",
        ),
    ],
)
def test_judge_decides_as_in_an_article(pair: tuple[str, str]) -> None:
    """One decision: a pair of statements is a dispute for ``judge`` (``precis disputes``,
    POST /v1/disputes, story cards) exactly when the article holding both lists it."""
    from precis.conflicts import detect, pairs
    from precis.conflicts import judge as judge_

    _, listed = _as_article(*pair)
    j = judge_(pair[0], pair[1], "one source", "another source")
    assert j.dispute == bool(listed), (j, listed)
    # The score is the model's probability whatever the decision.
    sa = precis.conflicts.bare_statement(pair[0], "one source")
    sb = precis.conflicts.bare_statement(pair[1], "another source")
    p = float(pairs.score(pairs.pair_features(sa, sb).x)[0])
    assert j.score == round(p, 4) == round(precis.conflict(pair[0], pair[1]), 4)
    verdict = detect.decide(sa, sb)
    assert (verdict is not None) == j.dispute
    if verdict is not None:
        assert verdict.kind == j.kind and verdict.score == j.score


def test_judge_rules_and_their_look_alikes() -> None:
    # An update of a count is not a rival count; nor is a negation on another point.
    update = judge(FIGURES[0], "Officials said the toll rose to 40 people killed.", "p", "o")
    assert not update.dispute and update.kind == "figures", update
    other_point = judge(
        "The bridge is safe and will reopen to traffic on Monday.",
        "The bridge will not reopen until inspectors finish their survey next month.",
        "the mayor",
        "engineers",
    )
    assert not other_point.dispute, other_point
    # A denial of another matter, and a rejection without a proposition, are not disputes.
    assert not judge("The club rejected the offer.", "The club said the offer was fair.").dispute
    # "Exclusively X" against "X was not present", as in the seed article.
    only = judge(
        'The jets struck "exclusively" ISIL positions near Homs, the ministry said.',
        "ISIL was not present in the areas near Homs that the jets struck.",
        "the ministry",
        "the envoy",
    )
    assert only.dispute and only.kind == "contradiction", only


def test_judge_reads_a_given_cue() -> None:
    """A claim's content alone (as story cards hold it) with its cue words decides as the whole
    sentence does: the cue makes the denial."""
    content = "accusations that the strikes hit civilians in Homs"
    toll = "36 civilians had been killed in the strikes in Homs"
    assert not judge(content, toll, "Russia", "the coalition").dispute
    j = judge(content, toll, "Russia", "the coalition", a_cue="rejected")
    assert j.dispute and j.kind == "denial", j
    whole = judge(f"Lavrov rejected {content}.", toll, "Russia", "the coalition")
    assert whole.dispute == j.dispute and whole.kind == j.kind
