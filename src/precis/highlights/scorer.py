"""Sentence salience scorer. TEMPORARY position prior until the learned scorer lands (issue 2.5)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def score(sentences: Sequence[Sequence[str]], title: Sequence[str] | None = None) -> np.ndarray:
    """One salience score per sentence (higher is more summary-worthy)."""
    return np.array([1.0 / (1.0 + i) for i in range(len(sentences))], dtype=np.float64)
