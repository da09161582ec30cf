"""Typed stage settings: defaults, validation naming the field, one Settings object that pickles."""

from __future__ import annotations

import pickle
import subprocess
import sys

import pytest

import precis
from precis.claims.stage import ClaimsSettings, DisputesSettings
from precis.errors import InputError
from precis.facts.stage import FactsSettings
from precis.highlighter.stage import HighlightsSettings
from precis.stages import Settings


@pytest.mark.parametrize(
    ("kwargs", "field", "why"),
    [
        ({"max_highlights": 0}, "max_highlights", "at least 1"),
        ({"max_highlights": "x"}, "max_highlights", "an integer"),
        ({"max_highlights": True}, "max_highlights", "an integer"),
        ({"max_highlights": 2.5}, "max_highlights", "an integer"),
        ({"target_words": 7}, "target_words", "at least 8"),
        ({"target_words": 10_000}, "target_words", "at most 500"),
        ({"target_words": None}, "target_words", "an integer"),
    ],
)
def test_highlights_settings_refuse_bad_values(kwargs: dict, field: str, why: str) -> None:
    with pytest.raises(InputError, match=f"HighlightsSettings.{field} must be {why}"):
        HighlightsSettings(**kwargs)


def test_defaults_are_the_documented_ones() -> None:
    assert HighlightsSettings() == HighlightsSettings(max_highlights=3, target_words=30)
    assert DisputesSettings().max_per_claim == 10
    assert ClaimsSettings().to_dict() == {} and FactsSettings().to_dict() == {}
    with pytest.raises(InputError, match=r"DisputesSettings.max_per_claim must be at least 1"):
        DisputesSettings(max_per_claim=0)
    with pytest.raises(InputError, match=r"max_per_claim must be an integer"):
        DisputesSettings(max_per_claim="10")  # type: ignore[arg-type]


def test_settings_from_mapping_validates_stages_fields_and_types() -> None:
    s = Settings.from_mapping({"highlights": {"max_highlights": 4}})
    assert s["highlights"] == HighlightsSettings(max_highlights=4)
    assert s["disputes"] == DisputesSettings()  # not given: the stage's defaults
    assert s.to_dict() == {
        "highlights": {
            "max_highlights": 4,
            "target_words": 30,
            "selection": "auto",
            "min_highlights": 2,
        }
    }
    assert Settings.from_mapping(s.to_dict()) == s
    with pytest.raises(InputError, match=r"unknown stage 'summary'; stages: claims"):
        Settings.from_mapping({"summary": {}})
    with pytest.raises(InputError, match=r"unknown setting.* max of stage 'highlights'"):
        Settings.from_mapping({"highlights": {"max": 4}})
    with pytest.raises(InputError, match=r"must be an object"):
        Settings.from_mapping({"highlights": 4})
    with pytest.raises(InputError, match=r"target_words must be an integer"):
        Settings.from_mapping({"highlights": {"target_words": "30"}})
    with pytest.raises(InputError, match=r"must be a HighlightsSettings"):
        Settings(highlights=DisputesSettings())  # type: ignore[arg-type]
    assert s.replace("highlights", target_words=20)["highlights"].target_words == 20
    with pytest.raises(InputError, match=r"target_words must be at least 8"):
        s.replace("highlights", target_words=2)


def test_settings_pickle_for_worker_processes() -> None:
    s = Settings(highlights=HighlightsSettings(max_highlights=2), disputes=DisputesSettings(3))
    back = pickle.loads(pickle.dumps(s))
    assert back == s and back["highlights"].max_highlights == 2 and hash(back) == hash(s)


def test_library_refuses_bad_values_clearly() -> None:
    text = "The river rose overnight. Officials closed the bridge near the town."
    with pytest.raises(InputError, match=r"target_words must be at least 8"):
        precis.highlights(text, target_words=0)
    with pytest.raises(InputError, match=r"max_highlights must be an integer, not 'x'"):
        precis.highlights(text, max_highlights="x")  # type: ignore[arg-type]
    with pytest.raises(InputError, match=r"settings must be a precis\.Settings"):
        precis.analyze(text, settings={"highlights": {}})  # type: ignore[arg-type]


def test_settings_reach_the_stage(sample_text: str) -> None:
    assert len(precis.highlights(sample_text, max_highlights=1)) == 1
    assert len(precis.highlights(sample_text)) == 3


def test_cli_flags_are_checked_by_the_settings_class() -> None:
    r = subprocess.run(
        [sys.executable, "-m", "precis.cli.main", "highlights", "-", "--words", "5"],
        input="Some text. More text.",
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert r.returncode == 2 and "--words must be at least 8" in r.stderr, r.stderr
