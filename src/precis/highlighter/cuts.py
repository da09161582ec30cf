"""Learned sentence compression: which parse constituents an editor deletes.

A *constituent* is the subtree of one token whose dependency label marks it as optional in
principle (a prepositional phrase, an adverbial clause, an appositive, a relative clause, a
conjoined verb phrase, ...). A small model (gradient-boosted trees, ``precis/data/compress.json``,
trained by ``scripts/train_compress.py`` on CNN/DM training articles aligned with their reference
highlights) gives each constituent the probability that a human highlight deletes it, from its
place in the parse and from how often the article uses its words elsewhere (an editor keeps what
the story is about). The same :func:`constituents` and :func:`features` run at training (on
truecased training text, so the parse is like the run-time one) and at inference, so the model
sees the same numbers in both.

Hard constraints come before the model: the sentence's core clause is never cut. The core is the
root verb with its subject, auxiliaries, negation and complements, and, when the root takes a
clausal complement ("police said *two men were arrested*"), that clause's core too, so the clause
that carries the news is never the one deleted. Nothing inside a quotation is cut, nor words that
reverse or bound a meaning ("never", "only", "nearly"), nor part of a hyphenated word, a
comma-joined main verb, an infinitive completing a noun ("a way *to go*") or a clause's "when".
:func:`breaks_clause` refuses, as the cuts go, one that leaves a verb, adjective or noun ending
its clause without its complement ("has filed", "could be worth", "the importance"), or that
cuts before a verb the parse left without exactly one subject (the subject hides there).
"""

from __future__ import annotations

import json
import math
import threading
from collections import Counter
from dataclasses import dataclass
from importlib import resources
from typing import Any, cast

import numpy as np
from spacy.tokens import Doc, Span, Token

from precis.highlighter.scorer import Model
from precis.lexicon import LINKING_VERBS

#: Labels whose subtree may go.
DELETABLE = (
    "prep",
    "advcl",
    "advmod",
    "npadvmod",
    "appos",
    "relcl",
    "acl",
    "conj",
    "dep",
    "intj",
    "parataxis",
    "ccomp",
    "xcomp",
    "agent",
    "nmod",
)
#: Children of a core verb that make its clause: never cut.
CORE_DEPS = frozenset(
    "nsubj nsubjpass csubj csubjpass dobj attr acomp ccomp xcomp oprd dative aux auxpass neg "
    "prt expl".split()
)
#: Labels of a verb's complements: without them the verb dangles ("managed", "was inspired").
_COMPLEMENTS = frozenset({"ccomp", "xcomp", "agent"})
#: What a verb may keep and still be left bare ("the chef has filed."): a cut must leave more.
_BARE_DEPS = frozenset("nsubj nsubjpass aux auxpass punct mark cc neg advmod".split())
#: Prepositions that complete a verb rather than modify it ("turning the region *into* ...").
_VERB_BOUND_PREPS = frozenset("into onto to as of than at".split())
#: Words whose loss would reverse or unbound what the sentence says.
NEVER_CUT = frozenset(
    "not n't never no nothing nobody none only nearly almost hardly barely scarcely just "
    "least less more most too so very once again already still yet".split()
)
COMMAS = frozenset({",", ";", "—", "–", "--"})
FIRST_WORDS = (
    "according",
    "which",
    "who",
    "after",
    "before",
    "when",
    "while",
    "including",
    "as",
    "in",
    "on",
    "at",
    "for",
    "with",
    "from",
    "by",
    "to",
    "of",
    "since",
    "because",
    "despite",
    "during",
    "where",
    "but",
    "and",
    "adding",
    "saying",
    "who",
)
_FIRST = tuple(dict.fromkeys(FIRST_WORDS))
_POS = ("VERB", "NOUN", "PROPN", "ADP", "ADV", "ADJ", "NUM", "SCONJ", "PRON", "AUX")
_REPORTING = frozenset("said says say told tells according added adds claimed reported".split())
#: Verbs of a reporting clause after a quotation or an aside ("..., she explained.").
_REPORTING_TAIL = _REPORTING | {"explained", "explains", "insisted", "insists", "wrote", "writes"}
_TIME = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday january february march april may "
    "june july august september october november december today yesterday tomorrow tonight "
    "morning afternoon evening night week weekend month year years weeks months days day "
    "hours earlier later last ago recently since".split()
)

