"""Selection: compressed candidates re-ranked by the model of 20-word highlights."""

from __future__ import annotations

import importlib.util
import json
from importlib import resources
from pathlib import Path
from types import ModuleType

import numpy as np

from precis.highlighter import scorer, words
from precis.highlighter.features import FEATURE_NAMES
from precis.highlighter.select import Candidate, expected_select, rescore
from precis.model import Piece

ROOT = Path(__file__).resolve().parent.parent
LINES = [
    "police said 12 people were hurt when a bus crashed into a market in the city on friday .",
    "the bus driver was arrested at the scene , police said .",
    "but the mayor said the market would open again on monday after the crash .",
    "the market opened in 1921 .",
]
ARTICLE = [line.split() for line in LINES]
CREDIT = "cnn 's jane doe contributed to this report ."


def _train_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("train_scorer", ROOT / "scripts/train_scorer.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _cand(i: int, text: str) -> Candidate:
    return Candidate(i, 0.0, [Piece(text, None)], len(text.split()))


def test_cut_model_artifact() -> None:
    text = resources.files("precis").joinpath("data", scorer.CUT).read_text("utf-8")
    spec = json.loads(text)
    assert tuple(spec["features"]) == FEATURE_NAMES
    assert spec["meta"]["feature_words"] == 20
    assert "cut to 20 words" in spec["meta"]["labels"]
    # Its own cache slot: the whole-sentence model is a different one.
    assert scorer.load_model(name=scorer.CUT) is not scorer.load_model()


def test_rescore_scores_the_text_each_candidate_will_read() -> None:
    cands = [_cand(0, "police said 12 people were hurt when a bus crashed ."), _cand(2, CREDIT)]
    rescore(cands, ARTICLE, str.split, lambda i: 10.0 / (1 + i))
    swapped = [list(s) for s in ARTICLE]
    swapped[0] = cands[0].text.split()
    swapped[2] = CREDIT.split()
    want = scorer.score_cut(swapped)
    assert cands[0].score == float(want[0]) + 10.0
    assert cands[1].score == float(want[2]) + 10.0 / 3
    # The same sentence cut to a credit line scores lower than cut to its news.
    news = [_cand(2, "the mayor said the market would open again on monday .")]
    rescore(news, ARTICLE, str.split, lambda i: 0.0)
    assert news[0].score > cands[1].score - 10.0 / 3
    assert np.isfinite([c.score for c in cands]).all()


def test_rescore_without_candidates_is_a_no_op() -> None:
    rescore([], ARTICLE, str.split, lambda i: 0.0)
    assert scorer.score_cut([]).shape == (0,)


def test_labels_read_a_sentence_as_its_highlight() -> None:
    train = _train_script()
    sent = "but , the mayor said on monday that the market would open again .".split()
    # The opening connective and its comma go; then at most 5 words (punctuation is free).
    assert train.as_highlight(sent, 5) == "the mayor said on monday".split()
    assert train.as_highlight("and -lrb- so -rrb- it , he said .".split(), 3) == [
        "-lrb-",
        "so",
        "-rrb-",
        "it",
        ",",
        "he",
    ]
    # Long enough already: only the connective goes.
    assert train.as_highlight("however , prices rose .".split(), 20) == "prices rose .".split()
    assert train.as_highlight([], 20) == []


SENTENCES = [
    "Police said 12 people were hurt when a bus crashed into a market in the city on Friday.",
    "The bus driver was arrested at the scene, police said.",
    "But the mayor said the market would open again on Monday after the crash.",
    "The market opened in 1921.",
]


def _scored(i: int, text: str, score: float) -> Candidate:
    return Candidate(i, score, [Piece(text, None)], len(text.split()))


def test_expected_select_takes_a_repeat_at_most_once_and_keeps_the_best_scored() -> None:
    model = words.word_model()
    assert model is not None
    pool = [_scored(i, s, 1.0 if i == 2 else 0.0) for i, s in enumerate(SENTENCES)]
    # The same words again, offered as another sentence's candidate: it can add nothing.
    pool.append(_scored(3, SENTENCES[0], 0.5))
    chosen = expected_select(SENTENCES, pool, [c.text for c in pool], model, 1, 3)
    texts = [c.text for c in chosen]
    assert len(texts) == len(set(texts)), texts
    assert 2 in [c.sentence for c in chosen]  # the best-scored candidate is always in
    assert [c.sentence for c in chosen] == sorted(c.sentence for c in chosen)


def test_expected_select_keeps_its_count_limits() -> None:
    model = words.word_model()
    assert model is not None
    pool = [_scored(i, s, 0.0) for i, s in enumerate(SENTENCES)]
    texts = [c.text for c in pool]
    assert len(expected_select(SENTENCES, pool, texts, model, 3, 3)) == 3
    assert len(expected_select(SENTENCES, pool, texts, model, 1, 1)) == 1
    assert expected_select(SENTENCES, [], [], model, 1, 3) == []
    # Two versions of one sentence: never both.
    twice = [_scored(0, SENTENCES[0], 0.0), _scored(0, "Police said 12 people were hurt.", 0.0)]
    picked = expected_select(SENTENCES, twice, [c.text for c in twice], model, 1, 2)
    assert len(picked) == 1


def test_expected_select_never_tells_one_fact_twice() -> None:
    # Dev row 327: "X is lined up to ride Y in the race ..." and, three sentences on, "X has been
    # lined up to ride Z's Y in the sponsor's race ...": new words, same fact.
    model = words.word_model()
    assert model is not None
    sentences = [
        "Police said 12 people were hurt when a bus crashed into a market in the city on Friday.",
        "The mayor said the market would open again on Monday after the crash.",
        "The bus driver was arrested at the scene on Saturday.",
        "Police said 12 people were hurt when a crowded school bus crashed into a busy fruit "
        "market in the city centre on Friday.",
    ]
    pool = [_scored(i, s, 1.0 if i == 0 else 0.0) for i, s in enumerate(sentences)]
    chosen = {c.sentence for c in expected_select(sentences, pool, sentences, model, 4, 4)}
    # Even asked for four, the rewording stays out: three it is.
    assert chosen == {0, 1, 2}, chosen


def test_expected_select_never_takes_two_candidates_telling_who_did_what_twice() -> None:
    # Dev row 238: the lede "Paul Downton has left his role as ..." and a caption "Downton leaves
    # his role as ECB managing director following ...": half their words differ, one fact.
    model = words.word_model()
    assert model is not None
    sentences = [
        "Jane Porter has left her role as chief executive of the Northfield Building Society.",
        "The society lost 40 million pounds last year as mortgage arrears climbed sharply.",
        "Regulators will now review how the board oversaw its lending in the north.",
        "Porter leaves her role as society chief after heavy losses and a damning audit.",
    ]
    pool = [_scored(i, s, 1.0 if i == 0 else 0.0) for i, s in enumerate(sentences)]
    apart = {c.sentence for c in expected_select(sentences, pool, sentences, model, 4, 4)}
    assert apart == {0, 1, 2, 3}, apart  # the words alone let both in
    events = [("porter", "leave", "role"), None, None, ("porter", "leave", "role")]
    chosen = {c.sentence for c in expected_select(sentences, pool, sentences, model, 4, 4, events)}
    assert chosen == {0, 1, 2}, chosen
