"""Read-only access to the SQLite store that ``precis run`` (and ``precis stories``) fill.

Opened with :meth:`precis.store.db.Store.open_readonly` (SQLite's ``mode=ro``): the server can
never write to, lock or create the store, and reads safely while a run writes to it (WAL).
Articles and search use the Store's own queries; the story queries are the API's own (member
titles, no grouping state) and never create the story tables a read-write StoryStore would.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
import threading
from pathlib import Path
from typing import Any

from precis.server.schemas import Story, StoryList, StoryMember
from precis.store.db import Store

#: What a story row shows (its grouping ``state``, a large centroid, stays in the store).
_STORY_COLUMNS = "id, size, first_date, last_date, title, card"


class StoreView:
    """One read-only connection per thread (sqlite3 connections are not shared across threads)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._local = threading.local()
        self._opened: list[Store] = []
        self._lock = threading.Lock()
        self.store  # noqa: B018 - open once now, so a missing or broken file is reported at start

    @property
    def store(self) -> Store:
        store: Store | None = getattr(self._local, "store", None)
        if store is None:
            store = Store.open_readonly(self.path)
            self._local.store = store
            with self._lock:
                self._opened.append(store)
        return store

    @property
    def db(self) -> sqlite3.Connection:
        return self.store.db

    def has_table(self, name: str) -> bool:
        return self.store.has_table(name)

    def article(self, ident: str) -> tuple[dict[str, Any], str | None] | None:
        """(output record, article text) of an article by id, or by key when it has no id."""
        if not (self.has_table("results") and self.has_table("articles")):
            return None
        record = self.store.get(ident)
        if record is None:
            return None
        key = record.get("key")
        return record, self.store.text(str(key)) if key is not None else None

    def search(self, query: str, limit: int) -> list[dict[str, Any]]:
        """Best matches (FTS5 syntax; plain words when the query is not valid syntax)."""
        if not self.has_table("search"):
            return []
        return self.store.search(query, limit)

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
        # Connections of other threads are closed here too: sqlite3 allows closing from any
        # thread only with check_same_thread off, so a failure there is left to the GC.
        with self._lock:
            opened, self._opened = self._opened, []
        for store in opened:
            with contextlib.suppress(sqlite3.ProgrammingError):
                store.close()
        self._local = threading.local()