CUT_FEATURES: tuple[str, ...] = (
    *(f"dep_{d}" for d in DELETABLE),
    "head_root",
    "head_verb",
    "head_noun",
    *(f"pos_{p.lower()}" for p in _POS),
    "depth",
    "words",
    "words_log",
    "share",
    "start_rel",
    "end_rel",
    "at_start",
    "at_end",
    "comma_before",
    "comma_after",
    "has_num",
    "has_propn",
    "has_verb",
    "has_reporting",
    "sent_words_log",
    *(f"first_{w}" for w in _FIRST),
    # Where the constituent sits: inside a subject, inside the reported clause, on a reporting
    # verb, on a name; what it holds: a time ("on Friday", "last year"); how big it is.
    "in_subject",
    "in_clause",
    "gov_reporting",
    "gov_propn",
    "after_root",
    "has_time",
    "has_quote_mark",
    "children",
    "span_depth",
    # What the article says again elsewhere: an editor keeps the words the story is about.
    "content_words",
    "art_share",
    "art_mean_log",
    "art_max_log",
    "rest_mean_log",
    "art_rel",
)
_INDEX = {name: i for i, name in enumerate(CUT_FEATURES)}


@dataclass(frozen=True)
class Constituent:
    """One deletable subtree of a sentence: its head, and the tokens a cut removes."""

    head: int  # doc index of the subtree's head
    lo: int  # first and last doc index of the subtree (without attached punctuation)
    hi: int
    tokens: frozenset[int]  # what the cut removes: the subtree, a paired comma, a leading "and"


def _is_word(tok: Token) -> bool:
    return not (tok.is_punct or tok.is_space)


def quote_mask(sent: Span, single: bool = False) -> list[bool]:
    """For each token of ``sent``: is it inside (or is it) a quotation mark pair? With
    ``single``, curly single quotes count too ("a decline in the ‘influence of the relationship’":
    a cut there misquotes); a lone "’" outside one is an apostrophe."""
    inside = False
    mask: list[bool] = []
    for tok in sent:
        t = tok.text
        if single and (t == "‘" or (t == "’" and inside)):
            mask.append(True)
            inside = t == "‘"
            continue
        if t in ('"', "``", "''"):
            mask.append(True)
            inside = not inside
            continue
        if t == "“":
            inside = True
            mask.append(True)
            continue
        if t == "”":
            mask.append(True)
            inside = False
            continue
        mask.append(inside)
    return mask


_OPENS_AFTER = frozenset({"(", "[", "—", "–", ":"})


def straight_quote_mask(sent: Span) -> list[bool]:
    """For each token of ``sent``: is it inside a pair of straight single quote marks?

    British-style quotations use "'" ("said '[Barrientos] ... stated ... that she did marry
    Mr. Keita and that was her first and only marriage.'"), which is also an apostrophe ("Bates'
    training"), so :func:`quote_mask` leaves it out. Here a mark opens only after a space (or a
    bracket, a dash, a colon, the sentence start) and before a word with no space, and closes only
    a pair it opened, after a word or punctuation with no space, before a space or the end.
    """
    toks = list(sent)
    mask = [False] * len(toks)
    open_at: int | None = None
    for k, tok in enumerate(toks):
        if tok.text not in ("'", "‘", "’"):
            continue
        prev = toks[k - 1] if k > 0 else None
        spaced_before = prev is None or bool(prev.whitespace_) or prev.text in _OPENS_AFTER
        if open_at is None:
            if tok.text != "’" and spaced_before and not tok.whitespace_ and k + 1 < len(toks):
                open_at = k
        elif not spaced_before and (
            bool(tok.whitespace_) or k + 1 == len(toks) or toks[k + 1].is_punct
        ):
            for j in range(open_at, k + 1):
                mask[j] = True
            open_at = None
    return mask


def core_tokens(sent: Span) -> set[int]:
    """Heads of the core clause(s) and their core children (doc indices)."""
    root = sent.root
    core = {root.i}
    heads = [root]
    while heads:
        head = heads.pop()
        for child in head.children:
            if child.dep_ in CORE_DEPS and child.i not in core:
                core.add(child.i)
                if child.dep_ in {"ccomp", "xcomp"}:
                    heads.append(child)  # the clause that carries the news keeps its own core
    return core


#: Words a measure before them makes exact ("*a week* before", "*a month* earlier").
_MEASURED = frozenset({"ADP", "ADV", "SCONJ"})


