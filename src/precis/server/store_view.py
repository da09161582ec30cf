"""Read-only access to the SQLite store that ``precis run`` (and ``precis stories``) fill.

Opened with SQLite's ``mode=ro`` URI: the server can never write to, lock or create the store,
and reads safely while a run writes to it (WAL). Queries mirror :class:`precis.store.db.Store`'s
read methods, whose constructor creates tables and so needs write access.
"""

from __future__ import annotations

import json
import re
import sqlite3
import threading
from pathlib import Path
from typing import Any

from precis.errors import InputError
from precis.server.schemas import Story, StoryList, StoryMember

_SEARCH_SQL = (
    "SELECT s.key, a.id, a.title, snippet(search, -1, '[', ']', '…', 12) AS snippet, "
    "bm25(search, 0, 5.0, 2.0, 1.0) AS rank FROM search s JOIN articles a USING(key) "
    "WHERE search MATCH ? ORDER BY rank LIMIT ?"
)


#: What a story row shows (its grouping ``state``, a large centroid, stays in the store).
_STORY_COLUMNS = "id, size, first_date, last_date, title, card"


class StoreView:
    """One read-only connection per thread (sqlite3 connections are not shared across threads)."""

    def __init__(self, path: Path) -> None:
        if not path.is_file():
            raise InputError(f"{path}: no such store (make one: 'precis run ... --out {path}')")
        self.path = path
        self._local = threading.local()
        self.db  # noqa: B018 - open once now, so a broken file is reported at start-up

    @property
    def db(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            uri = self.path.resolve().as_uri() + "?mode=ro"
            try:
                conn = sqlite3.connect(uri, uri=True, timeout=10, check_same_thread=True)
                conn.row_factory = sqlite3.Row
                conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            except sqlite3.DatabaseError as exc:
                raise InputError(f"{self.path}: not a precis store: {exc}") from exc
            self._local.conn = conn
        return conn

    def has_table(self, name: str) -> bool:
        row = self.db.execute(
            "SELECT 1 FROM sqlite_master WHERE type IN ('table', 'view') AND name = ?", (name,)
        ).fetchone()
        return row is not None

    def article(self, ident: str) -> tuple[dict[str, Any], str | None] | None:
        """(output record, article text) of an article by id, or by key when it has no id."""
        if not (self.has_table("results") and self.has_table("articles")):
            return None
        row = self.db.execute(
            "SELECT r.record, a.text FROM results r JOIN articles a USING(key) "
            "WHERE a.id = ? OR a.key = ? ORDER BY a.id = ? DESC, a.rowid DESC LIMIT 1",
            (ident, ident, ident),
        ).fetchone()
        if row is None:
            return None
        return json.loads(row[0]), row[1]

    def search(self, query: str, limit: int) -> list[dict[str, Any]]:
        """Best matches (FTS5 syntax; plain words when the query is not valid syntax)."""
        if not self.has_table("search"):
            return []
        try:
            rows = self.db.execute(_SEARCH_SQL, (query, limit)).fetchall()
        except sqlite3.OperationalError:
            words = re.findall(r"\w+", query)
            if not words:
                return []
            quoted = " ".join('"' + w + '"' for w in words)
            rows = self.db.execute(_SEARCH_SQL, (quoted, limit)).fetchall()
        return [dict(r) for r in rows]

    # -- stories (tables of precis.store.stories; absent from a store never grouped) ----------

    NO_STORIES = "this store has no stories yet: group its articles with 'precis stories'"

    def _story(self, row: sqlite3.Row, with_members: bool) -> Story:
        data = dict(row)
        card = data.pop("card", None)
        if isinstance(card, str):
            card = json.loads(card)
        members: list[StoryMember] = []
        if with_members and self.has_table("story_members"):
            # Repeats of an article already grouped (duplicate_of set) are not members.
            rows = self.db.execute(
                "SELECT m.key, coalesce(a.id, m.id) AS id, a.title, a.published "
                "FROM story_members m LEFT JOIN articles a USING(key) "
                "WHERE m.story = ? AND m.duplicate_of IS NULL ORDER BY m.seq",
                (data["id"],),
            )
            members = [StoryMember(**dict(r)) for r in rows]
        title = data.pop("title", None)
        if title is None and isinstance(card, dict):
            title = card.get("title")
        return Story(
            id=str(data.pop("id")),
            size=int(data.pop("size", None) or len(members)),
            title=title,
            first_date=data.pop("first_date", None),
            last_date=data.pop("last_date", None),
            card=card if isinstance(card, dict) else None,
            members=members,
        )

    def stories(self, limit: int, offset: int) -> StoryList:
        if not self.has_table("stories"):
            return StoryList(stories=[], total=0, note=self.NO_STORIES)
        total = int(self.db.execute("SELECT count(*) FROM stories").fetchone()[0])
        rows = self.db.execute(
            f"SELECT {_STORY_COLUMNS} FROM stories ORDER BY size DESC, last_seq DESC "
            "LIMIT ? OFFSET ?",
            (limit, offset),
        ).fetchall()
        items = [self._story(r, with_members=True) for r in rows]
        return StoryList(stories=items, total=total, note=None if items else "no stories")

    def story(self, ident: str) -> Story | None:
        if not self.has_table("stories"):
            return None
        row = self.db.execute(
            f"SELECT {_STORY_COLUMNS} FROM stories WHERE id = ?", (ident,)
        ).fetchone()
        return self._story(row, with_members=True) if row is not None else None

    def close(self) -> None:
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None
