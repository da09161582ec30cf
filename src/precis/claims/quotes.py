"""Find quotations in raw text: straight and curly double quotes, across sentences and paragraphs.

News convention: a quote that runs over several paragraphs leaves each paragraph open and re-opens
the next one. So an unclosed quote ends at its paragraph's end, and a stray closing mark is ignored:
odd input never raises and never yields a span outside the text.
"""

from __future__ import annotations

import re
from bisect import bisect_left

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
                out.append(_open_until(text, open_at, i))
                open_at = None
        elif mark in _OPEN or mark == "``" or (open_at is None and mark in ('"', "''")):
            # Straight marks open when nothing is open: '"' and the '' of some converted feeds.
            if open_at is None:
                open_at = i
        elif open_at is not None:  # a closing mark: curly, '"' or ''
            out.append((open_at, m.end()))
            open_at = None
    if open_at is not None:
        out.append(_open_until(text, open_at, len(text)))
    return [q for q in out if q[1] - q[0] > 2]


def _open_until(text: str, start: int, end: int) -> Offsets:
    """A quotation left open at ``start``, ending at ``end`` (its paragraph's or the text's end)
    without the whitespace before it."""
    while end > start + 1 and text[end - 1].isspace():
        end -= 1
    return start, end


def word_count(text: str, span: Offsets) -> int:
    return len(text[span[0] : span[1]].split())


def long_quotes(text: str, found: list[Offsets] | None = None) -> list[Offsets]:
    """Quotes long enough to be someone's words rather than a phrase in the writer's sentence.

    ``found``: :func:`find_quotes` of ``text`` when the caller already has it.
    """
    quotes = find_quotes(text) if found is None else found
    return [q for q in quotes if word_count(text, q) >= MIN_WORDS]


#: Single quote marks: curly ones and the straight "'" that British-style copy quotes with.
_SINGLE_EVENT = re.compile("[\n‘’']")
_OPENS_AFTER = frozenset('([—–-:"“')
_CLOSES_AFTER = frozenset(".,!?…")
#: A single quotation left open this long (characters) was an apostrophe, not a quote.
MAX_SINGLE_QUOTE = 3000
#: A quotation this short (characters) closing on a plural's "s" is a phrase ("'red flags' for").
SHORT_PHRASE = 40


def find_single_quotes(text: str) -> list[Offsets]:
    """Spans of quotations in single marks (‘…’ or '…'), marks included, in order, never nested.

    British-style copy quotes speech in single marks, and a quotation that runs over several
    paragraphs re-opens each of them ("‘I’ve got a big job here. ... ‘If they want ... list.’"),
    while "’" and "'" are also apostrophes ("I’ve", "Bates' training"). So a mark opens only
    after a space or an opening bracket or dash and before a word; it closes only after
    punctuation or a letter other than a plural's "s", before a space, punctuation or the end;
    a re-opening mark inside an open quotation changes nothing; a quotation left open ends with
    its paragraph, but one left open for more than ``MAX_SINGLE_QUOTE`` characters, or at the end
    of the text, is dropped (the opener was most likely an apostrophe).
    """
    out: list[Offsets] = []
    open_at: int | None = None
    n = len(text)
    for m in _SINGLE_EVENT.finditer(text):
        i, mark = m.start(), m.group()
        before = text[i - 1] if i > 0 else " "
        after = text[i + 1] if i + 1 < n else " "
        if open_at is not None and i - open_at > MAX_SINGLE_QUOTE:
            open_at = None
        if mark == "\n":  # a quotation left open ends with its paragraph
            if open_at is not None:
                out.append(_open_until(text, open_at, i))
                open_at = None
            continue
        opens = (before.isspace() or before in _OPENS_AFTER) and (after.isalpha() or after in '“"')
        if mark != "’" and opens:
            if open_at is None:
                open_at = i
            continue
        # After an "s" a mark before a space is a plural's ("the players’ union") unless it
        # closes a short phrase ("'red flags' for").
        closes = (
            before in _CLOSES_AFTER
            or (
                before.isalpha()
                and (
                    before != "s"
                    or not after.isspace()
                    or (open_at is not None and i - open_at < SHORT_PHRASE)
                )
            )
        ) and (after.isspace() or after in _CLOSES_AFTER or after in ')]—–-:;"”')
        if closes and open_at is not None:
            out.append((open_at, i + 1))
            open_at = None
    return [q for q in out if q[1] - q[0] > 2]


def speech_spans(text: str) -> list[Offsets]:
    """Quotations of someone's words, in double or single marks, in order (see
    :func:`find_quotes`, :func:`find_single_quotes`; scare quotes of fewer than ``MIN_WORDS``
    words are left out)."""
    found = with_single_quotes(text, find_quotes(text))
    return [q for q in found if word_count(text, q) >= MIN_WORDS and _spoken(text, q)]


#: A quotation that closes after one of these ends someone's sentence ('... 10 times,' he said).
_SPOKEN_END = frozenset(".,!?…-–—")


#: Words a headline capitalises (function words of four letters or more count as well).
_TITLE_WORD = re.compile(r"[^\W\d_][\w'’]{3,}")
#: A quotation with this share of its longer words capitalised is headline style, not speech.
TITLE_SHARE = 0.7


def _spoken(text: str, span: Offsets) -> bool:
    """Whether a quotation reads as speech: it closes after its own punctuation, or runs to its
    paragraph's end; a title or a phrase ("Real Housewives of Beverly Hills") closes on a word,
    and a headline's quotation capitalises its words ("‘You Should Be Investigated.’")."""
    words = _TITLE_WORD.findall(text, span[0], span[1])
    if words and sum(w[0].isupper() for w in words) >= TITLE_SHARE * len(words):
        return False  # a headline's quotation ("Clinton: ‘Reeks of Fear.’")
    last = text[span[1] - 1]
    if last not in _CLOSE and last not in "\"'’":
        return True  # never closed: it ran to the paragraph's (or the text's) end
    return span[1] >= 2 and text[span[1] - 2] in _SPOKEN_END


def with_single_quotes(text: str, double: list[Offsets]) -> list[Offsets]:
    """``double`` (:func:`find_quotes`) and the speech in single marks outside them, in order.

    A single-quoted stretch counts only when it reads as speech (:func:`_spoken`, at least
    ``MIN_WORDS`` words): "'red flags'" stays part of the writer's sentence. One inside (or
    overlapping) a double quotation is a quote within the quote and is left out.
    """
    starts = [d[0] for d in double]

    def inside_double(q: Offsets) -> bool:
        # ``double`` is sorted and never nested: only the last one opening before q can reach it.
        k = bisect_left(starts, q[1]) - 1
        return k >= 0 and double[k][1] > q[0]

    single = [
        q
        for q in find_single_quotes(text)
        if word_count(text, q) >= MIN_WORDS and _spoken(text, q) and not inside_double(q)
    ]
    return sorted(double + single) if single else double
