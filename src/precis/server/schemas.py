"""Request and response models of the HTTP API, and the output-record schema in OpenAPI.

Requests are pydantic models (FastAPI validates them and documents them). The analysis record is
not re-declared here: its JSON Schema comes from the library (:func:`precis.serialize.
record_schema`, derived from the data model) and is placed into the OpenAPI components by
:func:`install_record_schema`, so the API documents exactly what ``precis run`` writes.
"""

from __future__ import annotations

import copy
from typing import Annotated, Any, Literal

from annotated_types import Len
from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    NonNegativeInt,
    Tag,
    field_validator,
    model_validator,
)
from pydantic.config import JsonDict

#: Component name of the record the analysis endpoints return.
RECORD = "AnalysisRecord"


class AnalyzeRequest(BaseModel):
    """One article to analyse: ``text`` (plain text) or ``html`` (a whole page), not both."""

    model_config = ConfigDict(
        extra="forbid",
        # Documents "exactly one of text and html" (checked by _one_input).
        json_schema_extra={"oneOf": [{"required": ["text"]}, {"required": ["html"]}]},
    )

    # The pattern documents "not blank"; _one_input checks it with a readable message.
    text: str | None = Field(
        None, description="The article as plain text.", json_schema_extra={"pattern": r"\S"}
    )
    html: str | None = Field(
        None,
        description="A web page; its article body is extracted first (trafilatura).",
        json_schema_extra={"pattern": r"\S"},
    )
    title: str | None = Field(None, max_length=2000, description="Headline, if known.")
    published: str | None = Field(
        None, max_length=64, description="Publication date, ISO 8601 (YYYY-MM-DD)."
    )
    stages: list[str] | None = Field(
        None,
        max_length=32,
        description="Stages to run (default: all); the stages they need run too.",
    )
    settings: dict[str, dict[str, int | float | bool | str]] | None = Field(
        None,
        description=(
            'Per-stage settings, e.g. {"highlights": {"max_highlights": 5}} '
            "(see `precis stages`); unknown stages or fields are refused."
        ),
    )

    @model_validator(mode="after")
    def _one_input(self) -> AnalyzeRequest:
        if self.text is None and self.html is None:
            raise ValueError('give the article as "text" or "html"')
        if self.text is not None and self.html is not None:
            raise ValueError('give "text" or "html", not both')
        body = self.text if self.text is not None else self.html
        if not (body or "").strip():
            raise ValueError(("text" if self.text is not None else "html") + " is empty")
        return self

    def job(self, include_text: bool) -> dict[str, Any]:
        """The plain-data job a worker process runs."""
        return {
            "text": self.text,
            "html": self.html,
            "title": self.title,
            "published": self.published,
            "stages": self.stages,
            "settings": self.settings,
            "include_text": include_text,
        }


#: Longest statement of a pair or a stance claim (as :data:`precis.conflicts.MAX_STATEMENT`; kept
#: here so the web process does not import the conflict package to build its schema).
MAX_STATEMENT = 5_000
#: Longest text read for a stance (as ``precis stance``).
MAX_STANCE_TEXT = 1_000_000
#: Most pairs in one POST /v1/disputes (each is scored in turn by one worker).
MAX_PAIRS = 100
_NOT_BLANK: JsonDict = {"pattern": r"\S"}


def _not_blank(value: str | None, name: str) -> str | None:
    if value is not None and not value.strip():
        raise ValueError(f"{name} is empty")
    return value


class DisputePair(BaseModel):
    """Two statements; ``a_source`` / ``b_source`` name who made them (the same named source
    never disputes itself)."""

    model_config = ConfigDict(extra="forbid")

    id: str | None = Field(None, max_length=200, description="Echoed back in the result.")
    a: str = Field(
        max_length=MAX_STATEMENT, description="A statement.", json_schema_extra=_NOT_BLANK
    )
    b: str = Field(
        max_length=MAX_STATEMENT, description="The other statement.", json_schema_extra=_NOT_BLANK
    )
    a_source: str | None = Field(None, max_length=500, description="Who made statement a.")
    b_source: str | None = Field(None, max_length=500, description="Who made statement b.")

    @field_validator("a", "b")
    @classmethod
    def _filled(cls, value: str, info: Any) -> str:
        _not_blank(value, info.field_name)
        return value

    def job(self) -> dict[str, Any]:
        return self.model_dump()


def _pair_or_pairs(value: Any) -> str:
    return "pairs" if isinstance(value, list) else "pair"


#: The body of POST /v1/disputes: one pair, or a list of them. Told apart by the JSON type, so a
#: bad request gets the errors of the form it used, not those of both.
DisputesBody = Annotated[
    Annotated[DisputePair, Tag("pair")]
    | Annotated[Annotated[list[DisputePair], Len(1, MAX_PAIRS)], Tag("pairs")],
    Discriminator(_pair_or_pairs),
]


