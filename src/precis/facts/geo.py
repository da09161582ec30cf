"""Geocode an article's place mentions offline, disambiguating with the article's other places.

Each distinct name is looked up in the alias index (:mod:`precis.facts.gazetteer`); candidates are
scored by population (log10) plus evidence from the article: the country is named or implied by a
nationality word ("Syrian"), a US state is named ("Paris" in a Texas story), the name is qualified
("Paris, Texas"), or the candidate lies near the article's unambiguous places. A name whose two best
candidates score within :data:`AMBIGUOUS_MARGIN` is marked ``ambiguous``; a name with no candidate
is kept with null coordinates (unknown), never silently dropped or guessed.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field

from precis.facts.gazetteer import Record, distance_km, fold, index
from precis.model import Offsets, Place

AMBIGUOUS_MARGIN = 0.5
_SUFFIX = re.compile(r"\s+(province|governorate|region|district|county|state|city)$", re.I)
_PREFIX = re.compile(r"^(the|northern|southern|eastern|western|central|north|south|east|west)\s+",
                     re.I)  # fmt: skip


@dataclass
class _Group:
    name: str
    mentions: list[Offsets] = field(default_factory=list)
    candidates: list[Record] = field(default_factory=list)
    qualifier: str | None = None  # "Texas" in "Paris, Texas"
    region_hint: bool = False  # "Homs province"
    own: Counter[str] = field(default_factory=Counter)  # what this name adds to the context
    state: str | None = None  # the US state this name is, if it is one


#: Directions and vague regions: no single GeoNames record ("West Coast" is a town in Singapore).
_VAGUE = {"west coast", "east coast", "west", "east", "north", "south", "the west", "the east",
          "southwest", "northwest", "northeast", "southeast", "midwest", "the middle east",
          "middle east", "the north", "the south", "gulf coast"}  # fmt: skip


#: Bare names news uses for a city rather than the state of the same name.
_NEWS_USAGE = {"new york": 5128581, "washington": 4140963}
_NEWS_BONUS = 3.0


def _candidates(name: str) -> tuple[list[Record], bool]:
    if fold(name) in _VAGUE:
        return [], False
    gaz = index()
    found = gaz.lookup(name)
    if found:
        return found, False
    stripped = _PREFIX.sub("", name)
    hinted = bool(_SUFFIX.search(stripped))
    stripped = _SUFFIX.sub("", stripped)
    if not stripped or stripped == name:
        return [], hinted
    # "East Africa" is not Africa: a stripped direction may only reach towns and states.
    return [r for r in gaz.lookup(stripped) if r.country], hinted


def _prior(rec: Record, group: _Group) -> float:
    score = math.log10(rec.population + 10)
    if fold(rec.name) == fold(group.name):
        score += 1.0  # the record's own name beats an alternate name ("Maryland" vs Maryland City)
    if _NEWS_USAGE.get(fold(group.name)) == rec.geonameid:
        score += _NEWS_BONUS
    if rec.kind == "country":
        score += 2.0  # a country name in news means the country, not a namesake village
    elif (
        rec.kind == "region"
        and not (group.region_hint or "state" in group.name.lower())
        and any(r.kind == "city" and fold(r.name) == fold(group.name) for r in group.candidates)
    ):
        # A bare "Washington" is the city when a city has that very name; a bare "Oklahoma" (only
        # an alias of Oklahoma City) is the state.
        score -= 1.5
    return score


def geocode(
    mentions: list[tuple[str, Offsets]], text: str, countries_hint: Counter[str] | None = None
) -> list[Place]:
    """Places for ``mentions`` (surface name, span), in order of first mention."""
    groups: dict[str, _Group] = {}
    for name, span in mentions:
        key = fold(name)
        if not key:
            continue
        g = groups.setdefault(key, _Group(name))
        g.mentions.append(span)
        after = text[span[1] : span[1] + 30]
        m = re.match(r",\s*([A-Z][A-Za-z.]+(?: [A-Z][a-z]+)?)", after)
        if m:
            g.qualifier = m.group(1)
    for g in groups.values():
        g.candidates, g.region_hint = _candidates(g.name)

    # Evidence from the article: countries and US states named, and unambiguous anchors.
    context: Counter[str] = Counter(countries_hint or {})
    states: set[str] = set()
    anchors: list[tuple[float, float]] = []
    for g in groups.values():
        if not g.candidates:
            continue
        best = max(g.candidates, key=lambda r: _prior(r, g))
        rest = [_prior(r, g) for r in g.candidates if r is not best]
        if best.kind == "country":
            g.own[best.country] += 2
        elif best.kind == "region" and best.country == "US":
            states.add(best.admin1)
            g.state = best.admin1
            g.own["US"] += 1
        if not rest or _prior(best, g) - max(rest) > 1.5:
            g.own[best.country] += 1
            if best.kind == "city":
                anchors.append((best.lat, best.lon))
        context.update(g.own)

    places: list[Place] = []
    for g in groups.values():
        if not g.candidates:
            places.append(Place(g.name, None, None, None, None, None, list(g.mentions), False))
            continue
        scored = sorted(
            ((_score(r, g, context - g.own, states - {g.state}, anchors), r) for r in g.candidates),
            key=lambda x: -x[0],
        )
        top_score, top = scored[0]
        ambiguous = any(
            top_score - s < AMBIGUOUS_MARGIN
            and distance_km((top.lat, top.lon), (r.lat, r.lon)) > 50
            for s, r in scored[1:]
        )
        # "Homs province": the city's coordinates stand in, but its id would name the wrong thing.
        as_region = g.region_hint and top.kind == "city"
        kind = "region" if as_region else top.kind
        places.append(
            Place(
                g.name,
                round(top.lat, 5),
                round(top.lon, 5),
                top.country or None,
                None if as_region else top.geonameid,
                kind,
                list(g.mentions),
                ambiguous,
            )
        )
    return places


def _score(
    rec: Record,
    g: _Group,
    context: Counter[str],
    states: set[str],
    anchors: list[tuple[float, float]],
) -> float:
    score = _prior(rec, g)
    if rec.kind != "country" and context.get(rec.country):
        score += 3.0
    if rec.country == "US" and rec.kind == "city" and rec.admin1 in states:
        score += 3.0
    if rec.country == "US" and rec.kind == "region" and states:
        score += 1.5  # other states named: "Wyoming" beside "California" is a state too
    if g.qualifier:
        for r in index().lookup(g.qualifier):
            if (r.kind == "country" and r.country == rec.country) or (
                r.kind == "region" and r.country == rec.country and r.admin1 == rec.admin1
            ):
                score += 6.0
                break
    if rec.kind == "city" and anchors:
        near = min(distance_km((rec.lat, rec.lon), a) for a in anchors)
        if 0 < near < 300:
            score += 1.0
    return score
