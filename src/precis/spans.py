"""Character spans ``(start, end)``, end exclusive: the few tests every stage makes on them."""

from __future__ import annotations

from collections.abc import Iterable

Offsets = tuple[int, int]


def overlaps(a: Offsets, b: Offsets) -> bool:
    """Whether two spans share at least one character."""
    return a[0] < b[1] and b[0] < a[1]


def overlaps_any(a: Offsets, spans: Iterable[Offsets]) -> bool:
    """Whether ``a`` shares a character with any of ``spans``."""
    return any(overlaps(a, b) for b in spans)


def shared_chars(a: Offsets, b: Offsets) -> int:
    """How many characters two spans share (0 when apart)."""
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def contains(span: Offsets, pos: int) -> bool:
    """Whether character offset ``pos`` lies inside ``span``."""
    return span[0] <= pos < span[1]