def _extraposed(clause: Token) -> bool:
    """Whether ``clause`` is the real subject its head's "it" stands for ("it is hard *to say*",
    "it is likely *that ...*"): an infinitive or "that" clause of a verb with an "it" subject
    and an adjective or noun complement."""
    head = clause.head
    if not any(c.dep_ in {"nsubj", "nsubjpass"} and c.lower_ == "it" for c in head.children):
        return False
    if not any(c.dep_ in {"acomp", "attr"} for c in head.children):
        return False
    # Opened by "to", "that" or "for"; "now that he ...", "so that ..." are adverbial.
    first = clause.left_edge
    if first.lower_ not in {"to", "that", "for"}:
        return False
    if first.i > 0 and clause.doc[first.i - 1].lower_ in {"now", "so", "such", "given"}:
        return False
    return any(c.lower_ in {"to", "that"} and c.dep_ in {"aux", "mark"} for c in clause.children)


def _not_only_but(sent: Span) -> tuple[int, int] | None:
    """Token indices of "not" (of "not only") and the "but" after it, if the sentence has both."""
    doc = sent.doc
    for t in sent:
        if t.lower_ == "not" and t.i + 1 < sent.end and doc[t.i + 1].lower_ == "only":
            but = next((u.i for u in doc[t.i + 2 : sent.end] if u.lower_ == "but"), None)
            return None if but is None else (t.i, but)
    return None


def _splits_pair(doc: Doc, pair: tuple[int, int], lo: int, hi: int) -> bool:
    """Whether cutting ``doc[lo:hi+1]`` (with the "but" before a conjunct) would leave half of
    "not only ... but (also) ...": one of the two words, or what follows "but (also)"."""
    not_i, but_i = pair
    start = lo - 1 if lo > 0 and doc[lo - 1].dep_ == "cc" else lo
    if (start <= not_i <= hi) != (start <= but_i <= hi):
        return True
    before = [t.lower_ for t in doc[max(0, start - 2) : start]]
    return before[-1:] == ["but"] or before == ["but", "also"]


