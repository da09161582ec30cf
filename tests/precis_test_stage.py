"""A tiny stand-in stage for batch tests: the first two prose sentences as highlights.

Batch tests exercise reading, workers, resume and sinks, not highlight quality, so they run this
stage (registered in every worker through PRECIS_PLUGINS) and stay independent of the real one.
A text containing "EXPLODE" makes the stage raise, to test per-article error handling.
"""

from __future__ import annotations

from spacy.tokens import Doc

from precis.model import Analysis, Highlight, Piece
from precis.settings import NoSettings
from precis.stages import register


@register("testlead", assigns=("highlights",), profile="parse")
def lead_stage(analysis: Analysis, doc: Doc, settings: NoSettings) -> None:
    if "EXPLODE" in analysis.article.text:
        raise RuntimeError("test stage asked to fail")
    for sent in analysis.sentences[:2]:
        analysis.highlights.append(
            Highlight(sent.text, [Piece(sent.text, sent.span)], sent.index, 1.0)
        )


TOWNS = ("Riverton", "Lakeside", "Millbrook", "Ashford", "Stonebridge", "Fairview", "Oakdale")


def make_article(i: int) -> str:
    """A short made-up news article, different for every ``i``."""
    town = TOWNS[i % len(TOWNS)]
    return (
        f"The council of {town} approved plan number {i} on Monday after a long debate. "
        f"Mayor Ellen Park said the plan would repair {i + 3} roads before winter. "
        f"Residents had complained about potholes for years, a local group said.\n\n"
        f"Work on the first road is due to start next month."
    )


TESTS_DIR = __file__.rsplit("/", 1)[0]


def plugin_env(base: dict[str, str] | None = None) -> dict[str, str]:
    """Environment for processes (CLI runs, spawned workers) that must know the test stage."""
    import os

    env = dict(os.environ if base is None else base)
    env["PRECIS_PLUGINS"] = "precis_test_stage"
    env["PYTHONPATH"] = os.pathsep.join(p for p in (TESTS_DIR, env.get("PYTHONPATH")) if p)
    return env


def write_jsonl(path: object, n: int, bad: tuple[int, ...] = ()) -> list[str]:
    """``n`` articles as JSONL (ids a0..); lines in ``bad`` are empty texts. Returns the ids."""
    import json
    from pathlib import Path

    ids = [f"a{i}" for i in range(n)]
    with Path(str(path)).open("w", encoding="utf-8") as fh:
        for i, rid in enumerate(ids):
            text = "" if i in bad else make_article(i)
            fh.write(json.dumps({"id": rid, "text": text, "title": f"Plan {i}"}) + "\n")
    return ids
