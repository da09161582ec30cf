"""Attribution frames: each rule of issue 12 ("frames right") on hand-made articles."""

from __future__ import annotations

import dataclasses

import pytest

import precis
from highlight_checks import assert_no_highlight_starts
from precis import nlp
from precis.highlighter import frame as frame_module
from precis.highlighter.frame import _nameable, frame
from precis.highlighter.stage import render
from precis.ingest.text import make_article
from precis.model import Analysis, Claim, Piece


def framed(text: str) -> list[str]:
    return [h.text for h in precis.highlights(text) if " says " in h.text or " say " in h.text]


def test_an_unnamed_source_keeps_its_article_and_the_content_is_lower_case() -> None:
    (h,) = framed(
        "The bridge was closed on Monday after a crack was found. Engineers will need at least "
        "three weeks to repair the damage, an official told reporters on Tuesday. Traffic was "
        "diverted through the town centre."
    )
    assert h.startswith("An official says engineers will need")


def test_a_named_body_is_kept_and_a_number_after_the_frame_is_lowered() -> None:
    (h,) = framed(
        "More than 20,000 foreign fighters have fled to Syria and Iraq, according to research "
        "by the United Nations. The number rose by 71 per cent in a year."
    )
    assert h.startswith("Research by the United Nations says more than 20,000")


def test_the_role_goes_with_the_person() -> None:
    (h,) = framed(
        "Rovers were beaten 3-0 at home on Saturday. The team needs to score more goals to stay "
        "up, Blackburn manager Gary Bowyer said after the match. The club is fourth from bottom."
    )
    assert h.startswith("Blackburn manager Gary Bowyer says the team needs")


def test_a_belief_reported_by_another_source_is_not_handed_to_it() -> None:
    text = (
        "Britain and the US have been close allies for decades. Washington believes that the "
        "special relationship between Britain and the US is over, according to a secret "
        "briefing document seen by reporters. The memo was written in April."
    )
    for h in precis.highlights(text):
        assert "document says" not in h.text.lower(), h.text


# A pronoun, a pronoun's contraction, or a word joining the content to a sentence before.
@pytest.mark.parametrize("opening", ["It will close", "It's closing", "And so they will close"])
def test_a_frame_never_opens_its_content_with_a_dangling_word(opening: str) -> None:
    text = (
        f"The factory employs 400 people in the town. {opening} the plant next year and "
        "move the work abroad, the company said on Friday. Unions called the move a betrayal."
    )
    for h in precis.highlights(text):
        assert not h.text.startswith("The company says"), h.text


def test_a_cue_inside_a_relative_clause_makes_no_frame() -> None:
    # "what many historians acknowledge as ...": the content would read "what as the genocide".
    text = (
        "Armenians marked the 100th anniversary of what many historians acknowledge as the "
        "Armenian genocide on Friday. Thousands marched in Yerevan. The president laid a wreath "
        "at the memorial."
    )
    assert_no_highlight_starts(text, "Many historians say")


def test_a_frame_names_the_whole_body_and_keeps_a_nationality_capitalised() -> None:
    text = (
        "China launched a six-month campaign against drugs in October. Chinese police have "
        "arrested more than 133,000 people and seized 43 tons of narcotics, the country's "
        "Ministry of Public Security said on Monday. The figures were double those of a year "
        "earlier."
    )
    for target in (None, 20):
        framed = [h.text for h in precis.highlights(text, target_words=target) if h.source]
        assert framed, target
        for h in framed:
            assert h.startswith("The country's Ministry of Public Security says Chinese"), h


def test_frame_words_read_right() -> None:
    # "police say"; "says the person ..." though "The" is capitalised elsewhere ("The Inquirer").
    text = (
        "A quadriplegic man was left lying in the woods for four days, his lawyer told The "
        "Inquirer. The person responsible is the man's mother, Philadelphia police said on "
        "Monday. She faces a host of charges."
    )
    hs = framed(text)
    assert hs == ["Philadelphia police say the person responsible is the man's mother."], hs
    # "The Inquirer" is no person: "She" is not made into it.
    assert not any(h.text.startswith("Inquirer") for h in precis.highlights(text))


def test_a_phrase_without_a_verb_is_not_framed_as_a_statement() -> None:
    # 'The opposition leader says "A disaster ..."': a verdict, kept in the writer's sentence.
    text = (
        "The government unveiled its new housing plan in parliament on Tuesday morning. "
        '"A disaster for the whole country and its young families," the opposition leader said '
        "of the plan on Tuesday. The plan will be put to a vote in the spring after a long "
        "consultation."
    )
    assert not framed(text)


def test_no_frame_opens_with_instead() -> None:
    # "The Times says instead, curators ...": instead of what the sentence before said.
    text = (
        "The museum will not show the paintings this year. Instead, curators are now exploring "
        "the impact of the war on everyday Germans, The Times reported. The show opens in May."
    )
    assert not framed(text)


