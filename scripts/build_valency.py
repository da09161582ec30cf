"""Count which prepositions words take (src/precis/data/valency.json). Run by ``make train``.

A verb, noun or adjective that takes a preposition most times it is used ("distance *from*",
"associated *with*", "tribute *to*", "bearing *on*") needs it: a cut that deletes the phrase
leaves the word without its complement ("has distanced herself.", "had any bearing."). This
script parses cased news text that is not CNN/DM (FNC-1 training bodies, PolNeAR training
articles; no evaluation data) with precis's pipeline and counts, for each lemma and coarse part of
speech, the share of its uses with a ``prep`` child of each preposition. It writes the shares of
at least :data:`MIN_SHARE` for lemmas used at least :data:`MIN_USES` times: counts only, no text.
:mod:`precis.highlighter.cuts` refuses to cut a phrase whose head takes its preposition that often.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path

from spacy.tokens import Doc

from precis import nlp

#: Fewer uses than this say little about a word's habits.
MIN_USES = 8
#: Shares below this are not written (the run-time threshold is higher).
MIN_SHARE = 0.2
HEADS = frozenset({"VERB", "NOUN", "ADJ"})


def texts(data: Path) -> Iterator[str]:
    """The cased training texts, each once (PolNeAR has some articles from several annotators)."""
    seen: set[int] = set()
    sources = [
        (data / "stance" / "fnc1_train.jsonl", lambda r: [r.get("body") or ""]),
        (data / "attribution" / "polnear_train.jsonl", lambda r: [r.get("text") or ""]),
    ]
    for path, get in sources:
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                for text in get(json.loads(line)):
                    key = hash(text)
                    if text.strip() and key not in seen:
                        seen.add(key)
                        yield text


def count(docs: Iterator[Doc]) -> tuple[Counter[str], dict[str, Counter[str]]]:
    uses: Counter[str] = Counter()
    preps: dict[str, Counter[str]] = defaultdict(Counter)
    for doc in docs:
        for tok in doc:
            if tok.pos_ not in HEADS or not tok.is_alpha:
                continue
            key = f"{nlp.lemma(tok).lower()}/{tok.pos_}"
            uses[key] += 1
            for p in {c.lower_ for c in tok.children if c.dep_ == "prep" and c.is_alpha}:
                preps[key][p] += 1
    return uses, preps


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=Path("../shared/data"))
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args()
    t0 = time.time()
    corpus = list(texts(args.data))
    words = sum(len(t.split()) for t in corpus)
    print(f"{len(corpus)} texts, {words:,} words", file=sys.stderr)
    uses, preps = count(nlp.parse(corpus, profile="parse", batch_size=32))
    shares = {
        key: {p: round(n / uses[key], 3) for p, n in sorted(c.items())}
        for key, c in sorted(preps.items())
        if uses[key] >= MIN_USES
    }
    heads = {k: {p: v for p, v in s.items() if v >= MIN_SHARE} for k, s in shares.items()}
    heads = {k: v for k, v in heads.items() if v}
    spec = {
        "heads": heads,
        "meta": {
            "texts": len(corpus),
            "words": words,
            "min_uses": MIN_USES,
            "min_share": MIN_SHARE,
            "sources": "FNC-1 train bodies, PolNeAR train articles",
            "date": dt.date.today().isoformat(),
        },
    }
    args.out.write_text(json.dumps(spec, separators=(",", ":"), sort_keys=True) + "\n")
    print(f"{len(heads)} heads -> {args.out} ({time.time() - t0:.0f}s)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
