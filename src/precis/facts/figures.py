"""Figures: numbers in the text, what they count, their unit and what happened to it.

A focused parser, because the library ones each miss forms news uses (word2number reads
"1.5 million" as 1,000,000). It reads digits with thousands commas and decimals, number words
("twenty-five", "three hundred and twelve"), "a dozen", scale words ("1.5 million", "$2bn"), vague
plurals ("hundreds of" -> 100, a lower bound), currency symbols and percentages. What a number
counts comes from the dependency parse (the noun it modifies, with its conjuncts: "425 young women
and girls"); the event from the verb that governs that noun ("36 civilians had been killed").
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from precis.model import Figure, Offsets

UNITS_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
    "ninety": 90, "dozen": 12, "half-dozen": 6,
}  # fmt: skip
SCALES = {"hundred": 100, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
          "m": 1e6, "mn": 1e6, "bn": 1e9, "k": 1e3, "tn": 1e12}  # fmt: skip
#: "hundreds of people": a vague count; the value is the lower bound.
VAGUE = {"dozens": 12, "scores": 20, "hundreds": 100, "thousands": 1e3, "millions": 1e6,
         "billions": 1e9, "tens": 10}  # fmt: skip
CURRENCY = {"$": "USD", "US$": "USD", "£": "GBP", "€": "EUR", "¥": "JPY"}
UNIT_WORDS = {
    "dollars": "USD", "dollar": "USD", "euros": "EUR", "euro": "EUR", "pounds": "GBP",
    "percent": "%", "per cent": "%", "%": "%", "km": "km", "kilometres": "km",
    "kilometers": "km", "miles": "mile", "mile": "mile", "metres": "m", "meters": "m",
    "feet": "ft", "foot": "ft", "tonnes": "t", "tons": "t", "kg": "kg", "kilograms": "kg",
    "mph": "mph", "acres": "acre", "hectares": "ha", "degrees": "degree", "barrels": "barrel",
}  # fmt: skip
EVENTS = {
    "kill", "die", "injure", "wound", "hurt", "arrest", "detain", "displace", "evacuate",
    "destroy", "damage", "target", "rescue", "kidnap", "abduct", "free", "release", "flee",
    "execute", "behead", "hit", "strike", "attack", "bomb", "shoot", "capture", "hold", "deport",
    "charge", "convict", "sentence", "infect", "sicken", "save", "leave",
}  # fmt: skip
_STATES = {"dead": "dead", "killed": "killed", "injured": "injured", "wounded": "wounded",
           "missing": "missing", "homeless": "homeless", "displaced": "displaced"}  # fmt: skip
_DIGITS = re.compile(r"^\d{1,3}(,\d{3})+(\.\d+)?$|^\d+(\.\d+)?$")
_SUFFIXED = re.compile(r"^(\d[\d,]*(?:\.\d+)?)(bn|mn|m|k|tn|million|billion|trillion)$")
#: Numbers inside these are part of a name or a date ("Fifty Shades of Grey", "Ocean 11").
_SKIP_ENTS = {"DATE", "TIME", "ORDINAL", "WORK_OF_ART", "LAW", "EVENT", "PRODUCT", "FAC", "ORG",
              "PERSON", "GPE", "LOC"}  # fmt: skip


def _word_value(word: str) -> float | None:
    w = word.lower()
    if _DIGITS.match(w):
        return float(w.replace(",", ""))
    if w in UNITS_WORDS:
        return float(UNITS_WORDS[w])
    m = _SUFFIXED.match(w)
    if m:  # "2bn", "1.5m"
        return float(m.group(1).replace(",", "")) * SCALES[m.group(2)]
    if "-" in w:  # "twenty-five"
        parts = w.split("-")
        vals = [UNITS_WORDS.get(p) for p in parts]
        if all(v is not None for v in vals) and len(parts) == 2:
            return float(sum(v for v in vals if v is not None))
    return None


def parse_number(words: Sequence[str]) -> float | None:
    """Value of a number phrase given as words: ["1.5", "million"], ["a", "dozen"], ["$", "45.20"].

    Returns None when the words are not a number.
    """
    total, current, seen = 0.0, 0.0, False
    for raw in words:
        w = raw.lower().strip()
        if w in CURRENCY or w in {"and", "-", "", "of"} or (w in {"a", "an"} and not seen):
            continue
        if w in {"dozen", "half-dozen"}:  # "a dozen", "two dozen"
            current, seen = (current or 1) * UNITS_WORDS[w], True
            continue
        if w in VAGUE:
            current, seen = (current or 1) * VAGUE[w], True
            continue
        if (w in SCALES and seen) or w in {"hundred", "thousand", "million", "billion"}:
            scale = SCALES[w]
            current = (current or 1) * scale
            if scale >= 1000:
                total, current = total + current, 0.0
            seen = True
            continue
        value = _word_value(w)
        if value is None:
            return None
        current, seen = current + value, True
    return total + current if seen else None


def _is_num(tok: Token) -> bool:
    w = tok.lower_
    return bool(_DIGITS.match(w)) or w in UNITS_WORDS or _word_value(w) is not None


def _number_phrase(doc: Doc, i: int) -> tuple[int, int] | None:
    """Token range [i, j) of a number phrase starting at token i, or None."""
    t = doc[i]
    n = len(doc)
    j = i
    if t.text in CURRENCY and i + 1 < n and _is_num(doc[i + 1]):
        j = i + 1
    elif (
        t.lower_ in {"a", "an"}
        and i + 1 < n
        and doc[i + 1].lower_ in {"dozen", "hundred", "thousand", "million"}
    ):
        j = i + 1  # fmt: skip
    elif t.lower_ in VAGUE and i + 1 < n and doc[i + 1].lower_ == "of":
        if i + 2 < n and doc[i + 2].lower_ in VAGUE:  # "tens of millions"
            return i, i + 3
        return i, i + 1
    if not (_is_num(doc[j]) or (doc[j].lower_ in SCALES and j > i)):
        return None
    j += 1
    while j < n:
        w = doc[j].lower_
        if (
            (_is_num(doc[j]) and not _DIGITS.match(w))
            or (w in SCALES and w not in {"m", "k"})
            or (
                w in {"m", "bn", "k", "mn", "tn"}
                and doc[j - 1].like_num
                and not doc[j - 1].whitespace_
            )
        ):
            j += 1
        elif (
            w in {"and", "-"}
            and j + 1 < n
            and _is_num(doc[j + 1])
            and not _DIGITS.match(doc[j + 1].text)
        ):
            j += 2
        else:
            break
    return i, j


def _what(doc: Doc, phrase: Span) -> tuple[Token | None, int]:
    """The counted noun and the token index where the figure's text ends."""
    end = phrase.end
    roots = [t for t in phrase if t.head.i < phrase.start or t.head.i >= phrase.end or t.head == t]
    root = roots[-1] if roots else phrase[-1]
    nxt = doc[end] if end < len(doc) else None
    if nxt is not None and nxt.lower_ == "of" and end + 1 < len(doc):
        objs = [c for c in nxt.children if c.dep_ == "pobj"]
        if objs and objs[0].pos_ in {"NOUN", "PROPN", "PRON"}:
            return objs[0], objs[0].i + 1
    head = root.head
    if (
        root.dep_ in {"nummod", "quantmod", "compound", "amod", "nmod"}
        and head.i >= end
        and (head.pos_ in {"NOUN", "PROPN"} and head.i - end <= 5)
    ):
        return head, head.i + 1
    if nxt is not None and nxt.pos_ == "NOUN" and nxt.lower_ not in UNIT_WORDS:
        return nxt, end + 1
    return None, end


