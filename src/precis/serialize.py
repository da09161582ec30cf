"""One serializer and one schema for every output record, both derived from the data model.

:func:`to_json` turns any :mod:`precis.model` dataclass into JSON-ready data by walking its fields:
tuples (offsets) become lists, dates ISO strings; field metadata (:func:`internal`, :func:`out`)
skips a field, renames or converts it, or rounds a float. :func:`schema_of` reads the same fields'
type hints into a JSON Schema (draft 2020-12), so the schema cannot drift from the output (the
schema of a whole record, which needs the registered stages, is in :mod:`precis.schema`).

An output record (what ``precis run`` writes per article, the store keeps and the server returns)
is an envelope (:class:`Envelope`) plus the fields assigned by the stages that ran (each stage's
``assigns``, :mod:`precis.stages`). A record that could not be analysed has the same envelope, no
highlights and ``error`` set (:func:`error_record`); it is the only error shape, used by the
pipeline, the worker processes, the Dask engine and the store.
"""

from __future__ import annotations

import dataclasses
import types
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal, Union, get_args, get_origin, get_type_hints

_META = "precis.json"
SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


@dataclass(frozen=True)
class Out:
    """How one field is written: skipped, renamed, converted (with the converted type), rounded."""

    skip: bool = False
    name: str | None = None
    convert: Callable[[Any], Any] | None = None
    #: Type of ``convert``'s result (for the schema); required with ``convert``.
    type: Any = None
    round: int | None = None


def internal() -> dict[str, Out]:
    """Field metadata: the field is not part of the output (working state, or shown elsewhere)."""
    return {_META: Out(skip=True)}


def out(
    *,
    name: str | None = None,
    convert: Callable[[Any], Any] | None = None,
    type: Any = None,
    round: int | None = None,
) -> dict[str, Out]:
    """Field metadata: write the field under ``name``, through ``convert`` (typed ``type``)."""
    if convert is not None and type is None:
        raise ValueError("a converted field declares its output type")
    return {_META: Out(False, name, convert, type, round)}


def field_output(f: dataclasses.Field[Any]) -> Out:
    how = f.metadata.get(_META)
    return how if isinstance(how, Out) else Out()


def to_json(value: Any) -> Any:
    """JSON-ready data of ``value``: dataclasses by their fields, tuples as lists, dates as ISO."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        result: dict[str, Any] = {}
        for f in dataclasses.fields(value):
            how = field_output(f)
            if how.skip:
                continue
            item = getattr(value, f.name)
            if how.convert is not None:
                item = how.convert(item)
            if how.round is not None and isinstance(item, float):
                item = round(item, how.round)
            result[how.name or f.name] = to_json(item)
        return result
    if isinstance(value, list | tuple):
        return [to_json(v) for v in value]
    if isinstance(value, dict):
        return {str(k): to_json(v) for k, v in value.items()}
    if isinstance(value, date):
        return value.isoformat()
    return value


# -- schema ------------------------------------------------------------------------------------


def type_schema(tp: Any, defs: dict[str, Any]) -> dict[str, Any]:
    if tp is Any:
        return {}
    if tp is type(None) or tp is None:
        return {"type": "null"}
    if tp is bool:
        return {"type": "boolean"}
    if tp is int:
        return {"type": "integer"}
    if tp is float:
        return {"type": "number"}
    if tp is str:
        return {"type": "string"}
    if tp is date:
        return {"type": "string", "format": "date"}
    origin = get_origin(tp)
    args = get_args(tp)
    if origin is Literal:
        return {"enum": list(args)}
    if origin is Union or origin is types.UnionType:
        return {"anyOf": [type_schema(a, defs) for a in args]}
    if origin is list:
        return {"type": "array", "items": type_schema(args[0], defs)}
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            return {"type": "array", "items": type_schema(args[0], defs)}
        n = len(args)
        items = [type_schema(a, defs) for a in args]
        return {"type": "array", "prefixItems": items, "minItems": n, "maxItems": n, "items": False}
    if origin is dict:
        return {"type": "object", "additionalProperties": type_schema(args[1], defs)}
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        name = tp.__name__
        if name not in defs:
            defs[name] = {}  # placeholder first: a dataclass may refer to itself
            props, required = dataclass_properties(tp, defs)
            defs[name] = {
                "type": "object",
                "properties": props,
                "required": required,
                "additionalProperties": False,
            }
            if tp.__doc__:
                defs[name]["description"] = " ".join(tp.__doc__.split())
        return {"$ref": f"#/$defs/{name}"}
    raise TypeError(f"no JSON Schema for {tp!r}")


def dataclass_properties(cls: type, defs: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    hints = get_type_hints(cls)
    props: dict[str, Any] = {}
    for f in dataclasses.fields(cls):
        how = field_output(f)
        if how.skip:
            continue
        props[how.name or f.name] = type_schema(how.type if how.convert else hints[f.name], defs)
    return props, list(props)


def schema_of(tp: Any) -> dict[str, Any]:
    """JSON Schema (draft 2020-12) of what :func:`to_json` writes for a value of type ``tp``."""
    defs: dict[str, Any] = {}
    root = type_schema(tp, defs)
    return {"$schema": SCHEMA_DIALECT, **root, "$defs": defs}


# -- output records ----------------------------------------------------------------------------


@dataclass
class Envelope:
    """What every output record carries, analysed or not."""

    id: str | None
    title: str | None
    #: ISO date of the analysed article; for a record that failed, the input's value as given.
    published: str | None
    #: Why the record could not be analysed; null when it was.
    error: str | None
    #: Why a list is empty or partial.
    warnings: list[str]
    #: Names of the stages that ran, in order ("none found" vs "not looked for").
    stages: list[str]


@dataclass
class Provenance:
    """Added by ``precis run``: where the article came from (``key`` identifies it in a store)."""

    key: str
    source: str | None
    url: str
    author: str


#: Envelope fields; the stage fields follow them in Analysis order.
ENVELOPE = tuple(f.name for f in dataclasses.fields(Envelope))


def error_record(
    id: str | None,
    message: str,
    *,
    title: str | None = None,
    published: str | None = None,
    warnings: list[str] | None = None,
) -> dict[str, Any]:
    """The one shape of a record that could not be analysed: the envelope, no highlights."""
    if not message:
        raise ValueError("an error record needs a message")
    return {
        "id": id,
        "title": title,
        "published": published,
        "highlights": [],
        "error": message,
        "warnings": list(warnings or []),
        "stages": [],
    }
