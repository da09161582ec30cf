"""Which claims of an article (or a story) dispute each other: precise rules, model-scored.

Kept apart from :mod:`precis.claims.disputes` (statements and word rules, no model) so that the
model (:mod:`precis.conflicts.pairs`, which reads those statements) and the rules import one way.

A pair of claims by different sources about the same matter is listed only when one of a few
precise patterns holds (chosen on the judged CNN/DM dev pairs, see BENCHMARKS.md; the broad word
rules of :func:`precis.claims.disputes.conflict` alone were right about one pair in nine):

* ``denial``: one source denies (deny, refute, rebut, dispute, dismiss, reject) what the other
  asserts (say, tell, claim, allege, accuse, report, find, according to ...), and the two contents
  are aligned: at least :data:`ALIGNED` of the shorter one's topic words are shared. Nested or
  overlapping claims ("the family, who rejected allegations he was violent" beside "allegations
  he was violent") are one claim read twice, not a dispute;
* ``exclusive``: one says a thing is done "exclusively"/"solely" to X, the other negates X
  ("strikes target exclusively ISIL targets" against "ISIL was not present in the areas
  attacked"), with embedding cosine at least :data:`EXCLUSIVE_COS`;
* ``figures``: two sources (not the writer) give counts of the same dead that cannot both hold
  ("12 people were killed" against "40 people were killed"), neither worded as an update ("the
  toll rose to 20");
* ``mirrored`` (kind ``contradiction``): one restates the other with a negation ("the bridge is
  safe" / "the bridge is not safe"): most of their topic words shared (:data:`MIRROR_SHARE`) and
  embedding cosine at least :data:`MIRROR_COS`.

A negation of a merely similar statement, or two different counts of anything but the dead, are
*not* listed: on the judged pairs no cosine or word-overlap cut made them right more than one
time in four. The ``figures`` and ``mirrored`` rules list no CNN/DM dev pair; on 843 PolNeAR
train articles (held out: judged after the rules were set) ``mirrored`` listed 2 pairs, 1 real.
The same decision (:func:`decide`) serves an article, a story and :func:`precis.conflicts.judge`.
Every listed pair carries the conflict model's score (:func:`precis.conflicts.pairs.score`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from precis.claims.disputes import (
    MAX_PER_STATEMENT,
    NEGATIONS,
    WRITER,
    Count,
    Statement,
    common_words,
    same_matter,
    statements,
    stem,
    topic_words,
)
from precis.claims.disputes import conflict as rule_conflict
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
#: Words that make a count an update of an earlier one ("the toll rose to 20"), not a rival count.
UPDATE = frozenset(
    "rose risen rise rising climbed climbing increased jumped grew now updated revised".split()
)
#: Share of both statements' topic words (Jaccard) a negated restatement must share ...
MIRROR_SHARE = 0.6
#: ... and the embedding cosine it must reach, for :func:`mirrored`.
MIRROR_COS = 0.8


def _nested(a: Statement, b: Statement) -> bool:
    """The two claims' contents overlap in the article (a claim inside a claim, or running into
    it, read twice: "rejected the notion that ..., saying that if he ..." beside "that if he
    ..."); statements not read from one article never overlap. The same content under two cues
    ("Dr X, who denies the charges, is accused of ...") is a dispute, not a nesting."""
    if a.extent is None or b.extent is None or a.article != b.article or a.extent == b.extent:
        return False
    (sa, ea), (sb, eb) = a.extent, b.extent
    return sa < eb and sb < ea


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


def death_counts(a: Statement, b: Statement) -> tuple[Count, Count] | None:
    """Two sources (not the writer) give counts of the same dead that cannot both hold ("12
    people were killed" against "40 people were killed"; ranges such as "at least 14" meet any
    count above), and neither reads as an update ("the toll rose to 20")."""
    if WRITER in (a.side, b.side):
        return None
    for s in (a, b):
        if UPDATE & {w.lower() for w in _SPACE.split(s.text)}:
            return None
    for fa in a.counts:
        for fb in b.counts:
            meet = fa.low <= fb.high and fb.low <= fa.high
            if fa.key == fb.key and fa.key.endswith("deaths") and not meet:
                return fa, fb
    return None


def mirrored(a: Statement, b: Statement, common: frozenset[str] = frozenset()) -> bool:
    """One restates the other with a negation ("the bridge is safe" / "the bridge is not safe"):
    the word rule's negation holds and at least :data:`MIRROR_SHARE` of all their topic words are
    shared (the cosine, :data:`MIRROR_COS`, is checked by :func:`decide`)."""
    rule = rule_conflict(a, b, common)
    if rule is None or rule[0] != "negation" or _nested(a, b):
        return False
    return len(a.topic & b.topic) / max(len(a.topic | b.topic), 1) >= MIRROR_SHARE


@dataclass(frozen=True, slots=True)
class Verdict:
    """A listed dispute between two statements: its kind, shared words, why, and model score."""

    kind: pairs.Kind
    topic: tuple[str, ...]
    detail: str
    score: float


def _listing_rule(a: Statement, b: Statement, common: frozenset[str]) -> str | None:
    """Which listing rule holds for two same-matter statements (cheap: no embedding)."""
    if denial(a, b):
        return "denial"
    if exclusive(a, b):
        return "exclusive"
    if death_counts(a, b) is not None:
        return "figures"
    if mirrored(a, b, common):
        return "mirrored"
    return None


def decide(
    a: Statement,
    b: Statement,
    common: frozenset[str] = frozenset(),
    features: pairs.PairFeatures | None = None,
) -> Verdict | None:
    """The one dispute decision of precis: in an article (:func:`disputes`), across a story's
    articles and for two bare statements (:func:`precis.conflicts.judge`).

    A pair of different sources about the same matter (:func:`same_matter`) is a dispute when a
    listing rule of the module doc holds (and, for ``exclusive``, the embedding cosine reaches
    :data:`EXCLUSIVE_COS`); the conflict model's score is attached, not used to decide.
    ``features``: the pair's :func:`precis.conflicts.pairs.pair_features`, when already computed.
    """
    if not same_matter(a, b):
        return None
    rule = _listing_rule(a, b, common)
    if rule is None:
        return None
    f = features or pairs.pair_features(a, b, common=common)
    cos = float(f.x[_COS])
    if (rule == "exclusive" and cos < EXCLUSIVE_COS) or (rule == "mirrored" and cos < MIRROR_COS):
        return None
    p = round(float(pairs.score(f.x)[0]), 4)
    if rule == "figures":
        counts = death_counts(a, b)
        assert counts is not None
        return Verdict("figures", f.topic, f"{counts[0].text!r} against {counts[1].text!r}", p)
    if rule == "mirrored":
        negator = a if a.negated else b
        return Verdict(
            "contradiction", f.topic, f"{negator.name or negator.side} says it is not so", p
        )
    if rule == "denial":
        denier = a if _cue(a) in DENYING else b
        return Verdict(
            "denial", f.topic, f"{denier.name or denier.side} denies what the other asserts", p
        )
    return Verdict(
        "contradiction", f.topic, "one says it is exclusively so, the other that it is not", p
    )


_COS = pairs.FEATURES.index("cos")


def disputes(
    stmts: Sequence[Statement],
    common: frozenset[str] = frozenset(),
    per_statement: int = MAX_PER_STATEMENT,
) -> list[Dispute]:
    """The disputing pairs of ``stmts`` (indices in ascending order), in input order.

    Pairs are decided by :func:`decide`. A pair is listed while either statement has fewer than
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
            v = decide(a, stmts[j], common)
            if v is None:
                continue
            out.append(Dispute((i, j), v.kind, v.topic, v.detail, v.score))
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
