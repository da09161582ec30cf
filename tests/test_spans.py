"""Span helpers (precis.spans), the one place the overlap tests are written."""

from __future__ import annotations

from precis.model import overlaps as model_overlaps
from precis.spans import contains, overlaps, overlaps_any, shared_chars


def test_overlaps_is_end_exclusive() -> None:
    assert overlaps((0, 5), (4, 9)) and not overlaps((0, 5), (5, 9))
    assert overlaps((3, 4), (0, 10)) and not overlaps((0, 0), (0, 5))
    assert model_overlaps is overlaps  # the data model re-exports the one definition


def test_overlaps_any_shared_chars_contains() -> None:
    assert overlaps_any((2, 4), [(0, 1), (3, 8)]) and not overlaps_any((2, 4), [])
    assert shared_chars((0, 5), (3, 9)) == 2 and shared_chars((0, 2), (5, 9)) == 0
    assert contains((2, 4), 2) and not contains((2, 4), 4)
