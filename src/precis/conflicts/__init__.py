"""Conflict between statements and stance towards a claim (learned, offline, CPU).

* :func:`conflict` — P(two statements cannot both be true); :func:`judge` adds the dispute call
  and its kind. Used by the claims' disputes (``precis.claims.disputes``) and stories.
* :func:`precis.conflicts.stance.stance` — agree / disagree / discuss / unrelated of a text
  towards a claim, with the evidence sentences.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from precis.errors import InputError

if TYPE_CHECKING:
    from precis.claims.disputes import Statement

#: Statements longer than this are refused (a claim is a sentence or two, not a document).
MAX_STATEMENT = 5_000


@dataclass(frozen=True, slots=True)
class Judgement:
    dispute: bool
    score: float
    kind: str


def check_statement(text: object, name: str) -> str:
    """``text`` if it is a usable statement; InputError saying why otherwise."""
    if not isinstance(text, str):
        raise InputError(f"{name} must be a string")
    if not text.strip():
        raise InputError(f"{name} is empty")
    if len(text) > MAX_STATEMENT:
        raise InputError(f"{name} is {len(text):,} characters; at most {MAX_STATEMENT:,}")
    letters = [c for c in text if c.isalpha()]
    if letters and sum(c.isascii() for c in letters) / len(letters) < 0.5:
        raise InputError(f"{name} does not look like English text")
    if not letters:
        raise InputError(f"{name} has no words")
    return text


_DENY = re.compile(r"\b(?:den(?:y|ies|ied|ying)|refut(?:e|es|ed|ing)|rebut(?:s|ted)?)\b", re.I)
_REJECT = re.compile(r"\b(?:reject(?:s|ed|ing)?|dismiss(?:es|ed|ing)?)\b", re.I)


def bare_statement(text: str, side: str, name: str = "") -> Statement:
    """A statement given as plain text (no parse): its cue is read off its words, so "X denied
    that ..." counts as a denial as it does for a claim whose cue is "deny"."""
    from precis.claims.disputes import Statement

    cue = "deny" if _DENY.search(text) else "reject" if _REJECT.search(text) else "say"
    return Statement(text, side, cue, name=name)


def judge(a: str, b: str, a_source: str | None = None, b_source: str | None = None) -> Judgement:
    """Score two statements; ``dispute`` when a word rule flags the pair and the score reaches
    the model's threshold.

    Statements from the same named source never dispute (a source updating itself is not a
    dispute between sources) and score 0.
    """
    from precis.conflicts import pairs

    check_statement(a, "statement a")
    check_statement(b, "statement b")
    side_a = (a_source or "").strip().lower() or "(a)"
    side_b = (b_source or "").strip().lower() or "(b)"
    sa = bare_statement(a, side_a, a_source or "")
    sb = bare_statement(b, side_b, b_source or "")
    f = pairs.pair_features(sa, sb)
    if side_a == side_b:
        return Judgement(False, 0.0, f.kind)
    p = float(pairs.score(f.x)[0])
    # As in an article: only pairs a word rule flags are candidates (the threshold was chosen
    # on those); the score alone is what :func:`conflict` returns.
    return Judgement(pairs.flagged(f.x) and p >= pairs.threshold(), round(p, 4), f.kind)


def conflict(a: str, b: str, a_source: str | None = None, b_source: str | None = None) -> float:
    """The probability (0-1) that statements ``a`` and ``b`` cannot both be true."""
    return judge(a, b, a_source, b_source).score
