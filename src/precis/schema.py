"""The JSON Schema of an output record, derived from the data model and the registered stages.

An analysed record is the envelope (:class:`precis.serialize.Envelope`), the highlights and the
fields any registered stage can assign, typed from :mod:`precis.model`; a failed record is the
envelope with ``error`` set (:func:`precis.serialize.error_record`). ``precis schema`` prints it;
the server puts it in its OpenAPI document; tests validate real outputs against it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any, get_type_hints

from precis.model import Analysis, Highlight
from precis.serialize import (
    ENVELOPE,
    SCHEMA_DIALECT,
    Envelope,
    Provenance,
    dataclass_properties,
    field_output,
    type_schema,
)
from precis.stages import specs


def _stage_fields(defs: dict[str, Any]) -> dict[str, Any]:
    """Schemas of the Analysis fields any registered stage can assign (present when it ran)."""
    assignable = {a for s in specs() for a in s.assigns}
    hints = get_type_hints(Analysis)
    return {
        f.name: type_schema(hints[f.name], defs)
        for f in dataclasses.fields(Analysis)
        if f.name in assignable and f.name not in ENVELOPE and not field_output(f).skip
    }


def record_schema() -> dict[str, Any]:
    """JSON Schema (draft 2020-12) of an output record: an analysis record or an error record."""
    defs: dict[str, Any] = {}
    envelope, required = dataclass_properties(Envelope, defs)
    provenance, _ = dataclass_properties(Provenance, defs)
    fields = _stage_fields(defs)
    highlights = type_schema(list[Highlight], defs)
    analysed = {
        "type": "object",
        "description": "An analysed article: the fields of the stages that ran are present.",
        "properties": {
            **envelope,
            "highlights": highlights,
            "error": {"type": "null"},
            **fields,
            **provenance,
        },
        "required": [*required, "highlights"],
        "additionalProperties": False,
    }
    failed = {
        "type": "object",
        "description": "A record that could not be analysed: error says why.",
        "properties": {
            **envelope,
            "highlights": {"type": "array", "maxItems": 0},
            "error": {"type": "string", "minLength": 1},
            "stages": {"type": "array", "maxItems": 0},
            **provenance,
        },
        "required": [*required, "highlights"],
        "additionalProperties": False,
    }
    defs["AnalysisRecord"] = analysed
    defs["ErrorRecord"] = failed
    return {
        "$schema": SCHEMA_DIALECT,
        "$id": "https://precis.invalid/schema/record.json",
        "title": "precis output record",
        "oneOf": [{"$ref": "#/$defs/AnalysisRecord"}, {"$ref": "#/$defs/ErrorRecord"}],
        "$defs": defs,
    }


def error_record_schema() -> dict[str, Any]:
    """JSON Schema of the error record alone (the ``ErrorRecord`` of :func:`record_schema`)."""
    full = record_schema()
    del full["oneOf"]
    return {**full, "$ref": "#/$defs/ErrorRecord"}


def validator(schema: Mapping[str, Any] | None = None) -> Any:
    """A ``jsonschema`` validator of output records (for tests and the server)."""
    import jsonschema

    return jsonschema.Draft202012Validator(dict(schema or record_schema()))
