"""The ``claims`` stage (claims and speakers) and the ``disputes`` stage (pairs that contradict)."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc

from precis.claims import tagger
from precis.claims.disputes import MAX_PER_STATEMENT, crowded
from precis.claims.extract import find
from precis.conflicts import pairs
from precis.conflicts.detect import article_disputes
from precis.embed import load as load_embedder
from precis.model import Analysis
from precis.settings import NoSettings, StageSettings, setting
from precis.stages import register

#: Claims paired by the disputes stage (a long news feature has well under 100 claims).
MAX_PAIRED_CLAIMS = 300


@dataclass(frozen=True)
class ClaimsSettings(NoSettings):
    """The claims stage has no knobs (the tagger's thresholds are part of its trained model)."""


@dataclass(frozen=True)
class DisputesSettings(StageSettings):
    max_per_claim: int = setting(
        MAX_PER_STATEMENT,
        minimum=1,
        maximum=1000,
        help="list at most this many disputes per claim (bounds the pairs a long text yields)",
    )


def _load_claims() -> None:
    tagger.load()


def _load_disputes() -> None:
    pairs.load_model()
    load_embedder()


@register(
    "claims",
    assigns=("claims", "speakers"),
    settings=ClaimsSettings,
    profile="parse",
    load=_load_claims,
)
def claims_stage(analysis: Analysis, doc: Doc, settings: ClaimsSettings) -> None:
    """Who says what: attributed claims, with their speakers resolved and grouped."""
    analysis.claims, analysis.speakers = find(doc, analysis)


@register(
    "disputes",
    requires=("claims",),
    assigns=("disputes",),
    settings=DisputesSettings,
    profile="parse",
    load=_load_disputes,
)
def disputes_stage(analysis: Analysis, doc: Doc, settings: DisputesSettings) -> None:
    """Pairs of the article's claims that may contradict each other."""
    prose = (s.text for s in analysis.sentences)
    # Pairing is quadratic in claims: only the first MAX_PAIRED_CLAIMS are paired (README Limits).
    paired = analysis.claims[:MAX_PAIRED_CLAIMS]
    if len(analysis.claims) > MAX_PAIRED_CLAIMS:
        analysis.warnings.append(
            f"limits: {len(analysis.claims):,} claims; disputes were looked for among the first "
            f"{MAX_PAIRED_CLAIMS} only"
        )
    analysis.disputes = article_disputes(
        analysis.article.text, paired, prose, per_statement=settings.max_per_claim
    )
    full = crowded(analysis.disputes, settings.max_per_claim)
    if full:
        analysis.warnings.append(
            f"{full} claims are disputed by {settings.max_per_claim} or more others; "
            "not all of their disputes may be listed"
        )
