"""Check the promise precis makes: every highlight is built from the article's own words.

Pieces are compared with the article exactly (offsets point at what they claim); the rendered
text is compared word by word ignoring case, because rendering may change the case of a first
letter (the highlight's start, a ``lower`` piece after "says") and nothing else.
"""

from __future__ import annotations

import re

from precis.highlighter.frame import FRAME_VERB, PLURAL_FRAME_VERB
from precis.highlighter.stage import render
from precis.model import Analysis, Highlight

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
FRAME_WORDS = frozenset({FRAME_VERB, PLURAL_FRAME_VERB})


def problems(highlight: Highlight, text: str) -> list[str]:
    """What is wrong with one highlight against its article (empty when faithful)."""
    found: list[str] = []
    article_words = {w.lower() for w in _WORD.findall(text)}
    for piece in highlight.pieces:
        if piece.span is None:
            if piece.text not in FRAME_WORDS and _WORD.search(piece.text):
                found.append(f"unanchored words {piece.text!r}")
            continue
        start, end = piece.span
        if not (0 <= start < end <= len(text)) or text[start:end] != piece.text:
            found.append(f"piece {piece.text!r} is not the text at {piece.span}")
    for word in _WORD.findall(highlight.text):
        if word.lower() not in article_words and word not in FRAME_WORDS:
            found.append(f"word {word!r} is not in the article")
    if render(highlight.pieces) != highlight.text:
        found.append("text is not the rendering of its pieces")
    return found


def unfaithful(analysis: Analysis) -> dict[int, list[str]]:
    """Problems per highlight index, for highlights that break the promise."""
    text = analysis.article.text
    out = {i: problems(h, text) for i, h in enumerate(analysis.highlights)}
    return {i: p for i, p in out.items() if p}
