"""Article -> sparse term vectors for story grouping: entities, lemmas and title, kept apart.

Works on what ``precis run`` stores (an output record and the article text), so grouping never
parses again. Words are lower-cased and Porter-stemmed (a cheap stand-in for lemmas that needs no
second spaCy pass). The entity vector holds the words of the names the facts stage found (people,
organisations, places, speakers) plus tokens for figures (``#36``) and resolved dates
(``@2015-10-01``): two earthquakes of the same kind differ in exactly these. Apart from the
vectors, the people an article is about (surname -> mentions) feed grouping's main-person check
(:meth:`precis.stories.group.Grouper.conflict`).
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any

from nltk.stem.porter import PorterStemmer
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

#: The sub-vectors, in the order their weights are given.
FIELDS = ("entities", "lemmas", "title")

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?", re.UNICODE)
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
# Reporting and filler words every news story has: they say nothing about which event it is.
_NEWS_STOP = frozenset(
    "said says say told tell according reported report reports reporting new year years "
    "week weeks day days time people just like also including http https www com html "
    "monday tuesday wednesday thursday friday saturday sunday".split()
)
STORY_STOPWORDS = frozenset(ENGLISH_STOP_WORDS) | _NEWS_STOP
_STEMMER = PorterStemmer()


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    return _STEMMER.stem(word)


def words(text: str) -> list[str]:
    """Stemmed content words of ``text`` (stop words and one-letter words dropped)."""
    out: list[str] = []
    for m in _WORD.finditer(text.lower()):
        w = m.group().replace("’", "'")
        if len(w) < 2 or w in STORY_STOPWORDS:
            continue
        out.append(stem(w.split("'")[0]) if "'" in w else stem(w))
    return out


def content_hash(text: str) -> str:
    """Hash of the words of a text: the same article re-sent with other spacing is one member."""
    norm = " ".join(re.findall(r"\w+", text.lower()))
    return hashlib.sha1(norm.encode("utf-8")).hexdigest()


def _headline(record: dict[str, Any], text: str) -> str:
    """The record's title, else a short first line of the text (many feeds put the headline
    there); a URL or a bare date line is skipped."""
    title = record.get("title")
    if title:
        return str(title)
    for line in text.splitlines()[:3]:
        line = line.strip()
        if not line or "http" in line or "/ /" in line:
            continue
        n = len(line.split())
        if (3 <= n <= 25 and not line.endswith((".", '"', "”"))) or 3 <= n <= 14:
            return line
        break
    return ""


def _entity_terms(record: dict[str, Any], text: str) -> Counter[str]:
    terms: Counter[str] = Counter()
    names: list[tuple[str, int]] = []
    for ent in record.get("entities") or []:
        names.append((str(ent.get("name") or ""), max(1, len(ent.get("mentions") or []))))
        names.extend((str(a), 1) for a in ent.get("aliases") or [])
    for place in record.get("places") or []:
        names.append((str(place.get("name") or ""), max(1, len(place.get("mentions") or []))))
        if place.get("country"):
            terms["cc:" + str(place["country"]).lower()] += 1
    for spk in record.get("speakers") or []:
        names.append((str(spk.get("name") or ""), 1))
    for name, n in names:
        for w in words(name):
            terms["e:" + w] += n
    for fig in record.get("figures") or []:
        value = fig.get("value")
        if isinstance(value, int | float) and value not in (0, 1):
            terms[f"#{value:g}"] += 1
    for d in record.get("dates") or []:
        if d.get("date"):
            terms["@" + str(d["date"])[:10]] += 1
    if not names:
        # No facts stage in the record: capitalised runs inside sentences stand in for names.
        for m in re.finditer(r"(?<=[a-z,;] )((?:[A-Z][a-z]+ ?){1,3})", text):
            for w in words(m.group(1)):
                terms["e:" + w] += 1
    for m in _NUMBER.finditer(text):
        num = m.group().replace(",", "")
        try:
            value = float(num)
        except ValueError:
            continue
        if value >= 2 and not (1900 <= value <= 2100):  # years say little about which event
            terms[f"#{value:g}"] += 1
    return terms


def person_mentions(record: dict[str, Any]) -> Counter[str]:
    """People the facts stage found: stemmed surname (last word of the name) -> mentions.

    The surname is what later reports repeat ("Klitschko stopped Thompson"), and it is the word
    the lemma vectors hold, so it can be looked up there.
    """
    out: Counter[str] = Counter()
    for ent in record.get("entities") or []:
        if ent.get("type") != "person":
            continue
        name = words(str(ent.get("name") or ""))
        if name:
            out[name[-1]] += max(1, len(ent.get("mentions") or []))
    return out


@dataclass(frozen=True)
class Features:
    """What grouping needs from one article."""

    key: str
    id: str | None
    published: date | None
    hash: str
    #: Raw term counts per sub-vector (see :data:`FIELDS`).
    terms: dict[str, Counter[str]]
    #: People named in the article: stemmed surname -> mentions (see :func:`person_mentions`).
    persons: Counter[str] = field(default_factory=Counter)

    @property
    def empty(self) -> bool:
        return not any(self.terms.values())


def parse_date(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    if isinstance(value, str) and len(value) >= 10:
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


def features_of(record: dict[str, Any], text: str) -> Features:
    """Sub-vectors of one analysed article (``record`` as ``precis run`` stores it)."""
    key = str(record.get("key") or record.get("id") or content_hash(text))
    rid = record.get("id")
    title = _headline(record, text)
    return Features(
        key=key,
        id=None if rid is None else str(rid),
        published=parse_date(record.get("published")),
        hash=content_hash(text),
        terms={
            "entities": _entity_terms(record, text),
            "lemmas": Counter(words(text)),
            "title": Counter(words(title)),
        },
        persons=person_mentions(record),
    )
