"""Story grouping without the parser: features, online grouping, B-cubed, the bounded index."""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

from precis.evaluate.stories import bcubed
from precis.stories.features import Features, content_hash, features_of, words
from precis.stories.group import Grouper, story_id
from precis.stories.settings import StorySettings

# Two storms of the same kind, invented for the tests, interleaved; the gold story is the letter.
STORM_A = [
    "Hurricane Orla struck the fishing town of Port Maren on Tuesday, killing 12 people and "
    "flattening the harbour wall, mayor Elin Duvac said.",
    "Rescuers in Port Maren searched the harbour for survivors after Hurricane Orla, and Elin "
    "Duvac said the toll of 12 dead could rise.",
    "Hurricane Orla left Port Maren without power; Elin Duvac asked for generators for the "
    "harbour clinic.",
]
STORM_B = [
    "Typhoon Kessa swept across the Lindgrove islands on Thursday, injuring 40 people and "
    "sinking ferries, governor Tomas Reyka said.",
    "Tomas Reyka said ferries to the Lindgrove islands would stay in port after Typhoon Kessa "
    "injured 40 people.",
    "Typhoon Kessa cut the Lindgrove islands off from the mainland; Tomas Reyka said ferry "
    "crews were missing.",
]


def _feats(text: str, key: str, published: str | None = None) -> Features:
    return features_of({"key": key, "id": key, "published": published}, text)


def _interleaved() -> list[tuple[str, str, str]]:
    out = []
    for i in range(3):
        out.append((f"a{i}", STORM_A[i], "A"))
        out.append((f"b{i}", STORM_B[i], "B"))
    return out


def test_words_are_stemmed_content_words() -> None:
    assert words("The storms were flattening harbours, officials said.") == [
        "storm",
        "flatten",
        "harbour",
        "offici",
    ]


def test_two_interleaved_storms_become_two_stories() -> None:
    g = Grouper(StorySettings())
    pred, gold = {}, {}
    for key, text, event in _interleaved():
        a = g.add(_feats(text, key, "2031-09-03"))
        pred[key] = a.story
        gold[key] = event
    assert bcubed(pred, gold) == (100.0, 100.0, 100.0)
    assert pred["a0"] == story_id("a0") and pred["b0"] == story_id("b0")


def test_time_decay_separates_far_apart_dates() -> None:
    # Closing by time off: the third article arrives six months late, after the clock moved on.
    g = Grouper(StorySettings(window_days=30, close_after_days=0))
    first = g.add(_feats(STORM_A[0], "x1", "2031-09-03"))
    same_words_later = g.add(_feats(STORM_A[1], "x2", "2032-03-01"))
    assert same_words_later.new and same_words_later.story != first.story
    close = g.add(_feats(STORM_A[2], "x3", "2031-09-04"))
    assert close.story == first.story


def test_undated_article_is_grouped_on_content_with_a_reason() -> None:
    g = Grouper()
    g.add(_feats(STORM_A[0], "d1", "2031-09-03"))
    a = g.add(_feats(STORM_A[1], "d2", None))
    assert a.story == story_id("d1")
    assert a.reason and "no date" in a.reason


def test_duplicates_are_one_member() -> None:
    g = Grouper()
    first = g.add(_feats(STORM_A[0], "k1"))
    again = g.add(_feats(STORM_A[0], "k1"))
    copy = g.add(_feats("  " + STORM_A[0].replace(" ", "  "), "k2"))
    assert again.duplicate_of == "k1" and copy.duplicate_of == "k1"
    assert copy.story == first.story
    assert g.n_docs == 1 and g.active[first.story or ""].size == 1


def test_empty_article_is_in_no_story() -> None:
    g = Grouper()
    a = g.add(Features("e1", "e1", None, content_hash(""), {"lemmas": Counter()}))
    assert a.story is None and a.reason


def test_index_of_active_stories_is_bounded() -> None:
    g = Grouper(StorySettings(max_active=2))
    for i, text in enumerate([STORM_A[0], STORM_B[0], "Parliament in Vostra passed a budget."]):
        g.add(_feats(text, f"t{i}"))
    assert len(g.active) == 2
    _, _, closed = g.take_changes()
    assert closed == {story_id("t0")}
    # A closed story takes no new members: a later report starts a new one.
    assert g.add(_feats(STORM_A[1], "t3")).new


def test_bcubed_known_values() -> None:
    gold = {"1": "x", "2": "x", "3": "y"}
    assert bcubed({"1": "a", "2": "a", "3": "a"}, gold)[1] == 100.0
    p, r, f = bcubed({"1": "a", "2": "b", "3": "c"}, gold)
    assert p == 100.0 and round(r, 2) == 66.67 and round(f, 2) == 80.0


