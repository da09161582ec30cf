"""The ``claims`` stage: fills ``analysis.claims`` and ``analysis.speakers``."""

from __future__ import annotations

from spacy.tokens import Doc

from precis.claims.extract import find
from precis.model import Analysis
from precis.pipeline import register


@register("claims", profile="parse")
def claims_stage(analysis: Analysis, doc: Doc) -> None:
    analysis.claims, analysis.speakers = find(doc, analysis)
