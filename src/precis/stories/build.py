"""Group analysed articles of a store into stories and keep their cards up to date.

The glue between the store (``precis run``'s results) and the grouping: articles are taken in the
order given, a chunk at a time; each chunk's memberships, changed stories and their rebuilt cards
are committed together (see :class:`precis.store.stories.StoryStore`).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from precis.idf import background
from precis.store.db import Store
from precis.store.stories import StoryStore
from precis.stories.card import build_card
from precis.stories.features import features_of
from precis.stories.group import Assignment
from precis.stories.member import Member
from precis.stories.settings import StorySettings


@dataclass
class GroupStats:
    grouped: int = 0
    new_stories: int = 0
    already: int = 0
    duplicates: int = 0
    failed: int = 0
    missing: int = 0
    undated: int = 0
    touched: set[str] = field(default_factory=set)
    errors: list[str] = field(default_factory=list)


class _Records:
    """Stored records and texts by key, with a small cache (cards re-read their members).

    A parsed record with its text is about 36 KB (ECB+ dev), so the cache is most of grouping's
    memory: 1,024 entries bound it near 36 MB. On the synthetic 3,000-article stream of
    ``scripts/bench_stories.py`` 1,024 entries read each article from the store once, as 4,096
    did (512: 40% more reads)."""

    def __init__(self, stories: StoryStore, size: int = 1024) -> None:
        self.stories = stories
        self.size = size
        self.cache: OrderedDict[str, tuple[dict[str, Any], str] | None] = OrderedDict()

    def get(self, key: str) -> tuple[dict[str, Any], str] | None:
        if key in self.cache:
            self.cache.move_to_end(key)
            return self.cache[key]
        value = self.stories.article(key)
        self.cache[key] = value
        if len(self.cache) > self.size:
            self.cache.popitem(last=False)
        return value


def group_store(
    store: Store,
    keys: Iterable[str],
    settings: StorySettings | None = None,
    *,
    chunk_size: int = 200,
    cards: bool = True,
    after_chunk: Callable[[int], None] | None = None,
) -> GroupStats:
    """Group the stored articles ``keys`` (in this order) into the store's stories.

    Articles already grouped are skipped, so a rerun (after a crash, or with more articles)
    continues where the committed state stops. ``cards=False`` skips (re)building cards (the
    grouping benchmark). ``after_chunk(n)`` is called after each commit.
    """
    settings = settings or StorySettings()
    ss = StoryStore(store)
    grouper = ss.grouper(settings, background())
    done = ss.grouped()
    records = _Records(ss)
    stats = GroupStats()
    chunk: list[str] = []
    n_chunks = 0

    def flush() -> None:
        nonlocal n_chunks
        assignments: list[Assignment] = []
        hashes: dict[str, str] = {}
        for key in chunk:
            got = records.get(key)
            if got is None:
                stats.missing += 1
                continue
            record, text = got
            if record.get("error"):
                stats.failed += 1
                stats.errors.append(f"{record.get('id') or key}: {record['error']}")
                continue
            feats = features_of({**record, "key": key}, text)
            a = grouper.add(feats)
            hashes[key] = feats.hash
            if a.story is None and a.duplicate_of is None:
                stats.failed += 1
                stats.errors.append(f"{record.get('id') or key}: {a.reason}")
                continue
            assignments.append(a)
            if a.duplicate_of is not None:
                stats.duplicates += 1
            else:
                stats.grouped += 1
                stats.new_stories += a.new
                stats.undated += feats.published is None
        pending: dict[str, list[Assignment]] = {}
        for a in assignments:
            if a.story is not None:
                pending.setdefault(a.story, []).append(a)
        touched = sorted(set(pending) | grouper.dirty)
        built = (
            {sid: _card(sid, ss, records, pending.get(sid, []), settings) for sid in touched}
            if cards
            else {}
        )
        ss.commit(grouper, assignments, hashes, built)
        stats.touched.update(touched)
        chunk.clear()
        n_chunks += 1
        if after_chunk is not None:
            after_chunk(n_chunks)

    seen: set[str] = set()
    for key in keys:
        if key in done or key in seen:
            stats.already += key in done
            continue
        seen.add(key)
        chunk.append(key)
        if len(chunk) >= chunk_size:
            flush()
    if chunk:
        flush()
    return stats


def _card(
    sid: str,
    ss: StoryStore,
    records: _Records,
    pending: list[Assignment],
    settings: StorySettings,
) -> dict[str, Any]:
    order = ss.members(sid)
    dups = {k: list(d) for k, d in order}
    keys = [k for k, _ in order]
    for a in pending:
        if a.duplicate_of is None:
            keys.append(a.key)
            dups.setdefault(a.key, [])
        elif a.duplicate_of in dups:
            dups[a.duplicate_of].append(a.key)
    members = []
    for k in keys:
        got = records.get(k)
        if got is not None:
            members.append(Member(got[0], got[1], dups.get(k, [])))
    return build_card(sid, members, settings)