def constituents(sent: Span) -> list[Constituent]:
    """Deletable constituents of ``sent`` (hard constraints applied), in sentence order."""
    doc = sent.doc
    start, end = sent.start, sent.end
    in_quote = quote_mask(sent, single=True)
    core = core_tokens(sent)
    words = [t.i for t in sent if _is_word(t)]
    if not words:
        return []
    first_word, last_word = words[0], words[-1]
    if any(t.dep_ == "punct" and t.is_alpha for t in sent):
        return []  # a word parsed as punctuation ("... for mainly *IS* but also ..."): no tree
    out: list[Constituent] = []
    pair = _not_only_but(sent)
    for tok in sent:
        if tok.dep_ not in DELETABLE or tok.i in core or tok.head.i == tok.i:
            continue
        lo, hi = tok.left_edge.i, tok.right_edge.i
        if lo < start or hi >= end or any(in_quote[i - start] for i in range(lo, hi + 1)):
            continue
        span_words = [t for t in doc[lo : hi + 1] if _is_word(t)]
        if not span_words or any(t.lower_ in NEVER_CUT for t in span_words if t.i == tok.i):
            continue
        if lo == hi and tok.head.lower_ in NEVER_CUT and abs(tok.head.i - tok.i) == 1:
            continue  # half of "at least", "at most"
        if doc[lo - 1].lower_ in {"a", "an"}:
            continue  # "an *otherwise* disastrous raid" would leave "an disastrous"
        if tok.i < tok.head.i and tok.dep_ in {"advmod", "quantmod"} and tok.head.like_num:
            continue  # "pay for *about* 500,000 workers": a figure keeps its precision
        if tok.i < tok.head.i and tok.dep_ == "npadvmod" and tok.head.pos_ in _MEASURED:
            continue  # "died *at least a month* earlier", "*a day* before": so does a time
        if tok.dep_ in {"advcl", "xcomp", "ccomp"} and _extraposed(tok):
            continue  # "it will be harder *for the authorities to justify ...*": the subject
        if pair is not None and _splits_pair(doc, pair, lo, hi):
            continue  # "Not only did they take place, [but ...]": both halves, or neither
        if lo <= first_word and hi >= last_word:
            continue
        if tok.dep_ in _COMPLEMENTS or _bound(tok) or _inside_word(sent, lo, hi):
            continue
        if tok.dep_ in {"acl", "relcl"} and doc[lo].lower_ in {"that", "why"}:
            # "accusations that the strikes hit civilians", "no reason why any of us shouldn't
            # reach 500": the noun's content, not an aside
            continue
        if tok.dep_ == "advcl" and doc[lo].lower_ == "that" and doc[lo - 1].lower_ != "so":
            continue  # "come as no surprise *that most people ...*": a misparsed complement
        if tok.dep_ == "prep" and tok.lower_ == "of" and _name_of(tok):
            continue  # "the Duchy *of Cornwall*", "the Bank *of England*": half a name
        if tok.dep_ == "conj" and _ends_list(tok, lo, hi):
            continue  # "a bowler hat, leather top *and a miniskirt*" would leave "hat, top."
        if tok.dep_ == "prep" and _before_conjunct(tok, hi, end):
            continue  # "a session *of planting spinach*, broccoli, lettuce": the list's head
        if tok.dep_ == "prep" and tok.lower_ == "to" and tok.head.lower_ == "from":
            continue  # "from 2009 *to 2014*": a range has two ends
        if tok.head.dep_ == "cc" or (
            hi + 1 < end and doc[hi + 1].dep_ == "cc" and doc[hi + 1].lower_ == "as"
        ):
            continue  # "ties to X*, as well* as other groups": part of "as well as"
        if tok.dep_ == "prep" and tok.lower_ == "like" and tok.head.pos_ == "VERB":
            continue  # "approach the semi-final *like any other day at work*": the manner
        if tok.dep_ == "prep" and lo == hi:
            continue  # a preposition without its object is a misparse ("are *above* rivals")
        if tok.dep_ == "advcl" and _interrupts(tok):
            continue  # "was jogging *when he was shot in the back*": the event
        if _count_after_verb(tok):
            continue  # "qualified *10 times*": the count is what the verb says
        if tok.dep_ == "advmod" and _modifies_participle(tok):
            continue  # "*criminally* gained money": the modifier's sense
        if _subject_before(tok, lo):
            continue  # "after conventional means of work *failed to support her*"
        if tok.dep_ in {"acl", "relcl"} and doc[lo].lower_ == "to" and doc[lo].dep_ == "aux":
            continue  # "still has a way *to go*", "plans *to build a wall*": the noun's content
        if tok.dep_ == "advmod" and tok.tag_ == "WRB" and lo == hi:
            continue  # "*When* she moved ..., she thought": the clause would be spliced on
        if tok.dep_ == "conj" and tok.pos_ in {"VERB", "AUX"} and doc[lo - 1].dep_ != "cc":
            continue  # "said one of them, a 12 year old, *is pregnant*": a main verb, the news
        if sum(doc[i].text in SINGLE_QUOTES for i in range(lo, hi + 1)) % 2:
            continue  # takes one of a pair of single quote marks ("shouts of *'Watch out*")
        if doc[lo - 1].text == ":" or (tok.dep_ == "conj" and doc[lo - 1].text == "&"):
            continue  # "Law & Order: SVU star ...": inside a name, or a colon left dangling
        if _licenses_article(tok):
            continue  # "a *record* 133 Tests" would leave "a 133 Tests"
        toks = set(range(lo, hi + 1))
        # A conjunct goes with its "and" (and the comma before it).
        if tok.dep_ == "conj" and lo - 1 >= start and doc[lo - 1].dep_ == "cc":
            # with what modifies the "and" ("*rather than* drying", "*as well as* others")
            lo_ext = max(start, doc[lo - 1].left_edge.i)
            toks.update(range(lo_ext, lo))
        else:
            lo_ext = lo
        before = lo_ext - 1 >= start and doc[lo_ext - 1].text in COMMAS
        after = hi + 1 < end and doc[hi + 1].text in COMMAS
        if before:
            toks.add(lo_ext - 1)
            # "rice, *purchased for ...*, she explained": the comma before a trailing
            # reporting clause stays.
            if after and doc[hi + 1].text == "," and not _reporting_tail(doc, hi + 2, end):
                toks.add(hi + 1)
            elif doc[lo_ext - 1].text in DASHES and hi + 1 < end and doc[hi + 1].text in DASHES:
                toks.add(hi + 1)  # "cancer *– the most common ... women –* are": both dashes
        elif after and lo_ext <= first_word:
            toks.add(hi + 1)
        elif lo_ext <= first_word and not (hi + 1 < end and doc[hi + 1].text == ":"):
            # A leading phrase goes with the comma (or a caption label's colon) that closes it;
            # without one the parse may have ended it early ("In a tweet *Friday*, Paltrow",
            # "*Next* up is").
            continue
        out.append(Constituent(tok.i, lo, hi, frozenset(toks)))
    return out


