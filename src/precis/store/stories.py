"""Stories in the results store: the grouping state, memberships and cards, beside the articles.

Tables (created on first use, in the same SQLite file ``precis run`` fills):

* ``stories`` — one row per story: its grouping state (centroid, dates, size), whether it is still
  in the active index, its card (JSON) and title;
* ``story_members`` — one row per grouped article key: its story, order of arrival, content hash,
  and ``duplicate_of`` for a repeat of an article already grouped (not a member);
* ``story_df`` and ``meta.stories_docs`` — the online document frequencies;
* ``story_search`` — FTS5 over card titles, highlights and claims.

Each chunk of grouped articles is written in one transaction (:meth:`StoryStore.commit`): a killed
run leaves the state of the last committed chunk, and a rerun continues from it — no story lost,
none duplicated, no id changed.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from datetime import date
from typing import Any

from precis.store.db import Store, align_fts_rowids, fts_search
from precis.stories.group import Assignment, Grouper, Story
from precis.stories.settings import StorySettings

_SCHEMA = """
CREATE TABLE IF NOT EXISTS stories (
    id TEXT PRIMARY KEY, first_seq INTEGER, last_seq INTEGER, size INTEGER,
    first_date TEXT, last_date TEXT, active INTEGER, state TEXT, title TEXT, card TEXT
);
CREATE INDEX IF NOT EXISTS stories_last ON stories(active, last_seq);
CREATE TABLE IF NOT EXISTS story_members (
    key TEXT PRIMARY KEY, story TEXT, seq INTEGER, id TEXT, hash TEXT, duplicate_of TEXT,
    similarity REAL
);
CREATE INDEX IF NOT EXISTS story_members_story ON story_members(story, seq);
CREATE TABLE IF NOT EXISTS story_df (term TEXT PRIMARY KEY, df INTEGER NOT NULL);
CREATE VIRTUAL TABLE IF NOT EXISTS story_search USING fts5(
    id UNINDEXED, title, highlights, claims, tokenize = 'porter unicode61'
);
"""


class StoryStore:
    """Story tables of a :class:`~precis.store.db.Store` (shares its connection)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.db: sqlite3.Connection = store.db
        self.db.executescript(_SCHEMA)
        self._search_aligned = False

    @staticmethod
    def present(store: Store) -> bool:
        """Whether the store has story tables (read-only commands do not create them)."""
        row = store.db.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'stories'"
        ).fetchone()
        return row is not None

    # -- grouping state -----------------------------------------------------------------------

    def grouper(
        self, settings: StorySettings | None = None, prior: tuple[int, dict[str, int]] | None = None
    ) -> Grouper:
        """A grouper holding the committed state: counts, active stories, members."""
        g = Grouper(settings, prior)
        row = self.db.execute("SELECT value FROM meta WHERE name = 'stories_docs'").fetchone()
        n_docs = int(row[0]) if row else 0
        df = {t: int(n) for t, n in self.db.execute("SELECT term, df FROM story_df")}
        stories = [
            Story.from_state(json.loads(s))
            for (s,) in self.db.execute(
                "SELECT state FROM stories WHERE active = 1 ORDER BY last_seq DESC LIMIT ?",
                (g.settings.max_active,),
            )
        ]
        members = self.db.execute(
            "SELECT key, hash, story FROM story_members WHERE duplicate_of IS NULL"
        ).fetchall()
        # The stream's clock: the latest date of any story, closed ones included.
        (latest,) = self.db.execute("SELECT max(last_date) FROM stories").fetchone()
        clock = date.fromisoformat(latest) if latest else None
        g.load(n_docs, df, stories, [(k, h, s) for k, h, s in members], clock)
        return g

    def grouped(self) -> set[str]:
        """Keys already placed (members and recorded duplicates)."""
        return {k for (k,) in self.db.execute("SELECT key FROM story_members")}

    def commit(
        self,
        grouper: Grouper,
        assignments: Iterable[Assignment],
        hashes: dict[str, str],
        cards: dict[str, dict[str, Any]],
    ) -> None:
        """Write one chunk — memberships, the changed stories, df counts, cards — atomically."""
        changed, df_delta, closed = grouper.take_changes()
        cur = self.db.cursor()
        cur.execute("BEGIN IMMEDIATE")
        try:
            if not self._search_aligned:
                align_fts_rowids(cur, "story_search", "id", "stories")
                self._search_aligned = True
            for a in assignments:
                if a.story is None and a.duplicate_of is None:
                    continue  # not grouped (empty or failed): nothing to remember
                cur.execute(
                    "INSERT OR IGNORE INTO story_members"
                    "(key, story, seq, id, hash, duplicate_of, similarity) VALUES (?,?,?,?,?,?,?)",
                    (a.key, a.story, a.seq, a.id, hashes.get(a.key), a.duplicate_of, a.similarity),
                )
            for s in changed:
                card = cards.get(s.id)
                cur.execute(
                    "INSERT INTO stories(id, first_seq, last_seq, size, first_date, last_date, "
                    "active, state, title, card) VALUES (?,?,?,?,?,?,1,?,?,?) "
                    "ON CONFLICT(id) DO UPDATE SET last_seq=excluded.last_seq, "
                    "size=excluded.size, first_date=excluded.first_date, "
                    "last_date=excluded.last_date, active=1, state=excluded.state, "
                    "title=coalesce(excluded.title, stories.title), "
                    "card=coalesce(excluded.card, stories.card)",
                    (
                        s.id,
                        s.first_seq,
                        s.last_seq,
                        s.size,
                        s.first_date.isoformat() if s.first_date else None,
                        s.last_date.isoformat() if s.last_date else None,
                        json.dumps(s.to_state(), separators=(",", ":")),
                        card.get("title") if card else None,
                        json.dumps(card, ensure_ascii=False) if card else None,
                    ),
                )
            changed_ids = {s.id for s in changed}
            for sid, card in cards.items():
                if sid not in changed_ids:
                    # Touched without a new member (a duplicate arrived): its grouping state is
                    # as stored, but the card (its warnings) still changes.
                    cur.execute(
                        "UPDATE stories SET title = ?, card = ? WHERE id = ?",
                        (card.get("title"), json.dumps(card, ensure_ascii=False), sid),
                    )
                # By rowid (the story's): FTS5 indexes no other column, so "WHERE id = ?"
                # scanned every card on every write (quadratic over a stream).
                cur.execute(
                    "DELETE FROM story_search "
                    "WHERE rowid = (SELECT rowid FROM stories WHERE id = ?)",
                    (sid,),
                )
                cur.execute(
                    "INSERT INTO story_search(rowid, id, title, highlights, claims) "
                    "VALUES ((SELECT rowid FROM stories WHERE id = ?),?,?,?,?)",
                    (
                        sid,
                        sid,
                        card.get("title") or "",
                        "\n".join(h["text"] for h in card.get("highlights") or []),
                        "\n".join(
                            f"{g['speaker']}: {c['text']}"
                            for g in card.get("claims") or []
                            for c in g["claims"]
                        ),
                    ),
                )
            for sid in closed:
                cur.execute("UPDATE stories SET active = 0 WHERE id = ?", (sid,))
            cur.executemany(
                "INSERT INTO story_df(term, df) VALUES (?, ?) "
                "ON CONFLICT(term) DO UPDATE SET df = df + excluded.df",
                sorted(df_delta.items()),
            )
            cur.execute(
                "INSERT INTO meta(name, value) VALUES ('stories_docs', ?) "
                "ON CONFLICT(name) DO UPDATE SET value = excluded.value",
                (str(grouper.n_docs),),
            )
            cur.execute("COMMIT")
        except BaseException:
            # SQLite may already have rolled back (a full disk does); keep the original error.
            if self.db.in_transaction:
                cur.execute("ROLLBACK")
            raise

    # -- reading ------------------------------------------------------------------------------

    def members(self, story: str) -> list[tuple[str, list[str]]]:
        """(member key, keys of its duplicates) in the order they joined."""
        rows = self.db.execute(
            "SELECT key, duplicate_of FROM story_members WHERE story = ? ORDER BY seq, key",
            (story,),
        ).fetchall()
        dups: dict[str, list[str]] = {}
        order: list[str] = []
        for key, dup in rows:
            if dup is None:
                order.append(key)
            else:
                dups.setdefault(dup, []).append(key)
        return [(k, dups.get(k, [])) for k in order]

    def article(self, key: str) -> tuple[dict[str, Any], str] | None:
        """The stored output record and text of an article key."""
        row = self.db.execute(
            "SELECT r.record, a.text FROM results r JOIN articles a USING(key) WHERE key = ?",
            (key,),
        ).fetchone()
        if row is None:
            return None
        return json.loads(row[0]), row[1] or ""

    def card(self, ident: str) -> dict[str, Any] | None:
        """A story's card by story id, or the card of the story an article id/key belongs to."""
        row = self.db.execute("SELECT card FROM stories WHERE id = ?", (ident,)).fetchone()
        if row is None:
            row = self.db.execute(
                "SELECT s.card FROM story_members m JOIN stories s ON s.id = m.story "
                "LEFT JOIN articles a ON a.key = m.key WHERE m.key = ? OR a.id = ? LIMIT 1",
                (ident, ident),
            ).fetchone()
        return json.loads(row[0]) if row and row[0] else None

    def is_story(self, ident: str) -> bool:
        return (
            self.db.execute("SELECT 1 FROM stories WHERE id = ?", (ident,)).fetchone() is not None
        )

    def cards(self) -> Iterator[dict[str, Any]]:
        """Every card, stories in the order they started."""
        for (raw,) in self.db.execute(
            "SELECT card FROM stories WHERE card IS NOT NULL ORDER BY first_seq"
        ):
            yield json.loads(raw)

    def count(self) -> tuple[int, int]:
        """(stories, member articles)."""
        n = self.db.execute("SELECT count(*) FROM stories").fetchone()[0]
        m = self.db.execute(
            "SELECT count(*) FROM story_members WHERE duplicate_of IS NULL"
        ).fetchone()[0]
        return int(n), int(m)

    def search(self, query: str, limit: int = 20) -> list[dict[str, Any]]:
        """Stories best matching ``query`` (FTS5 syntax; plain words if it is not valid)."""
        sql = (
            "SELECT q.id, s.title, s.size, "
            "snippet(story_search, -1, '[', ']', '…', 12) AS snippet, "
            "bm25(story_search, 0, 5.0, 2.0, 1.0) AS rank FROM story_search q "
            "JOIN stories s ON s.id = q.id WHERE story_search MATCH ? ORDER BY rank LIMIT ?"
        )
        return fts_search(self.db, sql, query, limit)


def export_cards_parquet(cards: Iterable[dict[str, Any]], path: str) -> int:
    """Cards as Parquet (id, title, members, highlights as columns; the whole card as JSON),
    written atomically."""
    import os
    from pathlib import Path

    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pa.schema(
        [
            ("id", pa.string()),
            ("title", pa.string()),
            ("members", pa.list_(pa.string())),
            ("highlights", pa.list_(pa.string())),
            ("card", pa.string()),
        ]
    )
    rows = [
        {
            "id": c["id"],
            "title": c.get("title"),
            "members": [m["id"] for m in c.get("members") or []],
            "highlights": [h["text"] for h in c.get("highlights") or []],
            "card": json.dumps(c, ensure_ascii=False),
        }
        for c in cards
    ]
    target = Path(path)
    tmp = target.with_name(f".{target.name}.tmp")
    pq.write_table(pa.Table.from_pylist(rows, schema=schema), str(tmp))
    os.replace(tmp, target)
    return len(rows)
