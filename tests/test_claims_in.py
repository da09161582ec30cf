"""``find``, as the highlights stage reads claims: both spaCy profiles name the speakers."""

from __future__ import annotations

from precis import nlp
from precis.claims.extract import find
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


def test_find_full_and_parse_profiles() -> None:
    for profile in ("full", "parse"):
        a, doc = _analysis(profile)  # type: ignore[arg-type]
        claims, _ = find(doc, a)  # type: ignore[arg-type]
        labels = {c.label for c in claims}
        assert "Russia" in labels, (profile, [c.to_dict() for c in claims])
        assert any(c.speaker and "Lavrov" in c.speaker for c in claims), profile