def _extent(noun: Token) -> int:
    """End index of the noun's phrase, including conjuncts ("women and girls")."""
    end = noun.i + 1
    for c in noun.children:
        if c.dep_ == "conj" and c.pos_ in {"NOUN", "PROPN"} and c.i - end <= 3:
            end = max(end, c.i + 1)
    return end


def _event(anchor: Token) -> str | None:
    for c in anchor.children:
        if c.lower_ in _STATES and c.i > anchor.i:
            return _STATES[c.lower_]
    t = anchor
    for _ in range(4):
        if t.head == t:
            break
        t = t.head
        if t.pos_ in {"VERB", "AUX"} or t.lower_ in _STATES:
            from precis.nlp import lemma

            return t.lower_ if lemma(t).lower() in EVENTS or t.lower_ in _STATES else None
    return None


def _unit(doc: Doc, start: int, end: int) -> tuple[str | None, int]:
    if doc[start].text in CURRENCY:
        return CURRENCY[doc[start].text], end
    if end < len(doc):
        w = doc[end].lower_
        if w == "per" and end + 1 < len(doc) and doc[end + 1].lower_ == "cent":
            return "%", end + 2
        if w in UNIT_WORDS:
            return UNIT_WORDS[w], end + 1
    return None, end


def extract(doc: Doc) -> list[Figure]:
    """Every figure in the Doc, in text order. Dates, times, ordinals and years are not figures."""
    skip = {t.i for ent in doc.ents if ent.label_ in _SKIP_ENTS for t in ent}
    out: list[Figure] = []
    i = 0
    while i < len(doc):
        if i in skip:
            i += 1
            continue
        rng = _number_phrase(doc, i)
        if rng is None:
            i += 1
            continue
        start, end = rng
        words = [t.text for t in doc[start:end]]
        value = parse_number(words)
        if value is None or _not_a_figure(doc, start, end, value):
            i = end
            continue
        unit, uend = _unit(doc, start, end)
        noun, tend = _what(doc, doc[start:uend]) if unit is None else (None, uend)
        if unit is None and noun is None and not _counts_something(doc[start:end]):
            i = end
            continue
        what = None
        if noun is not None:
            tend = max(tend, _extent(noun))
            first = uend + 1 if uend < len(doc) and doc[uend].lower_ == "of" else uend
            what = doc[first:tend].text if noun.i >= first else noun.text
        elif (
            unit is not None
            and uend + 1 < len(doc)
            and doc[uend].lower_ in {"a", "per", "an"}
            and doc[uend + 1].pos_ == "NOUN"
        ):  # "$45.20 a barrel"
            what, tend = doc[uend + 1].text, uend + 2
        span: Offsets = (doc[start].idx, doc[tend - 1].idx + len(doc[tend - 1].text))
        anchor = noun if noun is not None else doc[end - 1]
        text = doc[start:tend].text
        out.append(Figure(value, unit, what, text, span, _event(anchor)))
        i = max(end, tend if noun is not None else end)
    return out


