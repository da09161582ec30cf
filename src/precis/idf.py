"""Background document frequencies of news text, shipped in ``data/stories_idf.json``.

Built by ``scripts/build_story_idf.py`` from the 9,879 CNN/DM training articles (counts only).
Story grouping adds them to the counts it accumulates online, so IDF is sensible from a stream's
first article (on ECB+ dev this lifted B-cubed F1 by about 2 points over online counts alone) and
stays the same whether a corpus is grouped whole or in parts; story cards and the highlights'
word model (:mod:`precis.highlighter.words`) read them as how rare a word is in news.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=1)
def background() -> tuple[int, dict[str, int]]:
    """(number of documents, term -> document frequency); (0, {}) if the file is missing."""
    try:
        raw = resources.files("precis.data").joinpath("stories_idf.json").read_text("utf-8")
    except (FileNotFoundError, ModuleNotFoundError):
        return 0, {}
    data = json.loads(raw)
    return int(data["n_docs"]), {str(k): int(v) for k, v in data["df"].items()}
