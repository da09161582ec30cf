"""Stories: many reports of one event grouped online, each with a card (issue 14).

* :mod:`precis.stories.features` — article (stored record + text) -> entity/lemma/title terms
* :mod:`precis.stories.group` — :class:`Grouper`, single-pass grouping with a bounded index
* :mod:`precis.stories.card` — :func:`build_card`, the story card
* :mod:`precis.stories.card_select` — which highlights go on a card (learned word model)
* :mod:`precis.stories.build` — :func:`group_store`, grouping a store's articles, committed by chunk
* :mod:`precis.stories.settings` — :class:`StorySettings` (thresholds, weights, decay)
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from precis.stories.card import build_card
    from precis.stories.features import Features, features_of
    from precis.stories.group import Assignment, Grouper, story_id
    from precis.stories.member import Member
    from precis.stories.settings import StorySettings

# Imported on first use: features pulls in NLTK (and SciPy), about 2.5 s of CPU that every
# ``precis`` command paid at start-up when the CLI only needed StorySettings for its options.
_WHERE = {
    "Member": "member",
    "build_card": "card",
    "Features": "features",
    "features_of": "features",
    "Assignment": "group",
    "Grouper": "group",
    "story_id": "group",
    "StorySettings": "settings",
}


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        return getattr(import_module(f"precis.stories.{_WHERE[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "Assignment",
    "Features",
    "Grouper",
    "Member",
    "StorySettings",
    "build_card",
    "features_of",
    "story_id",
]
