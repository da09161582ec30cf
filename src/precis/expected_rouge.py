"""Choosing text units by their *expected* ROUGE-1 F against a summary not yet written.

A word model (Poisson regression trees, :class:`PoissonTrees`) predicts ``lam[w]``, the expected
count of each word ``w`` in the human summary. A set of units (sentences, clauses, highlights)
with word counts ``c[w]`` then expects an overlap of ``sum_w E[min(c[w], R_w)]``, ``R_w ~
Poisson(lam[w])`` (:func:`expected_min`), and an F of ``2 * overlap / (its words + the summary's
expected words)``. A unit that repeats words already chosen adds little overlap but all its
length, so redundancy and length are priced by one sum. :func:`beam_pick` searches for the best
set. Used by story cards (:mod:`precis.stories.card_select`) and single-article highlights
(:mod:`precis.highlighter.words`).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np


class PoissonTrees:
    """Gradient-boosted regression trees with a Poisson loss, read from their JSON export
    (``{"baseline", "trees": [{feature, threshold, left, right, leaf, value}]}``, scikit-learn's
    HistGradientBoostingRegressor): ``predict(x) = exp(baseline + sum of leaves)``."""

    def __init__(self, spec: dict[str, Any]) -> None:
        self.baseline = float(spec["baseline"])
        trees = spec["trees"]
        # Laid out as complete binary trees (heap order, a leaf above the last level repeated
        # below it), so prediction is one gather per level with no leaf tests.
        self.depth = max(_depth(t, 0) for t in trees)
        inner, leaves = 2**self.depth - 1, 2**self.depth
        self.feature = np.zeros((len(trees), max(inner, 1)), dtype=np.intp)
        self.threshold = np.full((len(trees), max(inner, 1)), np.inf)
        self.value = np.zeros((len(trees), leaves))
        for k, t in enumerate(trees):
            todo = [(0, 0, 0)]  # (node in the export, heap index, level)
            while todo:
                node, at, level = todo.pop()
                if t["leaf"][node]:
                    first = at
                    for _ in range(self.depth - level):
                        first = 2 * first + 1  # leftmost descendant on the last level
                    span = 2 ** (self.depth - level)
                    self.value[k, first - inner : first - inner + span] = t["value"][node]
                    continue
                self.feature[k, at] = t["feature"][node]
                self.threshold[k, at] = t["threshold"][node]
                todo.append((t["left"][node], 2 * at + 1, level + 1))
                todo.append((t["right"][node], 2 * at + 2, level + 1))
        self._feature = self.feature.ravel().astype(np.int32)
        self._threshold = self.threshold.ravel().astype(np.float32)

    def predict(self, x: np.ndarray) -> np.ndarray:
        """Expected count of each row."""
        if not len(x):
            return np.zeros(0)
        n_trees, n_leaves = self.value.shape
        inner = n_leaves - 1
        # Flat indices (tree * width + node; row * features + feature) in int32 and float32
        # values: plain 1-d gathers, twice as fast as float64 ones. A split's threshold lies
        # midway between two training values, far wider apart than float32's rounding.
        at = (np.arange(n_trees, dtype=np.int32) * max(inner, 1))[:, None]
        flat_x = np.ascontiguousarray(x, dtype=np.float32).ravel()
        row_at = (np.arange(len(x), dtype=np.int32) * x.shape[1])[None, :]
        node = np.zeros((n_trees, len(x)), dtype=np.int32)
        for _ in range(self.depth):
            idx = at + node
            node = 2 * node + 1 + (flat_x[row_at + self._feature[idx]] > self._threshold[idx])
        leaves = (np.arange(n_trees, dtype=np.int32) * n_leaves)[:, None] + node - inner
        return np.asarray(np.exp(self.baseline + self.value.ravel()[leaves].sum(axis=0)))


def _depth(tree: dict[str, Any], node: int) -> int:
    """Levels of splits below ``node`` of an exported tree."""
    if tree["leaf"][node]:
        return 0
    return 1 + max(_depth(tree, tree["left"][node]), _depth(tree, tree["right"][node]))


def export_trees(model: Any) -> dict[str, Any]:
    """A fitted HistGradientBoostingRegressor as :class:`PoissonTrees` reads it (numeric splits
    only: the features have no missing values). For the training scripts."""
    trees = []
    for (pred,) in model._predictors:
        nodes = pred.nodes
        trees.append(
            {
                "feature": [int(v) for v in nodes["feature_idx"]],
                "threshold": [float(v) for v in nodes["num_threshold"]],
                "left": [int(v) for v in nodes["left"]],
                "right": [int(v) for v in nodes["right"]],
                "leaf": [int(bool(v)) for v in nodes["is_leaf"]],
                "value": [float(v) for v in nodes["value"]],
            }
        )
    return {"baseline": float(np.ravel(model._baseline_prediction)[0]), "trees": trees}


def expected_min(c: int, lam: float) -> float:
    """E[min(c, R)] for R ~ Poisson(lam): the overlap that c copies of a word can expect."""
    total = cdf = 0.0
    pk = math.exp(-lam)
    for k in range(c):
        cdf += pk
        total += 1.0 - cdf
        pk *= lam / (k + 1)
    return total


def expected_f(tokens: Counter[str], lam: Mapping[str, float], length: float) -> float:
    """Expected ROUGE-1 F of one unit alone (``length``: the summary's expected words)."""
    gain = sum(expected_min(k, lam.get(t, 0.0)) for t, k in tokens.items())
    return 2 * gain / (sum(tokens.values()) + length)


def _overlap_table(lam: Mapping[Any, float]) -> Callable[[Any, int], float]:
    """``expected_min(c, lam[t])`` for (t, c), each computed once."""
    seen: dict[tuple[Any, int], float] = {}

    def get(t: Any, c: int) -> float:
        v = seen.get((t, c))
        if v is None:
            v = seen[(t, c)] = expected_min(c, lam.get(t, 0.0))
        return v

    return get


#: A search state: value, gain and size per channel, units picked, n-grams on the card.
_State = tuple[float, list[float], list[int], list[int], list[Counter[Any]]]


@dataclass
class Channel:
    """One n-gram order of the objective: each unit's n-gram counts, the n-grams' expected
    counts in the summary, the summary's expected n-grams, and the weight of this F."""

    units: Sequence[Counter[Any]]
    lam: Mapping[Any, float]
    length: float
    weight: float = 1.0


def beam_pick(
    channels: Sequence[Channel],
    min_count: int,
    max_count: int,
    beam: int = 1,
    compatible: Callable[[int, int], bool] | None = None,
    bonus: Sequence[float] | None = None,
    first: Sequence[int] | None = None,
) -> list[int]:
    """Indices of the units (in the order chosen) whose union has the highest expected F.

    The value of a set is the weighted sum of its expected F over the ``channels`` (ROUGE-1
    alone, or ROUGE-1 and ROUGE-2), plus the mean ``bonus`` of its units when given (a salience
    prior). A beam search of width ``beam`` (1: the greedy): below ``min_count`` units any unit
    may be added (the best), past it only one that raises the value; never more than
    ``max_count``. ``compatible(i, j)`` False keeps two units apart (one unit's text inside
    another's). ``first``: the set starts with one of these units (one that must be there).
    """
    width = max(1, beam)
    n_units = len(channels[0].units) if channels else 0
    sizes = [[sum(u.values()) for u in ch.units] for ch in channels]
    extra = list(bonus) if bonus is not None else [0.0] * n_units
    memos = [_overlap_table(ch.lam) for ch in channels]
    opening = set(first) if first else None
    states: list[_State] = [
        (0.0, [0.0] * len(channels), [0] * len(channels), [], [Counter() for _ in channels])
    ]
    done: list[tuple[float, list[int]]] = []
    while states:
        grown: list[_State] = []
        for best, gains, size, picked, on_card in states:
            if len(picked) >= max_count:
                done.append((best, picked))
                continue
            choices: list[tuple[float, list[float], int]] = []
            for i in range(n_units):
                if i in picked or (
                    compatible is not None and not all(compatible(i, p) for p in picked)
                ):
                    continue
                if opening is not None and not picked and i not in opening:
                    continue
                value = 0.0
                new_gains = []
                for c, ch in enumerate(channels):
                    have, memo = on_card[c], memos[c]
                    # One sum added to the set's gain (not term by term): the same floats as
                    # the cards' search before it was shared, so the same ties and order.
                    g = gains[c] + sum(
                        memo(t, have[t] + k) - memo(t, have[t]) for t, k in ch.units[i].items()
                    )
                    new_gains.append(g)
                    value += ch.weight * 2 * g / (size[c] + sizes[c][i] + ch.length)
                if bonus is not None:
                    value += (sum(extra[p] for p in picked) + extra[i]) / (len(picked) + 1)
                # Past the minimum count a unit must raise the value; below it, any goes.
                if value > best or len(picked) < min_count:
                    choices.append((value, new_gains, i))
            if not choices:
                done.append((best, picked))
                continue
            choices.sort(key=lambda c: -c[0])  # stable: ties keep the units' order
            for value, new_gains, i in choices[:width]:
                grown.append(
                    (
                        value,
                        new_gains,
                        [size[c] + sizes[c][i] for c in range(len(channels))],
                        [*picked, i],
                        [on_card[c] + ch.units[i] for c, ch in enumerate(channels)],
                    )
                )
        grown.sort(key=lambda st: -st[0])
        states = []
        seen: set[frozenset[int]] = set()
        for st in grown:
            key = frozenset(st[3])
            if key not in seen:  # one set reached in two orders
                seen.add(key)
                states.append(st)
                if len(states) >= width:
                    break
    full = [d for d in done if len(d[1]) >= min_count] or done
    return max(full, key=lambda d: d[0])[1] if full else []