def _name_of(prep: Token) -> bool:
    """Whether "of" joins two capitalised words of one name ("Duchy of Cornwall")."""
    head = prep.head
    obj = next((c for c in prep.children if c.dep_ == "pobj"), None)
    return (
        obj is not None
        and head.pos_ == "PROPN"
        and head.i == prep.i - 1
        and obj.pos_ == "PROPN"
        and obj.doc[prep.i + 1].text[:1].isupper()
    )


def _ends_list(conj: Token, lo: int, hi: int) -> bool:
    """Whether cutting ``conj`` (``lo``..``hi``, with the "and" before it) takes the "and" from a
    list of names or things with commas in it ("a bowler hat, leather top *and a miniskirt*",
    "spinach, lettuce, *radish and bok choy*"), or one of the two sides of a "between"."""
    if conj.pos_ not in _LISTED:
        return False
    doc = conj.doc
    first = conj
    while first.dep_ == "conj" and first.head.i < first.i:
        first = first.head
    if first.pos_ not in _LISTED:
        return False  # "ditched her diet ..., pork pies ...": items the parser hung on a verb
    if not any(t.dep_ == "cc" for t in doc[max(lo - 1, first.i) : hi + 1]):
        return False
    if any(a.dep_ == "prep" and a.lower_ == "between" for a in first.ancestors):
        return True
    return any(t.text == "," for t in doc[first.i : conj.i])


def _before_conjunct(tok: Token, hi: int, end: int) -> bool:
    """Whether a comma and a listed conjunct follow ``tok``'s phrase (which ends at ``hi``):
    the parser hung the list's items elsewhere, and the phrase holds its first ("a session *of
    planting spinach*, broccoli", "the relationship *between Elena*, and Damon")."""
    doc = tok.doc
    if hi + 2 >= end or doc[hi + 1].text != ",":
        return False
    j = hi + 2
    while j < end and doc[j].dep_ in {"cc", "preconj", "advmod"}:
        j += 1  # ", and", ", as well as"
    if j >= end:
        return False
    item = doc[j]
    while item.dep_ in _NOUN_MODIFIERS and item.head.i > item.i:
        item = item.head
    return item.dep_ == "conj" and item.pos_ in _LISTED


_NOUN_MODIFIERS = frozenset({"compound", "amod", "det", "nummod", "poss", "nmod"})


#: Dashes that open and close an aside ("cancer – the most common ... – are").
DASHES = frozenset({"-", "–", "—", "--"})


def _modifies_participle(adverb: Token) -> bool:
    """An adverb just before a participle that modifies a noun ("illegally obtained money")."""
    head = adverb.head
    doc = adverb.doc
    return (
        adverb.i == head.i - 1
        and head.tag_ == "VBN"
        and head.dep_ in {"amod", "pcomp"}
        and head.i + 1 < len(doc)
        and doc[head.i + 1].pos_ in {"NOUN", "PROPN"}
    )


def _interrupts(clause: Token) -> bool:
    """A "when" clause after a verb in the past progressive ("was jogging when he was shot"):
    what happened, the main clause being its setting."""
    head = clause.head
    return (
        clause.i > head.i
        and any(c.dep_ in {"mark", "advmod"} and c.lower_ == "when" for c in clause.children)
        and head.tag_ == "VBG"
        and any(c.dep_ == "aux" and c.lower_ in {"was", "were"} for c in head.children)
    )


def _count_after_verb(tok: Token) -> bool:
    """A measure after its verb ("qualified 10 times", "trained three hours")."""
    return (
        tok.dep_ == "npadvmod"
        and tok.head.pos_ in {"VERB", "ADJ"}  # "and qualified 10 times" is tagged an adjective
        and tok.i > tok.head.i
        and any(c.dep_ == "nummod" for c in tok.children)
    )


#: Parts of speech of a list's items (verbs' conjuncts are clauses, not list items).
_LISTED = frozenset({"NOUN", "PROPN", "ADJ", "NUM"})


def _subject_before(verb: Token, lo: int) -> bool:
    """Whether a clause that opens on its own finite verb, subject-less, follows a noun with no
    punctuation between: that noun is the verb's subject the parser missed ("means of work
    failed to support her")."""
    if verb.i != lo or verb.tag_ not in {"VBD", "VBZ", "VBP"}:
        return False
    if verb.dep_ not in {"advcl", "relcl", "acl", "conj"}:
        return False
    if any(c.dep_ in _SUBJ or c.dep_ == "expl" for c in verb.children):
        return False
    before = verb.doc[lo - 1]
    return before.pos_ in {"NOUN", "PROPN"} and bool(before.whitespace_)


