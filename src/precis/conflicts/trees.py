"""Gradient-boosted trees read from JSON (no pickle, no scikit-learn at run time).

The same layout as ``precis/data/scorer.json`` (complete binary trees in heap order: ``feature`` and
``threshold`` per internal node, ``leaf`` values, ``init`` + ``learning_rate`` × the leaves' sum),
widened to several classes: arrays are (trees, classes, nodes) and ``init`` has one value per class.
One class means a binary model (sigmoid); more mean softmax over ``classes``.
"""

from __future__ import annotations

import functools
import json
from importlib import resources
from typing import Any

import numpy as np


class Trees:
    def __init__(self, spec: dict[str, Any], features: tuple[str, ...]) -> None:
        if tuple(spec["features"]) != features:
            # A stale artifact would silently mis-score: refuse it.
            raise ValueError("model features do not match the code's feature list")
        self.classes: tuple[str, ...] = tuple(spec["classes"])
        self.depth = int(spec["depth"])
        self.rate = float(spec["learning_rate"])
        self.init = np.asarray(spec["init"], dtype=np.float64)
        self.feature = np.asarray(spec["feature"], dtype=np.intp)
        self.threshold = np.asarray(spec["threshold"], dtype=np.float64)
        self.leaf = np.asarray(spec["leaf"], dtype=np.float64)
        self.meta: dict[str, Any] = spec.get("meta", {})

    def raw(self, x: np.ndarray) -> np.ndarray:
        """Log-odds, shape (rows, classes in the trees)."""
        x32 = np.asarray(x, dtype=np.float32)  # fitted on float32: compare in float32
        n_trees, k, _ = self.feature.shape
        out = np.tile(self.init, (x32.shape[0], 1))
        if x32.shape[0] == 0:
            return out
        rows = np.arange(x32.shape[0])[None, None, :]
        t = np.arange(n_trees)[:, None, None]
        c = np.arange(k)[None, :, None]
        node = np.zeros((n_trees, k, x32.shape[0]), dtype=np.intp)
        for _ in range(self.depth):
            f = self.feature[t, c, node]
            right = x32[rows, f] > self.threshold[t, c, node]
            node = 2 * node + 1 + right
        leaves = node - (2**self.depth - 1)
        return out + self.rate * self.leaf[t, c, leaves].sum(axis=0).T

    def proba(self, x: np.ndarray) -> np.ndarray:
        """Class probabilities (rows, len(classes)); a binary model gives P(classes[1])
        in column 1."""
        z = self.raw(x)
        if z.shape[1] == 1:
            p = 1.0 / (1.0 + np.exp(-z[:, 0]))
            return np.stack([1 - p, p], axis=1)
        z = z - z.max(axis=1, keepdims=True)
        e = np.exp(z)
        return e / e.sum(axis=1, keepdims=True)


def export(clf: Any, depth: int, features: tuple[str, ...], classes: list[str]) -> dict[str, Any]:
    """A fitted scikit-learn GradientBoostingClassifier -> the JSON dict :class:`Trees` reads."""
    n_int, n_leaf = 2**depth - 1, 2**depth
    k = clf.estimators_.shape[1]
    feats = []
    thrs = []
    leaves = []
    for stage in clf.estimators_:
        fs, ts, ls = [], [], []
        for est in stage[:k]:
            tree = est.tree_
            f = [0] * n_int
            th = [1e30] * n_int  # "always go left" below an early leaf
            lv = [0.0] * n_leaf

            def fill(node: int, pos: int, level: int, tree: Any = tree, f: Any = f,
                     th: Any = th, lv: Any = lv) -> None:  # fmt: skip
                if level == depth:
                    lv[pos - n_int] = round(float(tree.value[node][0][0]), 6)
                    return
                if tree.children_left[node] == -1:  # leaf before full depth
                    fill(node, 2 * pos + 1, level + 1)
                    fill(node, 2 * pos + 2, level + 1)
                    return
                f[pos] = int(tree.feature[node])
                th[pos] = float(tree.threshold[node])  # float64 repr is exact
                fill(int(tree.children_left[node]), 2 * pos + 1, level + 1)
                fill(int(tree.children_right[node]), 2 * pos + 2, level + 1)

            fill(0, 0, 0)
            fs.append(f)
            ts.append(th)
            ls.append(lv)
        feats.append(fs)
        thrs.append(ts)
        leaves.append(ls)
    init = clf._raw_predict_init(np.zeros((1, len(features)), dtype=np.float32))[0]
    return {
        "kind": "trees",
        "features": list(features),
        "classes": classes,
        "depth": depth,
        "init": [float(v) for v in init],
        "learning_rate": clf.learning_rate,
        "feature": feats,
        "threshold": thrs,
        "leaf": leaves,
    }


@functools.cache
def packaged(filename: str, features: tuple[str, ...]) -> Trees:
    """The trees shipped as ``precis/data/<filename>``, loaded once per process."""
    text = resources.files("precis").joinpath("data", filename).read_text("utf-8")
    return Trees(json.loads(text), features)
