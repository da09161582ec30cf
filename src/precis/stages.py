"""The stage registry and planner: what each stage needs, what it makes, and in what order to run.

A *stage* is a function ``stage(analysis, doc, settings) -> None`` that reads the spaCy ``Doc`` of
the article's prose and fills fields of the :class:`~precis.model.Analysis`. It declares its
contract when it registers (like a spaCy factory's ``requires``/``assigns``)::

    @register("disputes", requires=("claims",), assigns=("disputes",), settings=DisputesSettings)
    def disputes_stage(analysis: Analysis, doc: Doc, settings: DisputesSettings) -> None: ...

``requires`` and ``assigns`` name fields of ``Analysis``; ``load`` (optional) loads the stage's
models, which otherwise load on the first article that needs them: :func:`warm` calls it, so a
worker, a server or a benchmark pays for loading before its first article, not during it.
:func:`plan` turns the stages a caller asks for into the stages to run: each required field pulls
in the stage that assigns it, every stage runs once, after the stages it reads from; cycles and
unknown stages are refused by name.
The output record carries the fields of the stages that ran (:mod:`precis.serialize`), so a new
stage is one new module: nothing here, in the pipeline or in the serializer changes.

Stages are found by importing the built-in stage modules and the modules named (comma-separated)
in the ``PRECIS_PLUGINS`` environment variable.
"""

from __future__ import annotations

import dataclasses
import importlib
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from precis import nlp
from precis.errors import InputError
from precis.settings import NoSettings, StageSettings

#: Modules that register the built-in stages when imported (imported lazily, on first use).
BUILTIN_MODULES = ("precis.claims.stage", "precis.facts.stage", "precis.highlighter.stage")
#: Environment variable naming extra modules (comma-separated) that register stages.
PLUGINS_ENV = "PRECIS_PLUGINS"
#: Analysis fields the pipeline fills before any stage runs.
PROVIDED = ("article", "sentences")

StageFn = Callable[[Any, Any, Any], None]


@dataclass(frozen=True)
class StageSpec:
    """A registered stage: its function and its declared contract."""

    name: str
    run: StageFn
    requires: tuple[str, ...]
    assigns: tuple[str, ...]
    settings: type[StageSettings]
    #: spaCy profile the stage needs ("full" adds the entity recogniser over the whole text).
    profile: nlp.Profile
    #: First line of the function's docstring, for ``precis stages``.
    doc: str = ""
    #: Loads the stage's models now (each loader is once per process); None: nothing to load.
    load: Callable[[], None] | None = None

    def describe(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "requires": list(self.requires),
            "assigns": list(self.assigns),
            "profile": self.profile,
            "doc": self.doc,
            "settings": self.settings.describe(),
        }


@dataclass(frozen=True)
class Plan:
    """Stages to run, in order, and the spaCy profile that serves them all."""

    stages: tuple[StageSpec, ...]
    profile: nlp.Profile

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(s.name for s in self.stages)


_REGISTRY: dict[str, StageSpec] = {}


def _analysis_fields() -> set[str]:
    from precis.model import Analysis

    return {f.name for f in dataclasses.fields(Analysis)}


def register(
    name: str,
    *,
    requires: Sequence[str] = (),
    assigns: Sequence[str],
    settings: type[StageSettings] = NoSettings,
    profile: nlp.Profile = "parse",
    load: Callable[[], None] | None = None,
) -> Callable[[StageFn], StageFn]:
    """Decorator: make ``fn`` available as stage ``name`` with its declared contract."""
    fields = _analysis_fields()
    bad = [f for f in (*requires, *assigns) if f not in fields]
    if bad:
        raise ValueError(f"stage {name!r}: {bad} are not fields of Analysis")
    made = [f for f in assigns if f in PROVIDED]
    if made:
        raise ValueError(f"stage {name!r}: {made} are filled by the pipeline, not by a stage")
    if profile not in ("parse", "full"):
        raise ValueError(f"stage {name!r}: profile must be 'parse' or 'full', not {profile!r}")
    if not (isinstance(settings, type) and issubclass(settings, StageSettings)):
        raise ValueError(f"stage {name!r}: settings must be a StageSettings subclass")

    def deco(fn: StageFn) -> StageFn:
        doc = (fn.__doc__ or "").strip().splitlines()
        _REGISTRY[name] = StageSpec(
            name,
            fn,
            tuple(requires),
            tuple(assigns),
            settings,
            profile,
            doc[0] if doc else "",
            load,
        )
        return fn

    return deco


def load() -> None:
    """Import the built-in stage modules and the ``PRECIS_PLUGINS`` ones (cached by Python)."""
    plugins = [m.strip() for m in os.environ.get(PLUGINS_ENV, "").split(",") if m.strip()]
    for module in (*BUILTIN_MODULES, *plugins):
        importlib.import_module(module)


def warm(names: Sequence[str]) -> None:
    """Load spaCy and the models of the stages that ``names`` plan to run (once per process)."""
    todo = plan(names)
    nlp.load()
    for s in todo.stages:
        if s.load is not None:
            s.load()


def available_stages() -> list[str]:
    load()
    return sorted(_REGISTRY)


def spec(name: str) -> StageSpec:
    """The registered stage ``name``; InputError naming the available ones if there is none."""
    load()
    found = _REGISTRY.get(name)
    if found is None:
        raise InputError(f"unknown stage {name!r}; available: {', '.join(sorted(_REGISTRY))}")
    return found


def assigned_fields(names: Iterable[str]) -> set[str]:
    """Analysis fields the stages ``names`` assign (stages unknown here are passed over)."""
    load()
    return {a for n in names if n in _REGISTRY for a in _REGISTRY[n].assigns}


