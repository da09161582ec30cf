"""The "facts" stage: entities, geocoded places, figures and dates of an article.

Everything here reads the parse the pipeline already made (profile "full", for NER); the extra cost
is the gazetteer (loaded once per process, see :mod:`precis.facts.gazetteer`) and dateparser on the
few DATE entities. A failure in one part is reported as a warning and never stops the others.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from spacy.tokens import Doc, Span

from precis import nlp
from precis.facts import dates, entities, figures, geo
from precis.facts.gazetteer import fold, index
from precis.lexicon import DEMONYMS
from precis.model import Analysis, Entity, Offsets, Place
from precis.settings import NoSettings
from precis.stages import register

_PLACE_PREPS = {"in", "near", "around", "over", "outside", "across"}


def _looks_placed(ent: Span) -> bool:
    """An ORG/NORP/PERSON-tagged name used like a place: "in Homs and Hama", "over Homs"."""
    root = ent.root
    if root.dep_ == "conj" and root.head.ent_type_ in {"GPE", "LOC"}:
        return True
    if root.dep_ == "pobj" and root.head.lower_ in _PLACE_PREPS:
        return True
    return any(c.dep_ == "conj" and c.ent_type_ in {"GPE", "LOC"} for c in root.children)


def _place_mentions(doc: Doc, offset: int = 0) -> list[tuple[str, Offsets]]:
    """(name, span) of place mentions, including names the small model mislabels."""
    out: list[tuple[str, Offsets]] = []
    mislabelled: list[tuple[str, Offsets]] = []
    for ent in doc.ents:
        text, span = entities.clean_span(ent)
        if not text or not any(ch.isalpha() for ch in text):
            continue
        span = (span[0] + offset, span[1] + offset)
        label = entities.label_of(ent, text)
        if label in {"GPE", "LOC"}:
            out.append((text, span))
        elif (
            ent.label_ in {"ORG", "NORP", "PERSON"}
            and not text.isupper()
            and _looks_placed(ent)
            and not entities.is_org_name(text)
        ):
            mislabelled.append((text, span))
    # Someone's surname is not a place ("according to Sutton" after "Sgt. Jeremy Sutton").
    surnames = {e[-1].lower_ for e in doc.ents if e.label_ == "PERSON" and len(e) > 1}
    out = [m for m in out if m[0].lower() not in surnames]
    mislabelled = [m for m in mislabelled if m[0].split()[-1].lower() not in surnames]
    # Keep a mislabelled name only if it is a town in a country the article is about.
    countries = {r.country for name, _ in out for r in index().lookup(name)[:3]}
    countries |= set(_hints(doc))
    for text, span in mislabelled:
        if any(r.kind == "city" and r.country in countries for r in index().lookup(text)):
            out.append((text, span))
    return sorted(out, key=lambda m: m[1])


def _hints(doc: Doc) -> Counter[str]:
    hints: Counter[str] = Counter()
    for ent in doc.ents:
        if ent.label_ == "NORP":
            nat = DEMONYMS.get(fold(entities.clean_span(ent)[0]))
            iso = nat.iso if nat else None
            if iso:
                hints[iso] += 1
    return hints


def _merge_places(places: list[Place]) -> list[Place]:
    """One place per GeoNames id ("US" and "United States"); unknown names stay apart."""
    out: list[Place] = []
    by_id: dict[int, Place] = {}
    for p in places:
        if p.geonameid is not None and p.geonameid in by_id:
            keep = by_id[p.geonameid]
            keep.mentions = sorted(keep.mentions + p.mentions)
            keep.ambiguous = keep.ambiguous and p.ambiguous
            continue
        if p.geonameid is not None:
            by_id[p.geonameid] = p
        out.append(p)
    out.sort(key=lambda p: p.mentions[0] if p.mentions else (0, 0))
    return out


def _block_docs(analysis: Analysis) -> list[tuple[Doc, int]]:
    """Parses of an existing "Story highlights" block (cleaning blanks it from the main parse).

    The block often names places the body does not ("Latakia", "Raqqa"); it is short, so parsing it
    separately is cheap.
    """
    return [
        (nlp.parse_one(item.text[:5000], profile="full"), item.span[0])
        for item in analysis.article.removed
        if item.kind == "highlights_block" and item.text.strip()
    ]


def _places(analysis: Analysis, doc: Doc) -> list[Place]:
    docs = [(doc, 0), *_block_docs(analysis)]
    mentions = [m for d, off in docs for m in _place_mentions(d, off)]
    # Countries the article names (ISO -> the name as written), for capitals used as governments.
    countries: dict[str, str] = {}
    for name, _ in mentions:
        for rec in index().lookup(name):
            if rec.kind == "country":
                countries.setdefault(rec.country, name)
    swap: dict[Offsets, str] = {}
    for d, off in docs:
        swap |= {(s + off, e + off): c for (s, e), c in entities.metonyms(d, countries).items()}
    mentions = [(swap.get(span, name), span) for name, span in mentions]
    return _merge_places(geo.geocode(mentions, analysis.article.text, _hints(doc)))


@dataclass(frozen=True)
class FactsSettings(NoSettings):
    """The facts stage has no knobs yet."""


def _load_facts() -> None:
    index()
    dates.resolve("12 March 2015", None)  # dateparser loads its language data on first use


@register(
    "facts",
    assigns=("entities", "places", "figures", "dates"),
    settings=FactsSettings,
    profile="full",
    load=_load_facts,
)
def facts_stage(analysis: Analysis, doc: Doc, settings: FactsSettings) -> None:
    """Entities, geocoded places, figures and dates."""
    if not nlp.has_entities(doc):
        analysis.warnings.append("facts: the parse has no named entities")
        return
    published = analysis.article.published
    taken: set[Offsets] = set()
    steps = (
        ("places", lambda: setattr(analysis, "places", _places(analysis, doc))),
        ("entities", lambda: setattr(analysis, "entities", entities.extract(doc, taken))),
        ("figures", lambda: setattr(analysis, "figures", figures.extract(doc))),
        ("dates", lambda: setattr(analysis, "dates", dates.extract(doc, published))),
    )
    for name, step in steps:
        if name == "entities":
            taken = {m for p in analysis.places for m in p.mentions}
        try:
            step()
        except Exception as exc:  # one part failing must not lose the others (bad input)
            analysis.warnings.append(f"facts: {name} failed: {type(exc).__name__}: {exc}")
    places = [Entity(p.name, "place", list(p.mentions)) for p in analysis.places]
    analysis.entities = sorted(analysis.entities + places, key=lambda e: e.mentions[0])
