"""Find quotations in raw text: straight and curly double quotes, across sentences and paragraphs.

News convention: a quote that runs over several paragraphs leaves each paragraph open and re-opens
the next one. So an unclosed quote ends at its paragraph's end, and a stray closing mark is ignored:
odd input never raises and never yields a span outside the text.
"""

from __future__ import annotations

import re

from precis.model import Offsets

_OPEN = "“«„"
_CLOSE = "”»"
#: Quotes with fewer words are scare quotes or titles ("fake news"), part of the sentence.
MIN_WORDS = 3


#: The only characters the scan reacts to; everything between them is skipped in C (the scan once
#: stepped through every character in Python: a tenth of the claims stage's time).
_EVENT = re.compile("``|''|[\n\"" + _OPEN + _CLOSE + "]")


def find_quotes(text: str) -> list[Offsets]:
    """Spans of double-quoted stretches (marks included), in order, never nested."""
    out: list[Offsets] = []
    open_at: int | None = None
    for m in _EVENT.finditer(text):
        i, mark = m.start(), m.group()
        if mark == "\n":
            if open_at is not None:
                end = i
                while end > open_at + 1 and text[end - 1].isspace():
                    end -= 1
                out.append((open_at, end))
                open_at = None
        elif mark in _OPEN or mark == "``" or (open_at is None and mark in ('"', "''")):
            # Straight marks open when nothing is open: '"' and the '' of some converted feeds.
            if open_at is None:
                open_at = i
        elif open_at is not None:  # a closing mark: curly, '"' or ''
            out.append((open_at, m.end()))
            open_at = None
    if open_at is not None:
        end = len(text)
        while end > open_at + 1 and text[end - 1].isspace():
            end -= 1
        out.append((open_at, end))
    return [q for q in out if q[1] - q[0] > 2]


def word_count(text: str, span: Offsets) -> int:
    return len(text[span[0] : span[1]].split())


def long_quotes(text: str, found: list[Offsets] | None = None) -> list[Offsets]:
    """Quotes long enough to be someone's words rather than a phrase in the writer's sentence.

    ``found``: :func:`find_quotes` of ``text`` when the caller already has it.
    """
    quotes = find_quotes(text) if found is None else found
    return [q for q in quotes if word_count(text, q) >= MIN_WORDS]