def _counts_something(phrase: Span) -> bool:
    """A bare number ("95 have suffered", "killed 36") is a figure when it fills a noun's role;
    one standing alone in a list or a chart line ("13 (to date), ...") is not."""
    root = next((t for t in phrase if not (phrase.start <= t.head.i < phrase.end)), phrase.root)
    return root.dep_ in {"nsubj", "nsubjpass", "dobj", "pobj", "conj", "appos", "attr"}


_DURATION = {"year", "years", "month", "months", "week", "weeks", "day", "days", "hour", "hours",
             "minute", "minutes", "second", "seconds", "year-old", "years-old"}  # fmt: skip


def _not_a_figure(doc: Doc, start: int, end: int, value: float) -> bool:
    """Ranks ("No. 1"), names ("Hot 100"), moves and scores ("9-6"), durations and ages."""
    first = doc[start]
    nxt_words = [t.lower_ for t in doc[end : end + 3]]
    if (
        nxt_words[:1] == ["-"]
        and len(nxt_words) > 1
        and (nxt_words[1][:1].isdigit() or nxt_words[1] in _DURATION)
    ):
        return True
    if nxt_words[:1] and nxt_words[0] in _DURATION:
        return True
    prev2 = [t.lower_ for t in doc[max(0, start - 2) : start]]
    if prev2[-1:] in (["no."], ["no"], ["top"], ["#"]) or prev2 == ["no", "."]:
        return True
    if (
        start > 0
        and doc[start - 1].is_title
        and not doc[start - 1].is_sent_start
        and end == start + 1
    ):
        # "Hot 100", "Ocean 11", "France 2": part of a name unless it counts a following noun.
        nxt = doc[end] if end < len(doc) else None
        if nxt is None or nxt.pos_ != "NOUN":
            return True
    if start > 0 and doc[start - 1].text == "-" and start > 1 and doc[start - 2].like_num:
        return True  # second half of "9-6"
    if first.lower_ == "one" and end == start + 1:
        nxt = doc[end] if end < len(doc) else None
        # "one of the ...", "no one", pronoun "one": not counts.
        return (
            nxt is None or nxt.pos_ not in {"NOUN"} or (start > 0 and doc[start - 1].lower_ == "no")
        )
    if end == start + 1 and re.fullmatch(r"(19|20)\d\d", first.text):
        return True  # a year the NER missed
    prev = doc[start - 1].lower_ if start > 0 else ""
    return prev in {"no.", "number", "#", "flight", "route", "article"} and value < 10000


