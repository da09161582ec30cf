"""Who is speaking: group mentions, resolve pronouns and descriptions, read role and affiliation.

No coreference model is available, so this is rules over the parse and entities, and it
prefers "unresolved" to a guess: a pronoun goes to the most recent person in subject position within
two sentences; a description ("the minister", "the Syrian leader") to the only earlier person whose
role and affiliation fit it.

On a "parse" doc, entities are recognised only in the phrases speakers depend on: the sources, the
named subjects of the two sentences before a pronoun, earlier titles that fit a description, then
every mention of a speaker's surname (for the full name, the title and the order of first mention).
"""

from __future__ import annotations

from bisect import bisect_right

from spacy.tokens import Doc, Span, Token

from precis.claims import cues
from precis.claims.found import Found
from precis.claims.names import (
    Entities,
    clean_name,
    country,
    demonym,
    joined,
    name_tail,
    person_key,
    person_span,
    phrase,
    role_affiliation,
)
from precis.lexicon import DEMONYM_COUNTRIES, SUBJECT_PRONOUNS, word_set
from precis.model import Speaker

_POSS_BODIES = word_set("office campaign spokesman spokeswoman spokesperson aides aide team lawyer")
_GOV_HEADS = word_set(
    "ministry government office embassy army military presidency cabinet administration"
)
_BOSS_ROLES = word_set("president chairman chairwoman leader head chief")
_LEADER_ROLES = ("president", "prime minister", "king", "leader", "chancellor", "emir")
#: Words one of which a mention must contain to fit "the leader" (see ``by_description``).
_LEADER_WORDS = frozenset(w for r in _LEADER_ROLES for w in r.split()) - {"minister"}


class _Registry:
    """Speakers found so far, keyed so that mentions of one person or body are grouped."""

    def __init__(self, doc: Doc, ents: Entities, sents: list[Span]) -> None:
        self.doc = doc
        self.ents = ents
        self.sents = sents
        self.starts = [s.start for s in sents]  # first token of each sentence
        self.by_key: dict[str, Speaker] = {}
        self.kind: dict[str, str] = {}
        self.order: list[Speaker] = []
        #: (sentence start char, speaker id) of persons seen as subjects, for pronouns.
        self.subjects: list[tuple[int, int, str]] = []

    def _add(self, key: str, name: str, kind: str) -> Speaker:
        sp = self.by_key.get(key)
        if sp is None:
            sp = Speaker(id=f"s{len(self.order) + 1}", name=name)
            self.by_key[key] = sp
            self.kind[sp.id] = kind
            self.order.append(sp)
        elif kind == "person" and len(name.split()) > len(sp.name.split()):
            sp.name = name
        return sp

    def person(self, span: Span) -> Speaker:
        name = clean_name(span.text)
        parts = name.split()
        key = person_key(parts[-1] if parts else name)
        sp = self._add(key, name, "person")
        m = (span.start_char, span.end_char)
        if m not in sp.mentions:
            sp.mentions.append(m)
        if sp.role is None and sp.affiliation is None:
            sp.role, sp.affiliation = role_affiliation(span, self.ents)
        return sp

    def body(self, tok: Token) -> Speaker:
        """An organisation or description ("the Russian defence ministry", "a Saudi diplomat")."""
        doc = self.doc
        lo = min(t.i for t in tok.subtree if t.i <= tok.i)
        words = [t for t in doc[lo : tok.i + 1] if t.dep_ not in ("det", "punct")]
        tail = name_tail(tok)
        last = tail[-1] if tail else tok
        ent = self.ents.of(tok)
        if ent is not None and ent.label_ != "ORG":
            ent = None
        name = clean_name(joined(words + tail)) or tok.text
        key = "o:" + (ent.text.lower() if ent is not None else name.lower())
        sp = self._add(key, name, "body")
        sp.mentions.append((doc[lo].idx, last.idx + len(last)))
        where = country(words)
        head = tok.lower_
        if sp.label is None:
            if head in _GOV_HEADS and where:
                sp.affiliation, sp.label = where, where
            elif head in cues.OFFICIAL_ROLES and where:
                sp.role, sp.affiliation, sp.label = head, where, where
            elif ent is not None and where:
                sp.label = f"{demonym(words)} {ent.text}"
            else:
                sp.label = name
        return sp

    def by_description(self, tok: Token, before: int) -> Speaker | None:
        """The one earlier person whose role and country fit "the minister", "the Syrian leader"."""
        head = tok.lower_
        where = country(list(tok.lefts))
        hits = []
        for sp in self.order:
            if self.kind[sp.id] != "person" or not sp.mentions or sp.mentions[0][0] >= before:
                continue
            role = (sp.role or "").lower()
            fits = head in role.split() or (
                head == "leader" and any(r in role for r in _LEADER_ROLES)
            )
            if fits and (where is None or sp.affiliation == where):
                hits.append(sp)
        return hits[0] if len(hits) == 1 else None


