"""The one data model every stage reads and adds to.

All positions are character offsets ``(start, end)`` into ``Article.text``, the text exactly as it
was given (after decoding). Stages never copy or rewrite the text: they add objects that point into
it, the way spaCy's ``Span`` points into its ``Doc``. ``Analysis.to_dict()`` is the JSON schema that
the CLI, the batch runner and the store share.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

Offsets = tuple[int, int]


def overlaps(a: Offsets, b: Offsets) -> bool:
    """Whether two character spans share at least one character."""
    return a[0] < b[1] and b[0] < a[1]


#: Why a line of the input was set aside before sentence selection.
RemovedKind = Literal[
    "highlights_block",
    "header",
    "related",
    "caption",
    "credit",
    "teaser",
    "dateline",
    "boilerplate",
]


@dataclass(frozen=True, slots=True)
class Removed:
    """A stretch of the input that is not article prose (kept so offsets stay honest)."""

    span: Offsets
    kind: RemovedKind
    text: str


@dataclass(slots=True)
class Article:
    """One input document. ``text`` is never modified; everything else points into it."""

    text: str
    id: str | None = None
    title: str | None = None
    published: date | None = None
    #: Lines set aside by cleaning; the rest of ``text`` is prose.
    removed: list[Removed] = field(default_factory=list)

    def prose_mask(self) -> str:
        """``text`` with removed stretches blanked to spaces: same length, same offsets."""
        if not self.removed:
            return self.text
        chars = list(self.text)
        for item in self.removed:
            for i in range(item.span[0], item.span[1]):
                if chars[i] not in "\n\r":
                    chars[i] = " "
        return "".join(chars)


@dataclass(slots=True)
class Sentence:
    """A prose sentence of the article, in reading order."""

    index: int
    span: Offsets
    paragraph: int
    text: str


@dataclass(slots=True)
class Piece:
    """One run of a highlight's text. ``span`` is None only for attribution-frame words.

    ``text`` is always the article's own text at ``span``; ``lower`` only asks the renderer to
    write its first letter in lower case (indirect content after a frame: "X says a storm ...").
    """

    text: str
    span: Offsets | None
    lower: bool = False


@dataclass(slots=True)
class Highlight:
    """A short story highlight built from the article's own words.

    ``text`` is the pieces joined with single spaces, first letter capitalised (and a ``lower``
    piece's first letter lower-cased) and closed with a period; every piece with a span equals
    ``article.text[start:end]``.
    """

    text: str
    pieces: list[Piece]
    sentence: int
    score: float
    #: Resolved speaker name when the highlight reports someone's claim.
    source: str | None = None

    @property
    def spans(self) -> list[Offsets]:
        return [p.span for p in self.pieces if p.span is not None]

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "spans": [list(s) for s in self.spans],
            "source": self.source,
            "sentence": self.sentence,
            "score": round(self.score, 4),
        }


@dataclass(slots=True)
class Speaker:
    """A person or organisation that makes claims, with all its mentions grouped."""

    id: str
    name: str
    role: str | None = None
    affiliation: str | None = None
    mentions: list[Offsets] = field(default_factory=list)
    #: Short label a reader needs in a highlight frame ("Russia", "Lavrov").
    label: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "role": self.role,
            "affiliation": self.affiliation,
            "mentions": [list(m) for m in self.mentions],
        }


@dataclass(slots=True)
class Claim:
    """Something a source says, thinks or reports: who (source), how (cue), what (content)."""

    cue: Offsets
    content: list[Offsets]
    kind: Literal["direct", "indirect"]
    cue_lemma: str
    source: Offsets | None = None
    speaker: str | None = None
    speaker_id: str | None = None
    sentence: int | None = None
    negated: bool = False
    #: Short name for a highlight frame ("Russia", "Lavrov"): the speaker's label.
    label: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "speaker": self.speaker,
            "speaker_id": self.speaker_id,
            "source": list(self.source) if self.source else None,
            "cue": list(self.cue),
            "cue_lemma": self.cue_lemma,
            "content": [list(c) for c in self.content],
            "kind": self.kind,
            "negated": self.negated,
        }


@dataclass(slots=True)
class Entity:
    name: str
    #: "person" | "org" | "group" | "place"
    type: str
    mentions: list[Offsets] = field(default_factory=list)
    #: Other ways the article writes it ("ISIL", "Lavrov"); the canonical one is ``name``.
    aliases: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "type": self.type,
            "mentions": [list(m) for m in self.mentions],
            "aliases": list(self.aliases),
        }


@dataclass(slots=True)
class Place:
    name: str
    lat: float | None
    lon: float | None
    country: str | None
    geonameid: int | None
    feature: str | None
    mentions: list[Offsets] = field(default_factory=list)
    ambiguous: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "lat": self.lat,
            "lon": self.lon,
            "country": self.country,
            "geonameid": self.geonameid,
            "feature": self.feature,
            "mentions": [list(m) for m in self.mentions],
            "ambiguous": self.ambiguous,
        }


@dataclass(slots=True)
class Figure:
    value: float
    unit: str | None
    what: str | None
    text: str
    span: Offsets
    event: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "value": self.value,
            "unit": self.unit,
            "what": self.what,
            "event": self.event,
            "text": self.text,
            "span": list(self.span),
        }


@dataclass(slots=True)
class DateMention:
    text: str
    date: str | None
    span: Offsets

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "date": self.date, "span": list(self.span)}


DisputeReason = Literal["denial", "negation", "figure"]


@dataclass(frozen=True, slots=True)
class Dispute:
    """Two claims of the article that contradict each other (indices into ``Analysis.claims``).

    ``reason``: one denies what the other asserts, one negates it, or they give different counts
    of the same thing; ``topic``: the words they share, as the statements spell them;
    ``detail``: a readable why.
    """

    claims: tuple[int, int]
    reason: DisputeReason
    topic: tuple[str, ...]
    detail: str

    def to_dict(self) -> dict[str, object]:
        return {
            "claims": list(self.claims),
            "reason": self.reason,
            "topic": list(self.topic),
            "detail": self.detail,
        }


@dataclass(slots=True)
class Analysis:
    """Everything precis knows about one article. Stages fill the lists they own."""

    article: Article
    sentences: list[Sentence] = field(default_factory=list)
    highlights: list[Highlight] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    speakers: list[Speaker] = field(default_factory=list)
    disputes: list[Dispute] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    #: Why a list is empty or partial ("no sentence punctuation", "text looks like HTML", ...).
    warnings: list[str] = field(default_factory=list)
    #: Names of the stages that ran, so a consumer can tell "none found" from "not looked for".
    stages: list[str] = field(default_factory=list)
    #: Options for the stages (``max_highlights``, ...); not part of the output.
    options: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        art = self.article
        out: dict[str, Any] = {
            "id": art.id,
            "title": art.title,
            "published": art.published.isoformat() if art.published else None,
            "highlights": [h.to_dict() for h in self.highlights],
            "error": None,
            "warnings": list(self.warnings),
            "stages": list(self.stages),
        }
        if "claims" in self.stages:
            out["claims"] = [c.to_dict() for c in self.claims]
            out["speakers"] = [s.to_dict() for s in self.speakers]
            out["disputes"] = [d.to_dict() for d in self.disputes]
        if "facts" in self.stages:
            out["entities"] = [e.to_dict() for e in self.entities]
            out["places"] = [p.to_dict() for p in self.places]
            out["figures"] = [f.to_dict() for f in self.figures]
            out["dates"] = [d.to_dict() for d in self.dates]
        return out
