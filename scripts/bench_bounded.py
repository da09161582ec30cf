"""Time the issue-16 stallers through precis.analyze (all default stages), one process.

    .venv/bin/python scripts/bench_bounded.py

Prints seconds per input and per 10,000 characters. Inputs are made up here (no shared data).
"""

from __future__ import annotations

import time

import precis
from precis import nlp

W = (
    "the mayor said that officials in the city of Riverton had approved a plan to repair roads "
    "and bridges after the storm and"
).split()

CASES = {
    "50,000 quote marks": "He said " + chr(34) * 50_000 + " today.",
    "20,000 nested brackets": "(" * 20_000 + "x" + ")" * 20_000,
    "10,000-word sentence": " ".join(W[i % len(W)] for i in range(10_000)) + ".",
    "140,000 chars without a space": "a" * 140_000,
    "140,000 newlines": "The mayor said a." + "\n" * 140_000 + "b.",
    "11,000 one-line paragraphs": "He said it.\n" * 11_000,
    # One paragraph, a quotation opened once, every sentence after an ellipsis (session 22).
    "2,500 ellipses in an open quote": 'He wrote: "'
    + " ".join("This is one more line of the very long letter he sent..." for _ in range(2_500)),
    **{
        f"{n:,} quote marks": "He said " + chr(34) * n + " today."
        for n in (12_500, 25_000, 100_000)
    },
}


def main() -> None:
    nlp.load()
    precis.analyze("The mayor said the plan would work on Monday. It was approved.")
    for name, text in CASES.items():
        start = time.perf_counter()
        result = precis.analyze(text)
        took = time.perf_counter() - start
        cut = sum(w.startswith("limits:") for w in result.warnings)
        print(
            f"{name}: {len(text):,} chars, {took:.2f} s, "
            f"{took / len(text) * 1e4:.2f} s per 10k chars, {cut} limit warning(s)"
        )


if __name__ == "__main__":
    main()
