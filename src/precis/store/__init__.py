"""The embedded result store (SQLite + FTS5). See :class:`precis.store.db.Store`."""

from precis.store.db import Store

__all__ = ["Store"]
