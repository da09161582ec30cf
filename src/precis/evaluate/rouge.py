"""ROUGE the way the CNN/DM literature reports it, with rouge-score.

``RougeScorer(["rouge1", "rouge2", "rougeLsum"], use_stemmer=True)``; reference and prediction are
each their highlights joined with ``"\\n"`` (one per line: ``rougeLsum`` splits on newlines). The
tokenizer is rouge-score's own, with the Porter stemmer memoised: same tokens, several times faster.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from nltk.stem import porter
from rouge_score import rouge_scorer, tokenize, tokenizers

ROUGE_TYPES = ("rouge1", "rouge2", "rougeLsum")


class _CachedStemmer:
    def __init__(self) -> None:
        self._stem = lru_cache(maxsize=200_000)(porter.PorterStemmer().stem)

    def stem(self, word: str) -> str:
        return str(self._stem(word))


class CachedTokenizer(tokenizers.Tokenizer):
    """rouge-score's DefaultTokenizer(use_stemmer=True) with a memoised stemmer."""

    def __init__(self) -> None:
        self._stemmer = _CachedStemmer()

    def tokenize(self, text: str) -> list[str]:
        return list(tokenize.tokenize(text, self._stemmer))


_SCORER: Any = None


def scorer() -> Any:
    """The shared RougeScorer (built on first use)."""
    global _SCORER
    if _SCORER is None:
        _SCORER = rouge_scorer.RougeScorer(
            list(ROUGE_TYPES), use_stemmer=True, tokenizer=CachedTokenizer()
        )
    return _SCORER


def join_lines(lines: Iterable[str]) -> str:
    """One summary line per highlight (inner newlines flattened so each stays one line)."""
    return "\n".join(" ".join(s.split()) for s in lines if s and s.strip())


def rouge_f1(reference: Sequence[str], prediction: Sequence[str]) -> dict[str, float]:
    """F1 of each ROUGE type for one item (lists of highlight lines)."""
    scores = scorer().score(join_lines(reference), join_lines(prediction))
    return {t: float(scores[t].fmeasure) for t in ROUGE_TYPES}


@dataclass
class Tally:
    """Running means of ROUGE F1 and summary length for one system."""

    n: int = 0
    sums: dict[str, float] = field(default_factory=lambda: dict.fromkeys(ROUGE_TYPES, 0.0))
    words: int = 0
    #: Highlights (lines) over all summaries, for words per highlight.
    lines: int = 0

    def add(self, reference: Sequence[str], prediction: Sequence[str]) -> dict[str, float]:
        f1 = rouge_f1(reference, prediction)
        for t in ROUGE_TYPES:
            self.sums[t] += f1[t]
        self.words += sum(len(s.split()) for s in prediction)
        self.lines += sum(1 for s in prediction if s.strip())
        self.n += 1
        return f1

    def means(self) -> dict[str, float]:
        """Mean F1 (x100) per ROUGE type, mean words per summary and per highlight (line)."""
        d = max(self.n, 1)
        out = {t: 100.0 * self.sums[t] / d for t in ROUGE_TYPES}
        out["words"] = self.words / d
        out["words_per_highlight"] = self.words / max(self.lines, 1)
        return out
