"""Settings of story grouping and cards (one frozen dataclass, so a run's choices can be logged).

The defaults were tuned on ``../shared/data/stories/ecbplus_dev.jsonl`` (grouping) and
``allsides_dev.jsonl`` (cards) — the same dev files ``precis evaluate-stories`` reports on, as the
issue allows; the sealed set measures them from outside.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class StorySettings:
    #: Weights of the entity, lemma and title cosines (renormalised over the sub-vectors that
    #: both sides have, so an article without a title is judged on the rest).
    #: Entities weigh most: two events of one kind share their topic words, not their names,
    #: figures and dates (ECB+ dev: 0.6/0.3/0.1 gave B-cubed F1 90.4 against 89.6 at 0.4/0.4/0.2).
    w_entities: float = 0.6
    w_lemmas: float = 0.3
    w_title: float = 0.1
    #: An article joins the nearest story when the weighted similarity reaches this.
    threshold: float = 0.3
    #: Time decay when both have dates: the similarity halves every ``half_life_days`` the
    #: article lies outside the story's date range ...
    half_life_days: float = 3.0
    #: ... and a story more than ``window_days`` away is no candidate at all.
    window_days: float = 30.0
    #: Main-person check (see ``Grouper.conflict``): a person is an article's main person with at
    #: least this many mentions (0 turns the check off) ...
    person_mentions: int = 5
    #: ... and the story's main person is only a passing mention in an article named at most
    #: this many times. ECB+ dev (file order / mean of 5 shuffles): B-cubed F1 92.6 / 89.5
    #: with the check, 90.4 / 88.4 without; it splits e.g. two title fights of one champion.
    person_weak: int = 2
    #: Stories kept in the in-memory index (the most recently updated); older ones are closed.
    max_active: int = 5000
    #: A dated story that no article has joined for more than this many days of the stream's
    #: clock (the latest ``published`` grouped) leaves the index; it stays in the store, and a
    #: later article starts a new story. At least ``window_days`` (such a story could be no
    #: candidate for an article of the clock's date anyway); the slack beyond it is for articles
    #: that arrive late (dated before the clock). 0 closes by count only.
    close_after_days: float = 60.0
    #: Terms of the new article (highest TF-IDF first) used to look up candidate stories.
    probe_terms: int = 40
    #: Card: merged highlights (at least ``min_highlights`` when members have that many).
    max_highlights: int = 5
    min_highlights: int = 3
    #: ... and past that minimum none once the card has this share of the members' words
    #: (AllSides dev: a roundup runs about a third of its leads' length) ...
    budget_share: float = 0.4
    #: ... at most this many words (full articles: the budget is this cap).
    word_budget: int = 100
    #: Each member's title counts this much (its text counts 1) in the centroid that card
    #: highlights are ranked by (AllSides dev first 500: ROUGE-1 39.76 without, 40.00 with 1.0).
    card_title_weight: float = 1.0
    #: A member's own highlight ranking counts this much against centrality (per rank).
    rank_penalty: float = 0.02
    #: Card highlights with word cosine at or above this are one highlight (``also_in``).
    duplicate_similarity: float = 0.5
    #: How card highlights are chosen: "expected" (greedy on the expected ROUGE-1 F of the card
    #: against a roundup, from the learned word model src/precis/data/card.json; see
    #: ``precis.stories.card_select``) or "centroid" (cosine to the TF-IDF centroid within the word
    #: budget above; also the fallback when the model file is missing).
    card_selection: str = "expected"
    #: "expected": the predicted roundup length counts this much in the F denominator (AllSides
    #: dev stories 501+, tuned with ``card_beam`` 5: 0.6; a smaller factor gives shorter cards).
    card_length_factor: float = 0.6
    #: "expected": the first sentences of each member's text that are candidates besides its
    #: highlights (a sentence is its own span, so it is as faithful as a highlight).
    card_lead_sentences: int = 5
    #: "expected": a head clause of those sentences (from its start to a comma, semicolon, colon
    #: or dash, at least 6 words) is a candidate too, so a card reaches its minimum count with
    #: short units (AllSides dev first 500, 3-highlight minimum: ROUGE-1 40.1 without, 40.6 with).
    card_clauses: bool = True
    #: "expected": width of the beam search over cards (1: the plain greedy). AllSides dev
    #: stories 501+, 3-highlight minimum, length factor 0.6: ROUGE-1 41.67 at 1, 42.13 at 3,
    #: 42.19 at 5 (a forced third unit is better chosen a step ahead).
    card_beam: int = 5

    def weights(self) -> dict[str, float]:
        return {"entities": self.w_entities, "lemmas": self.w_lemmas, "title": self.w_title}
