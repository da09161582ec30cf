"""The ``highlights`` stage (placeholder wiring; selection and compression land next)."""

from __future__ import annotations

from spacy.tokens import Doc

from precis.model import Analysis, Highlight, Piece
from precis.pipeline import register


@register("highlights", profile="parse", after=("claims",))
def highlights_stage(analysis: Analysis, doc: Doc) -> None:
    n = int(analysis.options.get("max_highlights", 4))
    for sent in analysis.sentences[:n]:
        analysis.highlights.append(Highlight(sent.text, [Piece(sent.text, sent.span)], sent.index, 1.0))
