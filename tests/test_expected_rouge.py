"""The expected-ROUGE objective shared by story cards and single-article highlights."""

from __future__ import annotations

import math
from collections import Counter

import numpy as np
import pytest

from precis.expected_rouge import (
    Channel,
    PoissonTrees,
    beam_pick,
    expected_f,
    expected_min,
    export_trees,
)


def test_expected_min_matches_the_poisson_sums() -> None:
    lam = 1.7
    # E[min(1, R)] = P(R >= 1); E[min(c, R)] tends to E[R] = lam.
    assert expected_min(0, lam) == 0.0
    assert expected_min(1, lam) == pytest.approx(1 - math.exp(-lam))
    pmf = [math.exp(-lam) * lam**k / math.factorial(k) for k in range(60)]
    for c in (2, 3, 5):
        direct = sum(min(c, k) * p for k, p in enumerate(pmf))
        assert expected_min(c, lam) == pytest.approx(direct)
    assert expected_min(50, lam) == pytest.approx(lam)


def _one(units: list[Counter[str]], lam: dict[str, float], length: float) -> list[Channel]:
    return [Channel(units, lam, length)]


def test_a_repeat_gains_nothing_and_a_new_point_is_taken() -> None:
    lam = {"strike": 1.0, "civilians": 1.0, "killed": 1.0, "denied": 1.0, "russia": 1.0}
    units = [
        Counter({"strike": 1, "civilians": 1, "killed": 1}),
        Counter({"strike": 1, "civilians": 1, "killed": 1}),  # the same fact again
        Counter({"russia": 1, "denied": 1}),
    ]
    picked = beam_pick(_one(units, lam, 5.0), 2, 3, beam=3)
    assert sorted(picked) == [0, 2]


def test_past_the_minimum_only_a_unit_that_raises_the_value_is_added() -> None:
    lam = {"a": 2.0, "b": 2.0, "c": 2.0}
    units = [Counter({"a": 1, "b": 1, "c": 1}), Counter({"noise": 3}), Counter({"filler": 2})]
    assert beam_pick(_one(units, lam, 6.0), 1, 3) == [0]
    # Below the minimum the best of what is left is forced in.
    assert len(beam_pick(_one(units, lam, 6.0), 2, 3)) == 2
    # Never more than the maximum.
    assert len(beam_pick(_one(units, lam, 6.0), 3, 2)) == 2


def test_incompatible_units_are_never_picked_together() -> None:
    lam = {"a": 1.0, "b": 1.0, "c": 1.0, "d": 1.0}
    units = [Counter({"a": 1, "b": 1}), Counter({"c": 1, "d": 1}), Counter({"a": 1})]
    picked = beam_pick(
        _one(units, lam, 4.0), 2, 2, beam=2, compatible=lambda i, j: {i, j} != {0, 1}
    )
    assert len(picked) == 2 and set(picked) != {0, 1}


def test_a_second_channel_and_a_bonus_change_the_choice() -> None:
    # Two units equal on words; only one keeps the expected bigram.
    lam1 = {"air": 1.0, "strikes": 1.0}
    units1 = [Counter({"air": 1, "strikes": 1}), Counter({"strikes": 1, "air": 1})]
    lam2 = {("air", "strikes"): 1.0}
    units2 = [Counter({("strikes", "air"): 1}), Counter({("air", "strikes"): 1})]
    words_only = beam_pick([Channel(units1, lam1, 2.0)], 1, 1)
    assert words_only == [0]  # a tie keeps the units' order
    both = beam_pick([Channel(units1, lam1, 2.0), Channel(units2, lam2, 1.0, 2.0)], 1, 1)
    assert both == [1]
    assert beam_pick([Channel(units1, lam1, 2.0)], 1, 1, bonus=[0.0, 0.5]) == [1]


def test_expected_f_of_a_unit_alone() -> None:
    lam = {"a": 1.0}
    got = expected_f(Counter({"a": 1, "b": 1}), lam, 3.0)
    assert got == pytest.approx(2 * (1 - math.exp(-1.0)) / 5.0)


def test_exported_poisson_trees_predict_as_scikit_learn_does() -> None:
    ensemble = pytest.importorskip("sklearn.ensemble")
    rng = np.random.default_rng(0)
    x = rng.normal(size=(2000, 4))
    y = rng.poisson(np.exp(0.5 * x[:, 0] - 0.3 * x[:, 1] + 0.2 * (x[:, 2] > 0)))
    gb = ensemble.HistGradientBoostingRegressor(
        loss="poisson", max_depth=4, max_iter=30, random_state=0, early_stopping=False
    ).fit(x, y)
    trees = PoissonTrees(export_trees(gb))
    fresh = rng.normal(size=(500, 4))
    assert np.allclose(trees.predict(fresh), gb.predict(fresh), rtol=1e-6)
    assert trees.predict(np.zeros((0, 4))).shape == (0,)
