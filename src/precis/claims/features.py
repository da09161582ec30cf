"""Features of the attribution tagger: cue candidates, argument candidates and their features.

These are the functions ``scripts/train_attribution.py`` trains with and
:mod:`precis.claims.tagger` scores with, so training and inference cannot drift:

* a **cue** is a content token with sparse features of its word, lemma, tags and dependency frame
  ("has a clausal complement", "subject is a pronoun");
* its **arguments** are candidate phrases along dependency paths: its dependents, their
  prepositional objects, the subject of the verb it hangs on ("..., adding that"), its own head
  ("..., according to X") and the two sides of a headline colon;
* the **cue phrase** runs on over right dependents ("went on to say", "reported by"):
  :func:`run_on` is that walk, with the decision left to the caller.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from spacy.tokens import Token

from precis.claims import cues
from precis.lexicon import TAGGER_PRONOUNS
from precis.nlp import lemma

#: Parts of speech that can head a cue; the rest (determiners, pronouns, numbers) never do.
CUE_POS = frozenset({"VERB", "AUX", "NOUN", "ADJ", "ADP", "ADV", "PROPN", "PUNCT"})
_SKIP_ARG = frozenset({"punct", "aux", "auxpass", "neg", "cc", "det", "prt", "case", "mark"})


def _lemma(tok: Token) -> str:
    """The cue table's lemma ("said" -> "say"), else the rule lemmatizer's."""
    known = cues.cue_lemma(tok.text)
    return known if known is not None else lemma(tok).lower()


def form(tok: Token) -> str:
    """The key of the cue gate: the lower-cased word."""
    return tok.lower_


def cue_candidate(tok: Token) -> bool:
    if tok.pos_ not in CUE_POS or tok.is_space:
        return False
    return tok.pos_ != "PUNCT" or tok.text == ":"


def cue_features(tok: Token, in_quote: bool) -> list[str]:
    """Sparse features of ``tok`` as a possible cue head."""
    lem = _lemma(tok)
    doc = tok.doc
    deps = sorted({c.dep_ for c in tok.children if c.dep_ not in ("punct", "det")})
    subj = next((c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    prev = doc[tok.i - 1].lower_ if tok.i > 0 else "<s>"
    nxt = doc[tok.i + 1].lower_ if tok.i + 1 < len(doc) else "</s>"
    out = [
        "bias",
        f"w={tok.lower_}",
        f"l={lem}",
        f"p={tok.pos_}",
        f"t={tok.tag_}",
        f"d={tok.dep_}",
        f"pd={tok.pos_}|{tok.dep_}",
        f"ld={lem}|{tok.dep_}",
        f"lt={lem}|{tok.tag_}",
        f"hl={_lemma(tok.head)}" if tok.head.i != tok.i else "hl=<root>",
        f"lhd={lem}|{tok.head.pos_}",
        f"prev={prev}",
        f"next={nxt}",
        f"lnext={lem}|{nxt}",
        f"q={in_quote}",
        f"lq={lem}|{in_quote}",
    ]
    for d in deps:
        out.append(f"ch={d}")
        out.append(f"lch={lem}|{d}")
    out.append(f"frame={'+'.join(deps)}")
    for child in tok.children:
        if child.dep_ in ("dobj", "attr"):
            # Light-verb cues: "released a statement", "made no mention", "expressed interest".
            out += [f"obj={child.lower_}", f"lobj={lem}|{child.lower_}"]
        elif child.dep_ == "prep":
            out.append(f"lprep={lem}|{child.lower_}")  # "critical of", "referring to"
    if subj is not None:
        kind = subj.lower_ if subj.lower_ in TAGGER_PRONOUNS else subj.pos_
        out += [f"subj={kind}", f"lsubj={lem}|{kind}", f"subjw={subj.lower_}"]
        if subj.is_title or subj.pos_ == "PROPN":
            out.append(f"lsubj=cap|{lem}")
    else:
        out.append(f"lsubj=none|{lem}")
    if tok.text == ":":
        # Headline style "Trump: ..." or "X said:" lines.
        left = doc[tok.sent.start : tok.i]
        out.append(f"colon_left={min(len(left), 8)}")
        out.append(f"colon_first={left[:1].text if len(left) else ''}")
    return out


@dataclass(frozen=True)
class Candidate:
    """A phrase that may be the source or content of a cue: token ranges [start, end)."""

    head: Token
    path: str
    ranges: tuple[tuple[int, int], ...]

    @property
    def start(self) -> int:
        return self.ranges[0][0]

    @property
    def end(self) -> int:
        return self.ranges[-1][1]


def _subtree(tok: Token) -> tuple[int, int]:
    return tok.left_edge.i, tok.right_edge.i + 1


def _without(tok: Token, inner: Token) -> tuple[tuple[int, int], ...]:
    """``tok``'s subtree minus ``inner``'s: up to two ranges ("X has, reportedly, said ...")."""
    start, end = _subtree(tok)
    lo, hi = _subtree(inner)
    return tuple(r for r in ((start, lo), (hi, end)) if r[1] > r[0])


#: Complements that finish an object's meaning: "called him a failure", "described it as false",
#: "criticised Ford for ...", "gave Clinton a lead".
_OBJECT_TAIL = ("oprd", "dobj", "ccomp", "xcomp", "acomp")
_TAIL_PREPS = frozenset({"as", "for", "with", "over", "of", "against"})


def _object_ranges(cue: Token, obj: Token) -> tuple[tuple[int, int], ...]:
    """The object and the complements that finish it; a span of its own where words come between.

    "called it a disaster" is one span; "identified him, on Monday, as the man" and the passive
    "Atkinson was identified as the protester" (the subject, then "as ...") are two.
    """
    ranges = [_subtree(obj)]
    last = max(ranges[-1][1], cue.i + 1)  # a passive subject stands before its verb
    for right in cue.rights:
        if right.i <= obj.i:
            continue
        tail = right.dep_ in _OBJECT_TAIL or (right.dep_ == "prep" and right.lower_ in _TAIL_PREPS)
        if not tail or right.left_edge.i > last + 3:
            break
        start, end = _subtree(right)
        if start == ranges[-1][1]:  # adjacent: one phrase ("called it a disaster")
            ranges[-1] = (ranges[-1][0], end)
        else:
            ranges.append((start, end))
        last = end
    return tuple(ranges)


def candidates(cue: Token) -> list[Candidate]:
    """Phrases around ``cue`` that can fill its source or content role (the paths of PolNeAR)."""
    out: list[Candidate] = []
    seen: set[int] = {cue.i}

    def add(tok: Token, path: str, ranges: tuple[tuple[int, int], ...] | None = None) -> None:
        if tok.i in seen or tok.is_punct or tok.is_space:
            return
        seen.add(tok.i)
        rs = ranges if ranges is not None else (_subtree(tok),)
        if rs:
            out.append(Candidate(tok, path, rs))

    for child in cue.children:
        if child.dep_ in _SKIP_ARG:
            continue
        if child.dep_ in ("dobj", "dative", "nsubjpass"):
            add(child, f"child:{child.dep_}", _object_ranges(cue, child))
        else:
            add(child, f"child:{child.dep_}")
        if child.dep_ in ("prep", "agent", "xcomp", "advcl", "acl", "dative", "pcomp"):
            for grand in child.children:
                if grand.dep_ not in _SKIP_ARG:
                    add(grand, f"grand:{child.dep_}>{grand.dep_}")
    if cue.text == ":":
        # Headline or lead-in "Trump: we will win": the speaker before, the words after.
        sent = cue.sent
        for path, lo, hi in (
            ("colon:left", sent.start, cue.i),
            ("colon:right", cue.i + 1, sent.end),
        ):
            if hi > lo:
                add(cue.doc[lo:hi].root, path, ((lo, hi),))
        return out
    head = cue.head
    if head.i != cue.i:
        for sib in head.children:
            if sib.dep_ in ("nsubj", "nsubjpass", "dobj") and sib.i != cue.i:
                add(sib, f"sib:{sib.dep_}/{cue.dep_}")
        add(head, f"parent:{cue.dep_}", _without(head, cue))
        if head.dep_ in ("prep", "agent", "pobj") and head.head.i != head.i:
            grandparent = head.head
            add(grandparent, f"gparent:{head.dep_}/{cue.dep_}", _without(grandparent, head))
    return out


def argument_features(cue: Token, cand: Candidate, cue_lemma_: str) -> list[str]:
    """Sparse features of ``cand`` as a filler of ``cue``'s roles (shared by both models)."""
    h = cand.head
    kind = h.lower_ if h.lower_ in TAGGER_PRONOUNS else h.pos_
    side = "L" if cand.end <= cue.i else ("R" if cand.start > cue.i else "O")
    size = sum(e - s for s, e in cand.ranges)
    bucket = "1" if size == 1 else "2-4" if size <= 4 else "5-12" if size <= 12 else "13+"
    return [
        "bias",
        f"path={cand.path}",
        f"lpath={cue_lemma_}|{cand.path}",
        f"cpos={cue.pos_}|{cand.path}",
        f"kind={kind}",
        f"pk={cand.path}|{kind}",
        f"side={side}",
        f"ps={cand.path}|{side}",
        f"size={bucket}",
        f"pz={cand.path}|{bucket}",
        f"hw={h.lower_}",
        f"cap={h.is_title}",
        f"verbish={h.pos_ in ('VERB', 'AUX')}",
        f"split={len(cand.ranges)}",
    ]