def _reporting_tail(doc: Doc, i: int, end: int) -> bool:
    """Whether ``doc[i:end]`` is a short reporting clause ("she explained.", "he said")."""
    words = [t for t in doc[i:end] if not t.is_punct]
    return 2 <= len(words) <= 4 and any(t.lower_ in _REPORTING_TAIL for t in words[1:3])


def _bound(tok: Token) -> bool:
    """A phrase its head cannot stand without: "one *of the men*", "turned it *into a base*",
    "pleaded not guilty *based on the evidence*", "has filed *for divorce*"."""
    head = tok.head
    if head.pos_ in {"VERB", "AUX"} and not any(
        c.i != tok.i and c.dep_ not in _BARE_DEPS for c in head.children
    ):
        return True  # the verb would be left with nothing but its subject
    if tok.dep_ != "prep":
        return False
    if head.pos_ in {"NUM", "PRON", "ADJ", "DET"} or head.lower_ in {"one", "more", "less"}:
        return True
    return head.pos_ in {"VERB", "AUX"} and tok.lower_ in _VERB_BOUND_PREPS


def leaves_bare(sent: Span, con: Constituent, removed: set[int]) -> bool:
    """Whether cutting ``con`` (after ``removed``) leaves its verb with only its subject."""
    head = sent.doc[con.head].head
    if head.pos_ not in {"VERB", "AUX"}:
        return False
    return not any(
        c.i not in removed and c.i not in con.tokens and c.dep_ not in _BARE_DEPS
        for c in head.children
    )


#: Labels of what completes a verb: with one of them kept, the verb does not end bare.
_VERB_COMPLEMENTS = frozenset("dobj attr acomp oprd ccomp xcomp dative prt".split())
#: Penn tags of a finite verb form (a tense, or a modal).
FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP", "MD"})


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
    nxt = next((t for t in doc[max(cut) + 1 : sent.end] if _is_word(t)), None)
    if nxt is None or nxt.i in gone or nxt.pos_ != "VERB" or nxt.tag_ not in _PAST_OR_FINITE:
        return False
    if any(c.dep_ in _SUBJ or c.dep_ == "expl" for c in nxt.children):
        return False
    return any(doc[i].dep_ in _SUBJ and doc[i].head.i in cut for i in cut)


def strands_connective(sent: Span, cut: frozenset[int], removed: set[int]) -> bool:
    """Whether cutting ``cut`` (after ``removed``) leaves a connective with nothing to join: an
    "and"/"but" whose conjuncts after it all go ("got in due to ... *but* at one point*, ... he
    was projected to fall*"), or a "while"/"after" whose clause keeps no verb ("while an ISIS
    militant *decked in black guards over them*", a misparse)."""
    gone = removed | cut
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
    return False


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
    kept = [t for t in sent if t.i not in gone and _is_word(t)]
    for verb in kept:
        if verb.pos_ not in {"VERB", "AUX"} or verb.dep_ not in _CLAUSE_HEADS:
            continue
        kids = list(verb.children)
        if sum((c.dep_ in _SUBJ or c.dep_ == "expl") and not _aside_subject(c) for c in kids) == 1:
            continue
        if verb.tag_ not in FINITE_TAGS and not any(
            c.dep_ in {"aux", "auxpass"} and c.tag_ in FINITE_TAGS for c in kids
        ):
            continue
        # The parse lost this verb's subject (or found two): the real one hides somewhere before
        # the verb, so nothing before the verb goes.
        first = min([verb.i] + [c.i for c in kids if c.i < verb.i and c.dep_ in _VERB_GROUP])
        if any(_is_word(doc[j]) for j in range(sent.start, first)) and con.lo < first:
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
    if (
        gov.pos_ == "ADP"
        and gov.dep_ in {"prep", "agent"}
        and gov.i not in gone
        and not any(c.i not in gone and c.dep_ in _OBJECTS for c in gov.children)
    ):
        return True  # strands a preposition: "clueless as *to why ...*" left "clueless as"
    quoted = straight_quote_mask(sent)
    if any(quoted[i - sent.start] for i in range(con.lo, con.hi + 1)):
        return True  # inside a quotation: a cut there misquotes (an editor's read, row 223)
    if gov.i in gone or head.i < gov.i:
        return False
    # "Vonn was *back at Augusta* on Friday": a "be" with no other complement says what it
    # says in its first dependent after it.
    if (
        gov.lemma_ == "be"
        and gov.dep_ in _CLAUSE_HEADS
        and not any(c.dep_ in _VERB_COMPLEMENTS for c in gov.children)
        and head.i == min((c.i for c in gov.rights if not c.is_punct), default=-1)
    ):
        return True
    if head.lower_ == "like" and gov.lemma_ in LINKING_VERBS:
        return True  # "might not sound *like the cleverest idea*"
    after = next((t for t in kept if t.i > gov.i), None)
    # "as they look *to keep up the pressure*": an infinitive completes the verb like a prep.
    infinitive = head.dep_ == "advcl" and doc[con.lo].lower_ == "to"
    if gov.pos_ in {"VERB", "AUX"} and (head.dep_ in {"prep", "agent"} or infinitive):
        ends = after is None or not gov.is_ancestor(after)
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


