"""A tiny stand-in stage for batch tests: the first two prose sentences as highlights.

Batch tests exercise reading, workers, resume and sinks, not highlight quality, so they run this
stage (registered in every worker through PRECIS_PLUGINS) and stay independent of the real one.
A text containing "EXPLODE" makes the stage raise, to test per-article error handling.
"""

from __future__ import annotations

from spacy.tokens import Doc

from precis.model import Analysis, Highlight, Piece
from precis.pipeline import register


@register("testlead", profile="parse")
def lead_stage(analysis: Analysis, doc: Doc) -> None:
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
