"""Speakers on "parse" docs: entities are recognised only where speakers need them."""

from __future__ import annotations

import pytest
from spacy.tokens import Doc

from precis import analyze, nlp, pipeline
from precis.claims import names
from precis.claims.extract import find
from precis.ingest.text import make_article
from precis.model import Analysis, Claim, Speaker

PROFILES = ("parse", "full")


def _find(text: str, profile: nlp.Profile) -> tuple[list[Claim], list[Speaker]]:
    article = make_article(text)
    doc = nlp.parse_one(article.prose_mask(), profile=profile)
    analysis = Analysis(article=article)
    analysis.sentences = pipeline.sentences_of(doc, article)
    return find(doc, analysis)


def _speaker(speakers: list[Speaker], surname: str) -> Speaker:
    hits = [s for s in speakers if s.name.split()[-1] == surname]
    assert hits, [s.name for s in speakers]
    return hits[0]


def test_claims_stage_needs_no_document_ner() -> None:
    assert pipeline.plan(["claims", "highlights"]).profile == "parse"


def test_stage_reads_org_affiliation_from_appositive() -> None:
    a = analyze(
        "Khaled Khoja, National Coalition president, said the strikes had hit civilians.",
        stages=("claims",),
    )
    khoja = _speaker(a.speakers, "Khoja")
    assert khoja.role == "president" and khoja.affiliation == "National Coalition"
    assert a.claims and a.claims[0].speaker_id == khoja.id


@pytest.mark.parametrize("profile", PROFILES)
def test_org_affiliation_from_title(profile: nlp.Profile) -> None:
    _, speakers = _find(
        "National Coalition president Khaled Khoja wrote on Twitter that the targets were civil.",
        profile,
    )
    assert _speaker(speakers, "Khoja").affiliation == "National Coalition"


@pytest.mark.parametrize("profile", PROFILES)
def test_surname_mention_gets_full_name_and_title(profile: nlp.Profile) -> None:
    text = (
        "Russian Foreign Minister Sergei Lavrov arrived in Geneva on Monday for talks. "
        "The weather was cold and the hall was full. "
        "Lavrov said the talks would go on."
    )
    claims, speakers = _find(text, profile)
    lavrov = _speaker(speakers, "Lavrov")
    assert lavrov.name == "Sergei Lavrov" and lavrov.role == "Foreign Minister"
    assert lavrov.label == "Russia" and len(lavrov.mentions) >= 2
    assert claims[0].speaker_id == lavrov.id


@pytest.mark.parametrize("profile", PROFILES)
def test_description_and_pronoun_resolve_on_both_profiles(profile: nlp.Profile) -> None:
    text = (
        "Foreign Minister Sergei Lavrov arrived in Geneva on Monday. The weather was cold. "
        "The minister said the talks would go on. He added that nobody would leave."
    )
    claims, speakers = _find(text, profile)
    lavrov = _speaker(speakers, "Lavrov")
    assert [c.speaker_id for c in claims] == [lavrov.id, lavrov.id]


def test_ner_runs_only_over_needed_phrases(monkeypatch: pytest.MonkeyPatch) -> None:
    filler = " ".join(f"the river rose by {i} inches in the night." for i in range(40))
    text = f"Mayor John Smith said the bridge would reopen in May. {filler} Smith said so again."
    seen: list[int] = []
    real = nlp.entities_in

    def counting(doc: Doc, stretches: list[tuple[int, int]]) -> list[list[tuple[int, int, str]]]:
        seen.append(sum(hi - lo for lo, hi in stretches))
        return real(doc, stretches)

    monkeypatch.setattr(nlp, "entities_in", counting)
    claims, speakers = _find(text, "parse")
    assert _speaker(speakers, "Smith").name == "John Smith"
    assert {c.speaker for c in claims} == {"John Smith"}
    assert 0 < sum(seen) < len(text) // 4  # the two source phrases and a margin, not the filler


