"""Which parse constituents a highlight may cut: the candidates of sentence compression.

A *constituent* is the subtree of one token whose dependency label marks it as optional in
principle (a prepositional phrase, an adverbial clause, an appositive, a relative clause, a
conjoined verb phrase, ...). :func:`constituents` lists a sentence's candidates;
:mod:`precis.highlighter.cut_model` gives each the probability that an editor deletes it and
:mod:`precis.highlighter.cut_guards` refuses, as the cuts go, one that would break what is left.

Hard constraints come first, here: the sentence's core clause is never offered. The core is the
root verb with its subject, auxiliaries, negation and complements, and, when the root takes a
clausal complement ("police said *two men were arrested*"), that clause's core too, so the clause
that carries the news is never the one deleted. Nothing inside a quotation is offered, nor words
that reverse or bound a meaning ("never", "only", "nearly"), nor part of a hyphenated word, a
comma-joined main verb, an infinitive completing a noun ("a way *to go*") or a clause's "when".
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from spacy.tokens import Doc, Span, Token

from precis import nlp
from precis.lexicon import CONDITIONALS, HEDGES, PART_NOUNS

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
BARE_DEPS = frozenset("nsubj nsubjpass aux auxpass punct mark cc neg advmod".split())


#: Prepositions that complete a verb rather than modify it ("turning the region *into* ...").
_VERB_BOUND_PREPS = frozenset("into onto to as of than at".split())


#: Words whose loss would reverse or unbound what the sentence says.
NEVER_CUT = frozenset(
    "not n't never no nothing nobody none only nearly almost hardly barely scarcely just "
    "least less more most too so very once again already still yet".split()
)


#: Penn tags of a finite verb form (a tense, or a modal).
FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP", "MD"})
COMMAS = frozenset({",", ";", "—", "–", "--"})


REPORTING = frozenset("said says say told tells according added adds claimed reported".split())


#: Verbs of a reporting clause after a quotation or an aside ("..., she explained.").
_REPORTING_TAIL = REPORTING | frozenset(
    "explained explains insisted insists wrote writes shows show showed suggests suggest found "
    "finds revealed reveals warned warns".split()
)


@dataclass(frozen=True)
class Constituent:
    """One deletable subtree of a sentence: its head, and the tokens a cut removes."""

    head: int  # doc index of the subtree's head
    lo: int  # first and last doc index of the subtree (without attached punctuation)
    hi: int
    tokens: frozenset[int]  # what the cut removes: the subtree, a paired comma, a leading "and"


def is_word(tok: Token) -> bool:
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


#: Words a measure before them makes exact ("*a week* before", "*a month* earlier", "*six
#: years* old").
_MEASURED = frozenset({"ADP", "ADV", "SCONJ", "ADJ"})


def _extraposed(clause: Token) -> bool:
    """Whether ``clause`` is the real subject its head's "it" stands for ("it is hard *to say*",
    "it is likely *that ...*", "found it difficult *to score*"): an infinitive or "that" clause
    of a verb with an "it" subject and an adjective or noun complement, or of such an adjective."""
    head = clause.head
    if not any(c.dep_ in {"nsubj", "nsubjpass"} and c.lower_ == "it" for c in head.children):
        return False
    # The head may be the adjective of a small clause itself ("found it difficult *to ...*").
    if head.pos_ != "ADJ" and not any(c.dep_ in {"acomp", "attr"} for c in head.children):
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


def _inside_name(tok: Token, lo: int, hi: int) -> bool:
    """Whether ``tok``'s subtree (``lo``..``hi``) is capitalised words modifying a capitalised
    head: part of a name."""
    doc = tok.doc
    return tok.head.is_title and all(
        t.is_title or t.is_punct or t.lower_ in {"and", "of", "&"} for t in doc[lo : hi + 1]
    )


def constituents(sent: Span) -> list[Constituent]:
    """Deletable constituents of ``sent`` (hard constraints applied), in sentence order."""
    doc = sent.doc
    start, end = sent.start, sent.end
    in_quote = quote_mask(sent, single=True)
    core = core_tokens(sent)
    words = [t.i for t in sent if is_word(t)]
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
        span_words = [t for t in doc[lo : hi + 1] if is_word(t)]
        if not span_words or any(t.lower_ in NEVER_CUT for t in span_words if t.i == tok.i):
            continue
        if tok.lower_ in HEDGES:
            continue  # "*likely*", "*allegedly*": the cut would state a guess as fact
        if tok.dep_ == "advmod" and tok.lower_ in {"last", "first"}:
            continue  # "was *last* seen on Saturday": when, not that, she was seen
        if tok.dep_ == "advcl" and any(
            c.dep_ == "mark" and c.lower_ in CONDITIONALS for c in tok.children
        ):
            continue  # "*if they lose*": the condition goes with what holds under it
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
        if (
            tok.dep_ in {"acl", "relcl"}
            and doc[lo - 1].text not in COMMAS
            and _singled_out(tok.head)
        ):
            continue  # "the only woman *who finished*", "the latest Westerner *accused of ...*"
        if tok.dep_ in {"acl", "relcl", "appos"} and _names_head(tok, lo, hi):
            continue  # "The man*, who has only been named as Mr Zhang,* was ...": who he is
        if (
            tok.dep_ in {"acl", "relcl"}
            and tok.head.dep_ == "appos"
            and all(c.dep_ in {"det", "punct"} or c.i == tok.i for c in tok.head.children)
        ):
            continue  # "Monbeg Dude, the horse *whom he owns with ...*,": "the horse" says nothing
        if tok.dep_ in {"acl", "relcl"} and tok.head.lower_ in _BARE_HEADS:
            continue  # "5 per cent of those *reporting problems with rats*": who "those" are
        if (
            tok.dep_ == "prep"
            and tok.lower_ in _OPPONENT_PREPS
            and tok.head.lower_ in _FIXTURES
            and any(c.dep_ == "pobj" and c.pos_ == "PROPN" for c in tok.children)
        ):
            continue  # "the return game *at Atletico Madrid*", "a 2-0 win *over Chelsea*": whom
        if tok.dep_ == "relcl" and doc[lo - 1].text not in COMMAS and tok.head.lower_ in _MANNER:
            continue  # "changes to the way *it tackles terrorism*": "the way" alone says nothing
        if tok.dep_ in {"acl", "relcl"} and doc[lo].lower_ in {"that", "why"}:
            # "accusations that the strikes hit civilians", "no reason why any of us shouldn't
            # reach 500": the noun's content, not an aside
            continue
        if tok.dep_ == "advcl" and doc[lo].lower_ == "that" and doc[lo - 1].lower_ != "so":
            continue  # "come as no surprise *that most people ...*": a misparsed complement
        if tok.dep_ == "prep" and any(c.dep_ == "pobj" and c.tag_ == "WDT" for c in tok.children):
            continue  # "a video *in which* a woman is groped": the relative clause's link
        if tok.dep_ == "conj" and tok.like_num and tok.head.like_num:
            continue  # "a boat 20 *or 30* feet long": one end of an estimate
        if tok.dep_ == "prep" and tok.lower_ == "without":
            continue  # "held *without bail*": a "without" denies what the verb would say
        if (tok.dep_ in {"nmod", "compound"} and _inside_name(tok, lo, hi)) or (
            tok.dep_ == "conj"
            and tok.head.dep_ in {"nmod", "compound"}
            and _inside_name(tok.head, tok.head.left_edge.i, tok.head.right_edge.i)
        ):
            continue  # "The *Oregon Parks and Recreation* Department": half a name
        if tok.dep_ == "prep" and tok.lower_ == "of" and tok.head.lower_ in PART_NOUNS:
            continue  # "a group *of pedestrians*", "at the base *of lit beacons*": of what
        if tok.dep_ == "prep" and tok.lower_ in {"of", "for"} and _name_of(tok):
            continue  # "the Duchy *of Cornwall*", "Transport *for London*": half a name
        if tok.dep_ == "conj" and _ends_list(tok, lo, hi):
            continue  # "a bowler hat, leather top *and a miniskirt*" would leave "hat, top."
        if tok.dep_ == "conj" and _ends_verb_list(tok):
            continue  # "rated ..., rode the Tube *and even pitched ...*": "X, Y." is a splice
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
        if (doc[lo].lower_ == "to" and _counted_with(doc[lo - 1])) or (
            hi + 1 < end and doc[hi + 1].lower_ == "to" and _counted_with(doc[hi])
        ):
            continue  # "with 28 minutes to go": the count and what it counts down to go together
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


#: Modifiers that single out one of a kind, which the clause after the noun then names.
#: Nouns a restrictive clause fills in ("the way it ...", "the extent to which ...").
_MANNER = frozenset({"way", "ways", "extent", "manner", "degree"})
#: Pronouns a clause after them defines ("those *who ...*", "anyone *caught ...*").
_BARE_HEADS = frozenset({"those", "anyone", "everyone", "someone", "anybody", "everybody"})
#: A fixture or result, and the prepositions that name the other side ("a 2-0 win *over Chelsea*").
_FIXTURES = frozenset(
    "game games match matches clash tie fixture draw defeat defeats loss win wins victory "
    "final semi-final leg fight bout showdown".split()
)
_OPPONENT_PREPS = frozenset({"against", "at", "over", "to", "with", "v", "vs"})
_SINGLING = frozenset({"only", "first", "last", "latest", "same", "next"})


def _singled_out(noun: Token) -> bool:
    """Whether ``noun`` is "the" one of a kind ("the only woman", "the latest Westerner", "the
    biggest club"): the restrictive clause after it says which, and cannot go."""
    if not any(c.dep_ == "det" and c.lower_ == "the" for c in noun.children):
        return False
    return any(
        c.dep_ == "amod" and (c.tag_ == "JJS" or c.lower_ in _SINGLING) for c in noun.children
    )


def _counted_with(tok: Token) -> bool:
    """Whether ``tok`` is a counted noun after "with" ("with 28 minutes", "with two games")."""
    return (
        tok.dep_ == "pobj"
        and tok.head.lower_ == "with"
        and any(c.dep_ == "nummod" for c in tok.children)
    )


def _name_of(prep: Token) -> bool:
    """Whether "of" or "for" joins two capitalised words of one name ("Duchy of Cornwall")."""
    head = prep.head
    obj = next((c for c in prep.children if c.dep_ == "pobj"), None)
    # The tagger reads a name's first word as a common noun at a sentence's start ("Transport").
    named = head.pos_ == "PROPN" or (head.i == head.sent.start and head.text[:1].isupper())
    return (
        obj is not None
        and named
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


_NAMING = frozenset({"name", "identify", "call", "dub", "know", "nickname", "christen"})


def _names_head(tok: Token, lo: int, hi: int) -> bool:
    """Whether a clause on a common noun names it ("the man, *named as Mr Zhang*", "a woman
    *identified as Jane Roe*", "the reptile *called Ryuu*", "The humanoid, *known as Ham*"): a
    naming verb with a proper noun after it."""
    if tok.head.pos_ == "PROPN":
        return False
    doc = tok.doc
    for t in doc[lo : hi + 1]:
        if t.pos_ == "VERB" and nlp.lemma(t) in _NAMING:
            return any(u.pos_ == "PROPN" for u in doc[t.i + 1 : hi + 1])
    return False


def _ends_verb_list(conj: Token) -> bool:
    """Whether ``conj`` is the last verb of three or more joined by commas and one "and"
    ("rated buskers ..., rode the Tube ... *and even pitched ...*"): without it and its "and",
    the others are a comma splice."""
    if conj.pos_ not in _VERBS:
        return False
    doc = conj.doc
    if not any(c.dep_ == "cc" for c in conj.head.children if c.i < conj.i):
        return False  # no "and" before it: not the list's closing item
    first = conj
    while first.dep_ == "conj" and first.head.i < first.i:
        first = first.head
    items = {first.i, *(c.i for c in first.subtree if c.dep_ == "conj" and c.pos_ in _VERBS)}
    return any(first.i < i < conj.i and doc[doc[i].left_edge.i - 1].text == "," for i in items)


_VERBS = frozenset({"VERB", "AUX"})


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
    """An adverb just before a participle that modifies a noun ("illegally obtained money"),
    however the parser hung the participle ("using *criminally* gained money": a conjunct with
    "money" its object)."""
    head = adverb.head
    doc = adverb.doc
    return (
        adverb.i == head.i - 1
        and head.tag_ == "VBN"
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
    if any(c.dep_ in SUBJECTS or c.dep_ == "expl" for c in verb.children):
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
        c.i != tok.i and c.dep_ not in BARE_DEPS for c in head.children
    ):
        return True  # the verb would be left with nothing but its subject
    if tok.dep_ != "prep":
        # "confines him *to home* ...", parsed "to" (aux) "home" (advmod): a preposition's
        # phrase by any other label, which the verb takes
        first = tok.doc[tok.left_edge.i]
        return (
            head.pos_ == "VERB"
            and tok.pos_ not in _VERBS
            and first.tag_ in {"IN", "TO"}
            and first.i < tok.i
            and takes(head, first.lower_)
        )
    if head.pos_ in {"NUM", "PRON", "ADJ", "DET"} or head.lower_ in {"one", "more", "less"}:
        return True
    if head.pos_ in {"VERB", "AUX"} and tok.lower_ in _VERB_BOUND_PREPS:
        return True
    return takes(head, tok.lower_)


#: A head that has a phrase of this preposition at least this share of the times it is used
#: needs it ("distanced herself *from ...*", "paid tribute *to ...*"; data/valency.json).
VALENCY_SHARE = 0.5


@lru_cache(maxsize=1)
def _valency() -> dict[str, dict[str, float]]:
    raw = resources.files("precis.data").joinpath("valency.json").read_text("utf-8")
    heads: dict[str, dict[str, float]] = json.loads(raw)["heads"]
    return heads


def takes(head: Token, prep: str) -> bool:
    """Whether ``head`` (a verb, noun or adjective) needs its ``prep`` phrase, by how often news
    text gives the word one (``scripts/build_valency.py``)."""
    if head.pos_ not in {"VERB", "NOUN", "ADJ"}:
        return False
    shares = _valency().get(f"{nlp.lemma(head).lower()}/{head.pos_}")
    return shares is not None and shares.get(prep, 0.0) >= VALENCY_SHARE


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


SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj", "csubjpass"})
