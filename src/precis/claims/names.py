"""Names for speaker resolution: entity labels on demand, and a person's title and affiliation.

A "full" doc has entities everywhere. On a "parse" doc :class:`Entities` runs the recogniser only
over the phrases it is asked for (batched, remembered), so the claims stage pays NER for the source
phrases and the mentions of its speakers, not for the whole article.
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Doc, Span, Token

from precis import nlp
from precis.claims import cues
from precis.lexicon import DEMONYMS, NAME_PARTICLES

#: Entity labels that make a title word an affiliation ("NATO Secretary General ...").
_ORG_LABELS = ("ORG", "GPE", "NORP", "FAC")
#: The recogniser's token vectors see four tokens either side (a depth-4, window-1 CNN): with
#: that much context around a phrase its words get the vectors a whole-doc run gives them.
_MARGIN = 4
#: A phrase is cut this many tokens after its head (long relative clauses name nobody we need).
_MAX_RIGHT = 12


def _may_name(words: Span) -> bool:
    """Whether a stretch can hold a name: a proper noun, or a capital not on "The", "He" ..."""
    return any(
        t.pos_ == "PROPN" or (t.text[:1].isupper() and not (t.is_sent_start and t.is_stop))
        for t in words
    )


def phrase(tok: Token) -> tuple[int, int]:
    """Token range of the noun phrase ``tok`` heads: its title, name and appositive."""
    return tok.left_edge.i, min(tok.right_edge.i, tok.i + _MAX_RIGHT) + 1


class Entities:
    """Entity of each token, read from ``doc.ents`` or recognised phrase by phrase."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.complete = nlp.has_entities(doc)
        self._done = bytearray([1 if self.complete else 0]) * len(doc)
        self._ent: dict[int, Span] = {}  # token index -> the entity it is part of
        self._persons: list[Span] = []
        if self.complete:
            for e in doc.ents:
                self._record(e)

    def _record(self, ent: Span) -> None:
        for i in range(ent.start, ent.end):
            self._ent[i] = ent
        if ent.label_ == "PERSON":
            self._persons.append(ent)

    def done(self, i: int) -> bool:
        return bool(self._done[i])

    def fetch(self, ranges: Iterable[tuple[int, int]]) -> None:
        """Recognise entities in these token ranges (those not done yet), in one batch."""
        n = len(self.doc)
        todo = sorted((a, b) for a, b in ranges if 0 <= a < b <= n and not all(self._done[a:b]))
        stretches: list[list[int]] = []  # [lo, hi) with margins; overlapping ones merged
        for a, b in todo:
            if not _may_name(self.doc[a:b]):  # "he", "the ministry": nothing to recognise
                continue
            lo, hi = max(0, a - _MARGIN), min(n, b + _MARGIN)
            if stretches and lo <= stretches[-1][1]:
                stretches[-1][1] = max(stretches[-1][1], hi)
            else:
                stretches.append([lo, hi])
        if not stretches:
            self._mark(todo)
            return
        chars = [
            (self.doc[lo].idx, self.doc[hi - 1].idx + len(self.doc[hi - 1])) for lo, hi in stretches
        ]
        for (lo, hi), found in zip(stretches, nlp.entities_in(self.doc, chars), strict=True):
            for start, end, label in found:
                ent = self.doc.char_span(start, end, label=label)
                if ent is None or any(i in self._ent for i in range(ent.start, ent.end)):
                    continue
                # One touching a cut edge may be part of a longer name: not trusted.
                if (ent.start <= lo and lo > 0) or (ent.end >= hi and hi < n):
                    continue
                self._record(ent)
        self._mark(todo)
        self._persons.sort(key=lambda e: e.start)

    def _mark(self, ranges: list[tuple[int, int]]) -> None:
        for a, b in ranges:
            self._done[a:b] = b"\x01" * (b - a)

    def of(self, tok: Token) -> Span | None:
        """The entity ``tok`` is part of (its phrase is recognised first if need be)."""
        if not self._done[tok.i]:
            self.fetch([phrase(tok)])
        return self._ent.get(tok.i)

    def label(self, tok: Token) -> str:
        ent = self.of(tok)
        return ent.label_ if ent is not None else ""

    def persons(self) -> list[Span]:
        """PERSON entities of the phrases recognised so far, in reading order."""
        return list(self._persons)


def clean_name(text: str) -> str:
    text = text.strip().removesuffix("'s").removesuffix("’s").strip()
    for det in ("the ", "The ", "a ", "A ", "an ", "An "):
        if text.startswith(det):
            text = text[len(det) :]
    return text


