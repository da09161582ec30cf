"""A claim found in the parse, with the token its source phrase hangs on.

Extraction (:mod:`precis.claims.extract`) makes them; speaker resolution
(:mod:`precis.claims.speakers`) reads them. Kept apart so neither module imports the other.
"""

from __future__ import annotations

from spacy.tokens import Token

from precis.model import Claim


class Found:
    """A claim plus the parse token its source phrase hangs on (for speaker resolution)."""

    __slots__ = ("claim", "src")

    def __init__(self, claim: Claim, src: Token | None) -> None:
        self.claim = claim
        self.src = src
