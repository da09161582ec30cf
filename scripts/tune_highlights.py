"""Tune the highlights stage's selection on held-out CNN/DM training articles (not on dev).

The word model (scripts/train_highlight_words.py) leaves out the last 1,000 training rows; this
script truecases and re-spaces ``--rows`` of them (scripts/truecase.py, as the deletion model's
training does), analyses them up to the highlights stage once (cached in ``--cache``), then reruns
only the highlights stage for each configuration and prints ROUGE against their references:

    .venv/bin/python scripts/tune_highlights.py --cache /tmp/heldout400.pkl \
        '{}' '{"BIGRAM_WEIGHT": 1.0}' '{"selection": "mmr"}'

A configuration is a JSON object of stage settings (``selection``, ``target_words``,
``max_highlights``, ``min_highlights``) and module constants of ``precis.highlighter.select``
(``LENGTH_FACTOR``, ``BEAM``, ``SALIENCE``, ``BIGRAM_WEIGHT``) or ``precis.highlighter.stage``
(``ALTERNATE_TARGETS``, ``EXPECTED_CANDIDATES``, ...) or ``precis.highlighter.compress`` (``SURE``,
``FLOOR``, ...) or ``precis.highlighter.cuts`` (``VALENCY_SHARE``). The sentence scorers and the
deletion model saw most of these rows in training (they hold out their own samples), so absolute
figures are optimistic and lean toward trusting the scorers; compare rows. ``--unseen`` keeps only
the tail rows the scorers validated on (about 100): smaller, but unbiased for them. ``--dev
../shared/data/cnndm/dev.jsonl`` caches the dev rows instead (the quality gate's figures within
about 0.05). ``--refresh`` reruns the stages before the highlights (claims, disputes) on a cache's
parses after a change to them, and rewrites it.
The cache holds publishers' text: keep it outside the repository.
"""

from __future__ import annotations

import argparse
import gzip
import json
import pickle
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
from spacy.tokens import Doc

from precis import nlp
from precis.evaluate.highlights import read_rows
from precis.evaluate.rouge import Tally
from precis.highlighter import compress, cuts, select, stage
from precis.ingest.clean import clean
from precis.ingest.text import make_article
from precis.model import Analysis, Article
from precis.pipeline import sentences_of
from precis.stages import Settings, plan
from train_scorer import split_sentences
from truecase import build, detokenise

SETTINGS = ("selection", "target_words", "max_highlights", "min_highlights")


def unseen_rows(n: int, holdout: int, seed: int = 13, val_share: float = 0.1) -> list[int]:
    """Rows of the held-out tail that the sentence scorers kept for validation too.

    scripts/train_scorer.py (both scorers, its defaults) validates on the first ``val_share`` of
    a seeded permutation of all rows; the word model leaves out the last ``holdout``. Their
    intersection (about 100 rows) no model of the stage saw but the deletion model, which holds
    out its own 15% by a hash of the id.
    """
    order = np.random.default_rng(seed).permutation(n)
    val = set(order[: int(n * val_share)].tolist())
    return [i for i in range(n - holdout, n) if i in val]


def build_cache(
    data: Path, rows: int, holdout: int, unseen: bool = False
) -> list[tuple[list[str], Analysis, Any]]:
    """The first ``rows`` of the held-out tail (or its rows no scorer saw, ``unseen``),
    analysed up to the highlights stage."""
    with gzip.open(data, "rt", encoding="utf-8") as fh:
        records = [json.loads(line) for line in fh if line.strip()]
    train = records[: len(records) - holdout]
    table = build(data.resolve().parent.parent, (h for r in train for h in r["highlights"]))
    if unseen:
        chosen = [records[i] for i in unseen_rows(len(records), holdout)][:rows]
    else:
        chosen = records[len(records) - holdout :][:rows]
    articles = []
    for r in chosen:
        parts = []
        for sent in split_sentences(r["article"]):
            words, spaces = detokenise(sent, table)
            parts.append(
                "".join(w + (" " if sp else "") for w, sp in zip(words, spaces, strict=True))
            )
        article = make_article(" ".join(p.strip() for p in parts), id=str(r["id"]))
        clean(article)
        articles.append(article)
    return analysed(chosen, articles)


def dev_cache(path: Path) -> list[tuple[list[str], Analysis, Any]]:
    """Every row of an evaluation JSONL (``article``, ``highlights``), as ``precis evaluate``
    reads it (no truecasing), analysed up to the highlights stage."""
    rows = read_rows(str(path))
    articles = []
    for r in rows:
        article = make_article(r["article"], id=str(r.get("id")))
        clean(article)
        articles.append(article)
    return analysed(rows, articles)