#: Right dependents that may continue a cue phrase: "reported *by*", "went on *to say*",
#: "released *a statement*", "said *Sunday*", "known *as*".
EXTEND_DEPS = frozenset(
    {"prep", "agent", "xcomp", "dobj", "npadvmod", "advmod", "prt", "acomp", "dative", "advcl"}
)
#: At most this many tokens may lie between the cue so far and a dependent's first word.
EXTEND_GAP = 3


def extension_steps(cue: Token) -> list[Token]:
    """The cue's right dependents that could extend its phrase, in reading order."""
    end = cue.sent.end
    return [c for c in cue.rights if c.dep_ in EXTEND_DEPS and c.i < end]


def extension_features(cue: Token, step: Token, lemma_: str, last: int) -> list[str]:
    """Features for "the cue phrase runs on to ``step``" (the cue so far ends at ``last``)."""
    gap = step.left_edge.i - last - 1
    between = cue.doc[last + 1 : step.i]
    return [
        "bias",
        f"l={lemma_}",
        f"d={step.dep_}",
        f"w={step.lower_}",
        f"t={step.tag_}",
        f"ld={lemma_}|{step.dep_}",
        f"lw={lemma_}|{step.lower_}",
        f"dw={step.dep_}|{step.lower_}",
        f"cw={cue.lower_}|{step.lower_}",
        f"gap={min(gap, 4)}",
        f"first={last == cue.i}",
        f"comma={any(t.is_punct for t in between)}",
        f"len={min(len(between), 4)}",
    ]


