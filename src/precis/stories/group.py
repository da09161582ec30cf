"""Online story grouping (single pass, as Miranda et al. 2018): each new article joins the most
similar recent story, or starts one.

Similarity is a weighted mean of three cosines — entity, lemma and title TF-IDF sub-vectors — of
the article against the story's centroid, times a time decay when both carry dates. IDF is
accumulated online from the articles grouped so far (document frequencies persist with the
stories), so no corpus is needed up front and a run continued from a store behaves exactly as one
run over everything. A story's centroid is the sum of its members' unit vectors, each weighted
with the IDF of the moment it joined: adding a member never revisits the others, which keeps
grouping incremental and ids stable. Stories leave the in-memory index (they stay in the store)
when no article has joined them for ``close_after_days`` of the stream's clock (the latest
``published`` grouped so far), and in any case past the ``max_active`` most recently updated:
memory stays bounded over a long stream.

Two events of one kind (two arrests of players of one team, two title fights of one champion)
share most names, so their cosine can pass the threshold. A second check, on the people each side
is about, vetoes such a join (:meth:`Grouper.conflict`): the article's main person is never named
in the story and the story's main person is at most a passing mention in the article, or each side
has a main person the other never names.
"""

from __future__ import annotations

import hashlib
import heapq
import math
from collections import Counter, OrderedDict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from precis.stories.features import FIELDS, Features
from precis.stories.settings import StorySettings


def story_id(first_key: str) -> str:
    """A story's id: derived from its first member, so it never changes once given and a story
    gets the same id whether the corpus was grouped whole or in parts."""
    return "s-" + hashlib.sha1(first_key.encode("utf-8")).hexdigest()[:12]


@dataclass
class Story:
    id: str
    first_seq: int
    last_seq: int
    first_date: date | None = None
    last_date: date | None = None
    size: int = 0
    #: Per sub-vector: summed unit vectors of the members (term -> weight).
    vec: dict[str, dict[str, float]] = field(default_factory=dict)
    #: Per sub-vector: squared norm of ``vec`` (kept up to date on each add).
    sq: dict[str, float] = field(default_factory=dict)
    #: People named by the members: stemmed surname -> mentions summed over members.
    persons: dict[str, int] = field(default_factory=dict)
    #: Main people: surname -> number of members that have it as a main person.
    main: dict[str, int] = field(default_factory=dict)

    def to_state(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "first_seq": self.first_seq,
            "last_seq": self.last_seq,
            "first_date": self.first_date.isoformat() if self.first_date else None,
            "last_date": self.last_date.isoformat() if self.last_date else None,
            "size": self.size,
            "vec": self.vec,
            "sq": self.sq,
            "persons": self.persons,
            "main": self.main,
        }

    @classmethod
    def from_state(cls, s: dict[str, Any]) -> Story:
        return cls(
            id=s["id"],
            first_seq=int(s["first_seq"]),
            last_seq=int(s["last_seq"]),
            first_date=date.fromisoformat(s["first_date"]) if s.get("first_date") else None,
            last_date=date.fromisoformat(s["last_date"]) if s.get("last_date") else None,
            size=int(s["size"]),
            vec={f: dict(v) for f, v in s["vec"].items()},
            sq={f: float(x) for f, x in s["sq"].items()},
            # States saved before the person check have none: the check then never vetoes.
            persons={p: int(n) for p, n in (s.get("persons") or {}).items()},
            main={p: int(n) for p, n in (s.get("main") or {}).items()},
        )


@dataclass(frozen=True)
class Assignment:
    """Where one article went. ``story`` is None for an article that cannot be grouped."""

    key: str
    id: str | None
    story: str | None
    new: bool = False
    similarity: float = 0.0
    #: Key of the member this article duplicates (same id or same content): not a new member.
    duplicate_of: str | None = None
    #: Why the article is not in a story, or a caveat on its grouping.
    reason: str | None = None
    seq: int = -1