class DisputeResult(BaseModel):
    """The conflict model's call on one pair (as ``precis disputes`` writes it)."""

    id: str | None = None
    dispute: bool = Field(
        description="A word rule flags the pair and the score reaches the model's threshold."
    )
    score: float = Field(ge=0, le=1, description="Probability that both cannot be true.")
    kind: str = Field(description="denial, contradiction, figures, ...: how they conflict.")


class StanceRequest(BaseModel):
    """A claim and a text (an article or a paragraph) to read it against."""

    model_config = ConfigDict(extra="forbid")

    claim: str = Field(
        max_length=MAX_STATEMENT,
        description="The claim (a sentence or two).",
        json_schema_extra=_NOT_BLANK,
    )
    text: str = Field(
        max_length=MAX_STANCE_TEXT,
        description="The text whose stance is wanted.",
        json_schema_extra=_NOT_BLANK,
    )

    @field_validator("claim", "text")
    @classmethod
    def _filled(cls, value: str, info: Any) -> str:
        _not_blank(value, info.field_name)
        return value


class StanceResult(BaseModel):
    """The stance of the text towards the claim (as ``precis stance`` writes it, plus probs)."""

    stance: Literal["agree", "disagree", "discuss", "unrelated"]
    score: float = Field(ge=0, le=1, description="Probability of the stance given.")
    evidence: list[Annotated[list[NonNegativeInt], Len(2, 2)]] = Field(
        description="Character spans [start, end) of the text's sentences that decided it "
        "(none for unrelated)."
    )
    probs: dict[str, float] = Field(description="Probability of each of the four stances.")


class ErrorBody(BaseModel):
    """Every error response: what went wrong, in words, and for 422 where."""

    error: str
    detail: list[dict[str, Any]] | None = None


class Health(BaseModel):
    status: str
    workers: int
    ready: int
    idle: int
    waiting: int
    store: str | None


class SearchHit(BaseModel):
    key: str
    id: str | None
    title: str | None
    snippet: str = Field(description="Matched words in [brackets].")
    rank: float


class SearchResults(BaseModel):
    query: str
    hits: list[SearchHit]
    note: str | None = Field(None, description="Why the list is empty, when it is.")


class StoryMember(BaseModel):
    model_config = ConfigDict(extra="allow")

    key: str
    id: str | None = None
    title: str | None = None
    published: str | None = None


class Story(BaseModel):
    """A story of the store: its card (merged highlights, disputes, ...) and its members."""

    model_config = ConfigDict(extra="allow")

    id: str
    size: int
    title: str | None = None
    first_date: str | None = None
    last_date: str | None = None
    card: dict[str, Any] | None = Field(None, description="The story card as the store holds it.")
    members: list[StoryMember] = Field(default_factory=list)


class StoryList(BaseModel):
    stories: list[Story]
    total: int
    note: str | None = Field(None, description="Why the list is empty, when it is.")


# -- the record schema in OpenAPI --------------------------------------------------------------


def _rewrite_refs(node: Any, names: dict[str, str]) -> Any:
    if isinstance(node, dict):
        out = {}
        for k, v in node.items():
            if k == "$ref" and isinstance(v, str) and v.startswith("#/$defs/"):
                out[k] = "#/components/schemas/" + names[v[len("#/$defs/") :]]
            else:
                out[k] = _rewrite_refs(v, names)
        return out
    if isinstance(node, list):
        return [_rewrite_refs(v, names) for v in node]
    return node


def record_components() -> dict[str, Any]:
    """The record schema's definitions as OpenAPI components, plus :data:`RECORD`.

    The analysed-record definition gains one optional property, ``text`` (the analysed text,
    only with ``?include_text=true``); everything else is the library's schema unchanged.
    """
    from precis.schema import record_schema

    schema = copy.deepcopy(record_schema())
    defs: dict[str, Any] = schema.pop("$defs", {})
    # Prefixed so a library definition can never collide with a request model's name.
    names = {name: f"Record{name}" if not name.startswith("Record") else name for name in defs}
    for key in ("AnalysisRecord", "ErrorRecord"):
        if key in defs:
            names[key] = key
    components = {names[k]: _rewrite_refs(v, names) for k, v in defs.items()}
    analysed = components.get("AnalysisRecord")
    if analysed is not None:
        analysed.setdefault("properties", {})["text"] = {
            "type": "string",
            "description": "The analysed text (what every offset indexes); "
            "present only with ?include_text=true.",
        }
    root = {k: v for k, v in schema.items() if k not in ("$schema", "$id")}
    components[RECORD + "Any"] = _rewrite_refs(root, names)
    return components


def install_record_schema(openapi: dict[str, Any]) -> dict[str, Any]:
    """Put the record components into an OpenAPI document (in place; returned for chaining)."""
    schemas = openapi.setdefault("components", {}).setdefault("schemas", {})
    for name, schema in record_components().items():
        if name in schemas:
            raise RuntimeError(f"OpenAPI component {name!r} is defined twice")
        schemas[name] = schema
    return openapi


def record_response(description: str) -> dict[str, Any]:
    """``responses`` entry of an endpoint that returns an analysed record."""
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{RECORD}Any"}}},
    }
