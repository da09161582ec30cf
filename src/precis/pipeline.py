"""Run the analysis stages over articles: the library API the CLI, batch runner and server share.

A *stage* is a plain function ``stage(analysis, doc) -> None`` that reads the spaCy ``Doc`` of the
article's prose and adds to the :class:`~precis.model.Analysis` (like a spaCy component adds to a
Doc). Stages register themselves with :func:`register` under a name, with the spaCy profile they
need and the stages they read. The pipeline parses each article once, with the smallest profile
that serves every requested stage, and runs the stages in dependency order.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from spacy.tokens import Doc

from precis import nlp
from precis.errors import InputError
from precis.ingest.clean import clean
from precis.ingest.text import make_article
from precis.model import Analysis, Article, Sentence

Stage = Callable[[Analysis, Doc], None]


@dataclass(frozen=True)
class StageSpec:
    name: str
    run: Stage
    profile: nlp.Profile
    after: tuple[str, ...] = ()


_REGISTRY: dict[str, StageSpec] = {}
#: Modules that register the built-in stages when imported (imported lazily, on first use).
_BUILTIN_MODULES = ("precis.highlighter.stage", "precis.claims.stage", "precis.facts.stage")
#: What ``analyze`` runs by default: everything that is registered.
DEFAULT_STAGES = ("claims", "facts", "highlights")


def register(
    name: str, profile: nlp.Profile = "parse", after: Sequence[str] = ()
) -> Callable[[Stage], Stage]:
    """Decorator: make ``fn`` available as stage ``name``."""

    def deco(fn: Stage) -> Stage:
        _REGISTRY[name] = StageSpec(name, fn, profile, tuple(after))
        return fn

    return deco


def _load_builtins() -> None:
    for module in _BUILTIN_MODULES:
        importlib.import_module(module)


def available_stages() -> list[str]:
    _load_builtins()
    return sorted(_REGISTRY)


def _plan(stages: Iterable[str]) -> tuple[list[StageSpec], nlp.Profile]:
    _load_builtins()
    wanted = list(dict.fromkeys(stages))
    unknown = [s for s in wanted if s not in _REGISTRY]
    if unknown:
        raise ValueError(f"unknown stage(s) {unknown}; available: {sorted(_REGISTRY)}")
    ordered: list[StageSpec] = []
    seen: set[str] = set()

    def visit(name: str) -> None:
        if name in seen:
            return
        seen.add(name)
        spec = _REGISTRY[name]
        for dep in spec.after:
            if dep in wanted:
                visit(dep)
        ordered.append(spec)

    for name in wanted:
        visit(name)
    profile: nlp.Profile = "full" if any(s.profile == "full" for s in ordered) else "parse"
    return ordered, profile


def sentences_of(doc: Doc, article: Article) -> list[Sentence]:
    """Prose sentences of a Doc parsed from ``article.prose_mask()`` (offsets shared)."""
    out: list[Sentence] = []
    paragraph = 0
    last_end = 0
    text = article.text
    prose = doc.text  # built by joining tokens: once, not per sentence
    for sent in doc.sents:
        start, end = sent.start_char, sent.end_char
        # Trim whitespace tokens spaCy keeps at sentence edges.
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end <= start or not any(ch.isalnum() for ch in prose[start:end]):
            continue
        if "\n" in text[last_end:start] and out:
            paragraph += 1
        out.append(Sentence(len(out), (start, end), paragraph, text[start:end]))
        last_end = end
    return out


def _run_stages(analysis: Analysis, doc: Doc, specs: list[StageSpec]) -> Analysis:
    analysis.sentences = sentences_of(doc, analysis.article)
    if not analysis.sentences:
        analysis.warnings.append("no prose sentences found after cleaning")
    for spec in specs:
        spec.run(analysis, doc)
        analysis.stages.append(spec.name)
    return analysis


def analyze_article(
    article: Article,
    stages: Sequence[str] = DEFAULT_STAGES,
    options: dict[str, Any] | None = None,
) -> Analysis:
    """Analyse an already-built Article (see :func:`precis.ingest.text.make_article`)."""
    specs, profile = _plan(stages)
    clean(article)
    doc = nlp.parse_one(article.prose_mask(), profile=profile)
    return _run_stages(Analysis(article=article, options=dict(options or {})), doc, specs)


def analyze(
    text: str | bytes,
    title: str | None = None,
    published: Any = None,
    *,
    id: str | None = None,
    stages: Sequence[str] = DEFAULT_STAGES,
    options: dict[str, Any] | None = None,
) -> Analysis:
    """Analyse one article. Raises :class:`~precis.errors.InputError` for unusable input."""
    article = make_article(text, id=id, title=title, published=published)
    return analyze_article(article, stages, options)


@dataclass
class Outcome:
    """Result of one record in a batch: an analysis, or the error that stopped it."""

    index: int
    id: str | None
    analysis: Analysis | None
    error: str | None

    def to_dict(self) -> dict[str, Any]:
        if self.analysis is not None:
            return self.analysis.to_dict()
        return {"id": self.id, "highlights": [], "error": self.error}


def analyze_many(
    records: Iterable[dict[str, Any]],
    stages: Sequence[str] = DEFAULT_STAGES,
    batch_size: int = 16,
    options: dict[str, Any] | None = None,
) -> Iterator[Outcome]:
    """Analyse records ``{"id", "text", "title"?, "published"?}`` in order, batching the parse.

    One bad record yields an Outcome with ``error`` set; it never stops the others.
    """
    specs, profile = _plan(stages)
    batch: list[tuple[int, str | None, Article | None, str | None]] = []

    def flush() -> Iterator[Outcome]:
        good = [(i, a) for i, _, a, _ in batch if a is not None]
        docs = nlp.parse([a.prose_mask() for _, a in good], profile=profile, batch_size=batch_size)
        parsed = {i: (a, d) for (i, a), d in zip(good, docs, strict=True)}
        for i, rid, article, err in batch:
            if article is None:
                yield Outcome(i, rid, None, err)
                continue
            a, d = parsed[i]
            try:
                analysis = Analysis(article=a, options=dict(options or {}))
                yield Outcome(i, rid, _run_stages(analysis, d, specs), None)
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
