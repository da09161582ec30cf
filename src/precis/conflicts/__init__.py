"""Conflict between statements and stance towards a claim (learned, offline, CPU).

* :func:`conflict` — P(two statements cannot both be true) (the model); :func:`judge` adds the
  dispute call (the same decision as within an article, :func:`precis.conflicts.detect.decide`)
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


def bare_statement(text: str, side: str, name: str = "", cue: str | None = None) -> Statement:
    """A statement given as plain text (no parse): its cue is read off ``cue`` (the reporting
    words, e.g. "rejected", when the text is a claim's content) or else off its own words, so "X
    denied that ..." counts as a denial as it does for a claim whose cue is "deny"."""
    from precis.claims.disputes import Statement

    words = cue if cue is not None else text
    lemma = "deny" if _DENY.search(words) else "reject" if _REJECT.search(words) else "say"
    return Statement(text, side, lemma, name=name)


def judge(
    a: str,
    b: str,
    a_source: str | None = None,
    b_source: str | None = None,
    *,
    a_cue: str | None = None,
    b_cue: str | None = None,
) -> Judgement:
    """Score two statements; ``dispute`` by the same decision as disputes within an article
    (:func:`precis.conflicts.detect.decide`: a precise listing rule on a pair of different
    sources about the same matter), ``score`` the conflict model's probability either way.

    ``a_cue`` / ``b_cue``: the reporting words of a statement that is a claim's content only
    ("rejected" for "accusations that the strikes hit civilians"); by default the statement's own
    words are read. Statements from the same named source never dispute (a source updating
    itself is not a dispute between sources) and score 0.
    """
    from precis.conflicts import detect, pairs

    check_statement(a, "statement a")
    check_statement(b, "statement b")
    side_a = (a_source or "").strip().lower() or "(a)"
    side_b = (b_source or "").strip().lower() or "(b)"
    sa = bare_statement(a, side_a, a_source or "", a_cue)
    sb = bare_statement(b, side_b, b_source or "", b_cue)
    f = pairs.pair_features(sa, sb)
    if side_a == side_b:
        return Judgement(False, 0.0, f.kind)
    verdict = detect.decide(sa, sb, features=f)
    if verdict is not None:
        return Judgement(True, verdict.score, verdict.kind)
    return Judgement(False, round(float(pairs.score(f.x)[0]), 4), f.kind)


def conflict(a: str, b: str, a_source: str | None = None, b_source: str | None = None) -> float:
    """The probability (0-1) that statements ``a`` and ``b`` cannot both be true."""
    return judge(a, b, a_source, b_source).score