def test_incremental_state_round_trip_equals_one_run() -> None:
    from precis.stories.group import Story

    items = _interleaved()
    whole = Grouper()
    ref = {k: whole.add(_feats(t, k)).story for k, t, _ in items}
    first = Grouper()
    for k, t, _ in items[:3]:
        first.add(_feats(t, k))
    changed, df, _ = first.take_changes()
    second = Grouper()
    second.load(
        first.n_docs,
        df,
        [Story.from_state(s.to_state()) for s in changed],
        [(k, h, first.keys[k]) for h, k in first.hashes.items()],
    )
    got = {k: second.add(_feats(t, k)).story for k, t, _ in items[3:]}
    assert got == {k: ref[k] for k, _, _ in items[3:]}


def test_dates_parse() -> None:
    f = _feats(STORM_A[0], "p", "2031-09-03T10:00:00Z")
    assert f.published == date(2031, 9, 3)


def test_unsupported_words_allows_the_frame_verb_only_between_spans() -> None:
    from precis.evaluate.stories import unsupported_words

    text = "The storm hit Orla on Monday. Officials said three people died."
    label = (30, 39)  # "Officials"
    content = (45, 63)  # "three people died."
    framed = {"text": "Officials say three people died.", "article": "a", "spans": [label, content]}
    assert unsupported_words({"highlights": [framed]}, {"a": text}) == ([], 1)
    plain = {"text": "The storm hit Orla on Monday.", "article": "a", "spans": [[0, 29]]}
    assert unsupported_words({"highlights": [plain]}, {"a": text}) == ([], 0)
    # The verb outside a frame, or a word from elsewhere in the article, is unsupported.
    loose = {"text": "The storm says hit Orla.", "article": "a", "spans": [[0, 18]]}
    assert unsupported_words({"highlights": [loose]}, {"a": text}) == (["says"], 0)
    borrowed = {"text": "The storm hit three.", "article": "a", "spans": [[0, 13]]}
    assert unsupported_words({"highlights": [borrowed]}, {"a": text}) == (["three"], 0)


# Two title fights of one champion, invented for the tests: the same names and words, a different
# challenger. Records carry the people as the facts stage would (name, type, mentions).
FIGHT_A = (
    "Champion Boris Velkan stopped Aldo Rennick in the seventh round to keep his heavyweight "
    "belts. Velkan floored Rennick twice; Rennick was cut and Velkan kept the title belts."
)
FIGHT_B = (
    "Champion Boris Velkan stopped Otto Marsh in the sixth round to keep his heavyweight belts. "
    "Velkan floored Marsh twice; Marsh was cut and Velkan kept the title belts."
)


def _fight(key: str, text: str, challenger: str) -> Features:
    record = {
        "key": key,
        "id": key,
        "entities": [
            {"name": "Boris Velkan", "type": "person", "mentions": [[0, 1]] * 5},
            {"name": challenger, "type": "person", "mentions": [[0, 1]] * 5},
        ],
    }
    return features_of(record, text)


def test_person_mentions_are_stemmed_surnames() -> None:
    f = _fight("f1", FIGHT_A, "Aldo Rennick")
    assert f.persons == Counter({"velkan": 5, "rennick": 5})


def test_main_person_check_splits_two_fights_of_one_champion() -> None:
    a, b = _fight("f1", FIGHT_A, "Aldo Rennick"), _fight("f2", FIGHT_B, "Otto Marsh")
    # Without the check the shared names carry the second fight into the first story ...
    off = Grouper(StorySettings(person_mentions=0))
    first = off.add(a)
    assert off.add(b).story == first.story
    # ... with it, the second fight's challenger (never named in the story) and the story's
    # challenger (never named in the article) make it a story of its own.
    on = Grouper(StorySettings())
    first = on.add(a)
    second = on.add(b)
    assert second.new and second.story != first.story
    # A third report of the first fight still joins the first story.
    again = on.add(_fight("f3", FIGHT_A.replace("seventh", "7th"), "Aldo Rennick"))
    assert again.story == first.story


def test_main_person_check_lets_a_passing_mention_join() -> None:
    # The article's main people are all named in the story: no veto.
    g = Grouper(StorySettings())
    first = g.add(_fight("f1", FIGHT_A, "Aldo Rennick"))
    story = g.active[first.story or ""]
    assert story.main == {"velkan": 1, "rennick": 1}
    assert not g.conflict(_fight("f4", FIGHT_A + " Rennick said little.", "Aldo Rennick"), story)


