"""Which claims of an article (or a story) dispute each other: word-rule candidates, model-scored.

Kept apart from :mod:`precis.claims.disputes` (the word rules and statements, no model) so that the
model (:mod:`precis.conflicts.pairs`, which reads those statements) and the rules import one way.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from precis.claims.disputes import (
    MAX_PER_STATEMENT,
    Statement,
    common_words,
    conflict,
    same_matter,
    statements,
)
from precis.conflicts import pairs
from precis.model import Claim, Dispute


def disputes(
    stmts: Sequence[Statement],
    common: frozenset[str] = frozenset(),
    per_statement: int = MAX_PER_STATEMENT,
    threshold: float | None = None,
) -> list[Dispute]:
    """The disputing pairs of ``stmts`` (indices in ascending order), in input order.

    Candidates (:func:`same_matter` pairs on which a word rule of :func:`conflict` fires) are
    scored by the conflict model (precis.conflicts.pairs); a pair is a dispute when its score
    reaches ``threshold`` (default: the one chosen on judged CNN/DM dev pairs, stored with the
    model).

    A pair is listed while either statement has fewer than ``per_statement`` disputes listed, so
    every disputed statement appears at least once and the list stays under
    ``per_statement × len(stmts)``: a text made of one claim repeated a thousand times does not
    produce half a million disputes (nor spend the time to find them).
    """
    if threshold is None:
        threshold = pairs.threshold()
    out: list[Dispute] = []
    listed = [0] * len(stmts)
    for i, a in enumerate(stmts):
        for j in range(i + 1, len(stmts)):
            if listed[i] >= per_statement and listed[j] >= per_statement:
                continue
            b = stmts[j]
            # Candidates: same matter and a word rule fires (cheap); only they are embedded.
            if not same_matter(a, b) or conflict(a, b, common) is None:
                continue
            f = pairs.pair_features(a, b, common=common)
            p = float(pairs.score(f.x)[0])
            if p >= threshold:
                out.append(Dispute((i, j), f.kind, f.topic, f.detail, round(p, 4)))
                listed[i] += 1
                listed[j] += 1
    return out


def article_disputes(
    text: str,
    claims: Sequence[Claim],
    sentences: Iterable[str] = (),
    *,
    per_statement: int = MAX_PER_STATEMENT,
) -> list[Dispute]:
    """Disputes among one article's ``claims``; ``sentences`` (its prose) tell story-wide words."""
    return disputes(statements(text, claims), common_words(sentences), per_statement)
