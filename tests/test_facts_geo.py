"""Offline geocoder: alias index and disambiguation by the article's other places."""

from __future__ import annotations

from precis.facts import gazetteer
from precis.facts.geo import geocode


def test_alias_index_finds_names_exact_lookup_misses() -> None:
    gaz = gazetteer.index()
    assert any(r.country == "SY" for r in gaz.lookup("Hama"))
    assert any(r.country == "SY" for r in gaz.lookup("Raqqa"))
    # Exact, not substring: Yokohama is not a candidate for Hama.
    assert all("yokohama" not in r.name.lower() for r in gaz.lookup("Hama"))
    assert gaz.load_seconds < 15


def test_hama_in_syria_with_context() -> None:
    text = "Syrian jets hit Hama and Homs."
    mentions = [("Hama", (16, 20)), ("Homs", (25, 29))]
    places = geocode(mentions, text, None)
    assert [p.country for p in places] == ["SY", "SY"]
    assert places[0].geonameid == 170017


def test_paris_defaults_to_france_but_texas_story_wins() -> None:
    text = "She flew to Paris."
    p = geocode([("Paris", (12, 17))], text)[0]
    assert p.country == "FR"
    text = "Storms hit Texas on Monday. In Paris, the roof of the school fell in."
    mentions = [("Texas", (11, 16)), ("Paris", (31, 36))]
    places = geocode(mentions, text)
    assert places[1].country == "US" and abs((places[1].lat or 0) - 33.66) < 1
    qualified = "Paris, Texas, is a small city."
    q = geocode([("Paris", (0, 5))], qualified)[0]
    assert q.country == "US"


def test_countries_regions_and_unknown() -> None:
    text = "Syria, Texas and Zzyzxqland"
    places = geocode([("Syria", (0, 5)), ("Texas", (7, 12)), ("Zzyzxqland", (17, 27))], text)
    assert (places[0].feature, places[0].country) == ("country", "SY")
    assert (places[1].feature, places[1].country) == ("region", "US")
    assert places[2].geonameid is None and places[2].lat is None  # unknown, reported as such


def test_new_york_is_the_city() -> None:
    p = geocode([("New York", (0, 8))], "New York")[0]
    assert p.country == "US" and p.feature == "city"


def test_close_call_is_marked_ambiguous() -> None:
    # Several US Springfields of similar size and nothing in the text to choose between them.
    p = geocode([("Springfield", (0, 11))], "Springfield")[0]
    assert p.geonameid is not None and p.ambiguous


def test_place_words_are_one_word_names_of_real_places() -> None:
    words = gazetteer.place_words()
    assert {"tottenham", "reading", "syria", "texas"} <= words  # towns, a country, a state
    assert "aduriz" not in words and "okafor" not in words  # surnames
    assert not any(" " in w for w in words)
    assert gazetteer.place_words() is words  # built or loaded once per process