def _inside_word(sent: Span, lo: int, hi: int) -> bool:
    """The subtree starts or ends inside a written word ("21-*year*-old", "*38-year*-old")."""
    doc = sent.doc
    if lo > sent.start and not doc[lo - 1].whitespace_ and doc[lo - 1].text not in COMMAS:
        return True
    if hi + 1 < sent.end and not doc[hi].whitespace_ and doc[hi + 1].text in HYPHENS:
        return True  # a hyphenated word goes whole or not at all
    return hi + 1 < sent.end and not doc[hi].whitespace_ and not doc[hi + 1].is_punct


SINGLE_QUOTES = frozenset({"'", "‘", "’"})
#: Joiners of a written word split into tokens ("38-year-old").
HYPHENS = frozenset({"-", "‐", "/"})


def _licenses_article(tok: Token) -> bool:
    """``tok`` is what makes "a"/"an" fit a plural noun ("a *record* 133 Tests", "a *few* days")."""
    head = tok.head
    if tok.dep_ not in {"nmod", "npadvmod", "amod", "advmod"} or head.tag_ not in {"NNS", "NNPS"}:
        return False
    return any(c.dep_ == "det" and c.lower_ in {"a", "an"} and c.i < tok.i for c in head.children)


def _depth(tok: Token) -> int:
    d = 0
    while tok.head.i != tok.i and d < 50:
        tok = tok.head
        d += 1
    return d


def _under(tok: Token, labels: frozenset[str], stop: int) -> bool:
    """Whether ``tok`` or one of its heads below ``stop`` (the root) bears one of ``labels``."""
    d = 0
    while tok.i != stop and tok.head.i != tok.i and d < 50:
        if tok.dep_ in labels:
            return True
        tok = tok.head
        d += 1
    return False


def _span_depth(tok: Token) -> int:
    best = 0
    stack = [(tok, 0)]
    while stack:
        t, d = stack.pop()
        best = max(best, d)
        if d < 20:
            stack.extend((c, d + 1) for c in t.children)
    return best


_SUBJ = frozenset({"nsubj", "nsubjpass", "csubj", "csubjpass"})
#: What a preposition governs: a cut that takes the last of them strands it.
_OBJECTS = frozenset({"pobj", "pcomp", "prep"})
_CLAUSE = frozenset({"ccomp", "xcomp"})


def _content(tok: Token) -> bool:
    return tok.is_alpha and not tok.is_stop


def article_counts(doc: Doc) -> Counter[str]:
    """Lower-cased content words of a whole article (counted once per doc, kept on the doc)."""
    cached = doc.user_data.get(ARTICLE_COUNTS)
    if cached is None:
        cached = Counter(t.lower_ for t in doc if _content(t))
        doc.user_data[ARTICLE_COUNTS] = cached
    return cast(Counter[str], cached)


#: Where :func:`article_counts` keeps its counts on a doc (training sets them from the article).
ARTICLE_COUNTS = "precis.cuts.article_counts"


