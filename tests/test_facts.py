"""The facts stage end to end: seed article, JSON schema, entity merging, bad input, CLI."""

from __future__ import annotations

import json

import pytest

from precis.facts.gazetteer import distance_km
from precis.pipeline import analyze
from precis_cli import run_cli

TRUE_COORDS = {
    "Homs": (34.7324, 36.7137),
    "Hama": (35.1318, 36.7578),
    "Latakia": (35.5317, 35.7901),
    "Raqqa": (35.9594, 39.0078),
    "Talbiseh": (34.8406, 36.7306),
    "Rastan": (34.9267, 36.7325),
    "Salamiyah": (35.0113, 37.0532),
}


@pytest.fixture(scope="module")
def seed(seed_text: str) -> dict:
    return analyze(seed_text, published="2015-10-01", stages=("facts",)).to_dict()


def test_seed_places_in_syria(seed: dict) -> None:
    places = {p["name"]: p for p in seed["places"]}
    for name, coords in TRUE_COORDS.items():
        assert name in places, name
        p = places[name]
        assert p["country"] == "SY", name
        assert distance_km((p["lat"], p["lon"]), coords) < 25, name
        assert not p["ambiguous"]
    assert places["New York"]["country"] == "US"


def test_seed_figures(seed: dict) -> None:
    figs = {(f["value"], f["what"]): f for f in seed["figures"]}
    assert figs[(36, "civilians")]["event"] == "killed"
    assert (8, "targets") in figs


def test_seed_entities_merged(seed: dict) -> None:
    by_name = {e["name"]: e for e in seed["entities"]}
    assert "Lavrov" in by_name["Sergei Lavrov"]["aliases"]
    isil = by_name["Islamic State of Iraq and the Levant"]
    assert "ISIL" in isil["aliases"] and isil["type"] == "org"
    assert not any(e["type"] == "person" and "Levant" in e["name"] for e in seed["entities"])
    # "Moscow's air strikes": the government, counted with Russia.
    assert "Moscow" not in {p["name"] for p in seed["places"] if p["feature"] == "city"} or all(
        len(p["mentions"]) <= 1 for p in seed["places"] if p["name"] == "Moscow"
    )


def test_seed_dates(seed: dict) -> None:
    dates = {d["text"]: d["date"] for d in seed["dates"]}
    assert dates["Wednesday"] == "2015-09-30"
    assert dates["Thursday"] == "2015-10-01"


def test_json_schema_and_offsets(seed_text: str, seed: dict) -> None:
    for key in ("entities", "places", "figures", "dates"):
        assert key in seed
    for p in seed["places"]:
        assert set(p) >= {"name", "lat", "lon", "country", "geonameid", "mentions", "ambiguous"}
    for f in seed["figures"]:
        s, e = f["span"]
        assert seed_text[s:e] == f["text"]
    for d in seed["dates"]:
        s, e = d["span"]
        assert seed_text[s:e] == d["text"]
    for ent in seed["entities"]:
        for s, e in ent["mentions"]:
            assert 0 <= s < e <= len(seed_text)


def test_hand_made_article_entities() -> None:
    text = (
        "Foreign Minister Sergei Lavrov met officials of the North Atlantic Treaty Organization "
        "in Brussels on Monday. NATO said the talks failed. Lavrov left Belgium on Tuesday."
    )
    result = analyze(text, published="2020-03-04", stages=("facts",)).to_dict()
    names = {e["name"]: e for e in result["entities"]}
    assert len(names["Sergei Lavrov"]["mentions"]) == 2
    assert len(names["North Atlantic Treaty Organization"]["mentions"]) == 2
    assert {p["country"] for p in result["places"]} == {"BE"}


@pytest.mark.parametrize(
    "text",
    [
        "no punctuation at all just words words words " * 50,
        "Привет мир. Это не английский текст, 12 человек.",
        "<html><body><p>3 dead</p><div>in Paris</div><br></body></html>",
        "1,2,3,4,5 99999999999999999999999 $ £ % , ( ) (((ISIL)))",
        "word " * 10000,
    ],
)
def test_bad_input_never_raises(text: str) -> None:
    try:
        result = analyze(text, stages=("facts",))
    except ValueError:  # InputError: a clear error is allowed
        return
    assert not any("failed" in w for w in result.warnings), result.warnings


def test_cli_facts_text_and_json() -> None:
    text = "Police in Paris, Texas, said 12 people were injured on Friday."
    out = run_cli("facts", "-", "--published", "2021-05-10", stdin=text)
    assert out.returncode == 0, out.stderr
    assert "Paris" in out.stdout and "12" in out.stdout
    js = run_cli("facts", "-", "--format", "json", "--published", "2021-05-10", stdin=text)
    data = json.loads(js.stdout)
    assert data["places"][0]["country"] == "US"
    assert data["figures"][0]["value"] == 12
    assert data["dates"][0]["date"] == "2021-05-07"