def test_a_quotation_opening_with_what_is_framed() -> None:
    # The relative-word rule is for reported content; a speaker's own words may open so.
    text = (
        "Blackburn reached the quarter-finals of the FA Cup for the first time in 15 years. "
        '"What the players have done is put themselves in the shop window," Blackburn manager '
        "Gary Bowyer said on Thursday. The club expects offers for its strikers this summer."
    )
    hs = framed(text)
    assert hs and hs[0].startswith('Blackburn manager Gary Bowyer says "What the players'), hs


def test_a_captions_label_is_no_source() -> None:
    assert not _nameable("EXPERT VERDICT")
    assert _nameable("NASA") and _nameable("FBI director James Comey")
    assert not _nameable("His family")


@pytest.mark.shared
# The default (rule-based cuts, MMR), and the learned cuts with the expected-F selection.
@pytest.mark.parametrize("target", [None, 20])
def test_seed_carries_both_sides_each_with_its_source(seed_text: str, target: int | None) -> None:
    hs = precis.highlights(seed_text, target_words=target)
    russia = [h for h in hs if any(w in h.text for w in ("Russia", "Lavrov", "defence ministry"))]
    other = [
        h
        for h in hs
        # Abdallah Al-Mouallimi is the Saudi diplomat of the sentence before his.
        if any(
            w in h.text
            for w in ("Saudi", "Mouallimi", "National Coalition", "NATO", "opposition", "US ")
        )
    ]
    assert russia and other
    # Each side is framed with its source (or keeps its own "X said/rejected" clause).
    for h in russia + other:
        assert h.source is not None or any(
            w in h.text for w in ("Lavrov has", "said", "says", "rejected")
        ), h.text
    # Issue 12's seed target: every highlight 20 words or fewer (Lavrov's denial keeps one of
    # the two things he denies, with the rules' cut where the learned cuts stop short).
    for h in hs:
        assert len(h.text.split()) <= 20, h.text


def test_the_writers_judgement_is_not_part_of_the_label() -> None:
    hs = framed(
        "More than 20,000 foreign fighters have fled to Syria and Iraq in two years, an alarming "
        "report found. The fighters come from more than 100 countries, according to a report by "
        "the United Nations. Officials fear they will return home."
    )
    assert hs and not any("alarming" in h for h in hs), hs
    assert any(h.startswith("A report by the United Nations says more than 20,000") for h in hs)


def test_a_role_gets_the_body_the_article_names_with_it() -> None:
    hs = framed(
        "Blackburn should brace themselves for bids for their best players from top clubs, "
        "manager Gary Bowyer has said. Rovers were beaten by Liverpool on Wednesday night. "
        "Blackburn manager Gary Bowyer expects offers in the summer."
    )
    assert any(h.startswith("Blackburn manager Gary Bowyer says Blackburn should") for h in hs), hs


def test_a_name_after_the_frame_keeps_its_capital() -> None:
    # "Blackburn" opens the content; the article writes it capitalised mid-sentence: a name.
    for h in framed(
        "Blackburn should brace themselves for bids for their best players from top clubs, "
        "manager Gary Bowyer has said. The fans of Blackburn were angry on Wednesday night."
    ):
        assert "says blackburn" not in h, h
    # Dev row 331: "says may Pat Christie": a name's first word the tagger took for a modal.
    doc = nlp.parse_one("May Pat Christie quit her job at the firm to run a bakery.", "parse")
    assert not frame_module._lower_first(doc[:], 0)


def frame_of(
    text: str, content: tuple[str, str], source: str, cue: tuple[str, str]
) -> list[Piece] | None:
    """:func:`frame` for one hand-made indirect claim: its content runs from ``content[0]`` to
    the source, the sentence from ``content[0]`` to ``content[1]`` (empty: the end of the text);
    ``cue`` is (the cue's text, its lemma)."""
    start = text.index(content[0])
    stop = text.index(content[1]) if content[1] else len(text)
    src, at = text.index(source), text.index(cue[0])
    claim = Claim(
        cue=(at, at + len(cue[0])),
        content=[(start, src - 1)],
        kind="indirect",
        cue_lemma=cue[1],
        source=(src, src + len(source)),
        speaker=source,
        label=source,
    )
    analysis = Analysis(article=make_article(text))
    analysis.claims = [claim]
    doc = nlp.parse_one(text, profile="parse")
    span = doc.char_span(start, stop, alignment_mode="expand")
    assert span is not None
    return frame(analysis, claim, span)


def test_content_that_ends_on_a_coordinator_is_not_framed() -> None:
    # Dev row 123: "X, and Y told the university" became "Y says X, and." (the writer's clause
    # handed to the source, and a dangling "and"); the claims stage had read X as Y's content.
    text = (
        "The magazine retracted the story on Sunday. The alleged assault at a student party was "
        "in 2013, and Maria told the college about it the next spring."
    )
    assert frame_of(text, ("The alleged", ""), "Maria", ("told", "tell")) is None


