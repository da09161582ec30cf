"""Choose which candidate sentences become highlights: salience with redundancy control (MMR)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from precis.model import Piece

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
STOPWORDS = frozenset(
    """a an the and or but of to in on at for from by with as is are was were be been being has
    have had do does did not no that this these those it its he she they them his her their we our
    you your i me my mr mrs ms said says say told will would could should can may might also than
    then there here who whom which what when where why how after before over under about into out
    up down more most some any all one two new""".split()
)


def content_words(text: str) -> set[str]:
    return {w for w in (m.lower() for m in _WORD.findall(text)) if w not in STOPWORDS}


@dataclass
class Candidate:
    sentence: int
    score: float
    pieces: list[Piece]
    words: int
    source: str | None = None

    @property
    def text(self) -> str:
        return " ".join(p.text for p in self.pieces)


def overlap(a: set[str], b: set[str]) -> float:
    """Share of the smaller set found in the other (1.0 = one repeats the other)."""
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def select(
    candidates: Sequence[Candidate],
    k: int,
    redundancy: float = 0.7,
    max_overlap: float = 0.55,
) -> list[Candidate]:
    """Greedy maximal marginal relevance: best score minus ``redundancy`` x overlap with picks.

    A candidate that repeats a picked one by more than ``max_overlap`` is never taken.
    Returns the picks in article order.
    """
    pool = list(candidates)
    words = {id(c): content_words(c.text) for c in pool}
    picked: list[Candidate] = []
    while pool and len(picked) < k:
        best: Candidate | None = None
        best_value = float("-inf")
        for cand in pool:
            sim = max((overlap(words[id(cand)], words[id(p)]) for p in picked), default=0.0)
            if sim > max_overlap:
                continue
            value = cand.score - redundancy * sim
            if value > best_value:
                best, best_value = cand, value
        if best is None:
            break
        picked.append(best)
        pool.remove(best)
    return sorted(picked, key=lambda c: c.sentence)
