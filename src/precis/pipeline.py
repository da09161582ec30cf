"""Run the analysis stages over articles: the library API the CLI, batch runner and server share.

Stages, their contracts and the planner live in :mod:`precis.stages`; each stage's settings in
:mod:`precis.settings`. The pipeline parses each article once, with the smallest spaCy profile that
serves every stage of the plan, and runs the planned stages in order, each with its own settings.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from spacy.tokens import Doc

from precis import nlp
from precis.errors import InputError
from precis.ingest.clean import clean
from precis.ingest.text import make_article
from precis.model import Analysis, Article, Sentence
from precis.serialize import error_record
from precis.stages import Plan, Settings, available_stages, plan, register

#: What ``analyze`` runs by default: every built-in stage.
DEFAULT_STAGES = ("claims", "disputes", "facts", "highlights")

__all__ = [
    "DEFAULT_STAGES",
    "Outcome",
    "analyze",
    "analyze_article",
    "analyze_many",
    "available_stages",
    "plan",
    "register",
    "sentences_of",
]


def sentences_of(doc: Doc, article: Article) -> list[Sentence]:
    """Prose sentences of a Doc parsed from ``article.prose_mask()`` (offsets shared)."""
    out: list[Sentence] = []
    paragraph = 0
    last_end = 0
    text = article.text
    prose = nlp.text_of(doc)  # built by joining tokens: once per Doc
    for sent in doc.sents:
        start, end = sent.start_char, sent.end_char
        # Trim whitespace tokens spaCy keeps at sentence edges (blanked stretches too: prose).
        while start < end and prose[start].isspace():
            start += 1
        while end > start and prose[end - 1].isspace():
            end -= 1
        if end <= start or not any(ch.isalnum() for ch in prose[start:end]):
            continue
        if "\n" in text[last_end:start] and out:
            paragraph += 1
        out.append(Sentence(len(out), (start, end), paragraph, text[start:end]))
        last_end = end
    return out


def _run_stages(analysis: Analysis, doc: Doc, todo: Plan, settings: Settings) -> Analysis:
    analysis.sentences = sentences_of(doc, analysis.article)
    analysis.warnings.extend(nlp.limit_warnings(doc))  # what the parse limits cut (README)
    if not analysis.sentences:
        analysis.warnings.append("no prose sentences found after cleaning")
    for spec in todo.stages:
        spec.run(analysis, doc, settings[spec.name])
        analysis.stages.append(spec.name)
        analysis.assigned.extend(a for a in spec.assigns if a not in analysis.assigned)
    return analysis


def _settings(settings: Settings | None) -> Settings:
    if settings is None:
        return Settings()
    if not isinstance(settings, Settings):
        raise InputError(f"settings must be a precis.Settings, not {type(settings)!r}")
    return settings


def analyze_article(
    article: Article,
    stages: Sequence[str] = DEFAULT_STAGES,
    settings: Settings | None = None,
) -> Analysis:
    """Analyse an already-built Article (see :func:`precis.ingest.text.make_article`)."""
    todo = plan(stages)
    settings = _settings(settings)
    clean(article)
    doc = nlp.parse_one(article.prose_mask(), profile=todo.profile)
    return _run_stages(Analysis(article=article), doc, todo, settings)


def analyze(
    text: str | bytes,
    title: str | None = None,
    published: Any = None,
    *,
    id: str | None = None,
    stages: Sequence[str] = DEFAULT_STAGES,
    settings: Settings | None = None,
) -> Analysis:
    """Analyse one article. Raises :class:`~precis.errors.InputError` for unusable input.

    ``stages`` are the stages wanted; the stages they require run too (``Analysis.stages`` lists
    what ran). ``settings`` holds each stage's settings (defaults where not given).
    """
    todo = plan(stages)  # refuse unknown stages before reading the text
    article = make_article(text, id=id, title=title, published=published)
    return analyze_article(article, todo.names, settings)


@dataclass
class Outcome:
    """Result of one record in a batch: an analysis, or the error that stopped it."""

    index: int
    id: str | None
    analysis: Analysis | None
    error: str | None

    def to_dict(self) -> dict[str, Any]:
        """The output record: the analysis's, or the one error-record shape."""
        if self.analysis is not None:
            return self.analysis.to_dict()
        return error_record(self.id, self.error or "unknown error")


def analyze_many(
    records: Iterable[dict[str, Any]],
    stages: Sequence[str] = DEFAULT_STAGES,
    batch_size: int = 16,
    settings: Settings | None = None,
) -> Iterator[Outcome]:
    """Analyse records ``{"id", "text", "title"?, "published"?}`` in order, batching the parse.

    One bad record yields an Outcome with ``error`` set; it never stops the others.
    """
    todo = plan(stages)
    settings = _settings(settings)
    batch: list[tuple[int, str | None, Article | None, str | None]] = []

    def flush() -> Iterator[Outcome]:
        good = [(i, a) for i, _, a, _ in batch if a is not None]
        docs = nlp.parse(
            [a.prose_mask() for _, a in good], profile=todo.profile, batch_size=batch_size
        )
        parsed = {i: (a, d) for (i, a), d in zip(good, docs, strict=True)}
        for i, rid, article, err in batch:
            if article is None:
                yield Outcome(i, rid, None, err)
                continue
            a, d = parsed[i]
            try:
                analysis = _run_stages(Analysis(article=a), d, todo, settings)
                yield Outcome(i, rid, analysis, None)
            except Exception as exc:  # a stage bug must not lose the record
                yield Outcome(
                    i, rid, None, f"internal error in analysis: {type(exc).__name__}: {exc}"
                )
        batch.clear()

    for i, rec in enumerate(records):
        rid = rec.get("id") if isinstance(rec, dict) else None
        rid = None if rid is None else str(rid)
        try:
            if not isinstance(rec, dict):
                raise InputError("record is not a JSON object")
            article = make_article(
                rec.get("text", ""), id=rid, title=rec.get("title"), published=rec.get("published")
            )
            clean(article)
            batch.append((i, rid, article, None))
        except InputError as exc:
            batch.append((i, rid, None, str(exc)))
        if len(batch) >= batch_size:
            yield from flush()
    if batch:
        yield from flush()
