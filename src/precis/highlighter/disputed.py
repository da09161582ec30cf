"""Never state a disputed claim as fact: the highlight check behind "X says" for contested points.

A candidate highlight is split into the words that are someone's claim (a claim whose cue the
highlight keeps: "Khoja said 36 civilians were killed") and its *bare* words, which the highlight
states on its own authority. Bare words are checked against the article's disputes (the
disputes stage's ``analysis.disputes``, and its rules in :mod:`precis.conflicts.detect`):

* bare words that are the content of a claim attributed elsewhere (a quotation continued from the
  previous sentence) belong to that claim: when another source disputes it, the highlight is
  framed "<label> says ..." with its source, or dropped when it cannot be;
* other bare words are the writer's: when a claim in the article disputes them ("The strikes hit
  civilian areas." against "Russia denied that the strikes hit civilians"), the candidate is
  dropped, since there is no source to give it.

Highlights that already carry their source (framed, or keeping "X said") pass unchanged.
"""

from __future__ import annotations

from functools import cached_property

from spacy.tokens import Span

from precis.claims.disputes import WRITER, Statement, statements
from precis.conflicts.detect import disputed_by
from precis.highlighter.frame import frame
from precis.model import Analysis, Claim, Offsets, Piece
from precis.spans import overlaps_any

Framed = tuple[list[Piece], str | None]


def _minus(spans: list[Offsets], holes: list[Offsets]) -> list[Offsets]:
    """Parts of ``spans`` outside every hole."""
    out = []
    for start, end in spans:
        cuts = sorted((max(s, start), min(e, end)) for s, e in holes if s < end and start < e)
        pos = start
        for s, e in cuts:
            if s > pos:
                out.append((pos, s))
            pos = max(pos, e)
        if pos < end:
            out.append((pos, end))
    return out


def _within(bare: list[Offsets], claim: Claim) -> bool:
    """Most of the bare characters lie in ``claim``'s content."""
    total = sum(e - s for s, e in bare)
    outside = sum(e - s for s, e in _minus(bare, claim.content))
    return (total - outside) * 2 > total


class Guard:
    """The article's claims and disputes, built once per article, checking each candidate."""

    def __init__(self, analysis: Analysis) -> None:
        # The claims and disputes stages ran before (the highlights stage requires them).
        self.analysis = analysis
        self.claims = analysis.claims
        self.text = analysis.article.text
        self.disputed = {i for d in analysis.disputes for i in d.claims}

    @cached_property
    def statements(self) -> list[Statement]:
        """The claims as the disputes rules read them (built when a candidate first needs them)."""
        return statements(self.text, self.claims)

    def review(self, span: Span, pieces: list[Piece], source: str | None) -> Framed | None:
        """The candidate as it may be shown: unchanged, framed with its source, or None (drop)."""
        if source is not None or not self.claims:
            return pieces, source
        lo, hi = span.start_char, span.end_char
        kept = [p.span for p in pieces if p.span is not None and lo <= p.span[0] < hi]
        owned: list[Offsets] = []
        for claim in self.claims:
            if claim.source is not None and overlaps_any(claim.cue, kept):
                owned += [claim.cue, claim.source, *claim.content]
        bare = _minus(kept, owned)
        if not bare:
            return pieces, source
        for i, claim in enumerate(self.claims):
            # Words of a claim whose source this highlight does not show (cue cut or elsewhere).
            if claim.content and not overlaps_any(claim.cue, kept) and _within(bare, claim):
                if i not in self.disputed:
                    return pieces, source
                framed = frame(self.analysis, claim, span)
                return (framed, claim.speaker) if framed is not None else None
        said = Statement(" ".join(self.text[s:e] for s, e in bare), WRITER)
        # The disputes stage's rules (precis.conflicts.detect): a source denies these words.
        if disputed_by(said, self.statements):
            return None
        return pieces, source
