"""The learned attribution tagger: candidates, features, the packaged model, and training."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest
from spacy.tokens import Token

from precis import analyze
from precis.claims import features, tagger
from precis.nlp import parse_one

ROOT = Path(__file__).resolve().parent.parent
TRAIN = ROOT.parent / "shared" / "data" / "attribution" / "polnear_train.jsonl"


def _tok(text: str, word: str) -> Token:
    doc = parse_one(text, profile="parse")
    return next(t for t in doc if t.text == word)


def test_candidates_cover_subject_and_clause() -> None:
    said = _tok("Peter Hall said that the bridge would reopen in May.", "said")
    paths = {c.path: c for c in features.candidates(said)}
    assert "child:nsubj" in paths and "child:ccomp" in paths
    doc = said.doc
    subj = paths["child:nsubj"]
    assert doc[subj.start : subj.end].text == "Peter Hall"


def test_object_candidate_keeps_its_complement() -> None:
    called = _tok("Sanders called the plan a disaster for workers.", "called")
    obj = next(c for c in features.candidates(called) if c.path == "child:dobj")
    assert called.doc[obj.start : obj.end].text.startswith("the plan a disaster")


def test_colon_candidates_split_the_sentence() -> None:
    colon = _tok("John McCain: Republican anger appeals to bad angels.", ":")
    paths = {c.path: c for c in features.candidates(colon)}
    doc = colon.doc
    left, right = paths["colon:left"], paths["colon:right"]
    assert doc[left.start : left.end].text == "John McCain"
    assert doc[right.start : right.end].text.startswith("Republican anger")


def test_linear_model_probability() -> None:
    model = tagger.LinearModel({"bias": -1.0, "a": 3.0}, 0.5)
    assert model.prob(["bias"]) < 0.5 < model.prob(["bias", "a"])
    assert model.prob(["bias", "unknown"]) == model.prob(["bias"])
    assert 0.0 < tagger.LinearModel({"bias": -1e9}, 0.5).prob(["bias"]) < 1e-12


def test_packaged_model_is_sane() -> None:
    t = tagger.load()
    for m in (t.cue, t.source, t.content):
        assert 0.0 < m.threshold < 1.0 and len(m.weights) > 100
    # Lexical knowledge it must have learned from PolNeAR train.
    said = _tok("The senator said the vote was rigged.", "said")
    vote = _tok("The senator said the vote was rigged.", "vote")
    assert t.cue.prob(features.cue_features(said, False)) > t.cue.threshold
    assert t.cue.prob(features.cue_features(vote, False)) < t.cue.threshold


@pytest.mark.parametrize(
    ("text", "lemma", "source", "content"),
    [
        ("Mayor Ann Lee wants to close the old bridge.", "want", "Mayor Ann Lee", "to close"),
        (
            "John McCain: Republican anger appeals to bad angels.",
            ":",
            "John McCain",
            "Republican anger",
        ),
        (
            "The company reportedly fired its chief executive.",
            "reportedly",
            "",
            "The company",
        ),
    ],
)
def test_tail_cues(text: str, lemma: str, source: str, content: str) -> None:
    """Cues outside any hand-written lexicon: intentions, headline colons, hedges."""
    a = analyze(text, stages=("claims",))
    hits = [c for c in a.claims if c.cue_lemma == lemma]
    assert hits, [c.to_dict() for c in a.claims]
    c = hits[0]
    got_source = a.article.text[c.source[0] : c.source[1]] if c.source else ""
    assert source in got_source
    assert c.content and a.article.text[c.content[0][0] : c.content[0][1]].startswith(content)


def test_training_script_runs_on_a_few_rows(tmp_path: Path) -> None:
    if not TRAIN.exists():
        pytest.skip(f"{TRAIN} is absent (../shared is not beside this checkout)")

    spec = importlib.util.spec_from_file_location("train", ROOT / "scripts/train_attribution.py")
    assert spec is not None and spec.loader is not None
    train = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(train)
    out = tmp_path / "attribution.json"
    assert train.main(["--data", str(TRAIN), "--out", str(out), "--limit", "12"]) == 0
    model = tagger.from_spec(json.loads(out.read_text()))
    assert model.meta["rows"] == 12 and model.cue.weights
    assert model.extend is not None and model.extend.weights


def _walk(text: str, word: str, decide_all: bool, taken: set[int] | None = None) -> str:
    cue = _tok(text, word)
    last = features.run_on(cue, "respond", cue.i, taken or set(), lambda _f, _s: decide_all)
    return cue.doc[cue.i : last + 1].text


def test_cue_run_on_walks_preposition_then_its_object() -> None:
    text = "Trump responded on Twitter to the report."
    assert _walk(text, "responded", False) == "responded"
    # Accepting every step takes "on", then its object, then "to" and its object.
    assert _walk(text, "responded", True) == "responded on Twitter to the report"


def test_cue_run_on_never_swallows_an_argument() -> None:
    text = "Trump responded on Twitter to the report."
    doc = _tok(text, "responded").doc
    report = {t.i for t in doc if t.text in ("the", "report")}
    # The preposition may join the cue ("reacted to"), its object is the content.
    assert _walk(text, "responded", True, report) == "responded on Twitter to"


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ("The senator went on to say that the bill would fail.", "went on to say"),
        ("She said Sunday that the vote was rigged.", "said Sunday"),
        ("He continued to refute the claims that he lied.", "continued to refute"),
    ],
)
def test_packaged_model_runs_cue_phrases_on(text: str, cue: str) -> None:
    """PolNeAR marks the whole phrase as the cue; one claim, its content outside the cue."""
    a = analyze(text, stages=("claims",))
    cues_found = [text[c.cue[0] : c.cue[1]] for c in a.claims]
    assert cues_found == [cue]
    assert a.claims[0].content and a.claims[0].source