def _person_label(sp: Speaker, bodies: list[Speaker]) -> str:
    """Institution or country for an official speaking for it; the surname otherwise."""
    role = (sp.role or "").lower().split()
    aff = sp.affiliation
    if aff and (
        any(r in cues.OFFICIAL_ROLES for r in role)
        or (set(role) & _BOSS_ROLES and aff not in DEMONYM_COUNTRIES)
    ):
        for b in bodies:  # "National Coalition" -> "Syrian National Coalition" if named so
            if b.label and b.label.endswith(aff) and len(b.label) <= len(aff) + 12:
                return b.label
        return aff
    return sp.name.split()[-1] if sp.name.split() else sp.name


def _sent_no(starts: list[int], tok: Token) -> int:
    return max(0, bisect_right(starts, tok.i) - 1)


def _recent_person(reg: _Registry, tok: Token) -> Speaker | None:
    """Latest person in subject position before ``tok``, in this or the two prior sentences."""
    k = max(0, _sent_no(reg.starts, tok) - 2)
    horizon = reg.sents[k].start_char if reg.sents else 0
    best: tuple[int, str] | None = None
    for char, _, sid in reg.subjects:
        if horizon <= char < tok.idx and (best is None or char > best[0]):
            best = (char, sid)
    if best is None:
        return None
    return next(sp for sp in reg.order if sp.id == best[1])


def _is_description(tok: Token) -> bool:
    det = next((c.lower_ for c in tok.children if c.dep_ == "det"), None)
    return det in ("the", "this", "that") and tok.lower_ in cues.ROLE_WORDS


def _context(doc: Doc, sents: list[Span], found: list[Found]) -> list[tuple[int, int]]:
    """Token ranges the speakers of ``found`` depend on, before surnames are known."""
    need: list[tuple[int, int]] = []
    starts = [s.start for s in sents]
    described: dict[str, int] = {}  # role word -> last source described so ("the minister")
    for f in found:
        tok = f.src
        if tok is None:
            continue
        need.append(phrase(tok))
        his = tok.lower_ in _POSS_BODIES and any(
            c.dep_ == "poss" and c.lower_ in ("his", "her") for c in tok.children
        )
        if tok.lower_ in ("he", "she") or his:  # named subjects a pronoun may point back to
            start = starts[max(0, _sent_no(starts, tok) - 2)]
            need.extend(
                phrase(t)
                for t in doc[start : tok.i]
                if t.dep_ in ("nsubj", "nsubjpass") and any(w.pos_ == "PROPN" for w in t.subtree)
            )
        elif _is_description(tok):
            described[tok.lower_] = tok.i
    leader = described.get("leader", -1)
    for t in doc[: max(described.values(), default=0)]:  # earlier titles that fit a description
        if t.i < described.get(t.lower_, -1) or (t.lower_ in _LEADER_WORDS and t.i < leader):
            need.append(phrase(t.head if t.dep_ in ("compound", "appos") else t))
    return need


def _assign(
    doc: Doc, ents: Entities, sents: list[Span], found: list[Found]
) -> tuple[_Registry, list[Speaker | None]]:
    """Register the persons recognised so far, then find each claim's speaker."""
    reg = _Registry(doc, ents, sents)
    for span in ents.persons():
        sp = reg.person(span)
        if span.root.dep_ in ("nsubj", "nsubjpass") or span.root.head.dep_ in (
            "nsubj",
            "nsubjpass",
        ):
            reg.subjects.append((span.start_char, span.end_char, sp.id))
    speakers: list[Speaker | None] = []
    for f in found:
        who = _speaker_of(reg, f.src) if f.src is not None else None
        speakers.append(who)
        if who is None:
            continue
        if f.claim.source and f.claim.source not in who.mentions:
            who.mentions.append(f.claim.source)
        if f.src is not None and reg.kind[who.id] == "person":
            reg.subjects.append((f.src.idx, f.src.idx + len(f.src), who.id))
            reg.subjects.sort()
    return reg, speakers


