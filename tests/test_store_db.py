"""The SQLite store and the output sinks (JSONL, Parquet), without running any analysis."""

from __future__ import annotations

import json
from pathlib import Path

from precis.batch.sinks import JsonlSink, ParquetSink, StoreSink
from precis.store.db import Store
from precis.store.export import read_parquet_records

TEXT = "The harbour master said the ferry would resume on Friday. Storms had stopped it."


def out(key: str, hl: str = "Ferry to resume on Friday.", error: str | None = None) -> dict:
    return {
        "id": key,
        "key": key,
        "title": f"Local report {key}",
        "published": "2024-02-03",
        "highlights": [] if error else [{"text": hl, "spans": [[0, 10]], "source": None}],
        "error": error,
        "warnings": [],
        "stages": ["highlights", "claims"],
        "claims": [{"speaker": "The harbour master", "content": [[24, 57]]}] if key == "k1" else [],
    }


def test_store_write_get_search_records(tmp_path: Path) -> None:
    with Store(tmp_path / "r.db") as store:
        store.write([out("k1"), out("k2", "Snow closes the mountain pass.")], {"k1": TEXT})
        store.write([out("k3", error="text is empty")], {})
        assert store.count() == (3, 1)
        assert store.done() == {"k1": False, "k2": False, "k3": True}
        assert store.get("k2")["highlights"][0]["text"].startswith("Snow")
        assert store.get("nope") is None
        assert [h["key"] for h in store.search("ferry")] == ["k1"]  # highlight, stemmed
        assert [h["key"] for h in store.search("harbour master")] == ["k1"]  # claims speaker
        assert [h["key"] for h in store.search("would resume")] == ["k1"]  # claim content
        assert {h["key"] for h in store.search("report")} == {"k1", "k2", "k3"}  # titles
        assert [h["key"] for h in store.search('mountain "')] == ["k2"]  # bad syntax: words
        # Rewriting a key replaces its result and its search row (no duplicates).
        store.write([out("k1", "Ferry cancelled again.")], {"k1": TEXT})
        assert [r["key"] for r in store.records()] == ["k1", "k2", "k3"]
        assert len(store.search("cancelled")) == 1 and store.text("k1") == TEXT


def test_store_sink_resume_state(tmp_path: Path) -> None:
    sink = StoreSink(tmp_path / "r.db")
    sink.write([out("a"), out("b", error="bad")], [{"key": "a", "text": TEXT}, {"key": "b"}])
    sink.close(True)
    done = StoreSink(tmp_path / "r.db").prior()
    assert done.take("a") and done.take("a") and not done.take("c")  # every occurrence
    assert done.errors == {"b"}
    retry = StoreSink(tmp_path / "r.db", retry_errors=True).prior()
    assert not retry.take("b")


def test_jsonl_sink_truncates_a_partial_last_line(tmp_path: Path) -> None:
    f = tmp_path / "o.jsonl"
    good = json.dumps(out("a")) + "\n" + json.dumps(out("a")) + "\n"
    f.write_text(good + '{"id": "b", "highl', encoding="utf-8")
    sink = JsonlSink(f)
    done = sink.prior()
    assert f.read_text(encoding="utf-8") == good
    assert done.take("a") and done.take("a") and not done.take("a")  # counted occurrences
    sink.write([out("b")], [{"key": "b"}])
    sink.close(True)
    assert [json.loads(x)["key"] for x in f.read_text().splitlines()] == ["a", "a", "b"]


def test_jsonl_sink_all_partial(tmp_path: Path) -> None:
    f = tmp_path / "o.jsonl"
    f.write_text('{"id": "b", "hi', encoding="utf-8")
    JsonlSink(f).close(True)
    assert f.read_bytes() == b""


def test_parquet_sink_writes_on_completion_and_resumes(tmp_path: Path) -> None:
    f = tmp_path / "o.parquet"
    sink = ParquetSink(f)
    sink.write([out("a")], [{"key": "a", "text": TEXT}])
    sink.close(False)  # interrupted: no Parquet yet, working store kept
    assert not f.exists()
    sink = ParquetSink(f)
    assert sink.prior().take("a")
    sink.write([out("b")], [{"key": "b", "text": TEXT}])
    sink.close(True)
    assert [r["key"] for r in read_parquet_records(f)] == ["a", "b"]
    assert not list(tmp_path.glob(".*partial.db*"))
    again = ParquetSink(f)  # a rerun after completion reads the finished file
    assert again.prior().take("b")
    again.close(True)
    assert [r["key"] for r in read_parquet_records(f)] == ["a", "b"]