#: Longest "of"/"for" phrase a body's name may run to ("for Disease Control and Prevention").
MAX_NAME_TAIL = 6


def name_tail(tok: Token) -> list[Token]:
    """The capitalised "of"/"for" phrase that ends a body's name after its head word ("Centers
    *for Disease Control and Prevention*", "Ministry *of Public Security*"), else nothing.

    Without it the name is cut at its head: "the State Department of Health" would read as the
    State Department.
    """
    if not tok.text[:1].isupper():
        return []
    doc = tok.doc
    for child in tok.rights:
        if child.dep_ != "prep" or child.lower_ not in {"of", "for"} or child.i != tok.i + 1:
            continue
        end = child.right_edge.i
        words = doc[child.i + 1 : end + 1]
        if not words or len(words) > MAX_NAME_TAIL or not words[-1].text[:1].isupper():
            return []
        if all(w.text[:1].isupper() or w.lower_ in NAME_PARTICLES for w in words):
            return list(doc[child.i : end + 1])
        return []
    return []


def joined(tokens: Iterable[Token]) -> str:
    """The tokens' words spaced as the article spaces them ("residents' groups", not
    "residents ' groups"), one space where tokens were skipped between them."""
    out: list[str] = []
    prev: Token | None = None
    for t in tokens:
        if prev is not None and (prev.whitespace_ or t.i != prev.i + 1):
            out.append(" ")
        out.append(t.text)
        prev = t
    return "".join(out)


def person_key(surname: str) -> str:
    low = surname.lower()
    for prefix in ("al-", "el-", " al ", "bin "):  # "Al-Mouallimi" is "Mouallimi"
        low = low.removeprefix(prefix)
    return "p:" + low


def person_span(tok: Token, ents: Entities) -> Span | None:
    """The PERSON entity ``tok`` belongs to, if any."""
    ent = ents.of(tok)
    return ent if ent is not None and ent.label_ == "PERSON" else None


def is_org(tok: Token, ents: Entities) -> bool:
    if ents.label(tok) in _ORG_LABELS:
        return True
    return (
        tok.lemma_.lower() in cues.ORG_WORDS
        or tok.lower_ in cues.ORG_WORDS
        or (tok.is_upper and len(tok) > 1 and tok.pos_ == "PROPN")
    )


def country(words: list[Token]) -> str | None:
    for w in words:
        if w.lower_ in DEMONYMS:
            return DEMONYMS[w.lower_].country
    return None


def demonym(words: list[Token]) -> str:
    return next((w.text for w in words if w.lower_ in DEMONYMS), "")


def _title_before(name: Span) -> list[Token]:
    """Title words right before ``name`` that the parse hung elsewhere.

    "about Syrian President Bashar al-Assad staying in power" parses the name and its title as
    compounds of "staying": read the adjacent words that make a title instead.
    """
    doc = name.doc
    out: list[Token] = []
    i = name.start - 1
    while i >= 0 and len(out) < 5:
        t = doc[i]
        if t.dep_ not in ("compound", "amod", "nmod"):
            break
        if not (t.lower_ in cues.ROLE_WORDS or t.lower_ in DEMONYMS or t.pos_ == "PROPN"):
            break
        out.insert(0, t)
        i -= 1
    return out


def role_affiliation(name: Span, ents: Entities) -> tuple[str | None, str | None]:
    """Role and affiliation from the title before a name or an appositive after it."""
    root = name.root
    pre = [
        t
        for t in name.doc[root.left_edge.i : name.start]
        if t.dep_ not in ("det", "poss", "case", "punct")
    ]
    if not pre:
        pre = _title_before(name)
    appos = next((c for c in root.rights if c.dep_ == "appos"), None)
    if not pre and appos is not None:
        # The appositive's whole left side: "National Coalition president" nests its compounds.
        pre = [
            t
            for t in name.doc[appos.left_edge.i : appos.i]
            if t.dep_ in ("compound", "amod", "nmod")
        ] + [appos]
    role_toks = [
        t
        for t in pre
        if t.lower_ in cues.ROLE_WORDS
        or (
            t.pos_ == "PROPN"
            and ents.label(t) == ""
            and t.lower_ not in DEMONYMS
            and not t.is_upper
        )
    ]
    aff_toks = [t for t in pre if t not in role_toks]
    role = joined(role_toks) or None
    aff = country(aff_toks)
    orgs = [t for t in aff_toks if is_org(t, ents) and t.lower_ not in DEMONYMS]
    if orgs:
        aff = joined(orgs)
    if role and not any(t.lower_ in cues.ROLE_WORDS for t in role_toks):
        role = None
    return role, aff
