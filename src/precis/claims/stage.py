"""The ``claims`` stage: fills the analysis's claims, speakers and disputes."""

from __future__ import annotations

from spacy.tokens import Doc

from precis.claims.disputes import article_disputes
from precis.claims.extract import find
from precis.model import Analysis
from precis.pipeline import register


@register("claims", profile="parse")
def claims_stage(analysis: Analysis, doc: Doc) -> None:
    analysis.claims, analysis.speakers = find(doc, analysis)
    prose = (s.text for s in analysis.sentences)
    analysis.disputes = article_disputes(analysis.article.text, analysis.claims, prose)
