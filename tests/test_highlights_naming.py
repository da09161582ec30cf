"""Who a highlight means: a bare surname given the full name the article introduced."""

from __future__ import annotations

import pytest

from precis import nlp
from precis.highlighter import naming
from precis.highlighter.stage import render
from precis.ingest.text import make_article
from precis.model import Analysis, Piece
from precis.pipeline import sentences_of

ARTICLE = (
    "Devin Okafor, a keen swimmer, was stung by a wasp at a village fete on Saturday. "
    "The boy was taken to a clinic nearby. "
    "Okafor screamed at a steward before running away from the stall."
)


def _bullets(
    monkeypatch: pytest.MonkeyPatch,
    text: str,
    labels: dict[str, str],
    starts: list[str],
    most_words: int = 25,
) -> list[str]:
    """The rendered bullets, one per sentence starting with each of ``starts`` (kept whole),
    after :func:`naming.full_names`, with the recogniser labelling each text in ``labels``."""
    article = make_article(text)
    doc = nlp.parse_one(text, profile="parse")
    analysis = Analysis(article=article, sentences=sentences_of(doc, article))
    ents = [(text.index(k), text.index(k) + len(k), v) for k, v in labels.items()]
    monkeypatch.setattr(
        nlp, "entities", lambda d, lo, hi: [e for e in ents if lo <= e[0] and e[1] <= hi]
    )
    bullets = []
    for start in starts:
        k = next(i for i, s in enumerate(analysis.sentences) if text[s.span[0] :].startswith(start))
        lo, hi = analysis.sentences[k].span
        bullets.append((k, [Piece(text[lo:hi], (lo, hi))]))
    out = naming.full_names(doc, analysis, bullets, most_words)
    for pieces in out:  # every piece still points at the article's own words
        assert all(p.span is not None and text[p.span[0] : p.span[1]] == p.text for p in pieces)
    return [render(p) for p in out]


def test_a_bare_surname_gets_the_full_name_the_article_used(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    got = _bullets(monkeypatch, ARTICLE, {"Devin Okafor": "PERSON"}, ["Okafor screamed"])
    assert got == ["Devin Okafor screamed at a steward before running away from the stall."]


def test_only_the_first_mention_in_the_highlights_is_expanded(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    text = ARTICLE + " Okafor was later given a sticker by a nurse at the clinic."
    got = _bullets(
        monkeypatch, text, {"Devin Okafor": "PERSON"}, ["Okafor screamed", "Okafor was later"]
    )
    assert got[0].startswith("Devin Okafor screamed")
    assert got[1].startswith("Okafor was later")


def test_no_full_name_when_unsure(monkeypatch: pytest.MonkeyPatch) -> None:
    # Not a person by the recogniser: a club or a place keeps its short name.
    got = _bullets(monkeypatch, ARTICLE, {"Devin Okafor": "ORG"}, ["Okafor screamed"])
    assert got[0].startswith("Okafor screamed")
    # Labelled a place in the highlight's own sentence, and a place of that name exists ("his
    # future to Tottenham" after "Maverick Tottenham").
    town = ARTICLE.replace("Okafor", "Ashford")
    got = _bullets(
        monkeypatch,
        town,
        {"Devin Ashford": "PERSON", "Ashford screamed": "GPE"},
        ["Ashford screamed"],
    )
    assert got[0].startswith("Ashford screamed")
    # Two people of one surname: which one?
    two = ARTICLE.replace("The boy was", "His sister Tara Okafor was")
    got = _bullets(
        monkeypatch, two, {"Devin Okafor": "PERSON", "Tara Okafor": "PERSON"}, ["Okafor screamed"]
    )
    assert got[0].startswith("Okafor screamed")
    # No room: the bullet stays within its word limit.
    got = _bullets(monkeypatch, ARTICLE, {"Devin Okafor": "PERSON"}, ["Okafor screamed"], 11)
    assert got[0].startswith("Okafor screamed")


def test_a_title_and_a_possessive_take_the_full_name(monkeypatch: pytest.MonkeyPatch) -> None:
    text = (
        "Judge Mina Castellano ruled on the appeal of the farm owners on Tuesday. "
        "Ms Castellano's ruling ends a dispute that began with a fence."
    )
    got = _bullets(monkeypatch, text, {"Mina Castellano": "PERSON"}, ["Ms Castellano"])
    assert got == ["Mina Castellano's ruling ends a dispute that began with a fence."]


def test_a_place_label_on_a_name_no_place_bears_is_the_recogniser_s_slip(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The small model tags a lone surname GPE ("Aduriz pounced ..."); no town has the name.
    got = _bullets(
        monkeypatch,
        ARTICLE,
        {"Devin Okafor": "PERSON", "Okafor screamed": "GPE"},
        ["Okafor screamed"],
    )
    assert got[0].startswith("Devin Okafor screamed")


def test_a_name_put_into_a_frames_content_leaves_it_lower_case() -> None:
    # Held-out row 25: "The Dallas morning news says The divorce petition was filed ..., where
    # Josh Hamilton played": the content split around the name lost its lower case.
    text = "The petition was filed in Harris County, where Brennan played, the Courier reports."
    start = text.index("Brennan")
    content = Piece(text[: text.index(", the")], (0, text.index(", the")), True)
    pieces = [Piece("the Courier", None), Piece("says", None), content]
    name = Piece("Tom Brennan", None)
    out = naming.replaced(pieces, start, start + len("Brennan"), name, text)
    assert render(out) == (
        "The Courier says the petition was filed in Harris County, where Tom Brennan played."
    )
