"""The ``claims`` stage: fills the analysis's claims, speakers and disputes."""

from __future__ import annotations

from spacy.tokens import Doc

from precis.claims.disputes import MAX_PER_STATEMENT, article_disputes, crowded
from precis.claims.extract import find
from precis.model import Analysis
from precis.pipeline import register


@register("claims", profile="parse")
def claims_stage(analysis: Analysis, doc: Doc) -> None:
    analysis.claims, analysis.speakers = find(doc, analysis)
    prose = (s.text for s in analysis.sentences)
    analysis.disputes = article_disputes(analysis.article.text, analysis.claims, prose)
    full = crowded(analysis.disputes)
    if full:
        analysis.warnings.append(
            f"{full} claims are disputed by {MAX_PER_STATEMENT} or more others; "
            "not all of their disputes may be listed"
        )
