"""The learned compression: the model on hand-made sentences, and the cuts it may never make."""

from __future__ import annotations

import numpy as np

from precis import nlp
from precis.highlighter.compress import compress, max_words
from precis.highlighter.cuts import CUT_FEATURES, constituents, delete_probabilities, load_model
from precis.highlighter.stage import render
from precis.model import Piece


def compressed(sentence: str, target: int) -> str:
    doc = nlp.parse_one(sentence, profile="parse")
    comp = compress(doc[:], target=target)
    return render([Piece(doc.text[s:e], (s, e)) for s, e in comp.runs()])


def test_the_packaged_model_matches_the_features() -> None:
    model = load_model()
    assert model.kind == "trees"
    assert model.meta["val_auc"] > 0.6  # better than chance on held-out training articles
    doc = nlp.parse_one(
        "The council, which met on Monday, voted to close the bridge after a long debate.",
        profile="parse",
    )
    cons = constituents(doc[:])
    probs = delete_probabilities(doc[:], cons)
    assert len(probs) == len(cons) > 0
    assert np.all((probs >= 0) & (probs <= 1))
    assert int(model.feature.max()) < len(CUT_FEATURES)


def test_a_cut_that_would_drop_the_news_clause_is_refused() -> None:
    # The news is "is pregnant", inside the reported clause: however hard the squeeze, it stays.
    out = compressed(
        "A prosecutor said on Friday that one of the girls, a 12 year old who had been missing "
        "since March, is pregnant, according to local reports in the city.",
        target=8,
    )
    assert "is pregnant" in out
    assert out.startswith("A prosecutor said")


def test_subject_verb_and_complement_survive() -> None:
    out = compressed(
        "Police arrested two men in connection with the attack on Saturday night after a "
        "chase through the city centre that lasted almost an hour, officials said.",
        target=8,
    )
    for word in ("Police", "arrested", "two men"):
        assert word in out


def test_words_that_complete_a_verb_or_bound_a_meaning_stay() -> None:
    out = compressed(
        "The minister rejected accusations that the strikes were aimed at targets other than "
        "militants and had hit civilians in several villages near the border.",
        target=10,
    )
    assert "that the strikes were aimed at targets" in out
    out = compressed("He has never lost a match in the tournament in his long career.", target=6)
    assert "never" in out


def test_long_sentences_are_cut_toward_the_target() -> None:
    sentence = (
        "Khaled Khoja, the president of the opposition coalition based in Istanbul, said that "
        "thirty six civilians had been killed in the strikes on the northern towns, adding that "
        "most of them were women and children who had been sheltering in a school."
    )
    out = compressed(sentence, target=20)
    assert len(out.split()) <= max_words(20)
    assert "thirty six civilians had been killed" in out


def test_no_bullet_longer_than_the_hard_cap() -> None:
    assert max_words(20) == max_words(24) == 25
    assert max_words(40) > 40  # a caller asking for long bullets gets them
