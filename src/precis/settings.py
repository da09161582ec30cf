"""Typed, validated settings: one frozen dataclass per stage (gathered in ``stages.Settings``).

A stage's knobs live in its settings class, declared next to the stage and registered with it
(:func:`precis.stages.register`); the library, the CLI and the HTTP server all build the same
objects, so a bad value is refused in one place with an :class:`~precis.errors.InputError` that
names the field. Fields are declared with :func:`setting` (default, range, help)::

    @dataclass(frozen=True)
    class HighlightsSettings(StageSettings):
        max_highlights: int = setting(3, minimum=1, help="at most N highlights")

:class:`precis.stages.Settings` holds one settings object per stage name (the stage's defaults
where none was given); it lives with the stage registry, which knows each stage's settings class.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any, Literal, get_args, get_origin, get_type_hints

from precis.errors import InputError

_META = "precis.setting"


def setting(
    default: Any,
    *,
    minimum: float | None = None,
    maximum: float | None = None,
    help: str = "",
) -> Any:
    """A settings field: its default, the inclusive range a number must lie in, and a help line."""
    meta = {_META: {"minimum": minimum, "maximum": maximum, "help": help}}
    return field(default=default, metadata=meta)


def _type_name(tp: Any) -> str:
    if get_origin(tp) is Literal:
        return "one of " + ", ".join(repr(a) for a in get_args(tp))
    return {int: "an integer", float: "a number", bool: "true or false", str: "a string"}.get(
        tp, str(tp)
    )


def _accepts(tp: Any, value: Any) -> bool:
    if get_origin(tp) is Literal:
        return value in get_args(tp)
    if tp is bool:
        return isinstance(value, bool)
    if tp is int:
        return isinstance(value, int) and not isinstance(value, bool)
    if tp is float:
        return isinstance(value, int | float) and not isinstance(value, bool)
    if tp is str:
        return isinstance(value, str)
    raise TypeError(f"settings fields must be int, float, bool, str or Literal, not {tp}")


@dataclass(frozen=True)
class StageSettings:
    """Base of every stage's settings: checks each field's type and range on construction."""

    def __post_init__(self) -> None:
        hints = get_type_hints(type(self))
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            tp = hints[f.name]
            where = f"{type(self).__name__}.{f.name}"
            if not _accepts(tp, value):
                raise InputError(f"{where} must be {_type_name(tp)}, not {value!r}")
            meta = f.metadata.get(_META, {})
            low, high = meta.get("minimum"), meta.get("maximum")
            if low is not None and value < low:
                raise InputError(f"{where} must be at least {low}, not {value!r}")
            if high is not None and value > high:
                raise InputError(f"{where} must be at most {high}, not {value!r}")

    @classmethod
    def describe(cls) -> list[dict[str, Any]]:
        """``[{name, type, default, minimum, maximum, help}]`` of each field (``precis stages``)."""
        hints = get_type_hints(cls)
        out = []
        for f in dataclasses.fields(cls):
            meta = f.metadata.get(_META, {})
            tp = hints[f.name]
            out.append(
                {
                    "name": f.name,
                    "type": (
                        "|".join(repr(a) for a in get_args(tp))
                        if get_origin(tp) is Literal
                        else getattr(tp, "__name__", str(tp))
                    ),
                    "default": f.default,
                    "minimum": meta.get("minimum"),
                    "maximum": meta.get("maximum"),
                    "help": meta.get("help", ""),
                }
            )
        return out

    def to_dict(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}


@dataclass(frozen=True)
class NoSettings(StageSettings):
    """Settings of a stage that has no knobs."""