def analysed(
    rows: list[dict[str, Any]], articles: list[Article]
) -> list[tuple[list[str], Analysis, Any]]:
    profile = plan(("highlights",)).profile
    docs = nlp.parse([a.prose_mask() for a in articles], profile=profile, batch_size=16)
    return [
        (list(r["highlights"]), up_to_highlights(article, doc), doc)
        for r, article, doc in zip(rows, articles, docs, strict=True)
    ]


def up_to_highlights(article: Article, doc: Doc) -> Analysis:
    """A fresh analysis of ``article`` by every stage the highlights stage requires."""
    before = [s for s in plan(("highlights",)).stages if s.name != "highlights"]
    settings = Settings()
    analysis = Analysis(article=article)
    analysis.sentences = sentences_of(doc, article)
    for spec in before:
        spec.run(analysis, doc, settings[spec.name])
    return analysis


def _home(name: str) -> Any:
    """The module holding the tuned constant ``name``; a misspelt name is an error, not a no-op."""
    for module in (select, stage, compress, cuts):
        if hasattr(module, name):
            return module
    raise SystemExit(f"unknown setting or constant: {name}")


def run(
    items: list[tuple[list[str], Analysis, Any]], config: dict[str, Any], digits: int = 2
) -> str:
    """ROUGE of the highlights stage under ``config`` (module constants restored after), with
    ``digits`` decimals."""
    constants = {k: _home(k) for k in config if k not in SETTINGS}
    saved = {k: getattr(m, k) for k, m in constants.items()}
    try:
        for k, m in constants.items():
            v = config[k]
            setattr(m, k, tuple(v) if isinstance(v, list) else v)
        settings = stage.HighlightsSettings(**{k: v for k, v in config.items() if k in SETTINGS})
        tally = Tally()
        bullets = words = 0
        for refs, analysis, doc in items:
            analysis.highlights = []
            stage.highlights_stage(analysis, doc, settings)
            pred = [h.text for h in analysis.highlights]
            tally.add(refs, pred)
            bullets += len(pred)
            words += sum(len(p.split()) for p in pred)
        m = tally.means()
        return (
            f"R-1 {m['rouge1']:.{digits}f} R-2 {m['rouge2']:.{digits}f} "
            f"R-Lsum {m['rougeLsum']:.{digits}f} "
            f"words/highlight {words / max(bullets, 1):.1f} highlights/article "
            f"{bullets / max(len(items), 1):.2f}"
        )
    finally:
        for k, v in saved.items():
            setattr(constants[k], k, v)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("configs", nargs="*", default=["{}"], help="JSON objects ({} = defaults)")
    ap.add_argument(
        "--data", type=Path, default=Path("../shared/data/cnndm/train_lowercased.jsonl.gz")
    )
    ap.add_argument("--cache", type=Path, required=True, help="pickle of the analysed rows")
    ap.add_argument("--rows", type=int, default=400)
    ap.add_argument("--holdout", type=int, default=1000, help="as train_highlight_words.py")
    ap.add_argument(
        "--unseen",
        action="store_true",
        help="only held-out rows the sentence scorers never trained on either (about 100)",
    )
    ap.add_argument(
        "--dev",
        type=Path,
        help="build the cache from every row of this evaluation JSONL instead (as `precis "
        "evaluate` reads it, e.g. ../shared/data/cnndm/dev.jsonl): dev figures within about "
        "0.05 of the quality gate's",
    )
    ap.add_argument(
        "--refresh",
        action="store_true",
        help="rerun the stages before the highlights (claims, disputes) on the cached parses and "
        "rewrite the cache: for a change to those stages (the parse stays as cached)",
    )
    ap.add_argument(
        "--digits",
        type=int,
        default=2,
        help="decimals of the ROUGE figures (3 to see a 0.01 margin)",
    )
    args = ap.parse_args(argv)
    t0 = time.time()
    if args.cache.exists():
        with args.cache.open("rb") as fh:
            items = pickle.load(fh)
        if args.refresh:
            items = [(refs, up_to_highlights(a.article, doc), doc) for refs, a, doc in items]
            with args.cache.open("wb") as fh:
                pickle.dump(items, fh)
    else:
        if args.dev is not None:
            items = dev_cache(args.dev)
        else:
            items = build_cache(args.data, args.rows, args.holdout, args.unseen)
        with args.cache.open("wb") as fh:
            pickle.dump(items, fh)
    print(f"{len(items)} articles ({time.time() - t0:.0f} s)", file=sys.stderr)
    for raw in args.configs:
        config = json.loads(raw)
        print(f"{json.dumps(config)}: {run(items, config, args.digits)}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