class Grouper:
    """The grouping state: document frequencies, the active stories and the member keys."""

    def __init__(
        self,
        settings: StorySettings | None = None,
        prior: tuple[int, dict[str, int]] | None = None,
    ) -> None:
        self.settings = settings or StorySettings()
        #: Background document frequencies (fixed; see :mod:`precis.idf`), added to the
        #: online counts so the first articles of a stream already get sensible weights.
        self.prior_n, self.prior_df = prior or (0, {})
        self.n_docs = 0
        self.df: Counter[str] = Counter()
        self.active: OrderedDict[str, Story] = OrderedDict()
        self.postings: dict[str, set[str]] = {}
        #: Member key -> story, member content hash -> member key (duplicates).
        self.keys: dict[str, str] = {}
        self.hashes: dict[str, str] = {}
        #: What changed since :meth:`take_changes` (the store writes it in one transaction).
        self.dirty: set[str] = set()
        self.df_delta: Counter[str] = Counter()
        self.closed: set[str] = set()
        #: The stream's clock: the latest ``published`` of the articles grouped so far.
        self.clock: date | None = None
        #: (last date, story id) of dated active stories, oldest first; entries whose story has
        #: since moved on or closed are skipped when popped (cheaper than a sorted index). A
        #: story is pushed again only when its last date moves, so a stream of one day adds
        #: one entry per story, not one per article.
        self._by_date: list[tuple[date, str]] = []
        self._pushed: dict[str, date] = {}
        #: Stories closed since :meth:`take_changes` that changed before closing (their state
        #: must still be written).
        self._gone: dict[str, Story] = {}

    # -- state --------------------------------------------------------------------------------

    def load(
        self,
        n_docs: int,
        df: dict[str, int],
        stories: Iterable[Story],
        members: Iterable[tuple[str, str, str]],
        clock: date | None = None,
    ) -> None:
        """Restore a saved state: counts, active stories (oldest update first), members
        ``(key, hash, story)`` and the stream's clock (the latest date of any story, closed ones
        included)."""
        self.n_docs = n_docs
        self.df = Counter(df)
        for story in sorted(stories, key=lambda s: s.last_seq):
            self._activate(story)
        for key, h, sid in members:
            self.keys[key] = sid
            self.hashes.setdefault(h, key)
        # Stories saved active that the clock has passed (e.g. a state saved before closing by
        # time, or with a longer ``close_after_days``) close now, as one run would have.
        self._advance(clock)

    def take_changes(self) -> tuple[list[Story], dict[str, int], set[str]]:
        """Stories changed, df deltas and stories closed since the last call; then forget them."""
        changed = [self.active.get(s) or self._gone[s] for s in sorted(self.dirty)]
        delta, closed = dict(self.df_delta), set(self.closed)
        self.dirty.clear()
        self.df_delta.clear()
        self.closed.clear()
        self._gone.clear()
        return changed, delta, closed

    def _activate(self, story: Story) -> None:
        self.active[story.id] = story
        self.active.move_to_end(story.id)
        for f in FIELDS:
            for term in story.vec.get(f, {}):
                self.postings.setdefault(term, set()).add(story.id)
        last = story.last_date
        timed = self.settings.close_after_days > 0
        if timed and last is not None and self._pushed.get(story.id) != last:
            self._pushed[story.id] = last
            heapq.heappush(self._by_date, (last, story.id))
        while len(self.active) > self.settings.max_active:
            self._close(next(iter(self.active)))

    def _close(self, sid: str) -> None:
        """Take a story out of the in-memory index (the store marks it inactive)."""
        old = self.active.pop(sid)
        self._pushed.pop(sid, None)
        if sid in self.dirty:
            self._gone[sid] = old
        for f in FIELDS:
            for term in old.vec.get(f, {}):
                ids = self.postings.get(term)
                if ids is not None:
                    ids.discard(sid)
                    if not ids:
                        del self.postings[term]
        self.closed.add(sid)

    def _advance(self, published: date | None) -> None:
        """Move the clock to ``published`` if later, and close the stories no article has joined
        for more than ``close_after_days`` of it."""
        if published is not None and (self.clock is None or published > self.clock):
            self.clock = published
        days = self.settings.close_after_days
        if self.clock is None or days <= 0:
            return
        heap = self._by_date
        while heap and (self.clock - heap[0][0]).days > days:
            last, sid = heapq.heappop(heap)
            if self._pushed.get(sid) == last:  # else a stale entry: the story moved on or closed
                self._close(sid)

    # -- vectors ------------------------------------------------------------------------------

    def idf(self, term: str) -> float:
        base = term[2:] if term.startswith("e:") else term
        df = self.df.get(term, 0) + self.prior_df.get(base, 0)
        return math.log((1 + self.n_docs + self.prior_n) / (1 + df)) + 1.0

    def vectors(self, feats: Features) -> dict[str, dict[str, float]]:
        """Unit TF-IDF vector per non-empty sub-vector (sublinear tf)."""
        out: dict[str, dict[str, float]] = {}
        for f in FIELDS:
            counts = feats.terms.get(f)
            if not counts:
                continue
            vec = {t: (1.0 + math.log(n)) * self.idf(t) for t, n in counts.items()}
            norm = math.sqrt(sum(w * w for w in vec.values()))
            if norm > 0:
                out[f] = {t: w / norm for t, w in vec.items()}
        return out

    def similarity(
        self, vecs: dict[str, dict[str, float]], published: date | None, story: Story
    ) -> float:
        weights = self.settings.weights()
        num = den = 0.0
        for f, a in vecs.items():
            c = story.vec.get(f)
            sq = story.sq.get(f, 0.0)
            if not c or sq <= 0 or weights[f] <= 0:
                continue
            dot = sum(w * c[t] for t, w in a.items() if t in c)
            num += weights[f] * dot / math.sqrt(sq)
            den += weights[f]
        if den == 0:
            return 0.0
        sim = num / den
        gap = _gap(published, story)
        if gap is not None:
            sim *= 0.5 ** (gap / self.settings.half_life_days)
        return sim

    def candidates(self, vecs: dict[str, dict[str, float]], published: date | None) -> list[str]:
        weighted = sorted(
            ((w, t) for v in vecs.values() for t, w in v.items()), key=lambda x: (-x[0], x[1])
        )
        found: set[str] = set()
        seen_terms: set[str] = set()
        for _, term in weighted:
            if term in seen_terms:
                continue
            seen_terms.add(term)
            found.update(self.postings.get(term, ()))
            if len(seen_terms) >= self.settings.probe_terms:
                break
        out = []
        for sid in sorted(found):
            gap = _gap(published, self.active[sid])
            if gap is None or gap <= self.settings.window_days:
                out.append(sid)
        return out

    def main_people(self, persons: Mapping[str, int]) -> list[str]:
        """An article's main people: its two most mentioned, each with at least
        ``person_mentions`` mentions (ties in first-seen order, so the choice is deterministic)."""
        m = self.settings.person_mentions
        if m <= 0:
            return []
        top = sorted(persons.items(), key=lambda x: -x[1])[:2]
        return [p for p, n in top if n >= m]

    def conflict(self, feats: Features, story: Story) -> bool:
        """Whether the people say the article reports another event than the story, though the
        words are alike: (a) the article's most mentioned person (``person_mentions`` or more
        mentions) is never named in the story, while the story's most mentioned person (as many
        per member on average) is named at most ``person_weak`` times in the article; or (b) a
        main person of the article is never named in the story and a main person of half the
        story's members is never named in the article. Names are looked up in the lemma vectors
        (any mention counts, not only as a recognised entity)."""
        m = self.settings.person_mentions
        if m <= 0 or not feats.persons or not story.persons or story.size == 0:
            return False
        in_story = story.vec.get("lemmas", {})
        in_article: Mapping[str, int] = feats.terms.get("lemmas") or {}
        mine = self.main_people(feats.persons)
        if not mine:
            return False
        top_a = mine[0]
        top_s, n_s = max(story.persons.items(), key=lambda x: (x[1], x[0]))
        if (
            top_a not in in_story
            and n_s / story.size >= m
            and in_article.get(top_s, 0) <= self.settings.person_weak
        ):
            return True
        if any(p not in in_story for p in mine):
            need = max(1.0, 0.5 * story.size)
            return any(n >= need and p not in in_article for p, n in story.main.items())
        return False

    # -- adding -------------------------------------------------------------------------------

    def add(self, feats: Features) -> Assignment:
        """Group one article: join the nearest active story or start one."""
        if feats.key in self.keys:
            return Assignment(
                feats.key, feats.id, self.keys[feats.key], duplicate_of=feats.key, reason="again"
            )
        if feats.hash in self.hashes:
            first = self.hashes[feats.hash]
            return Assignment(
                feats.key,
                feats.id,
                self.keys.get(first),
                duplicate_of=first,
                reason=f"same content as {first}",
            )
        if feats.empty:
            return Assignment(feats.key, feats.id, None, reason="no words to group on")
        # Count the article into the document frequencies first (as a batch IDF fit would).
        self.n_docs += 1
        for term in {t for f in FIELDS for t in feats.terms.get(f, ())}:
            self.df[term] += 1
            self.df_delta[term] += 1
        vecs = self.vectors(feats)
        best, best_sim = None, 0.0
        for sid in self.candidates(vecs, feats.published):
            sim = self.similarity(vecs, feats.published, self.active[sid])
            if sim > best_sim and not (
                sim >= self.settings.threshold and self.conflict(feats, self.active[sid])
            ):
                best, best_sim = sid, sim
        seq = self.n_docs
        new = best is None or best_sim < self.settings.threshold
        if new:
            story = Story(story_id(feats.key), first_seq=seq, last_seq=seq)
        else:
            assert best is not None
            story = self.active[best]
        _merge(story, vecs, feats.published, seq)
        for p, n in feats.persons.items():
            story.persons[p] = story.persons.get(p, 0) + n
        for p in self.main_people(feats.persons):
            story.main[p] = story.main.get(p, 0) + 1
        self._activate(story)
        self.dirty.add(story.id)
        self.keys[feats.key] = story.id
        self.hashes[feats.hash] = feats.key
        self._advance(feats.published)
        reason = None if feats.published else "no date: grouped on content alone"
        return Assignment(feats.key, feats.id, story.id, new, best_sim, None, reason, seq)


def _gap(published: date | None, story: Story) -> float | None:
    """Days between a date and a story's date range (0 inside it); None if either is undated."""
    if published is None or story.first_date is None or story.last_date is None:
        return None
    if published < story.first_date:
        return float((story.first_date - published).days)
    if published > story.last_date:
        return float((published - story.last_date).days)
    return 0.0


def _merge(
    story: Story, vecs: dict[str, dict[str, float]], published: date | None, seq: int
) -> None:
    for f, v in vecs.items():
        c = story.vec.setdefault(f, {})
        sq = story.sq.get(f, 0.0)
        for t, w in v.items():
            old = c.get(t, 0.0)
            sq += 2 * old * w + w * w
            c[t] = old + w
        story.sq[f] = sq
    story.size += 1
    story.last_seq = seq
    if published is not None:
        if story.first_date is None or published < story.first_date:
            story.first_date = published
        if story.last_date is None or published > story.last_date:
            story.last_date = published
