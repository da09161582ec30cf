"""Cheap text helpers shared by the stance and conflict models: sentences with offsets, content
words, and the small word lists their features count. No parse: these run on every pair."""

from __future__ import annotations

import re
from collections.abc import Iterable

from precis.claims.disputes import stem
from precis.lexicon import TOPIC_STOPWORDS as STOPWORDS

_WORD = re.compile(r"[^\W_]+(?:['’][a-z]+)?", re.UNICODE)
#: A sentence ends at . ! ? (plus closing quotes/brackets) before whitespace, or at a line break.
_SENT_END = re.compile(r"(?<=[.!?])[\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9])|\n+")
#: At most this many characters of a text are read (a 1 MB "article" costs no more than this).
MAX_TEXT = 20_000

NEGATIONS = frozenset(
    """not no never neither nor without none nobody nothing cannot n't nowhere""".split()
)
#: Words that call a claim false (FNC-1 baseline's list, widened).
REFUTE = frozenset(
    """fake fraud hoax false deny denies denied denying refute refutes refuted debunk debunked
    debunks bogus doubt doubts doubted prank pranks retract retracted retraction nope despite
    untrue baseless unfounded groundless fabricated myth rumor rumour rumors rumours satire
    satirical dismissed rejected rejects misleading incorrect wrong not""".split()
)
#: Words that report without committing ("reportedly", "claims").
HEDGE = frozenset(
    """reportedly allegedly alleged claim claims claimed according purportedly purported
    apparently appears appear seems seem may might could possibly unconfirmed unverified
    suggest suggests suggested report reports reported rumored rumoured believed thought
    speculation speculated if whether""".split()
)
#: Words that commit ("confirmed", "officially").
AFFIRM = frozenset(
    """confirm confirms confirmed confirmation official officially indeed announced revealed
    verified proof proved proven true actually""".split()
)


def words(text: str) -> list[str]:
    """Lower-cased words; "didn't" reads as "did n't" so the negation is a word of its own."""
    t = re.sub(r"n['’]t\b", " n't", text.lower())
    return [w.replace("’", "'") for w in _WORD.findall(t)] + (
        ["n't"] * t.count(" n't") if "n't" in t else []
    )


def content(ws: Iterable[str]) -> list[str]:
    """Stems of the content words (stopwords and negations dropped)."""
    return [stem(w) for w in ws if len(w) > 1 and w not in STOPWORDS and w not in NEGATIONS]


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of ``text`` (whitespace trimmed), within ``MAX_TEXT``."""
    text = text[:MAX_TEXT]
    out: list[tuple[int, int]] = []
    start = 0
    for m in _SENT_END.finditer(text):
        out.append((start, m.start()))
        start = m.end()
    out.append((start, len(text)))
    spans = []
    for s, e in out:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            spans.append((s, e))
    return spans
