"""Who is speaking: group mentions, resolve pronouns and descriptions, read role and affiliation.

No coreference model is available (STACK.md), so this is rules over the parse and entities, and it
prefers "unresolved" to a guess: a pronoun goes to the most recent person in subject position within
two sentences; a description ("the minister", "the Syrian leader") to the only earlier person whose
role and affiliation fit it.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from precis.claims import cues
from precis.claims.cues import _set
from precis.claims.extract import Found
from precis.model import Speaker

_POSS_BODIES = frozenset(
    [
        "office",
        "campaign",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "aides",
        "aide",
        "team",
        "lawyer",
    ]
)
_GOV_HEADS = frozenset(
    [
        "ministry",
        "government",
        "office",
        "embassy",
        "army",
        "military",
        "presidency",
        "cabinet",
        "administration",
    ]
)
_BOSS_ROLES = _set("president chairman chairwoman leader head chief")
_LEADER_ROLES = ("president", "prime minister", "king", "leader", "chancellor", "emir")


def _clean_name(text: str) -> str:
    text = text.strip().removesuffix("'s").removesuffix("’s").strip()
    for det in ("the ", "The ", "a ", "A ", "an ", "An "):
        if text.startswith(det):
            text = text[len(det) :]
    return text


def _person_span(tok: Token, has_ents: bool) -> Span | None:
    """The name a token belongs to: its PERSON entity, or (no NER) its run of proper nouns."""
    doc = tok.doc
    if has_ents:
        if tok.ent_type_ == "PERSON":
            return next((e for e in doc.ents if e.start <= tok.i < e.end), None)
        return None
    if tok.pos_ != "PROPN" or tok.lower_ in cues.ROLE_WORDS or tok.lower_ in cues.DEMONYMS:
        return None
    lo = hi = tok.i
    while lo > 0 and doc[lo - 1].pos_ == "PROPN" and doc[lo - 1].lower_ not in cues.ROLE_WORDS:
        lo -= 1
    while hi + 1 < len(doc) and doc[hi + 1].pos_ == "PROPN" and doc[hi + 1].dep_ == "compound":
        hi += 1
    span = doc[lo : hi + 1]
    if any(t.lower_ in cues.ORG_WORDS or (t.is_upper and len(t) > 1) for t in span):
        return None
    return span


def _is_org(tok: Token, has_ents: bool) -> bool:
    if has_ents and tok.ent_type_ in ("ORG", "GPE", "NORP", "FAC"):
        return True
    return (
        tok.lemma_.lower() in cues.ORG_WORDS
        or tok.lower_ in cues.ORG_WORDS
        or (tok.is_upper and len(tok) > 1 and tok.pos_ == "PROPN")
    )


def _country(words: list[Token]) -> str | None:
    for w in words:
        if w.lower_ in cues.DEMONYMS:
            return cues.DEMONYMS[w.lower_]
    return None


def _role_affiliation(name: Span, has_ents: bool) -> tuple[str | None, str | None]:
    """Role and affiliation from the title before a name or an appositive after it."""
    root = name.root
    pre = [
        t
        for t in name.doc[root.left_edge.i : name.start]
        if t.dep_ not in ("det", "poss", "case", "punct")
    ]
    appos = next((c for c in root.rights if c.dep_ == "appos"), None)
    if not pre and appos is not None:
        pre = [t for t in appos.lefts if t.dep_ in ("compound", "amod", "nmod")] + [appos]
    role_toks = [
        t
        for t in pre
        if t.lower_ in cues.ROLE_WORDS
        or (
            t.pos_ == "PROPN"
            and t.ent_type_ == ""
            and t.lower_ not in cues.DEMONYMS
            and not t.is_upper
        )
    ]
    aff_toks = [t for t in pre if t not in role_toks]
    role = " ".join(t.text for t in role_toks) or None
    aff = _country(aff_toks)
    orgs = [t for t in aff_toks if _is_org(t, has_ents) and t.lower_ not in cues.DEMONYMS]
    if orgs:
        aff = " ".join(t.text for t in orgs)
    if role and not any(t.lower_ in cues.ROLE_WORDS for t in role_toks):
        role = None
    return role, aff


class _Registry:
    """Speakers found so far, keyed so that mentions of one person or body are grouped."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.has_ents = doc.has_annotation("ENT_IOB")
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
        name = _clean_name(span.text)
        parts = name.split()
        key = _person_key(parts[-1] if parts else name)
        sp = self._add(key, name, "person")
        m = (span.start_char, span.end_char)
        if m not in sp.mentions:
            sp.mentions.append(m)
        if sp.role is None and sp.affiliation is None:
            sp.role, sp.affiliation = _role_affiliation(span, self.has_ents)
        return sp

    def body(self, tok: Token) -> Speaker:
        """An organisation or description ("the Russian defence ministry", "a Saudi diplomat")."""
        doc = self.doc
        lo = min(t.i for t in tok.subtree if t.i <= tok.i)
        words = [t for t in doc[lo : tok.i + 1] if t.dep_ not in ("det", "punct")]
        ent = (
            next((e for e in doc.ents if e.start <= tok.i < e.end and e.label_ == "ORG"), None)
            if self.has_ents
            else None
        )
        name = _clean_name(" ".join(t.text for t in words)) or tok.text
        key = "o:" + (ent.text.lower() if ent is not None else name.lower())
        sp = self._add(key, name, "body")
        sp.mentions.append((doc[lo].idx, tok.idx + len(tok)))
        country = _country(words)
        head = tok.lower_
        if sp.label is None:
            if head in _GOV_HEADS and country:
                sp.affiliation, sp.label = country, country
            elif head in cues.OFFICIAL_ROLES and country:
                sp.role, sp.affiliation, sp.label = head, country, country
            elif ent is not None and country:
                sp.label = f"{_demonym(words)} {ent.text}"
            else:
                sp.label = name
        return sp

    def by_description(self, tok: Token, before: int) -> Speaker | None:
        """The one earlier person whose role and country fit "the minister", "the Syrian leader"."""
        head = tok.lower_
        country = _country(list(tok.lefts))
        hits = []
        for sp in self.order:
            if self.kind[sp.id] != "person" or not sp.mentions or sp.mentions[0][0] >= before:
                continue
            role = (sp.role or "").lower()
            fits = head in role.split() or (
                head == "leader" and any(r in role for r in _LEADER_ROLES)
            )
            if fits and (country is None or sp.affiliation == country):
                hits.append(sp)
        return hits[0] if len(hits) == 1 else None