def test_a_named_body_keeps_its_the_and_a_name_led_common_noun_its_a() -> None:
    # Dev rows 17, 88: "Centers for Disease Control says", "Saudi Defense Ministry official says".
    (h,) = framed(
        "The cruise ship docked in San Diego on Friday. Gastrointestinal illness has gripped "
        "100 people on the ship, according to the Centers for Disease Control. Passengers were "
        "given refunds."
    )
    assert h.startswith("The Centers for Disease Control says gastrointestinal"), h
    (h,) = framed(
        "The strikes continued on Sunday. More than 500 rebels have been killed since the "
        "start of the operation, a Saudi Defense Ministry official told reporters on Monday. "
        "The rebels denied the figure."
    )
    assert h.startswith("A Saudi Defense Ministry official says more than 500"), h


def test_a_person_is_named_in_full() -> None:
    # Dev rows 22, 132 (E17/E18's scans): "Kuhns says", "Quintanilla says" (the sister, read as
    # the singer) for a person the article names in full.
    hs = framed(
        "Food prices rose again in March, the government said. Overall prices are expected to "
        "rise this year because of inflation, said Annemarie Kuhns, an economist. Beef prices "
        "rose the most."
    )
    assert any(h.startswith("Annemarie Kuhns says") for h in hs), hs
    assert not any(h.startswith("Kuhns says") for h in hs), hs


def test_a_title_alone_is_no_label() -> None:
    # Dev row 115: "Capt says ..." after the splitter cut "Capt. <name>" at its stop.
    assert not _nameable("Capt") and not _nameable("Capt.") and not _nameable("Sgt")
    assert _nameable("Capt Jean Moreau") and _nameable("Salvini")


def test_no_frame_over_a_content_that_names_its_source() -> None:
    # Dev row 58: "Philadelphia police say Police added attempted murder to ...".
    hs = framed(
        "The mother was arrested in Maryland on Friday. Police added attempted murder to the "
        "list of charges against the mother, Philadelphia police spokeswoman Christine O'Brien "
        "said. She is due in court next week."
    )
    assert not any("say police added" in h.lower() for h in hs), hs


def test_a_plural_source_is_no_frame_over_content_that_says_she() -> None:
    # Dev row 58: "Philadelphia police say when she ..., she will be charged": "she"
    # cannot be the police, and the reader is never told who she is.
    text = (
        "Flooding closed the border crossing for two days. When she lands in Ohio, she will face "
        "two counts of wire fraud, state police said on Monday. The bank has frozen her accounts."
    )
    where = ("When ", " The bank")
    assert frame_of(text, where, "state police", ("said on", "say")) is None
    # A named person in the content first: "she" may stand for her.
    named = text.replace("When she lands", "When Ms Ortega lands")
    pieces = frame_of(named, where, "state police", ("said on", "say"))
    assert pieces is not None and pieces[1].text == "say", pieces


@pytest.mark.parametrize(
    "sentence",
    [
        # Dev row 223: "... office says The Department of Homeland Security was".
        "The Department of Health was told about the outbreak in March.",
        "The Bank of England raised rates by a quarter of a point.",
    ],
)
def test_the_before_a_bodys_name_reads_lower_case_after_says(sentence: str) -> None:
    # With entities, as the highlights stage may see them: the recogniser puts "The" in the name.
    doc = nlp.parse_one(sentence, profile="full")
    assert doc[0].ent_type_ == "ORG"
    assert frame_module._lower_first(doc[:], 0)


def test_a_publications_the_is_no_bodys_article() -> None:
    doc = nlp.parse_one("The New York Times reported the deal on Tuesday.", profile="parse")
    assert not frame_module._body_of(doc[0])


def _framed(text: str, **changes: object) -> list[Piece] | None:
    """The frame of the first sentence's claim, with ``changes`` made to the claim (a content
    span as another parse gave it)."""
    analysis = precis.analyze(text, stages=("claims",))
    doc = nlp.parse_one(analysis.article.prose_mask(), profile="parse")
    claim = next(c for c in analysis.claims if c.sentence == 0)
    return frame(analysis, dataclasses.replace(claim, **changes), next(iter(doc.sents)))


def test_a_condition_the_claim_left_out_goes_into_the_frame() -> None:
    """ "If your name is Tom you are twice as likely ..., according to research": where the
    claim's content starts after the condition, the frame still carries it ("says if your name
    is Tom you are ..."), never "says Tom you are ..."."""
    text = (
        "If your name is Tom you are twice as likely as other men to own a dog, according to "
        "research by the Kennel Trust. The trust asked 5,000 owners about their pets."
    )
    end = text.index(", according")
    # The parse the dev article got: the content starts at the name.
    pieces = _framed(text, content=[(text.index("Tom you"), end)])
    assert pieces is not None
    assert render(pieces).endswith(
        "says if your name is Tom you are twice as likely as other men to own a dog."
    )
    assert all(p.span is None or text[p.span[0] : p.span[1]] == p.text for p in pieces)


def test_no_frame_reports_someone_s_own_i() -> None:
    """ "Tom Hale says when I was a boy ...": "I" is the speaker's own word, which reported
    speech turns into "he"; without quote marks the frame would put it in the wrong mouth."""
    text = (
        "Nobody ever wore a helmet on a bike when I was a boy, not even in races, Tom Hale said. "
        "Hale, 71, has ridden in 14 national championships."
    )
    assert _framed(text, kind="indirect") is None
    assert _framed(text.replace("when I was", "when he was"), kind="indirect") is not None
