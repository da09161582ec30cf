"""The stage registry and planner: declared contracts, requirements pulled in, cycles refused."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from spacy.tokens import Doc

import precis
from precis import nlp, stages
from precis.errors import InputError
from precis.model import Analysis, Figure
from precis.settings import NoSettings, StageSettings, setting


@pytest.fixture
def registry(monkeypatch: pytest.MonkeyPatch) -> None:
    """A private copy of the registry (without "facts"), so test stages vanish afterwards."""
    stages.load()
    copy = {k: v for k, v in stages._REGISTRY.items() if k != "facts"}
    monkeypatch.setattr(stages, "_REGISTRY", copy)


def _noop(analysis: Analysis, doc: Doc, settings: NoSettings) -> None:
    pass


def test_highlights_pulls_in_claims_and_disputes_once_in_order() -> None:
    plan = stages.plan(["highlights"])
    assert plan.names == ("claims", "disputes", "highlights")
    assert plan.profile == "parse"  # claims and highlights need no entity pass
    plan = stages.plan(["highlights", "claims", "facts", "disputes", "highlights"])
    assert plan.names == ("claims", "disputes", "highlights", "facts")
    assert plan.profile == "full"


def test_unknown_stage_is_named_with_the_available_ones() -> None:
    with pytest.raises(InputError) as err:
        stages.plan(["highlights", "sumarize"])
    msg = str(err.value)
    assert "sumarize" in msg and "available: claims, disputes, facts, highlights" in msg
    with pytest.raises(InputError, match=r"sumarize"):
        precis.analyze("A short text. It has two sentences.", stages=("sumarize",))


def test_cycles_are_refused_by_name(registry: None) -> None:
    stages.register("cyc_a", requires=("dates",), assigns=("figures",))(_noop)
    stages.register("cyc_b", requires=("figures",), assigns=("dates",))(_noop)
    with pytest.raises(InputError, match=r"cycle: cyc_a -> cyc_b -> cyc_a"):
        stages.plan(["cyc_a"])


def test_a_requirement_nobody_assigns_is_refused(registry: None) -> None:
    stages.register("needs_places", requires=("places",), assigns=("figures",))(_noop)
    with pytest.raises(InputError, match=r"requires 'places', which no stage assigns"):
        stages.plan(["needs_places"])


def test_order_check_like_pipe_analysis() -> None:
    highlights = stages.spec("highlights")
    with pytest.raises(InputError, match=r"highlights.*requires.*no stage before it assigns"):
        stages.check_order([highlights, stages.spec("claims"), stages.spec("disputes")])
    stages.check_order([stages.spec(n) for n in ("claims", "disputes", "highlights")])


def test_register_refuses_fields_the_analysis_lacks() -> None:
    with pytest.raises(ValueError, match=r"not fields of Analysis"):
        stages.register("bad", assigns=("summary",))
    with pytest.raises(ValueError, match=r"filled by the pipeline"):
        stages.register("bad", assigns=("sentences",))


@dataclass(frozen=True)
class CountSettings(StageSettings):
    at_most: int = setting(2, minimum=1, help="figures to keep")


def test_a_new_stage_is_one_module_its_fields_appear_in_the_output(registry: None) -> None:
    """Registering a stage is all it takes: the planner runs it, the record carries its field."""
    seen: list[CountSettings] = []

    @stages.register("lengths", assigns=("figures",), settings=CountSettings)
    def lengths(analysis: Analysis, doc: Doc, settings: CountSettings) -> None:
        seen.append(settings)
        for s in analysis.sentences[: settings.at_most]:
            n = float(len(s.text.split()))
            analysis.figures.append(Figure(n, "words", "sentence", s.text, s.span))

    text = "The river rose overnight. Officials closed the bridge. Schools stayed shut."
    settings = precis.Settings.from_mapping({"lengths": {"at_most": 1}})
    a = precis.analyze(text, stages=("lengths",), settings=settings)
    out = a.to_dict()
    assert out["stages"] == ["lengths"] and seen == [CountSettings(at_most=1)]
    assert [f["value"] for f in out["figures"]] == [4.0]
    assert "places" not in out and "claims" not in out


def test_highlights_reads_the_claims_stage_output_and_never_reextracts(
    monkeypatch: pytest.MonkeyPatch, sample_text: str
) -> None:
    from precis.claims import extract
    from precis.highlighter.stage import HighlightsSettings, highlights_stage

    a = precis.analyze(sample_text, stages=("claims", "disputes"))
    assert a.claims and a.stages == ["claims", "disputes"]
    doc = nlp.parse_one(a.article.prose_mask(), profile="parse")

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the highlights stage re-extracted claims")

    monkeypatch.setattr(extract, "find", refuse)
    highlights_stage(a, doc, HighlightsSettings())
    framed = [h for h in a.highlights if h.source]
    assert a.highlights and framed  # the sample has a framed quotation ("Lima says ...")


def test_output_lists_what_ran(sample_text: str) -> None:
    a = precis.analyze(sample_text, stages=("highlights",))
    out = a.to_dict()
    assert out["stages"] == ["claims", "disputes", "highlights"]
    assert {"claims", "speakers", "disputes"} <= set(out) and "places" not in out


def test_warm_loads_the_planned_stages_models_only(registry: None) -> None:
    import dataclasses

    calls: list[str] = []

    def recorder(name: str) -> Callable[[], None]:
        return lambda: calls.append(name)

    for name, spec in list(stages._REGISTRY.items()):
        stages._REGISTRY[name] = dataclasses.replace(spec, load=recorder(name))
    stages.register("quiet", assigns=("entities",))(_noop)  # nothing to load: skipped
    stages.warm(("highlights", "quiet"))
    # The requirements' models too, in plan order, each once.
    assert calls == ["claims", "disputes", "highlights"]


def test_warm_loads_the_highlights_models_before_the_first_article() -> None:
    from precis.highlighter import scorer, words

    stages.warm(("highlights",))
    assert {scorer.WHOLE, scorer.CUT} <= set(scorer._models)
    assert words.word_model.cache_info().currsize == 1