def test_story_state_keeps_people_and_reads_old_states() -> None:
    from precis.stories.group import Story

    g = Grouper()
    first = g.add(_fight("f1", FIGHT_A, "Aldo Rennick"))
    story = g.active[first.story or ""]
    state = story.to_state()
    assert Story.from_state(state).persons == {"velkan": 5, "rennick": 5}
    old = {k: v for k, v in state.items() if k not in ("persons", "main")}
    restored = Story.from_state(old)
    assert restored.persons == {} and restored.main == {}
    # A story saved before the check existed is never vetoed.
    assert not g.conflict(_fight("f2", FIGHT_B, "Otto Marsh"), restored)


def test_story_not_joined_for_close_after_days_leaves_the_index() -> None:
    def run(settings: StorySettings) -> tuple[Grouper, list[str | None]]:
        g = Grouper(settings)
        got = [
            g.add(_feats(STORM_A[0], "c1", "2031-09-03")).story,
            # 17 days later: the clock passes the first story's last date by more than 10 days.
            g.add(_feats(STORM_B[0], "c2", "2031-09-20")).story,
            # A report of the first storm that arrives late (dated the day after it).
            g.add(_feats(STORM_A[1], "c3", "2031-09-04")).story,
        ]
        return g, got

    g, (a, b, late) = run(StorySettings(close_after_days=10))
    assert a == story_id("c1") and b == story_id("c2")
    assert a not in g.active and g.clock == date(2031, 9, 20)
    assert late == story_id("c3")  # not joined: a closed story takes no new member
    changed, _, closed = g.take_changes()
    # The closed story changed before closing: its state is still handed to the store.
    assert a in closed and a in {s.id for s in changed}
    # Without closing by time the late report joins the first story (decay of one day).
    _, (_, _, joined) = run(StorySettings(close_after_days=0))
    assert joined == a


def test_closing_by_time_survives_a_reopened_run(tmp_path: Path) -> None:
    from precis.store.db import Store
    from precis.store.stories import StoryStore
    from precis.stories.build import group_store

    # Storm A, then storm B 40 days later (A closes at 30), then a late report of storm A.
    stream = [
        ("r1", STORM_A[0], "2031-09-03"),
        ("r2", STORM_A[1], "2031-09-04"),
        ("r3", STORM_B[0], "2031-10-14"),
        ("r4", STORM_B[1], "2031-10-15"),
        ("r5", STORM_A[2], "2031-09-05"),
        ("r6", STORM_B[2], "2031-10-15"),
    ]
    settings = StorySettings(close_after_days=30)

    def fill(path: Path) -> Store:
        store = Store(path)
        store.write(
            [{"key": k, "id": k, "published": d} for k, _, d in stream],
            {k: t for k, t, _ in stream},
        )
        return store

    def membership(store: Store) -> dict[str, str]:
        rows = store.db.execute("SELECT key, story FROM story_members").fetchall()
        return {k: s for k, s in rows}

    keys = [k for k, _, _ in stream]
    with fill(tmp_path / "whole.db") as store:
        group_store(store, keys, settings, cards=False)
        whole = membership(store)
    with fill(tmp_path / "parts.db") as store:
        group_store(store, keys[:3], settings, cards=False)
        active = dict(store.db.execute("SELECT id, active FROM stories").fetchall())
        assert active == {story_id("r1"): 0, story_id("r3"): 1}  # closed, kept in the store
    with Store(tmp_path / "parts.db") as store:  # reopened: the clock and closure are read back
        grouper = StoryStore(store).grouper(settings)
        assert grouper.clock == date(2031, 10, 14) and list(grouper.active) == [story_id("r3")]
        group_store(store, keys[3:], settings, cards=False)
        parts = membership(store)
    assert parts == whole
    assert whole["r5"] == story_id("r5") != whole["r1"]  # the late report starts a new story
    assert whole["r6"] == whole["r3"] == whole["r4"] == story_id("r3")


def test_closing_index_grows_with_story_days_not_articles() -> None:
    g = Grouper(StorySettings())
    for i in range(9):
        g.add(_feats(f"{STORM_A[i % 3]} Update {i}.", f"h{i}", "2031-09-03"))
    assert len(g.active) == 1
    assert len(g._by_date) == 1  # one entry per (story, last date), not one per article
    g.add(_feats(f"{STORM_A[0]} Update 9.", "h9", "2031-09-04"))
    assert len(g._by_date) == 2 and len(g.active) == 1
