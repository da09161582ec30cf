"""``precis stories`` end to end on a small invented corpus: two interleaved storms, stable ids on
reruns, a crash mid-run, faithful cards, duplicates, undated and failed articles, show / search /
export."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from precis.cli.main import main
from precis.store.db import Store
from precis.store.stories import StoryStore
from precis.stories.build import group_store

# Invented reports (no publisher's text): two storms of the same kind, interleaved.
ORLA = [
    "Hurricane Orla struck the fishing town of Port Maren on Tuesday, killing 12 people. "
    "The storm flattened the harbour wall and tore roofs from the market hall. Mayor Elin "
    "Duvac said rescue teams were still searching the flooded lower town.",
    "Rescuers in Port Maren searched the harbour for survivors on Wednesday after Hurricane "
    "Orla, which killed 14 people. Mayor Elin Duvac said the toll could rise. The harbour "
    "wall, built in 1902, collapsed during the night.",
    "Hurricane Orla left Port Maren without power for a second day. Mayor Elin Duvac asked the "
    "region for generators for the harbour clinic, where the injured were treated.",
]
KESSA = [
    "Typhoon Kessa swept across the Lindgrove islands on Thursday, injuring 40 people. Ferries "
    "sank at their moorings, and governor Tomas Reyka said three crews were missing.",
    "Governor Tomas Reyka said ferries to the Lindgrove islands would stay in port after "
    "Typhoon Kessa injured 40 people. Fishermen on the islands lost their boats.",
    "Typhoon Kessa cut the Lindgrove islands off from the mainland. Tomas Reyka said the "
    "missing ferry crews had been found alive on a reef.",
]


def _rows() -> list[dict[str, Any]]:
    rows = []
    for i in range(3):
        rows.append({"id": f"orla-{i}", "text": ORLA[i], "published": f"2031-09-0{3 + i}"})
        rows.append({"id": f"kessa-{i}", "text": KESSA[i], "published": f"2031-09-0{5 + i}"})
    return rows


def _write(path: Path, rows: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def _membership(db: Path) -> dict[str, str]:
    with Store(db) as store:
        rows = store.db.execute(
            "SELECT a.id, m.story FROM story_members m JOIN articles a USING(key) "
            "WHERE m.duplicate_of IS NULL"
        ).fetchall()
    return {i: s for i, s in rows}


@pytest.fixture(scope="module")
def analysed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store with the six storm reports analysed and grouped (the parse runs once)."""
    d = tmp_path_factory.mktemp("stories")
    corpus = _write(d / "storms.jsonl", _rows())
    db = d / "stories.db"
    assert main(["stories", str(corpus), "--out", str(db), "-j", "1", "-q"]) == 0
    return db


def test_two_storms_two_stories(analysed: Path) -> None:
    got = _membership(analysed)
    assert len(got) == 6
    assert len({got[f"orla-{i}"] for i in range(3)}) == 1
    assert len({got[f"kessa-{i}"] for i in range(3)}) == 1
    assert got["orla-0"] != got["kessa-0"]


def test_cards_are_faithful(analysed: Path) -> None:
    texts = {r["id"]: r["text"] for r in _rows()}
    with Store(analysed) as store:
        cards = list(StoryStore(store).cards())
    assert len(cards) == 2
    for card in cards:
        assert set(card) >= {
            "id",
            "title",
            "members",
            "highlights",
            "speakers",
            "claims",
            "figures",
            "places",
            "disputes",
            "warnings",
        }
        assert 1 <= len(card["highlights"]) <= 5
        member_ids = {m["id"] for m in card["members"]}
        for h in card["highlights"]:
            text = texts[h["article"]]
            assert h["article"] in member_ids and set(h["also_in"]) <= member_ids
            assert h["article"] not in h["also_in"]
            spans_text = " ".join(text[s:e] for s, e in h["spans"])
            assert spans_text.strip()
            for w in re.findall(r"\w+", h["text"]):
                # Every word is the article's own, but for the frame verb ("says").
                assert w.lower() in text.lower() or w.lower() in {"says", "say"}, w
    orla = next(c for c in cards if any(m["id"] == "orla-0" for m in c["members"]))
    deaths = [f for f in orla["figures"] if f["differs"]]
    # "killing 12 people" and "killed 14 people": two sources, two values, shown side by side.
    assert any({v["article"] for v in f["values"]} >= {"orla-0", "orla-1"} for f in deaths)


