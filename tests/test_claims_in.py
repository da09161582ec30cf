"""``claims_in`` for the highlights stage: both spaCy profiles, sentence filter."""

from __future__ import annotations

from precis import nlp
from precis.claims.extract import claims_in
from precis.ingest.text import make_article
from precis.model import Analysis
from precis.pipeline import sentences_of

TEXT = (
    "Russian Foreign Minister Sergei Lavrov rejected the accusations. "
    "The Russian defence ministry said its jets hit eight targets. "
    "He said the strikes would go on."
)


def _analysis(profile: nlp.Profile) -> tuple[Analysis, object]:
    article = make_article(TEXT)
    doc = nlp.parse_one(article.prose_mask(), profile=profile)
    a = Analysis(article=article)
    a.sentences = sentences_of(doc, article)
    return a, doc


def test_claims_in_full_and_parse_profiles() -> None:
    for profile in ("full", "parse"):
        a, doc = _analysis(profile)  # type: ignore[arg-type]
        claims = claims_in(doc, a)  # type: ignore[arg-type]
        labels = {c.label for c in claims}
        assert "Russia" in labels, (profile, [c.to_dict() for c in claims])
        assert any(c.speaker and "Lavrov" in c.speaker for c in claims), profile


def test_claims_in_sentence_filter() -> None:
    a, doc = _analysis("full")
    claims = claims_in(doc, a, sentences=[1])  # type: ignore[arg-type]
    assert claims and all(c.sentence == 1 for c in claims)
