"""Cuts refused as they go: what a deletion must not leave behind.

:func:`precis.highlighter.cuts.constituents` offers each cut on its own; these tests see the cuts
already made too. :func:`breaks_clause` refuses one that leaves a verb, adjective or noun ending
its clause without its complement ("has filed", "could be worth", "the importance"), or that cuts
before a verb the parse left without exactly one subject (the subject hides there);
:func:`splits_subject`, :func:`hands_verb_on` and :func:`strands_connective` refuse one that parts
a subject from its verb, hands a kept verb to the wrong subject, or leaves an "and" or "but"
without its conjuncts. The learned cuts and the rule cuts share them
(:mod:`precis.highlighter.compress`).
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from precis.highlighter.cuts import (
    BARE_DEPS,
    FINITE_TAGS,
    SUBJECTS,
    Constituent,
    is_word,
    straight_quote_mask,
)
from precis.lexicon import LINKING_VERBS
from precis.nlp import lemma


def leaves_bare(sent: Span, con: Constituent, removed: set[int]) -> bool:
    """Whether cutting ``con`` (after ``removed``) leaves its verb with only its subject."""
    head = sent.doc[con.head].head
    if head.pos_ not in {"VERB", "AUX"}:
        return False
    return not any(
        c.i not in removed and c.i not in con.tokens and c.dep_ not in BARE_DEPS
        for c in head.children
    )


#: Labels of what completes a verb: with one of them kept, the verb does not end bare.
_VERB_COMPLEMENTS = frozenset("dobj attr acomp oprd ccomp xcomp dative prt".split())


def splits_subject(sent: Span, cut: frozenset[int], removed: set[int]) -> bool:
    """Whether cutting the tokens ``cut`` (after ``removed``; a constituent's, or a rule's)
    leaves one comma alone between a kept verb and its subject, where the sentence had none or
    a pair ("Craig Hicks*, who is charged ...,* earlier this year, can face": the parse put
    "earlier this year" outside the aside)."""
    doc = sent.doc
    gone = removed | cut
    for verb in sent:
        if verb.i in gone or verb.pos_ not in {"VERB", "AUX"}:
            continue
        for subj in verb.children:
            if subj.dep_ not in {"nsubj", "nsubjpass"} or subj.i > verb.i or subj.i in gone:
                continue
            commas = [t.i for t in doc[subj.i + 1 : verb.i] if t.text == ","]
            if len(commas) % 2 == 0 and sum(i not in gone for i in commas) % 2 == 1:
                return True
    return False


def hands_verb_on(sent: Span, cut: frozenset[int], removed: set[int]) -> bool:
    """Whether cutting ``cut`` (after ``removed``) takes a clause with its own subject from just
    before a kept verb that has none: the reader gives that verb to the subject before the cut.

    "the staff arrived at work *to find that thieves had dug a tunnel*, hauled in a thermic lance"
    (dev row 7, where the parser hung "hauled" on "arrived") would have the staff haul it.
    """
    if not cut:
        return False
    doc = sent.doc
    gone = removed | cut
    nxt = next((t for t in doc[max(cut) + 1 : sent.end] if is_word(t)), None)
    if nxt is None or nxt.i in gone or nxt.pos_ != "VERB" or nxt.tag_ not in _PAST_OR_FINITE:
        return False
    if any(c.dep_ in SUBJECTS or c.dep_ == "expl" for c in nxt.children):
        return False
    return any(doc[i].dep_ in SUBJECTS and doc[i].head.i in cut for i in cut)


def strands_connective(sent: Span, cut: frozenset[int], removed: set[int]) -> bool:
    """Whether cutting ``cut`` (after ``removed``) leaves a connective with nothing to join: an
    "and"/"but" whose conjuncts after it all go ("got in due to ... *but* at one point*, ... he
    was projected to fall*"), or a "while"/"after" whose clause keeps no verb ("while an ISIS
    militant *decked in black guards over them*", a misparse)."""
    gone = removed | cut
    last = next((t for t in reversed(sent) if t.i not in gone and is_word(t)), None)
    if last is not None and last.dep_ == "cc":
        return True  # "... of the 25-year-old *and who've been suspended*": nothing after "and"
    for tok in sent:
        if tok.i in gone:
            continue
        if tok.dep_ == "cc":
            after = [c for c in tok.head.children if c.dep_ == "conj" and c.i > tok.i]
            if after and all(c.i in gone for c in after):
                return True
        elif tok.dep_ == "prep" and tok.lower_ == "between" and _one_side_left(tok, gone):
            return True
        elif tok.dep_ == "mark":
            clause = tok.head
            if clause.i in gone or clause.pos_ in {"VERB", "AUX"}:
                continue
            if not any(t.pos_ in {"VERB", "AUX"} and t.i not in gone for t in clause.subtree):
                return True
        elif tok.lower_ in _CLAUSE_OPENERS and _opens_little(sent, tok, gone):
            return True
    return False


#: Words that open a clause; the parser sometimes takes one for a preposition with no object.
_CLAUSE_OPENERS = frozenset("if unless because although though whether when while until".split())


def _opens_little(sent: Span, opener: Token, gone: frozenset[int] | set[int]) -> bool:
    """Whether a clause opener the parser hung as a bare word ("if" a preposition, its clause
    scattered: "... if QPR*, three points behind with a better goal difference, win*") keeps
    fewer than two words after it, where a cut took some: the clause lost its verb."""
    if opener.dep_ == "mark" or any(c.dep_ == "pobj" for c in opener.children):
        return False
    kept = 0
    cut_after = False
    for t in sent.doc[opener.i + 1 : sent.end]:
        if t.i in gone:
            cut_after = True
            continue
        if t.text in {",", ";"}:
            break
        if not (t.is_punct or t.is_space):
            kept += 1
    return cut_after and kept < 2


def _aside_subject(subj: Token) -> bool:
    """A participle set off by commas that the parser took for the clause's subject ("In the
    video Spahic*, wearing a red club top,* is at first restrained"): the subject is elsewhere."""
    lo, hi = subj.left_edge.i, subj.right_edge.i
    doc = subj.doc
    return (
        subj.dep_ == "csubj"
        and lo > 0
        and hi + 1 < len(doc)
        and doc[lo - 1].text == ","
        and doc[hi + 1].text == ","
    )


def _bounds_bare_subject(head: Token, gov: Token) -> bool:
    """Whether ``head`` is a phrase that says which of a bare plural subject are meant: "people
    *in this South Carolina city* aren't surprised" would say it of everyone."""
    return (
        head.dep_ == "prep"
        and gov.dep_ in {"nsubj", "nsubjpass"}
        and gov.tag_ == "NNS"
        and not any(c.dep_ in {"det", "poss", "nummod", "quantmod"} for c in gov.children)
    )


def _one_side_left(between: Token, gone: frozenset[int] | set[int]) -> bool:
    """Whether a kept "between" is left with one side: the "and" after its object went, and
    its object has no kept conjunct ("the relationship between Elena*, and Damon*", the parser
    having hung "Damon" elsewhere)."""
    obj = next((c for c in between.children if c.dep_ == "pobj"), None)
    if obj is None or obj.i in gone:
        return False
    if any(c.dep_ == "conj" and c.i not in gone for c in obj.subtree):
        return False
    # The "and" inside the object's phrase or just after it (", and").
    near = between.doc[obj.i + 1 : min(obj.right_edge.i + 3, between.sent.end)]
    first_cc = next((t for t in near if t.dep_ == "cc"), None)
    return first_cc is not None and first_cc.i in gone


#: A verb form that reads as the predicate of whatever subject precedes it.
_PAST_OR_FINITE = frozenset({"VBD", "VBN", "VBZ", "VBP"})


def breaks_clause(sent: Span, con: Constituent, removed: set[int]) -> bool:
    """Whether cutting ``con`` (after ``removed``) breaks a clause that stays: it takes the words
    a subject-less finite verb leans on (a misparsed subject: "Speaking ..., *the 54-year-old,
    who ...,* was quick to"; "said one of them, a 12 year old, is pregnant"), or leaves a kept
    verb or noun phrase at the end of its clause without its complement ("has filed *for
    divorce*", "stressed the importance *of ...*", "is a far cry *from ...*")."""
    doc = sent.doc
    gone = removed | con.tokens
    kept = [t for t in sent if t.i not in gone and is_word(t)]
    for verb in kept:
        if verb.pos_ not in {"VERB", "AUX"} or verb.dep_ not in _CLAUSE_HEADS:
            continue
        kids = list(verb.children)
        if (
            sum((c.dep_ in SUBJECTS or c.dep_ == "expl") and not _aside_subject(c) for c in kids)
            == 1
        ):
            continue
        if verb.tag_ not in FINITE_TAGS and not any(
            c.dep_ in {"aux", "auxpass"} and c.tag_ in FINITE_TAGS for c in kids
        ):
            continue
        # The parse lost this verb's subject (or found two): the real one hides somewhere before
        # the verb, so nothing before the verb goes.
        first = min([verb.i] + [c.i for c in kids if c.i < verb.i and c.dep_ in _VERB_GROUP])
        if any(is_word(doc[j]) for j in range(sent.start, first)) and con.lo < first:
            return True
    # A sentence left ending on a bare verb ("... as they look *to keep up the pressure*.").
    last = kept[-1] if kept else None
    if last is not None and last.dep_ == "prt":
        last = last.head  # "TMZ went on *to report that ...*": the particle completes nothing
    if (
        last is not None
        and last.pos_ == "VERB"
        and con.lo > last.i
        and not any(
            c.dep_ == "auxpass"
            or (
                c.dep_ in _VERB_COMPLEMENTS and c.i < con.lo and c.i not in gone and c.dep_ != "prt"
            )
            for c in last.children
        )
    ):
        return True
    # "shooting with his eyes *closed ...*": the predicate of a "with" absolute construction
    # is its point, however the parser hangs it (dev row 212 lost "closed").
    if con.lo > sent.start:
        before = doc[con.lo - 1]
        if (
            before.i not in gone
            and before.dep_ == "pobj"
            and before.head.lower_ == "with"
            and doc[con.lo].tag_ in {"VBN", "VBD", "VBG", "JJ"}
        ):
            return True
    head = doc[con.head]
    gov = head.head
    # "suffers a *brain injury and memory* loss", "an *Ohio* man": after "a"/"an" the article's
    # form and the noun's sense lean on the modifier (an editor's read, issue 12).
    if head.dep_ in {"nmod", "conj"}:
        noun = next((a for a in head.ancestors if a.i > con.hi), None)
        if noun is not None and any(
            c.dep_ == "det" and c.lower_ in {"a", "an"} and c.i < con.lo for c in noun.children
        ):
            return True
    if _completes_phrase(head, gov, con):
        return True
    if _bounds_bare_subject(head, gov):
        return True
    if (
        gov.pos_ == "ADP"
        and gov.dep_ in {"prep", "agent"}
        and gov.i not in gone
        and not any(c.i not in gone and c.dep_ in _OBJECTS for c in gov.children)
    ):
        return True  # strands a preposition: "clueless as *to why ...*" left "clueless as"
    if _strands_before(sent, con, gone, kept):
        return True
    quoted = straight_quote_mask(sent)
    if any(quoted[i - sent.start] for i in range(con.lo, con.hi + 1)):
        return True  # inside a quotation: a cut there misquotes (an editor's read, row 223)
    if gov.i in gone or head.i < gov.i:
        return False
    # "Vonn was *back at Augusta* on Friday": a "be" with no other complement says what it
    # says in its first dependent after it.
    if (
        lemma(gov) == "be"
        and gov.dep_ in _CLAUSE_HEADS
        and not any(c.dep_ in _VERB_COMPLEMENTS for c in gov.children)
        and head.i == min((c.i for c in gov.rights if not c.is_punct), default=-1)
    ):
        return True
    if head.lower_ == "like" and lemma(gov) in LINKING_VERBS:
        return True  # "might not sound *like the cleverest idea*"
    after = next((t for t in kept if t.i > gov.i), None)
    # "as they look *to keep up the pressure*": an infinitive completes the verb like a prep.
    infinitive = head.dep_ == "advcl" and doc[con.lo].lower_ == "to"
    if gov.pos_ in {"VERB", "AUX"} and (head.dep_ in {"prep", "agent"} or infinitive):
        # An "and" after it starts the next clause: "yet to go *on sale* and Arum claimed".
        ends = after is None or not gov.is_ancestor(after) or after.dep_ == "cc"
        return ends and not any(
            c.dep_ in _VERB_COMPLEMENTS and c.i not in gone for c in gov.children
        )
    # A clause that completes what stays last: "including those *who ...*", "there were
    # concerns *the nation would default*", "fears *that ...*" (an editor's read, issue 12).
    # So does a participle completing a kept object: "footage shows the defender *involved in
    # an altercation*".
    if (
        after is None
        and head.dep_ in {"relcl", "acl"}
        and (
            gov.pos_ == "PRON"
            or gov.dep_ == "attr"
            or any(c.dep_ == "mark" and c.lower_ == "that" for c in head.children)
            or (head.dep_ == "acl" and gov.dep_ == "dobj" and head.tag_ in {"VBN", "VBG"})
        )
    ):
        return True
    if after is not None or head.dep_ not in {"prep", "npadvmod", "xcomp"}:
        return False
    if gov.pos_ == "ADJ":
        return True  # "could be worth *thousands of pounds less*"
    # A possessed noun wants its complement: "in his quest *for a fifth Masters title*".
    return (
        gov.pos_ == "NOUN"
        and head.dep_ == "prep"
        and (
            head.lower_ == "of"
            or gov.dep_ == "attr"
            or any(c.dep_ == "poss" for c in gov.children)
            # "has created the need *for an election*": a definite object that ends the clause
            # was introduced for what follows it.
            or (
                gov.dep_ == "dobj"
                and any(c.dep_ == "det" and c.lower_ == "the" for c in gov.children)
            )
            # "give fans a rare glimpse *behind the scenes*", "a tongue-in-cheek guide *to
            # ...*": an indefinite noun that ends the bullet says nothing without its phrase.
            or any(c.dep_ == "det" and c.lower_ in {"a", "an"} for c in gov.children)
        )
    )


def _strands_before(sent: Span, con: Constituent, gone: set[int], kept: list[Token]) -> bool:
    """Whether the cut begins right after a kept preposition that has no kept object: "got away
    with the thefts for *almost a year before his arrest*" (the parser hung the object
    elsewhere, so the preposition's own children say nothing)."""
    doc = sent.doc
    prev = next((t for t in reversed(kept) if t.i < con.lo), None)
    if prev is None or prev.pos_ != "ADP" or prev.dep_ not in {"prep", "agent", "dative"}:
        return False
    if any(i not in gone for i in range(prev.i + 1, con.lo)) or not is_word(doc[con.lo]):
        return False
    return not any(c.i not in gone and c.dep_ in _OBJECTS for c in prev.children)


#: Adverbs that complete a verb as a particle would ("party the night *away*", "sold *off*").
_PARTICLE_ADVERBS = frozenset("away up down out off back over".split())


def _completes_phrase(head: Token, gov: Token, con: Constituent) -> bool:
    """Whether ``con`` (headed by ``head`` under ``gov``) is a piece its phrase needs: a name
    that says which ("The town *of Reading*", "the death *of Eric Harris*") or a verb's
    particle-like adverb ("party the night *away*"); an editor's read of dev rows 200-239."""
    if (
        head.dep_ == "prep"
        and head.lower_ == "of"
        and gov.pos_ == "NOUN"
        and any(c.dep_ == "pobj" and c.pos_ == "PROPN" for c in head.children)
    ):
        return True
    return (
        head.lower_ in _PARTICLE_ADVERBS
        and head.dep_ in {"advmod", "prt"}
        and gov.pos_ == "VERB"
        and con.lo == con.hi
    )


_CLAUSE_HEADS = frozenset({"ROOT", "conj", "ccomp", "parataxis"})


_VERB_GROUP = frozenset({"aux", "auxpass", "neg", "advmod"})


#: What a preposition governs: a cut that takes the last of them strands it.
_OBJECTS = frozenset({"pobj", "pcomp", "prep"})
