"""Sentence compression by deletion: shorten a parsed sentence toward 10-20 words.

Only whole constituents are removed (from spaCy's dependency parse), never words added, so what
remains is the article's own words in the article's order. A leading connective ("But",
"However,") and parentheticals always go. The other deletions are learned
(:mod:`precis.highlighter.cuts`: which constituents CNN/DM's reference highlights delete); while
the sentence is longer than the target, the constituent an editor most likely deletes goes, within
hard limits: the core clause (subject, verb, complement, and the reported clause that carries the
news) is never cut, nor anything inside a quotation, and quote marks stay balanced. A sentence
that cannot be brought under :func:`max_words` is left whole, and the highlights stage skips it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from precis.highlighter.cuts import (
    COMMAS,
    constituents,
    delete_probabilities,
    leaves_bare,
    quote_mask,
)
from precis.highlighter.scorer import Model
from precis.lexicon import CONNECTIVES
from precis.model import Piece

#: Cut constituents until a sentence has at most this many words. With the 25-word cap, 24 scores
#: best on CNN/DM dev (about 19 words per highlight; BENCHMARKS.md).
TARGET_WORDS = 24

OPEN_QUOTES = frozenset('"“‘«')
CLOSE_QUOTES = frozenset('"”’»')
DANGLING_STARTS = frozenset(
    "it its they them their his her this that these those such there's here".split()
)
#: A constituent this likely to be deleted by an editor goes even from a short sentence.
EAGER = 0.9
#: One less likely than this is never deleted: the sentence stays long (and may be skipped).
FLOOR = 0.3
#: A cut that leaves at least this share of the target is preferred to one that overshoots.
KEEP_SHARE = 0.7
#: A cut never leaves fewer words than this.
MIN_KEPT_WORDS = 6
_STOPS = frozenset({".", "!", "?", ")", "]"})
_EDGE = " \t\n,;:"


@dataclass
class Cut:
    tokens: frozenset[int]
    reason: str


@dataclass
class Compression:
    """Kept token indices (doc indices) of one sentence, and what was cut and why."""

    sentence: Span
    kept: list[int]
    cuts: list[str] = field(default_factory=list)

    @property
    def words(self) -> int:
        doc = self.sentence.doc
        return sum(1 for i in self.kept if not (doc[i].is_punct or doc[i].is_space))

    def runs(self) -> list[tuple[int, int]]:
        """Contiguous runs of kept tokens as char spans into the doc text."""
        doc = self.sentence.doc
        spans: list[tuple[int, int]] = []
        prev = -2
        for i in self.kept:
            tok = doc[i]
            if tok.is_space:
                continue  # a run never spans a stretch the cleaner blanked out (a caption)
            end = tok.idx + len(tok.text)
            if i == prev + 1 and spans and tok.idx - spans[-1][1] <= 1:
                spans[-1] = (spans[-1][0], end)
            else:
                spans.append((tok.idx, end))
            prev = i
        return spans


def _balanced(tokens: list[Token]) -> bool:
    return balanced("".join(t.text for t in tokens))


def balanced(text: str) -> bool:
    """Quote marks and brackets pair up (a highlight never opens a quote it does not close)."""
    straight = text.count('"') % 2 == 0
    curly = text.count("“") == text.count("”")
    parens = text.count("(") == text.count(")")
    return straight and curly and parens


def _always_cuts(sent: Span, in_quote: list[bool]) -> list[Cut]:
    """Cuts that always apply: a leading connective ("But", "However,") and parentheticals."""
    doc = sent.doc
    start, end = sent.start, sent.end
    always: list[Cut] = []
    first = doc[start]
    if first.lower_ in CONNECTIVES and not in_quote[0] and first.dep_ in {"cc", "advmod", "mark"}:
        toks = {start}
        if start + 1 < end and doc[start + 1].text in COMMAS:
            toks.add(start + 1)
        always.append(Cut(frozenset(toks), f"leading connective {first.text!r}"))
    i = start
    while i < end:
        if doc[i].text == "(" and not in_quote[i - start]:
            j = i + 1
            while j < end and doc[j].text != ")":
                j += 1
            if j < end:
                always.append(Cut(frozenset(range(i, j + 1)), "parenthetical"))
                i = j
        i += 1
    return always


def _trim_edges(doc_tokens: list[Token]) -> list[Token]:
    """Drop punctuation left dangling at either end (but keep closing quotes and brackets)."""
    while doc_tokens and (
        doc_tokens[0].is_space or (doc_tokens[0].is_punct and doc_tokens[0].text not in OPEN_QUOTES)
    ):
        doc_tokens = doc_tokens[1:]
    while doc_tokens and (
        doc_tokens[-1].is_space
        or (doc_tokens[-1].is_punct and doc_tokens[-1].text not in CLOSE_QUOTES | {")", "]"})
    ):
        doc_tokens = doc_tokens[:-1]
    return doc_tokens


def compress(
    sent: Span,
    target: int = TARGET_WORDS,
    eager: float | None = None,
    floor: float | None = None,
    model: Model | None = None,
) -> Compression:
    """Shorten ``sent`` by deleting constituents; see the module docstring.

    While the sentence is longer than ``target``, the constituent an editor most likely deletes
    (probability at least ``floor``) goes, preferring one whose loss leaves at least
    ``KEEP_SHARE`` of the target; one at or above ``eager`` goes even from a short sentence.
    """
    eager = EAGER if eager is None else eager
    floor = FLOOR if floor is None else floor
    in_quote = quote_mask(sent)
    removed: set[int] = set()
    reasons: list[str] = []

    def kept_tokens(extra: frozenset[int] = frozenset()) -> list[Token]:
        return _tidy([t for t in sent if t.i not in removed and t.i not in extra])

    for cut in _always_cuts(sent, in_quote):
        trial = kept_tokens(cut.tokens)
        if _n_words(trial) >= 4 and _balanced(trial):
            removed |= cut.tokens
            reasons.append(cut.reason)
    doc = sent.doc
    cons = constituents(sent)
    probs = delete_probabilities(sent, cons, model)
    word_sets = [
        frozenset(i for i in c.tokens if not (doc[i].is_punct or doc[i].is_space)) for c in cons
    ]
    words = {t.i for t in kept_tokens() if not (t.is_punct or t.is_space)}
    refused: set[int] = set()
    while True:
        n = len(words)
        options = [
            k
            for k in range(len(cons))
            if k not in refused
            and probs[k] >= floor
            and (n > target or probs[k] >= eager)
            and word_sets[k] & words
        ]
        if not options:
            break
        enough = [k for k in options if n - len(word_sets[k] & words) >= target * KEEP_SHARE]
        k = max(enough or options, key=lambda j: probs[j])
        con = cons[k]
        trial = kept_tokens(con.tokens)
        if (
            _n_words(trial) >= MIN_KEPT_WORDS
            and _balanced(trial)
            and _has_clause(trial)
            and not leaves_bare(sent, con, removed)
        ):
            removed |= con.tokens
            words -= con.tokens
            reasons.append(f"{doc[con.head].dep_} p={probs[k]:.2f}")
        refused.add(k)
    final = kept_tokens()
    return Compression(sent, [t.i for t in final], reasons)


def _is_word(tok: Token) -> bool:
    return not (tok.is_punct or tok.is_space)


def _n_words(tokens: list[Token]) -> int:
    return sum(1 for t in tokens if not (t.is_punct or t.is_space))


def _tidy(tokens: list[Token]) -> list[Token]:
    """Kept tokens without the punctuation a deletion left doubled or dangling (", ." / ", ,")."""
    out: list[Token] = []
    for tok in tokens:
        if out and out[-1].text in COMMAS and (tok.text in COMMAS or tok.text in _STOPS):
            out.pop()
        out.append(tok)
    return _trim_edges(out)


def _has_clause(tokens: list[Token]) -> bool:
    """A verb and something before it: enough to read as a sentence."""
    return any(t.pos_ in {"VERB", "AUX"} for t in tokens[1:])


#: No highlight is longer than this unless the caller asks for longer ones (target > 25).
HARD_CAP = 25


def max_words(target: int) -> int:
    """The longest highlight allowed when compressing toward ``target``."""
    return HARD_CAP if target <= HARD_CAP else target + target // 4


def shorten_framed(pieces: list[Piece], comp: Compression) -> list[Piece]:
    """A framed highlight's content cut to what ``comp`` kept of its sentence.

    ``pieces`` are label, frame verb, then content (quote marks are pieces without a span and
    stay); ``comp`` compressed the sentence the content comes from, so the cuts are the model's.
    """
    runs = comp.runs()
    text = comp.sentence.doc.text
    out = pieces[:2]
    for piece in pieces[2:]:
        if piece.span is None:
            out.append(piece)
            continue
        start, end = piece.span
        for rs, re_ in runs:
            s, e = max(start, rs), min(end, re_)
            while s < e and text[s] in _EDGE:
                s += 1
            while e > s and text[e - 1] in _EDGE:
                e -= 1
            if e > s:
                out.append(Piece(text[s:e], (s, e), piece.lower and s == start))
    return out
