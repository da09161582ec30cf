"""One scoring type for every evaluator: precision, recall and F1 (as google-research rouge's
``scoring.Score``), built from counts.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Score:
    """Precision, recall and F1 as fractions in [0, 1]."""

    precision: float
    recall: float
    f1: float

    @classmethod
    def from_counts(cls, tp: int, predicted: int, gold: int) -> Score:
        """From true positives over ``predicted`` items and ``gold`` items (0 when undefined)."""
        p = tp / predicted if predicted else 0.0
        r = tp / gold if gold else 0.0
        return cls(p, r, 2 * p * r / (p + r) if p + r else 0.0)

    def percent(self, digits: int = 1) -> dict[str, float]:
        """``{"p", "r", "f1"}`` x100, rounded: the shape the evaluators' JSON reports use."""
        return {
            "p": round(100 * self.precision, digits),
            "r": round(100 * self.recall, digits),
            "f1": round(100 * self.f1, digits),
        }
