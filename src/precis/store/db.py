"""Embedded SQLite store: articles, their results, and full-text search over titles, highlights
and claims.

Crash safety: WAL journal and one transaction per written chunk, so a killed run leaves every
committed result intact and nothing half-written; a rerun skips what is committed.
"""

from __future__ import annotations

import json
import re
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

SCHEMA_VERSION = "1"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS articles (
    key TEXT PRIMARY KEY, id TEXT, title TEXT, published TEXT, source TEXT, url TEXT, text TEXT
);
CREATE INDEX IF NOT EXISTS articles_id ON articles(id);
CREATE TABLE IF NOT EXISTS results (
    key TEXT PRIMARY KEY REFERENCES articles(key), error TEXT, stages TEXT,
    n_highlights INTEGER, record TEXT NOT NULL, done REAL
);
CREATE VIRTUAL TABLE IF NOT EXISTS search USING fts5(
    key UNINDEXED, title, highlights, claims, tokenize = 'porter unicode61'
);
"""


def claims_text(record: dict[str, Any], text: str | None) -> str:
    """Speakers and claim contents of an output record, as plain text for the search index."""
    parts: list[str] = []
    for claim in record.get("claims") or []:
        if claim.get("speaker"):
            parts.append(str(claim["speaker"]))
        if text:
            parts.extend(text[s:e] for s, e in claim.get("content") or [])
    return "\n".join(parts)


class Store:
    """One SQLite file. Safe to read while a run writes to it (WAL)."""

    def __init__(self, path: str | Path, *, create: bool = True) -> None:
        self.path = Path(path)
        if not create and not self.path.exists():
            from precis.errors import InputError

            raise InputError(f"{path}: no such store (make one: 'precis run ... --out {path}')")
        # isolation_level=None: transactions are explicit (BEGIN/COMMIT in write()).
        self.db = sqlite3.connect(str(self.path), isolation_level=None, timeout=30)
        self.db.row_factory = sqlite3.Row
        self.db.execute("PRAGMA journal_mode=WAL")
        # NORMAL in WAL mode is durable against a killed process (the kill -9 case); only a power
        # cut can drop the last commits, which a rerun then redoes.
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.executescript(_SCHEMA)
        self.db.execute("INSERT OR IGNORE INTO meta VALUES ('schema', ?)", (SCHEMA_VERSION,))

    @classmethod
    def open_readonly(cls, path: str | Path, *, check_same_thread: bool = True) -> Store:
        """The store at ``path`` opened read-only (SQLite ``mode=ro``): nothing is created,
        written or locked for writing, and it reads safely while a run writes (WAL). Raises
        InputError when the file is missing or is not an SQLite database."""
        from precis.errors import InputError

        self = cls.__new__(cls)
        self.path = Path(path)
        if not self.path.is_file():
            raise InputError(f"{path}: no such store (make one: 'precis run ... --out {path}')")
        uri = self.path.resolve().as_uri() + "?mode=ro"
        try:
            self.db = sqlite3.connect(
                uri, uri=True, timeout=10, check_same_thread=check_same_thread
            )
            self.db.row_factory = sqlite3.Row
            self.db.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.DatabaseError as exc:
            raise InputError(f"{path}: not a precis store: {exc}") from exc
        return self

    def has_table(self, name: str) -> bool:
        """Whether the store has this table (a read-only store may predate some tables)."""
        row = self.db.execute(
            "SELECT 1 FROM sqlite_master WHERE type IN ('table', 'view') AND name = ?", (name,)
        ).fetchone()
        return row is not None

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing -------------------------------------------------------------------------------

    def write(self, outputs: list[dict[str, Any]], texts: dict[str, str | None]) -> None:
        """Store output records (with their article texts, by key) in one transaction."""
        now = time.time()
        cur = self.db.cursor()
        cur.execute("BEGIN IMMEDIATE")
        try:
            if not getattr(self, "_search_aligned", False):
                align_fts_rowids(cur, "search", "key", "articles")
                self._search_aligned = True
            for out in outputs:
                key = out["key"]
                text = texts.get(key)
                cur.execute(
                    "INSERT INTO articles(key, id, title, published, source, url, text) "
                    "VALUES (?,?,?,?,?,?,?) ON CONFLICT(key) DO UPDATE SET id=excluded.id, "
                    "title=excluded.title, published=excluded.published, source=excluded.source, "
                    "url=excluded.url, text=coalesce(excluded.text, articles.text)",
                    (
                        key,
                        out.get("id"),
                        out.get("title"),
                        out.get("published"),
                        out.get("source"),
                        out.get("url"),
                        text,
                    ),
                )
                cur.execute(
                    "INSERT INTO results(key, error, stages, n_highlights, record, done) "
                    "VALUES (?,?,?,?,?,?) ON CONFLICT(key) DO UPDATE SET error=excluded.error, "
                    "stages=excluded.stages, n_highlights=excluded.n_highlights, "
                    "record=excluded.record, done=excluded.done",
                    (
                        key,
                        out.get("error"),
                        ",".join(out.get("stages") or []),
                        len(out.get("highlights") or []),
                        json.dumps(out, ensure_ascii=False),
                        now,
                    ),
                )
                # By rowid (the article's): FTS5 indexes no other column, so "WHERE key = ?"
                # scanned the whole index on every write (quadratic over a corpus).
                cur.execute(
                    "DELETE FROM search WHERE rowid = (SELECT rowid FROM articles WHERE key = ?)",
                    (key,),
                )
                cur.execute(
                    "INSERT INTO search(rowid, key, title, highlights, claims) "
                    "VALUES ((SELECT rowid FROM articles WHERE key = ?),?,?,?,?)",
                    (
                        key,
                        key,
                        out.get("title") or "",
                        "\n".join(h.get("text", "") for h in out.get("highlights") or []),
                        claims_text(out, text),
                    ),
                )
            cur.execute("COMMIT")
        except BaseException:
            # SQLite may already have rolled back (a full disk does); keep the original error.
            if self.db.in_transaction:
                cur.execute("ROLLBACK")
            raise

    # -- reading -------------------------------------------------------------------------------

    def done(self) -> dict[str, bool]:
        """Keys with a stored result, mapped to whether that result is an error."""
        rows = self.db.execute("SELECT key, error IS NOT NULL FROM results")
        return {k: bool(e) for k, e in rows}

    def count(self) -> tuple[int, int]:
        """(results, errors)."""
        row = self.db.execute("SELECT count(*), count(error) FROM results").fetchone()
        return int(row[0]), int(row[1])

    def get(self, ident: str) -> dict[str, Any] | None:
        """The output record of an article, by id (or by key for articles without an id)."""
        row = self.db.execute(
            "SELECT r.record FROM results r JOIN articles a USING(key) "
            "WHERE a.id = ? OR a.key = ? ORDER BY a.id = ? DESC, a.rowid DESC LIMIT 1",
            (ident, ident, ident),
        ).fetchone()
        return json.loads(row[0]) if row else None

    def text(self, key: str) -> str | None:
        row = self.db.execute("SELECT text FROM articles WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def search(self, query: str, limit: int = 20) -> list[dict[str, Any]]:
        """Best matches of ``query`` (FTS5 syntax; plain words if it is not valid syntax)."""
        sql = (
            "SELECT s.key, a.id, a.title, snippet(search, -1, '[', ']', '…', 12) AS snippet, "
            "bm25(search, 0, 5.0, 2.0, 1.0) AS rank FROM search s JOIN articles a USING(key) "
            "WHERE search MATCH ? ORDER BY rank LIMIT ?"
        )
        return fts_search(self.db, sql, query, limit)

    def records(self) -> Iterator[dict[str, Any]]:
        """Every output record, in the order the articles were first stored."""
        cur = self.db.execute(
            "SELECT r.record FROM articles a JOIN results r USING(key) ORDER BY a.rowid"
        )
        for (raw,) in cur:
            yield json.loads(raw)


def align_fts_rowids(cur: sqlite3.Cursor, fts: str, column: str, table: str) -> None:
    """Give each row of the FTS5 index ``fts`` (columns ``column``, title, highlights, claims)
    the rowid of its row in ``table`` (matched on ``column``), so writers replace it by rowid.
    Done once per store (a flag in meta); stores written before did not keep the two equal.
    Runs inside the caller's write transaction."""
    flag = f"{fts}_rowids"
    if cur.execute("SELECT 1 FROM meta WHERE name = ?", (flag,)).fetchone():
        return
    if cur.execute(f"SELECT 1 FROM {fts} LIMIT 1").fetchone():
        cur.execute(
            f"CREATE TEMP TABLE _fts_old AS SELECT {column} AS k, title, highlights, claims "
            f"FROM {fts} GROUP BY {column}"
        )
        cur.execute(f"DELETE FROM {fts}")
        cur.execute(
            f"INSERT INTO {fts}(rowid, {column}, title, highlights, claims) "
            f"SELECT t.rowid, o.k, o.title, o.highlights, o.claims FROM _fts_old o "
            f"JOIN {table} t ON t.{column} = o.k"
        )
        cur.execute("DROP TABLE temp._fts_old")
    cur.execute("INSERT INTO meta(name, value) VALUES (?, '1')", (flag,))


def fts_search(db: sqlite3.Connection, sql: str, query: str, limit: int) -> list[dict[str, Any]]:
    """Rows of an FTS5 ``sql`` (parameters: match, limit) for ``query``; a query that is not valid
    FTS5 syntax is retried as its plain words, each quoted."""
    try:
        rows = db.execute(sql, (query, limit)).fetchall()
    except sqlite3.OperationalError:
        words = re.findall(r"\w+", query)
        if not words:
            return []
        quoted = " ".join('"' + w + '"' for w in words)
        rows = db.execute(sql, (quoted, limit)).fetchall()
    return [dict(r) for r in rows]