def _namesakes(
    reg: _Registry, speakers: list[Speaker | None], found: list[Found]
) -> list[tuple[int, int]]:
    """Phrases not yet recognised that name a speaking person, or a source, by surname."""
    ids = {sp.id for sp in speakers if sp is not None}
    keys = {k for k, sp in reg.by_key.items() if k.startswith("p:") and sp.id in ids}
    keys.update(
        person_key(f.src.text) for f in found if f.src is not None and f.src.pos_ == "PROPN"
    )
    return [
        phrase(tok)
        for tok in reg.doc
        if tok.text[:1].isupper() and not reg.ents.done(tok.i) and person_key(tok.text) in keys
    ]


def resolve(doc: Doc, found: list[Found]) -> list[Speaker]:
    """Set speaker, speaker_id and label on every claim; return the speakers that make claims."""
    ents = Entities(doc)
    sents = list(doc.sents)
    if not ents.complete:
        ents.fetch(_context(doc, sents, found))
    reg, speakers = _assign(doc, ents, sents, found)
    if not ents.complete:
        more = _namesakes(reg, speakers, found)
        if more:  # speakers named elsewhere: read those mentions too, and resolve again
            ents.fetch(more)
            reg, speakers = _assign(doc, ents, sents, found)
    for f, who in zip(found, speakers, strict=True):
        if who is not None:
            f.claim.speaker, f.claim.speaker_id = who.name, who.id
    speaking = {f.claim.speaker_id for f in found if f.claim.speaker_id}
    out = [sp for sp in reg.order if sp.id in speaking]
    bodies = [sp for sp in out if reg.kind[sp.id] == "body"]
    for sp in out:
        if reg.kind[sp.id] == "person":
            sp.label = _person_label(sp, bodies)
        sp.mentions.sort()
    renumber = {sp.id: f"s{i + 1}" for i, sp in enumerate(out)}
    for sp in out:
        sp.id = renumber[sp.id]
    labels = {sp.id: sp.label for sp in out}
    for f in found:
        if f.claim.speaker_id:
            f.claim.speaker_id = renumber[f.claim.speaker_id]
            f.claim.label = labels[f.claim.speaker_id]
    return out


#: Words for what was said rather than who said it: "a statement from Assad's office".
_UTTERANCES = frozenset(
    "statement report reports release letter memo post tweet interview remarks comments".split()
)


def _speaker_of(reg: _Registry, tok: Token) -> Speaker | None:
    low = tok.lower_
    if low in _UTTERANCES:  # the speaker is whoever issued it ("from", "by", "of" X)
        by = next((c for c in tok.rights if c.dep_ == "prep" and c.lower_ in ("from", "by")), None)
        issuer = next((c for c in by.children if c.dep_ == "pobj"), None) if by else None
        if issuer is None:
            return None
        tok, low = issuer, issuer.lower_
    if any(c.dep_ == "conj" for c in tok.children):  # "US, NATO and the opposition": a group
        return reg.body(tok)
    if low in SUBJECT_PRONOUNS:
        return _recent_person(reg, tok) if low in ("he", "she") else None
    span = person_span(tok, reg.ents)
    if span is not None:
        return reg.person(span)
    for child in tok.children:
        if child.dep_ == "appos":
            span = person_span(child, reg.ents)
            if span is not None:
                return reg.person(span)
        if child.dep_ == "poss" and low in _POSS_BODIES:  # "his office", "Assad's office"
            if child.lower_ in ("his", "her"):
                return _recent_person(reg, child)
            span = person_span(child, reg.ents)
            if span is not None:
                return reg.person(span)
    if tok.pos_ == "PROPN" and person_key(tok.text) in reg.by_key:  # NER missed a known surname
        return reg.by_key[person_key(tok.text)]
    if _is_description(tok):
        return reg.by_description(tok, tok.idx)
    if tok.pos_ in ("PRON", "DET") or low in ("who", "which", "that"):
        return None
    return reg.body(tok)
