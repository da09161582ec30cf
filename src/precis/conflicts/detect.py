"""Which claims of an article (or a story) dispute each other: precise rules, model-scored.

Kept apart from :mod:`precis.claims.disputes` (statements and word rules, no model) so that the
model (:mod:`precis.conflicts.pairs`, which reads those statements) and the rules import one way.

A pair of claims by different sources about the same matter is listed only when one of a few
precise patterns holds (chosen on the judged CNN/DM dev pairs, see BENCHMARKS.md; the broad word
rules of :func:`precis.claims.disputes.conflict` alone were right about one pair in nine):

* ``denial``: one source denies (deny, refute, rebut, dispute, dismiss, reject) what the other
  asserts (say, tell, claim, allege, accuse, report, find, according to ...), and the two contents
  are aligned: at least :data:`ALIGNED` of the shorter one's topic words are shared. Nested claims
  ("the family, who rejected allegations he was violent" beside "allegations he was violent")
  are one claim read twice, not a dispute;
* ``exclusive``: one says a thing is done "exclusively"/"solely" to X, the other negates X
  ("strikes target exclusively ISIL targets" against "ISIL was not present in the areas
  attacked"), with embedding cosine at least :data:`EXCLUSIVE_COS`.

A negation of a similar statement alone, or two different counts, are *not* listed: on the judged
pairs no cosine or word-overlap cut made them right more than one time in four.
Every listed pair carries the conflict model's score (:func:`precis.conflicts.pairs.score`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from precis.claims.disputes import (
    MAX_PER_STATEMENT,
    NEGATIONS,
    Statement,
    common_words,
    same_matter,
    statements,
    stem,
    topic_words,
)
from precis.conflicts import pairs
from precis.embed import embed
from precis.model import Claim, Dispute

#: Cues by which a source denies what follows.
DENYING = frozenset("deny refute rebut dispute dismiss reject".split())
#: Cues by which a source asserts what follows (a question, an appeal or a vow asserts nothing).
ASSERTING = frozenset(
    """say tell claim allege accuse report according find testify charge state insist""".split()
)
#: Share of the shorter statement's topic words the two must share for a denial to meet its point.
ALIGNED = 0.5
#: Embedding cosine an exclusivity claim and a negation of its object need.
EXCLUSIVE_COS = 0.5
_EXCLUSIVE = re.compile(r"\b(?:exclusively|solely)\W+((?:[\w'-]+\W+){0,3}[\w'-]+)", re.I)
_SPACE = re.compile(r"[^\w'-]+")
#: Words either side of a negation that it is read to govern, for :func:`exclusive`.
NEAR = 4


def _nested(a: Statement, b: Statement) -> bool:
    """One claim's content lies inside the other's in the article (a claim inside a claim, read
    twice); statements not read from one article are never nested. The same content under two
    cues ("Dr X, who denies the charges, is accused of ...") is a dispute, not a nesting."""
    if a.extent is None or b.extent is None or a.article != b.article or a.extent == b.extent:
        return False
    (sa, ea), (sb, eb) = a.extent, b.extent
    return (sa <= sb and eb <= ea) or (sb <= sa and ea <= eb)


def _cue(s: Statement) -> str:
    return s.cue.split()[0] if s.cue else ""


def denial(a: Statement, b: Statement) -> bool:
    """One denies what the other asserts, their contents aligned (see the module doc)."""
    for d, o in ((a, b), (b, a)):
        if _cue(d) in DENYING and d.denial and not o.denial and _cue(o) in ASSERTING:
            smaller = max(min(len(a.topic), len(b.topic)), 1)
            aligned = len(a.topic & b.topic) / smaller >= ALIGNED or _deaths_of(o, d.topic)
            return aligned and not _nested(a, b)
    return False


def _deaths_of(s: Statement, named: frozenset[str]) -> bool:
    """``s`` counts the dead of something ``named`` ("36 civilians had been killed" against a
    denial that the strikes "hit civilians")."""
    return any(c.key.endswith(" deaths") and c.key.split()[0] in named for c in s.counts)


def _exclusive_objects(s: Statement) -> frozenset[str]:
    return frozenset(w for m in _EXCLUSIVE.finditer(s.text) for w in topic_words(m[1]))


def _negated_near(s: Statement, objects: frozenset[str]) -> bool:
    """A negation in ``s`` with one of ``objects`` within :data:`NEAR` words of it, either side
    ("ISIL was not present", "did not include ISIL fighters")."""
    ws = [w for w in _SPACE.split(re.sub(r"n['’]t\b", " not", s.text.lower())) if w]
    for k, w in enumerate(ws):
        if w in NEGATIONS and {stem(v) for v in ws[max(0, k - NEAR) : k + NEAR + 1]} & objects:
            return True
    return False


def exclusive(a: Statement, b: Statement) -> bool:
    """ "Exclusively X" against a statement that negates something about X (no cosine check)."""
    for x, o in ((a, b), (b, a)):
        objects = _exclusive_objects(x)
        if objects and not o.denial and _negated_near(o, objects):
            return True
    return False


def disputes(
    stmts: Sequence[Statement],
    common: frozenset[str] = frozenset(),
    per_statement: int = MAX_PER_STATEMENT,
) -> list[Dispute]:
    """The disputing pairs of ``stmts`` (indices in ascending order), in input order.

    Candidates are :func:`same_matter` pairs on which :func:`denial` or :func:`exclusive` holds;
    each is scored by the conflict model. A pair is listed while either statement has fewer than
    ``per_statement`` disputes listed, so every disputed statement appears at least once and the
    list stays under ``per_statement × len(stmts)``: a text made of one claim repeated a thousand
    times does not produce half a million disputes (nor spend the time to find them).
    """
    out: list[Dispute] = []
    listed = [0] * len(stmts)
    for i, a in enumerate(stmts):
        for j in range(i + 1, len(stmts)):
            if listed[i] >= per_statement and listed[j] >= per_statement:
                continue
            b = stmts[j]
            if not same_matter(a, b):
                continue
            denies = denial(a, b)
            if not denies and not exclusive(a, b):
                continue
            f = pairs.pair_features(a, b, common=common)
            cos = float(f.x[pairs.FEATURES.index("cos")])
            if not denies and cos < EXCLUSIVE_COS:
                continue
            p = float(pairs.score(f.x)[0])
            if denies:
                kind: pairs.Kind = "denial"
                denier = a if _cue(a) in DENYING else b
                detail = f"{denier.name or denier.side} denies what the other asserts"
            else:
                kind = "contradiction"
                detail = "one says it is exclusively so, the other that it is not"
            out.append(Dispute((i, j), kind, f.topic, detail, round(p, 4)))
            listed[i] += 1
            listed[j] += 1
    return out


def disputed_by(stmt: Statement, stmts: Sequence[Statement]) -> list[int]:
    """Indices of ``stmts`` that dispute ``stmt`` by the rules of :func:`disputes` (e.g. a
    sentence the writer states as fact, which no dispute of the claims stage covers)."""
    out = []
    for i, o in enumerate(stmts):
        if stmt.side == o.side or o.negated_cue or not same_matter(stmt, o):
            continue
        if denial(stmt, o):
            out.append(i)
        elif exclusive(stmt, o):
            va, vb = embed([stmt.text, o.text])
            if float(va @ vb) >= EXCLUSIVE_COS:
                out.append(i)
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
