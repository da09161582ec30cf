"""precis: faithful, attributed story highlights from news articles.

    >>> import precis
    >>> for h in precis.highlights(text):
    ...     print(h.text, h.spans)

``analyze`` returns the whole :class:`Analysis` (highlights, claims, speakers, entities, places,
figures, dates); every object in it points at the article with character offsets.
"""

from __future__ import annotations

from precis.errors import InputError, PrecisError
from precis.model import (
    Analysis,
    Article,
    Claim,
    DateMention,
    Entity,
    Figure,
    Highlight,
    Piece,
    Place,
    Sentence,
    Speaker,
)
from precis.pipeline import analyze, analyze_many
from precis.stages import Settings

__version__ = "0.1.0"


def highlights(
    text: str | bytes,
    title: str | None = None,
    *,
    max_highlights: int | None = None,
    target_words: int | None = None,
    selection: str | None = None,
    min_highlights: int | None = None,
) -> list[Highlight]:
    """Story highlights of one article (the fast path: no entity pass over the whole text).

    ``None`` means the stage's defaults (3 highlights compressed toward 30 words; at
    ``target_words`` 25 or less, 2 to 3 chosen by expected ROUGE F: see
    :class:`precis.highlighter.stage.HighlightsSettings`); a value of the wrong type or out of
    range raises :class:`InputError` naming it.
    """
    pairs = (
        ("max_highlights", max_highlights),
        ("target_words", target_words),
        ("selection", selection),
        ("min_highlights", min_highlights),
    )
    given = {k: v for k, v in pairs if v is not None}
    settings = Settings.from_mapping({"highlights": given})
    return analyze(text, title=title, stages=("highlights",), settings=settings).highlights


def conflict(a: str, b: str) -> float:
    """The probability (0-1) that statements ``a`` and ``b`` cannot both be true (the learned
    conflict model of :mod:`precis.conflicts`; InputError for an empty or unusable statement)."""
    from precis.conflicts import conflict as _conflict

    return _conflict(a, b)


__all__ = [
    "Analysis",
    "Article",
    "Claim",
    "DateMention",
    "Entity",
    "Figure",
    "Highlight",
    "InputError",
    "Piece",
    "Place",
    "PrecisError",
    "Sentence",
    "Settings",
    "Speaker",
    "__version__",
    "analyze",
    "analyze_many",
    "conflict",
    "highlights",
]
