"""The shared word lists (precis.lexicon)."""

from __future__ import annotations

import hashlib

import pytest

from precis import lexicon

# The word lists the trained models were fitted with (sentence scorer, attribution tagger): an
# edit changes the models' inputs, so it must come with a retrain (`make train`) and new digests.
MODEL_LISTS = {
    "SCORER_STOPWORDS": "17d7501b8a0de920",
    "SCORER_PRONOUNS": "c485e4bfceeee193",
    "SCORER_CONNECTIVES": "f74fdbc6a7e0865b",
    "TAGGER_PRONOUNS": "cbd80a52bb4863a0",
}


@pytest.mark.parametrize("name", sorted(MODEL_LISTS))
def test_model_feature_lists_unchanged(name: str) -> None:
    words = " ".join(sorted(getattr(lexicon, name)))
    assert hashlib.sha256(words.encode()).hexdigest()[:16] == MODEL_LISTS[name]


def test_one_demonym_table_names_and_iso() -> None:
    uk = lexicon.DEMONYMS["british"]
    assert (uk.country, uk.iso) == ("UK", "GB")  # a frame says "UK"; GeoNames files "GB"
    assert lexicon.DEMONYMS["uk"].iso == "GB" and lexicon.DEMONYMS["scottish"].iso == "GB"
    assert lexicon.DEMONYMS["european"].iso is None
    assert "UK" in lexicon.DEMONYM_COUNTRIES and "GB" not in lexicon.DEMONYM_COUNTRIES
    assert all(k == k.lower() for k in lexicon.DEMONYMS)
    assert all(
        n.iso is None or (len(n.iso) == 2 and n.iso.isupper()) for n in lexicon.DEMONYMS.values()
    )


def test_word_set() -> None:
    assert lexicon.word_set(" a  b\nc ") == frozenset({"a", "b", "c"})
