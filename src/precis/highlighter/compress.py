"""Sentence compression by deletion: shorten a parsed sentence toward 8-20 words.

Only whole constituents are removed (from spaCy's dependency parse), never words added, so what
remains is the article's own words in the article's order. Each removal is a *cut*: a set of
tokens plus the reason. Some cuts always apply (a leading "But", a parenthetical); the others
apply, in order of how little they usually matter, only while the sentence is too long.
Nothing inside a quotation is cut, and quote marks stay balanced.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Span, Token

#: Cut optional constituents until a sentence has at most this many words. 30 is the best
#: trade-off measured on CNN/DM dev (BENCHMARKS.md); 20 gives terser highlights at a ROUGE cost.
TARGET_WORDS = 30

CONNECTIVES = frozenset(
    "but however meanwhile and also still yet so now instead moreover furthermore nevertheless "
    "nonetheless besides additionally separately similarly likewise indeed then thus therefore "
    "otherwise plus or though although while".split()
)
OPEN_QUOTES = frozenset('"“‘«')
CLOSE_QUOTES = frozenset('"”’»')
QUOTE_CHARS = frozenset('"“”«»')
#: Subject pronouns that dangle when their sentence is lifted out of the article.
PERSON_PRONOUNS = frozenset({"he", "she"})
DANGLING_STARTS = frozenset(
    "it its they them their his her this that these those such there's here".split()
)
TRAILING_DEPS = frozenset({"advcl", "conj", "npadvmod", "prep", "xcomp", "acl", "cc", "dep"})
LEADING_DEPS = frozenset({"advcl", "prep", "npadvmod", "advmod", "dep", "intj"})


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
            end = tok.idx + len(tok.text)
            if i == prev + 1 and spans:
                spans[-1] = (spans[-1][0], end)
            else:
                spans.append((tok.idx, end))
            prev = i
        return spans


def quote_mask(sent: Span) -> list[bool]:
    """For each token of ``sent``: is it inside (or is it) a quotation mark pair?"""
    inside = False
    mask: list[bool] = []
    for tok in sent:
        t = tok.text
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


def _balanced(tokens: list[Token]) -> bool:
    return balanced("".join(t.text for t in tokens))


def balanced(text: str) -> bool:
    """Quote marks and brackets pair up (a highlight never opens a quote it does not close)."""
    straight = text.count('"') % 2 == 0
    curly = text.count("“") == text.count("”")
    parens = text.count("(") == text.count(")")
    return straight and curly and parens


def _subtree_range(tok: Token) -> tuple[int, int]:
    return tok.left_edge.i, tok.right_edge.i


def _candidate_cuts(sent: Span, in_quote: list[bool]) -> tuple[list[Cut], list[Cut]]:
    """(always-cuts, optional cuts in order of preference)."""
    doc = sent.doc
    start, end = sent.start, sent.end
    always: list[Cut] = []
    optional: list[Cut] = []

    def quoted(lo: int, hi: int) -> bool:
        return any(in_quote[i - start] for i in range(max(lo, start), min(hi + 1, end)))

    def comma(i: int) -> bool:
        return start <= i < end and doc[i].text in {",", ";", "—", "–", "--"}

    # A leading connective ("But", "However,") and the comma after it.
    first = doc[start]
    if first.lower_ in CONNECTIVES and not in_quote[0] and first.dep_ in {"cc", "advmod", "mark"}:
        toks = {start}
        if comma(start + 1):
            toks.add(start + 1)
        always.append(Cut(frozenset(toks), f"leading connective {first.text!r}"))

    # Parentheticals "( ... )" outside quotes.
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

    root = sent.root
    for tok in sent:
        lo, hi = _subtree_range(tok)
        if lo < start or hi >= end or quoted(lo, hi):
            continue
        # Non-restrictive appositive or relative clause: ", X ," or ", X" at the end.
        if tok.dep_ in {"appos", "relcl"} and comma(lo - 1):
            if tok.dep_ == "relcl" and doc[lo].lower_ not in {"which", "who", "whose", "whom"}:
                continue
            toks = set(range(lo - 1, hi + 1))
            if comma(hi + 1) and doc[hi + 1].text == ",":
                toks.add(hi + 1)
            optional.append(Cut(frozenset(toks), f"non-restrictive {tok.dep_}"))
    for child in root.children:
        lo, hi = _subtree_range(child)
        if (
            lo < start
            or hi >= end
            or quoted(lo, hi)
            or child.dep_ in {"punct", "nsubj", "nsubjpass", "aux", "neg"}
        ):
            continue
        # Leading adverbial before the subject: "Speaking at the UN on Wednesday, X said ..."
        if child.i < root.i and lo == start and comma(hi + 1) and child.dep_ in LEADING_DEPS:
            optional.append(Cut(frozenset(range(lo, hi + 2)), f"leading {child.dep_}"))
    # Trailing clause after a comma, hanging off any verb: "..., adding that ...",
    # "..., but residents said ...", "..., after a meeting in New York".
    last = end - 1
    while last > start and doc[last].is_punct and doc[last].text not in CLOSE_QUOTES:
        last -= 1
    for tok in sent:
        lo, hi = _subtree_range(tok)
        if tok.i <= tok.head.i or hi < last or lo <= start or hi >= end:
            continue
        if tok.dep_ not in TRAILING_DEPS or tok.head.pos_ not in {"VERB", "AUX"}:
            continue
        if tok.dep_ == "conj" and tok.pos_ not in {"VERB", "AUX"}:
            continue
        if doc[lo - 1].dep_ == "cc" and comma(lo - 2):
            lo -= 1
        if comma(lo - 1) and not quoted(lo - 1, hi):
            optional.append(Cut(frozenset(range(lo - 1, hi + 1)), f"trailing {tok.dep_}"))
    return always, optional


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


def compress(sent: Span, target: int = TARGET_WORDS) -> Compression:
    """Shorten ``sent`` by deleting constituents; see the module docstring."""
    in_quote = quote_mask(sent)
    always, optional = _candidate_cuts(sent, in_quote)
    removed: set[int] = set()
    reasons: list[str] = []

    def kept_tokens(extra: frozenset[int] = frozenset()) -> list[Token]:
        return _trim_edges([t for t in sent if t.i not in removed and t.i not in extra])

    def n_words(tokens: list[Token]) -> int:
        return sum(1 for t in tokens if not (t.is_punct or t.is_space))

    for cut in always:
        trial = kept_tokens(cut.tokens)
        if n_words(trial) >= 4 and _balanced(trial):
            removed |= cut.tokens
            reasons.append(cut.reason)
    # Optional cuts in order of how little they usually carry: asides, then leading adverbials,
    # then trailing clauses (the last ones only if the sentence is still too long).
    rank = {"non-restrictive": 0, "leading": 1, "trailing": 2}
    for cut in sorted(optional, key=lambda c: rank[c.reason.split()[0]]):
        current = kept_tokens()
        if n_words(current) <= target:
            break
        trial = kept_tokens(cut.tokens)
        if n_words(trial) >= 6 and _balanced(trial) and _has_clause(trial):
            removed |= cut.tokens
            reasons.append(cut.reason)
    final = kept_tokens()
    return Compression(sent, [t.i for t in final], reasons)


def _has_clause(tokens: list[Token]) -> bool:
    """A verb and something before it: enough to read as a sentence."""
    return any(t.pos_ in {"VERB", "AUX"} for t in tokens[1:])