def test_full_doc_reads_doc_ents(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(doc: Doc, stretches: list[tuple[int, int]]) -> list[list[tuple[int, int, str]]]:
        raise AssertionError("NER run on a doc that has entities")

    monkeypatch.setattr(nlp, "entities_in", fail)
    doc = nlp.parse_one("Sergei Lavrov met John Kerry in Geneva.", profile="full")
    ents = names.Entities(doc)
    assert ents.complete and [e.text for e in ents.persons()] == ["Sergei Lavrov", "John Kerry"]
    assert ents.label(doc[6]) == "GPE"


def test_entities_in_parse_doc_agrees_with_whole_doc() -> None:
    text = (
        "Russian Foreign Minister Sergei Lavrov met John Kerry in Geneva on Monday. "
        "NATO said the talks had failed. The White House said nothing."
    )
    full = nlp.parse_one(text, profile="full")
    parse = nlp.parse_one(text, profile="parse")
    stretches = [(s.start_char, s.end_char) for s in parse.sents]
    assert nlp.entities_in(parse, stretches) == nlp.entities_in(full, stretches)
    assert nlp.entities(parse, 0, len(text)) == nlp.entities(full, 0, len(text))


@pytest.mark.parametrize("profile", PROFILES)
def test_title_the_parse_hung_elsewhere_still_fits_a_description(profile: nlp.Profile) -> None:
    # The parse makes "Syrian President Bashar al-Assad" compounds of "staying": the title is
    # read from the adjacent words, so "the Syrian leader" resolves to him.
    claims, speakers = _find(
        "The US agrees with Russia on the need to fight ISIL but not about Syrian President "
        "Bashar al-Assad staying in power.\n\n"
        "According to a statement from Assad's office, the Syrian leader had asked Putin for "
        "the support.",
        profile,
    )
    assad = _speaker(speakers, "al-Assad")
    assert (assad.role, assad.affiliation) == ("President", "Syria")
    asked = next(c for c in claims if c.cue_lemma == "ask")
    assert asked.speaker_id == assad.id


@pytest.mark.parametrize("profile", PROFILES)
def test_body_name_is_spaced_as_the_article(profile: nlp.Profile) -> None:
    # The possessive is its own token; the name must not read "residents ' groups".
    _, speakers = _find(
        "Residents' groups accused the authorities of hiding the scale of the disaster.", profile
    )
    assert any(s.name.lower() == "residents' groups" for s in speakers), [s.name for s in speakers]
    assert not any(" ' " in s.name for s in speakers)


@pytest.mark.parametrize("profile", PROFILES)
@pytest.mark.parametrize(
    ("sentence", "name"),
    [
        (
            "The Centers for Disease Control and Prevention said 100 people fell ill.",
            "Centers for Disease Control and Prevention",
        ),
        (
            "The State Department of Health said new infections have grown.",
            "State Department of Health",
        ),
        ("A release from Hour of Power said the pastor had died.", "Hour of Power"),
        # A lower-case "of" phrase is no part of the name.
        ("Initial tests on the flight recorder showed the pilot was alone.", "Initial tests"),
    ],
)
def test_body_name_keeps_its_of_phrase(profile: nlp.Profile, sentence: str, name: str) -> None:
    # "the Centers" / "the State Department" would name another body, or none.
    claims, speakers = _find(sentence, profile)
    assert [s.name for s in speakers] == [name]
    assert claims[0].label == name


@pytest.mark.parametrize("profile", PROFILES)
def test_subject_split_by_the_parser_is_one_source(profile: nlp.Profile) -> None:
    # The small model parses "do" as an auxiliary and "Sul" as a second subject of "said".
    text = (
        "Regional officials in Rio Grande do Sul said on Tuesday that 14 people had died "
        "after the river burst its banks."
    )
    claims, speakers = _find(text, profile)
    assert claims and claims[0].source is not None
    start, end = claims[0].source
    assert text[start:end] == "Regional officials in Rio Grande do Sul"
    assert text[claims[0].cue[0] : claims[0].cue[1]] == "said"
    assert not any(s.name == "Sul" for s in speakers), [s.name for s in speakers]
