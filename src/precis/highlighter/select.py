"""Choose which candidate sentences become highlights: salience with redundancy control (MMR)."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from precis.highlighter import scorer
from precis.lexicon import STOPWORDS
from precis.model import Piece

_WORD = re.compile(r"[^\W_]+", re.UNICODE)


_FIGURE = re.compile(r"\d[\d,.]*\d|\d")
#: Numbers too common to mark one fact: small counts and years.
_SMALL = frozenset(str(n) for n in range(11))
_YEAR = re.compile(r"(?:19|20)\d\d")


def figures(text: str) -> set[str]:
    """The figures a highlight states ("£38,831", "71"), leaving out small counts and years."""
    return {m for m in _FIGURE.findall(text) if m not in _SMALL and not _YEAR.fullmatch(m)}


_LEADING = frozenset("the a an in on at of for by from with to as and but or if when".split())
_NAME = re.compile(r"\b[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)+")


def names(text: str) -> set[str]:
    """Multi-word names a highlight states ("Paul Downton"), without a leading "The"/"In"."""
    out = set()
    for m in _NAME.finditer(text):
        words = m.group().split()
        while words and words[0].lower() in _LEADING:
            words = words[1:]
        if len(words) >= 2:
            out.add(" ".join(words))
    return out


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
    same_fact: float = 0.45,
) -> list[Candidate]:
    """Greedy maximal marginal relevance: best score minus ``redundancy`` x overlap with picks.

    A candidate that repeats a picked one by more than ``max_overlap`` is never taken.
    Returns the picks in article order.
    """
    pool = list(candidates)
    words = {id(c): content_words(c.text) for c in pool}
    figs = {id(c): figures(c.text) for c in pool}
    named = {id(c): names(c.text) for c in pool}
    picked: list[Candidate] = []
    while pool and len(picked) < k:
        best: Candidate | None = None
        best_value = float("-inf")
        for cand in pool:
            sim = max((overlap(words[id(cand)], words[id(p)]) for p in picked), default=0.0)
            if sim > max_overlap:
                continue
            # The same figure twice is the same fact told twice ("£38,831 more").
            if any(figs[id(cand)] & figs[id(p)] for p in picked):
                continue
            # The same name with much the same words is the same fact again ("Paul Downton ...
            # sacked as managing director" / "Paul Downton has left his role as managing director").
            if any(
                named[id(cand)] & named[id(p)]
                and overlap(words[id(cand)], words[id(p)]) > same_fact
                for p in picked
            ):
                continue
            value = cand.score - redundancy * sim
            if value > best_value:
                best, best_value = cand, value
        if best is None:
            break
        picked.append(best)
        pool.remove(best)
    return sorted(picked, key=lambda c: c.sentence)


def rescore(
    candidates: Sequence[Candidate],
    tokens: Sequence[Sequence[str]],
    tokenize: Callable[[str], list[str]],
    prior: Callable[[int], float],
    title: Sequence[str] | None = None,
) -> None:
    """Score each candidate as it will read, compressed, by the model of 20-word highlights.

    ``tokens`` are the article's sentences (lower-cased tokens); each candidate's sentence is
    replaced by its own text (``tokenize`` gives lower-cased tokens), so a cut that lost the
    sentence's news scores low and a short sentence that carries it scores high. ``prior(i)``
    is the lead prior added to sentence ``i``'s score. Scores are replaced in place.
    """
    if not candidates:
        return
    sentences = list(tokens)
    for cand in candidates:
        sentences[cand.sentence] = tokenize(cand.text)
    scores = scorer.score_cut(sentences, title)
    for cand in candidates:
        cand.score = float(scores[cand.sentence]) + prior(cand.sentence)