# --- Counts in plain text (no parse) ------------------------------------------------------------

_SPELT = "|".join(UNITS_WORDS)
_NUMBER = rf"\d[\d,]*(?:\.\d+)?|(?:{_SPELT})(?:-(?:{_SPELT}))?"
_COUNT = re.compile(
    r"(?:\b(?P<qual>more than|over|at least|nearly|almost|up to|fewer than|less than|under|"
    r"about|around|roughly|approximately|some|an estimated)\s+)?"
    rf"(?<![\w-])(?P<num>(?:{_NUMBER})(?:\s+(?:hundred|thousand|million|billion))?)"
    r"\s+(?P<noun>[^\W\d_][\w'-]*)(?=(?P<tail>(?:\s+[\w'-]+){0,4}))",
    re.IGNORECASE,
)
#: Qualifiers that make the number a lower or an upper bound; the others make it approximate.
LOWER_BOUND = frozenset({"more than", "over", "at least"})
UPPER_BOUND = frozenset({"nearly", "almost", "up to", "fewer than", "less than", "under"})
_YEAR = re.compile(r"1[89]\d\d|20\d\d")


@dataclass(frozen=True, slots=True)
class Quantity:
    """A count in plain text: "more than 14 people died" -> 14, [14, inf), noun "people".

    ``low``/``high`` are the range the wording allows ("nearly 14": [0, 14]; "about 14": ±20%).
    ``tail`` is up to four words after the noun ("died"). ``span`` runs from the qualifier (or the
    number) to the end of the noun.
    """

    value: float
    low: float
    high: float
    noun: str
    tail: str
    qualifier: str
    span: Offsets


def quantities(text: str) -> list[Quantity]:
    """Every "<qualifier>? <number> <noun>" in ``text``, read without a parse (years left out).

    The number reader of the word rules (the dispute check): digits with commas, number words
    ("twenty-five", "two hundred"), with the bound its qualifier sets.
    """
    out: list[Quantity] = []
    for m in _COUNT.finditer(text):
        num = m["num"]
        value = None if _YEAR.fullmatch(num) else parse_number(num.split())
        if value is None:
            continue
        qual = (m["qual"] or "").lower()
        if qual in LOWER_BOUND:
            low, high = value, math.inf
        elif qual in UPPER_BOUND:
            low, high = 0.0, value
        elif qual:
            low, high = value * 0.8, value * 1.2
        else:
            low = high = value
        span = (m.start(), m.end("noun"))
        out.append(Quantity(value, low, high, m["noun"], m["tail"], qual, span))
    return out
