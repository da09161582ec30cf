"""The seed article: every named speaker found with claims (skips when ../shared is absent)."""

from __future__ import annotations

import pytest

from precis import analyze
from precis.model import Analysis


@pytest.fixture(scope="module")
def seed(seed_text: str) -> Analysis:
    return analyze(seed_text, stages=("claims",))


@pytest.mark.shared
@pytest.mark.parametrize(
    "name",
    ["Lavrov", "Mouallimi", "Khoja", "Stoltenberg", "Kerry", "Carter", "Putin", "defence ministry"],
)
def test_speaker_found_with_claims(seed: Analysis, name: str) -> None:
    speakers = [s for s in seed.speakers if name in s.name]
    assert speakers, [s.name for s in seed.speakers]
    assert any(c.speaker_id == speakers[0].id for c in seed.claims)


@pytest.mark.shared
def test_seed_roles_and_labels(seed: Analysis) -> None:
    by = {s.name.split()[-1]: s for s in seed.speakers}
    assert by["Lavrov"].role == "Foreign Minister" and by["Lavrov"].affiliation == "Russia"
    assert by["Stoltenberg"].affiliation == "NATO" and by["Stoltenberg"].label == "NATO"
    assert "National Coalition" in (by["Khoja"].affiliation or "")
    assert by["Putin"].label == "Putin"
    ministry = next(s for s in seed.speakers if "defence ministry" in s.name)
    assert ministry.label == "Russia"
    # "he told journalists" is Lavrov's; the mention groups "Sergei"/"Sergey" Lavrov.
    told = next(c for c in seed.claims if c.cue_lemma == "tell")
    assert told.speaker_id == by["Lavrov"].id and told.kind == "direct"


@pytest.mark.shared
def test_seed_json_schema(seed: Analysis) -> None:
    out = seed.to_dict()
    for c in out["claims"]:
        assert set(c) >= {"speaker", "speaker_id", "source", "cue", "content", "kind"}
        assert c["kind"] in ("direct", "indirect")
    for s in out["speakers"]:
        assert set(s) >= {"id", "name", "role", "affiliation", "mentions"}
