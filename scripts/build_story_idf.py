"""Build src/precis/data/stories_idf.json: background document frequencies for story grouping.

Counts, for each stemmed content word (precis.stories.features.words), how many of the CNN/DM
training articles (../shared/data/cnndm/train_lowercased.jsonl.gz, lower-cased) contain it; words
in fewer than --min-df articles are dropped. Only counts are written, no article text.

    .venv/bin/python scripts/build_story_idf.py [--data PATH] [--out PATH] [--min-df 3]
"""

from __future__ import annotations

import argparse
import gzip
import json
from collections import Counter
from pathlib import Path

from precis.stories.features import words


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default="../shared/data/cnndm/train_lowercased.jsonl.gz")
    ap.add_argument("--out", default="src/precis/data/stories_idf.json")
    ap.add_argument("--min-df", type=int, default=3)
    args = ap.parse_args()
    df: Counter[str] = Counter()
    n = 0
    with gzip.open(args.data, "rt", encoding="utf-8") as fh:
        for line in fh:
            df.update(set(words(json.loads(line)["article"])))
            n += 1
    kept = {t: c for t, c in sorted(df.items()) if c >= args.min_df}
    Path(args.out).write_text(
        json.dumps({"source": Path(args.data).name, "n_docs": n, "df": kept}, separators=(",", ":"))
        + "\n",
        encoding="utf-8",
    )
    print(f"{n} articles, {len(kept)} terms (df >= {args.min_df}) -> {args.out}")


if __name__ == "__main__":
    main()
