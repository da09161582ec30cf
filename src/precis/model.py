"""The one data model every stage reads and adds to.

All positions are character offsets ``(start, end)`` into ``Article.text``, the text exactly as it
was given (after decoding). Stages never copy or rewrite the text: they add objects that point into
it, the way spaCy's ``Span`` points into its ``Doc``. The JSON output is derived from these classes
by :mod:`precis.serialize` (field metadata there marks what is internal); ``Analysis.to_dict()`` is
the record the CLI, the batch runner, the store and the server share (``precis schema``).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from precis.serialize import field_output, internal, out, to_json
from precis.spans import overlaps as overlaps

Offsets = tuple[int, int]


class ToJson:
    """``to_dict()``: the object's JSON, derived from its fields (``precis.serialize.to_json``)."""

    __slots__ = ()

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = to_json(self)
        return data


# ``overlaps`` lives in precis.spans with the other span tests; model re-exports it.


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


def _spans(pieces: list[Piece]) -> list[Offsets]:
    return [p.span for p in pieces if p.span is not None]


@dataclass(slots=True)
class Highlight(ToJson):
    """A short story highlight built from the article's own words.

    ``text`` is the pieces joined with single spaces, first letter capitalised (and a ``lower``
    piece's first letter lower-cased) and closed with a period; every piece with a span equals
    ``article.text[start:end]``.
    """

    text: str
    #: Written as ``spans``: the article offsets of the pieces (frame words have none).
    pieces: list[Piece] = field(metadata=out(name="spans", convert=_spans, type=list[Offsets]))
    sentence: int
    score: float = field(metadata=out(round=4))
    #: Resolved speaker name when the highlight reports someone's claim.
    source: str | None = None

    @property
    def spans(self) -> list[Offsets]:
        return _spans(self.pieces)


@dataclass(slots=True)
class Speaker(ToJson):
    """A person or organisation that makes claims, with all its mentions grouped."""

    id: str
    name: str
    role: str | None = None
    affiliation: str | None = None
    mentions: list[Offsets] = field(default_factory=list)
    #: Short label a reader needs in a highlight frame ("Russia", "Lavrov").
    label: str | None = None


@dataclass(slots=True)
class Claim(ToJson):
    """Something a source says, thinks or reports: who (source), how (cue), what (content)."""

    cue: Offsets
    content: list[Offsets]
    kind: Literal["direct", "indirect"]
    cue_lemma: str
    source: Offsets | None = None
    speaker: str | None = None
    speaker_id: str | None = None
    sentence: int | None = field(default=None, metadata=internal())
    negated: bool = False
    #: Short name for a highlight frame ("Russia", "Lavrov"): the speaker's label.
    label: str | None = field(default=None, metadata=internal())


@dataclass(slots=True)
class Entity(ToJson):
    name: str
    #: "person" | "org" | "group" | "place"
    type: str
    mentions: list[Offsets] = field(default_factory=list)
    #: Other ways the article writes it ("ISIL", "Lavrov"); the canonical one is ``name``.
    aliases: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Place(ToJson):
    name: str
    lat: float | None
    lon: float | None
    country: str | None
    geonameid: int | None
    feature: str | None
    mentions: list[Offsets] = field(default_factory=list)
    ambiguous: bool = False


@dataclass(slots=True)
class Figure(ToJson):
    value: float
    unit: str | None
    what: str | None
    text: str
    span: Offsets
    event: str | None = None


@dataclass(slots=True)
class DateMention(ToJson):
    text: str
    date: str | None
    span: Offsets


DisputeKind = Literal["denial", "contradiction", "figures"]


@dataclass(frozen=True, slots=True)
class Dispute:
    """Two claims of the article that cannot both be true (indices into ``Analysis.claims``).

    ``kind``: one denies what the other asserts, they contradict each other, or they give
    different counts of the same thing; ``score``: the conflict model's probability that both
    cannot be true; ``topic``: the words they share, as the statements spell them; ``detail``: a
    readable why.
    """

    claims: tuple[int, int]
    kind: DisputeKind
    topic: tuple[str, ...]
    detail: str
    score: float = 1.0

    def to_dict(self) -> dict[str, object]:
        return {
            "claims": list(self.claims),
            "kind": self.kind,
            "score": round(self.score, 4),
            "topic": list(self.topic),
            "detail": self.detail,
        }


@dataclass(slots=True)
class Analysis:
    """Everything precis knows about one article. Stages fill the fields they assign.

    The output record (:meth:`to_dict`) carries the fields assigned by the stages that ran
    (the stages' declared ``assigns``); a new stage's fields appear there without edits.
    """

    article: Article = field(metadata=internal())
    sentences: list[Sentence] = field(default_factory=list, metadata=internal())
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
    #: Fields the stages that ran assigned (their declared ``assigns``): what the record carries.
    assigned: list[str] = field(default_factory=list, metadata=internal())

    def to_dict(self) -> dict[str, Any]:
        """The output record (``precis schema``): envelope, highlights, each ran stage's fields."""
        art = self.article
        record: dict[str, Any] = {
            "id": art.id,
            "title": art.title,
            "published": art.published.isoformat() if art.published else None,
            "highlights": to_json(self.highlights),
            "error": None,
            "warnings": list(self.warnings),
            "stages": list(self.stages),
        }
        assigned = set(self.assigned)
        for f in dataclasses.fields(self):
            if f.name in assigned and f.name not in record and not field_output(f).skip:
                record[f.name] = to_json(getattr(self, f.name))
        return record