def specs() -> list[StageSpec]:
    load()
    return [_REGISTRY[n] for n in sorted(_REGISTRY)]


def _provider(field_name: str, wanted: Sequence[str], needed_by: str) -> str:
    """The stage that assigns ``field_name`` (one the caller asked for wins a tie)."""
    makers = [s.name for s in _REGISTRY.values() if field_name in s.assigns]
    asked = [m for m in makers if m in wanted]
    if len(asked) == 1 or (asked and len(makers) > 1):
        return asked[0]
    if len(makers) == 1:
        return makers[0]
    if not makers:
        raise InputError(f"stage {needed_by!r} requires {field_name!r}, which no stage assigns")
    raise InputError(
        f"stage {needed_by!r} requires {field_name!r}, which several stages assign "
        f"({', '.join(sorted(makers))}): ask for one of them"
    )


def check_order(stages: Sequence[StageSpec]) -> None:
    """Refuse an order in which a stage reads a field no earlier stage assigned (pipe_analysis)."""
    ready = set(PROVIDED)
    for s in stages:
        missing = [f for f in s.requires if f not in ready]
        if missing:
            raise InputError(
                f"stage {s.name!r} requires {missing}, which no stage before it assigns"
            )
        ready.update(s.assigns)


def plan(requested: Iterable[str]) -> Plan:
    """The stages to run for ``requested``: their requirements pulled in, each once, in order."""
    load()
    wanted = list(dict.fromkeys(requested))
    if not wanted:
        raise InputError(f"no stage requested; available: {', '.join(sorted(_REGISTRY))}")
    unknown = [s for s in wanted if s not in _REGISTRY]
    if unknown:
        raise InputError(
            f"unknown stage(s): {', '.join(map(str, unknown))}; "
            f"available: {', '.join(sorted(_REGISTRY))}"
        )
    ordered: list[StageSpec] = []
    done: set[str] = set()
    path: list[str] = []

    def visit(name: str) -> None:
        if name in done:
            return
        if name in path:
            cycle = [*path[path.index(name) :], name]
            raise InputError(f"stage requirements form a cycle: {' -> '.join(cycle)}")
        path.append(name)
        current = _REGISTRY[name]
        for req in current.requires:
            if req not in PROVIDED:
                visit(_provider(req, wanted, name))
        path.pop()
        done.add(name)
        ordered.append(current)

    for name in wanted:
        visit(name)
    check_order(ordered)
    profile: nlp.Profile = "full" if any(s.profile == "full" for s in ordered) else "parse"
    return Plan(tuple(ordered), profile)


# -- settings of every stage ----------------------------------------------------------------


def _settings_class(stage: str) -> type[StageSettings]:
    return spec(stage).settings


@dataclass(frozen=True, init=False)
class Settings:
    """Every stage's settings, by stage name; a stage not named gets its defaults.

    Build it with keywords of settings objects (``Settings(highlights=HighlightsSettings(...))``)
    or, from user input, with :meth:`from_mapping`, which refuses unknown stages and fields.
    """

    _by_stage: tuple[tuple[str, StageSettings], ...] = ()

    def __init__(self, **by_stage: StageSettings) -> None:
        checked = []
        for name, value in sorted(by_stage.items()):
            cls = _settings_class(name)
            if not isinstance(value, cls):
                raise InputError(
                    f"settings of stage {name!r} must be a {cls.__name__}, not {value!r}"
                )
            checked.append((name, value))
        object.__setattr__(self, "_by_stage", tuple(checked))

    def __reduce__(self) -> tuple[Any, ...]:
        # Rebuilt through __init__ in the worker, which imports the stages' modules on the way.
        return (_rebuild, (self._by_stage,))

    def __getitem__(self, stage: str) -> StageSettings:
        """Settings of ``stage``: the ones given, else the stage's defaults."""
        for name, value in self._by_stage:
            if name == stage:
                return value
        return _settings_class(stage)()

    def replace(self, stage: str, **changes: Any) -> Settings:
        """A copy with some fields of ``stage``'s settings changed (validated)."""
        current = self[stage]
        try:
            new = dataclasses.replace(current, **changes)
        except TypeError as exc:
            raise InputError(f"settings of stage {stage!r}: {exc}") from exc
        return Settings(**{**dict(self._by_stage), stage: new})

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any] | None) -> Settings:
        """Settings from plain data ``{"highlights": {"max_highlights": 4}}`` (JSON, CLI, HTTP).

        Unknown stages, unknown fields and values of the wrong type or out of range raise
        :class:`InputError` naming them.
        """
        if data is None:
            return cls()
        if not isinstance(data, Mapping):
            raise InputError(f"settings must be an object of stage names, not {data!r}")
        out: dict[str, StageSettings] = {}
        for stage, values in data.items():
            if stage not in available_stages():
                raise InputError(
                    f"settings for unknown stage {stage!r}; stages: {', '.join(available_stages())}"
                )
            if not isinstance(values, Mapping):
                raise InputError(f"settings of stage {stage!r} must be an object, not {values!r}")
            klass = _settings_class(stage)
            names = [f.name for f in dataclasses.fields(klass)]
            unknown = [k for k in values if k not in names]
            if unknown:
                known = ", ".join(names) or "none"
                raise InputError(
                    f"unknown setting(s) {', '.join(map(str, unknown))} of stage {stage!r}; "
                    f"its settings: {known}"
                )
            out[str(stage)] = klass(**values)
        return cls(**out)

    def to_dict(self) -> dict[str, dict[str, Any]]:
        """The settings given explicitly, as plain data (``from_mapping`` reads it back)."""
        return {name: value.to_dict() for name, value in self._by_stage}


def _rebuild(by_stage: tuple[tuple[str, StageSettings], ...]) -> Settings:
    return Settings(**dict(by_stage))