def features(sent: Span, cons: list[Constituent], counts: Counter[str] | None = None) -> np.ndarray:
    """Feature matrix ``(len(cons), len(CUT_FEATURES))``: case-free, from the parse and from how
    often the article uses the constituent's words (``counts``: the article's content words,
    lower-cased; by default those of ``sent``'s doc, the article at run time)."""
    doc = sent.doc
    if counts is None:
        counts = article_counts(doc)
    own = Counter(t.lower_ for t in sent if _content(t))

    def elsewhere(t: Token) -> float:
        return math.log1p(max(counts.get(t.lower_, 0) - own[t.lower_], 0))

    x = np.zeros((len(cons), len(CUT_FEATURES)), dtype=np.float64)
    word_idx = [t.i for t in sent if _is_word(t)]
    n = max(len(word_idx), 1)
    pos_of = {i: k for k, i in enumerate(word_idx)}
    root = sent.root.i
    for row, c in zip(x, cons, strict=True):
        tok = doc[c.head]
        span = doc[c.lo : c.hi + 1]
        words = [t for t in span if _is_word(t)]
        k = len(words)
        row[_INDEX[f"dep_{tok.dep_}"]] = 1.0
        row[_INDEX["head_root"]] = tok.head.i == root
        row[_INDEX["head_verb"]] = tok.head.pos_ in {"VERB", "AUX"}
        row[_INDEX["head_noun"]] = tok.head.pos_ in {"NOUN", "PROPN", "PRON"}
        if tok.pos_ in _POS:
            row[_INDEX[f"pos_{tok.pos_.lower()}"]] = 1.0
        row[_INDEX["depth"]] = _depth(tok)
        row[_INDEX["words"]] = k
        row[_INDEX["words_log"]] = math.log1p(k)
        row[_INDEX["share"]] = k / n
        if words:
            first = pos_of.get(words[0].i, 0)
            last = pos_of.get(words[-1].i, n - 1)
            row[_INDEX["start_rel"]] = first / n
            row[_INDEX["end_rel"]] = (last + 1) / n
            row[_INDEX["at_start"]] = first == 0
            row[_INDEX["at_end"]] = last == n - 1
            w0 = words[0].lower_
            if w0 in _FIRST:
                row[_INDEX[f"first_{w0}"]] = 1.0
        row[_INDEX["comma_before"]] = c.lo - 1 >= sent.start and doc[c.lo - 1].text in COMMAS
        row[_INDEX["comma_after"]] = c.hi + 1 < sent.end and doc[c.hi + 1].text in COMMAS
        row[_INDEX["has_num"]] = any(t.like_num or t.pos_ == "NUM" for t in words)
        row[_INDEX["has_propn"]] = any(t.pos_ == "PROPN" for t in words)
        row[_INDEX["has_verb"]] = any(t.pos_ in {"VERB", "AUX"} for t in words)
        row[_INDEX["has_reporting"]] = any(t.lower_ in _REPORTING for t in words)
        row[_INDEX["sent_words_log"]] = math.log1p(n)
        row[_INDEX["in_subject"]] = _under(tok.head, _SUBJ, root)
        row[_INDEX["in_clause"]] = _under(tok.head, _CLAUSE, root)
        row[_INDEX["gov_reporting"]] = tok.head.lower_ in _REPORTING
        row[_INDEX["gov_propn"]] = tok.head.pos_ == "PROPN"
        row[_INDEX["after_root"]] = c.lo > root
        row[_INDEX["has_time"]] = any(t.lower_ in _TIME for t in words)
        row[_INDEX["has_quote_mark"]] = any(t.is_quote for t in span)
        row[_INDEX["children"]] = sum(1 for _ in tok.children)
        row[_INDEX["span_depth"]] = _span_depth(tok)
        inside = [elsewhere(t) for t in words if _content(t)]
        rest = [elsewhere(t) for t in sent if _content(t) and not c.lo <= t.i <= c.hi]
        row[_INDEX["content_words"]] = len(inside)
        if inside:
            row[_INDEX["art_share"]] = sum(v > 0 for v in inside) / len(inside)
            row[_INDEX["art_mean_log"]] = sum(inside) / len(inside)
            row[_INDEX["art_max_log"]] = max(inside)
        if rest:
            row[_INDEX["rest_mean_log"]] = sum(rest) / len(rest)
        row[_INDEX["art_rel"]] = row[_INDEX["art_mean_log"]] - row[_INDEX["rest_mean_log"]]
    return x


_lock = threading.Lock()
_model: Model | None = None


def load_model(spec: dict[str, Any] | None = None) -> Model:
    """The packaged deletion model (loaded once per process), or one built from ``spec``."""
    global _model
    if spec is not None:
        return Model(spec, names=CUT_FEATURES)
    with _lock:
        if _model is None:
            text = resources.files("precis").joinpath("data", "compress.json").read_text("utf-8")
            _model = Model(json.loads(text), names=CUT_FEATURES)
        return _model


def delete_probabilities(
    sent: Span, cons: list[Constituent], model: Model | None = None
) -> np.ndarray:
    """P(an editor deletes it) for each constituent."""
    if not cons:
        return np.zeros(0, dtype=np.float64)
    m = model or load_model()
    z = m.decision(features(sent, cons))
    return 1.0 / (1.0 + np.exp(-z))