def phrase_end(cue: Token, end_char: int) -> int:
    """Index of the last token of ``cue``'s sentence starting before ``end_char``."""
    return max(t.i for t in cue.sent if t.idx < end_char)


def run_on(
    cue: Token, lemma_: str, last: int, taken: set[int], decide: Callable[[list[str], int], bool]
) -> int:
    """Last token of the cue phrase, run on from ``last`` over the dependents ``decide`` accepts.

    Steps are the cue's right dependents in order and, after an accepted preposition, its object
    ("responded *on Twitter*"). The run stops at the first rejected step, and before any token of
    the source or content (``taken``): the cue never swallows an argument. Training and inference
    share this walk; only ``decide`` differs (gold labels, or the model).
    """
    queue = extension_steps(cue)
    k = 0
    while k < len(queue):
        step = queue[k]
        k += 1
        if step.i <= last:
            continue
        stop = step.right_edge.i if step.dep_ == "pobj" else step.i
        if step.left_edge.i - last - 1 > EXTEND_GAP or any(
            i in taken for i in range(last + 1, stop + 1)
        ):
            break
        if not decide(extension_features(cue, step, lemma_, last), stop):
            break
        last = stop
        if step.dep_ in ("prep", "agent"):
            obj = next((c for c in step.children if c.dep_ == "pobj"), None)
            if obj is not None:
                queue.insert(k, obj)
    return last


def cue_lemma_of(tok: Token) -> str:
    return "according to" if tok.lower_ == "according" else _lemma(tok)
