"""Stories: many reports of one event grouped online, each with a card (issue 14).

* :mod:`precis.stories.features` — article (stored record + text) -> entity/lemma/title terms
* :mod:`precis.stories.group` — :class:`Grouper`, single-pass grouping with a bounded index
* :mod:`precis.stories.card` — :func:`build_card`, the story card
* :mod:`precis.stories.build` — :func:`group_store`, grouping a store's articles, committed by chunk
* :mod:`precis.stories.settings` — :class:`StorySettings` (thresholds, weights, decay)
"""

from __future__ import annotations

from precis.stories.card import Member, build_card
from precis.stories.features import Features, features_of
from precis.stories.group import Assignment, Grouper, story_id
from precis.stories.settings import StorySettings

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