def _person_key(surname: str) -> str:
    low = surname.lower()
    for prefix in ("al-", "el-", " al ", "bin "):  # "Al-Mouallimi" is "Mouallimi"
        low = low.removeprefix(prefix)
    return "p:" + low


def _demonym(words: list[Token]) -> str:
    return next((w.text for w in words if w.lower_ in cues.DEMONYMS), "")


def _person_label(sp: Speaker, bodies: list[Speaker]) -> str:
    """Institution or country for an official speaking for it; the surname otherwise."""
    role = (sp.role or "").lower().split()
    aff = sp.affiliation
    if aff and (
        any(r in cues.OFFICIAL_ROLES for r in role)
        or (set(role) & _BOSS_ROLES and aff not in cues.DEMONYMS.values())
    ):
        for b in bodies:  # "National Coalition" -> "Syrian National Coalition" if named so
            if b.label and b.label.endswith(aff) and len(b.label) <= len(aff) + 12:
                return b.label
        return aff
    return sp.name.split()[-1] if sp.name.split() else sp.name


def _recent_person(reg: _Registry, tok: Token, sent_starts: list[int]) -> Speaker | None:
    """Latest person in subject position before ``tok``, in this or the two prior sentences."""
    s = tok.sent
    k = max(0, next((i for i, c in enumerate(sent_starts) if c == s.start_char), 0) - 2)
    horizon = sent_starts[k] if sent_starts else 0
    best: tuple[int, str] | None = None
    for char, _, sid in reg.subjects:
        if horizon <= char < tok.idx and (best is None or char > best[0]):
            best = (char, sid)
    if best is None:
        return None
    return next(sp for sp in reg.order if sp.id == best[1])


def resolve(doc: Doc, found: list[Found]) -> list[Speaker]:
    """Set speaker, speaker_id and label on every claim; return the speakers that make claims."""
    reg = _Registry(doc)
    sent_starts = [s.start_char for s in doc.sents]
    if reg.has_ents:
        names: list[Span] = [e for e in doc.ents if e.label_ == "PERSON"]
    else:
        names = []
        for tok in doc:
            if tok.dep_ in ("nsubj", "nsubjpass") and tok.pos_ == "PROPN":
                span = _person_span(tok, False)
                if span is not None:
                    names.append(span)
    for span in names:
        sp = reg.person(span)
        if span.root.dep_ in ("nsubj", "nsubjpass") or span.root.head.dep_ in (
            "nsubj",
            "nsubjpass",
        ):
            reg.subjects.append((span.start_char, span.end_char, sp.id))
    for f in found:
        who = _speaker_of(reg, f.src, sent_starts) if f.src is not None else None
        if who is None:
            continue
        if f.claim.source and f.claim.source not in who.mentions:
            who.mentions.append(f.claim.source)
        f.claim.speaker, f.claim.speaker_id = who.name, who.id
        if f.src is not None and reg.kind[who.id] == "person":
            reg.subjects.append((f.src.idx, f.src.idx + len(f.src), who.id))
            reg.subjects.sort()
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


def _speaker_of(reg: _Registry, tok: Token, sent_starts: list[int]) -> Speaker | None:
    low = tok.lower_
    if any(c.dep_ == "conj" for c in tok.children):  # "US, NATO and the opposition": a group
        return reg.body(tok)
    if low in cues.PRONOUNS:
        return _recent_person(reg, tok, sent_starts) if low in ("he", "she") else None
    span = _person_span(tok, reg.has_ents)
    if span is not None:
        return reg.person(span)
    for child in tok.children:
        if child.dep_ == "appos":
            span = _person_span(child, reg.has_ents)
            if span is not None:
                return reg.person(span)
        if child.dep_ == "poss" and low in _POSS_BODIES:  # "his office", "Assad's office"
            if child.lower_ in ("his", "her"):
                return _recent_person(reg, child, sent_starts)
            span = _person_span(child, reg.has_ents)
            if span is not None:
                return reg.person(span)
    if tok.pos_ == "PROPN" and _person_key(tok.text) in reg.by_key:  # NER missed a known surname
        return reg.by_key[_person_key(tok.text)]
    det = next((c.lower_ for c in tok.children if c.dep_ == "det"), None)
    if det in ("the", "this", "that") and low in cues.ROLE_WORDS:
        return reg.by_description(tok, tok.idx)
    if tok.pos_ in ("PRON", "DET") or low in ("who", "which", "that"):
        return None
    return reg.body(tok)