def test_rerun_adds_without_regrouping_and_keeps_ids(tmp_path: Path) -> None:
    rows = _rows()
    corpus1 = _write(tmp_path / "part1.jsonl", rows[:2])
    corpus2 = _write(tmp_path / "part2.jsonl", rows)
    db = tmp_path / "s.db"
    assert main(["stories", str(corpus1), "--out", str(db), "-j", "1", "-q"]) == 0
    first = _membership(db)
    assert main(["stories", str(corpus2), "--out", str(db), "-j", "1", "-q"]) == 0
    second = _membership(db)
    assert {k: second[k] for k in first} == first
    assert second["orla-2"] == first["orla-0"] and second["kessa-2"] == first["kessa-0"]
    with Store(db) as store:
        assert StoryStore(store).count() == (2, 6)


def test_crash_mid_run_then_rerun_loses_and_duplicates_nothing(
    analysed: Path, tmp_path: Path
) -> None:
    whole = _membership(analysed)
    db = tmp_path / "crash.db"
    shutil.copy(analysed, db)
    with Store(db) as store:  # the analyses stay; the grouping starts over
        for table in ("story_members", "stories", "story_df", "story_search"):
            store.db.execute(f"DELETE FROM {table}")
        keys = [k for (k,) in store.db.execute("SELECT key FROM articles ORDER BY rowid")]

    def crash(n: int) -> None:
        if n == 2:
            raise RuntimeError("killed")

    with Store(db) as store, pytest.raises(RuntimeError):
        group_store(store, keys, chunk_size=2, after_chunk=crash)
    partial = _membership(db)
    assert len(partial) == 4  # two chunks committed, the third never started
    with Store(db) as store:
        stats = group_store(store, keys, chunk_size=2)
        assert stats.already == 4 and stats.grouped == 2
        assert StoryStore(store).count() == (2, 6)
    assert _membership(db) == whole


def test_duplicates_undated_and_failed_articles(tmp_path: Path, capsys: Any) -> None:
    rows = [
        *_rows()[:2],
        {"id": "orla-copy", "text": ORLA[0], "published": "2031-09-03"},
        {"id": "orla-0", "text": ORLA[0], "published": "2031-09-03"},
        {"id": "undated", "text": ORLA[2]},
        {"id": "empty", "text": ""},
        {
            "id": "lonely",
            "text": "Parliament in Vostra passed the harvest budget on Monday.",
            "published": "2031-09-04",
        },
    ]
    corpus = _write(tmp_path / "mixed.jsonl", rows)
    db = tmp_path / "m.db"
    assert main(["stories", str(corpus), "--out", str(db), "-j", "1"]) == 1  # one failed
    err = capsys.readouterr().err
    assert "no date" in err
    got = _membership(db)
    assert "empty" not in got and "orla-copy" not in got
    assert got["undated"] == got["orla-0"]
    with Store(db) as store:
        assert store.get("empty")["error"]  # kept with its error
        ss = StoryStore(store)
        card = ss.card(got["orla-0"])
        lonely = ss.card(got["lonely"])
    assert card is not None and [m["id"] for m in card["members"]] == ["orla-0", "undated"]
    assert any("orla-copy" in w for w in card["warnings"])
    assert any("no date" in w for w in card["warnings"])
    assert lonely is not None and lonely["highlights"]  # a story of one article has a card


def test_show_search_export(analysed: Path, tmp_path: Path, capsys: Any) -> None:
    sid = _membership(analysed)["kessa-0"]
    capsys.readouterr()
    assert main(["show", sid, "--store", str(analysed), "--format", "json"]) == 0
    card = json.loads(capsys.readouterr().out)
    assert card["id"] == sid
    assert main(["show", sid, "--store", str(analysed)]) == 0
    assert "Typhoon Kessa" in capsys.readouterr().out
    assert main(["search", "--stories", "Kessa", "--store", str(analysed)]) == 0
    assert capsys.readouterr().out.startswith(sid)
    out = tmp_path / "cards.jsonl"
    assert main(["export", "--stories", "--store", str(analysed), "--out", str(out)]) == 0
    assert len(out.read_text().splitlines()) == 2
    pq = tmp_path / "cards.parquet"
    assert main(["export", "--stories", "--store", str(analysed), "--out", str(pq)]) == 0
    import pyarrow.parquet as pqm

    assert pqm.read_table(pq).num_rows == 2


def test_out_jsonl_writes_the_inputs_cards(analysed: Path, tmp_path: Path) -> None:
    corpus = _write(tmp_path / "k.jsonl", [r for r in _rows() if r["id"].startswith("kessa")])
    db = tmp_path / "copy.db"
    shutil.copy(analysed, db)
    out = tmp_path / "cards.jsonl"
    args = ["stories", str(corpus), "--out", str(out), "--store", str(db), "-j", "1", "-q"]
    assert main(args) == 0
    cards = [json.loads(line) for line in out.read_text().splitlines()]
    assert [len(c["members"]) for c in cards] == [3]
