"""The spaCy loader: the remembered attribute ruler gives exactly the model's own output."""

from __future__ import annotations

import spacy

from precis import nlp

TEXTS = [
    "There is a problem, and there are two more. Gon na say it: I ain't going, y'all.",
    "Let's go! He did it, didn't he? The one that I saw was hers; which is yours?",
    "  Spaces   and\n\nparagraphs.\tTabs too. It rained. You and I told it to them.",
    "Peter Hall said that the bridge would reopen in May, but did not say when.",
]


def _signature(doc: spacy.tokens.Doc) -> list[tuple[str, ...]]:
    return [(t.text, t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_) for t in doc]


def test_remembered_ruler_matches_the_real_one() -> None:
    reference = spacy.load(nlp.MODEL)
    reference.add_pipe("precis_paragraphs", before="parser")
    ours = nlp.load()
    assert "attribute_ruler" not in ours.pipe_names and "precis_attributes" in ours.pipe_names
    with reference.select_pipes(disable=["lemmatizer", "ner"]):
        expected = [_signature(d) for d in reference.pipe(TEXTS)]
    for _ in range(2):  # cold (learning) and warm (copied from memory)
        got = [_signature(d) for d in nlp.parse(TEXTS, profile="parse")]
        assert got == expected
