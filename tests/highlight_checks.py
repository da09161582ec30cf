"""Checks on highlights at both selections: the default and ``--words 20`` (tests import this)."""

from __future__ import annotations

import precis

#: The default (rule cuts, MMR) and the learned cuts with the expected-F selection.
TARGETS = (None, 20)


def highlights_at_both(text: str) -> list[str]:
    """The highlights of ``text`` at the default and at ``--words 20``, in that order."""
    return [h.text for t in TARGETS for h in precis.highlights(text, target_words=t)]


def assert_no_highlight_starts(text: str, prefix: str) -> None:
    """No highlight of ``text``, at either selection, starts with ``prefix``."""
    for h in highlights_at_both(text):
        assert not h.startswith(prefix), h
