"""Restore letter case and spacing to lower-cased, PTB-tokenised training text (training only).

CNN/DM's training articles (``train_lowercased.jsonl.gz``) are lower-cased and PTB-tokenised, but
the highlights stage parses cased article text: a parse of "police said obama ..." is not the
parse of "Police said Obama ...", so a model trained on the first sees other trees than at run
time. :class:`CaseTable` counts how each word is written in cased news text that is not CNN/DM
dev (FNC-1 and PolNeAR training bodies, CNN/DM training highlights), away from the start of a
sentence, and writes each lower-cased word in its most frequent form; :func:`detokenise` gives the
tokens the spacing a writer would (no space before "," or "n't", none inside quotes), so the
parser sees text much like the run-time text. The table is built when ``make train`` runs, from
../shared/data, and is never stored in the repository.
"""

from __future__ import annotations

import gzip
import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path

#: PTB escapes back to the characters they stand for.
PTB = {"``": '"', "''": '"', "-lrb-": "(", "-rrb-": ")", "-lsb-": "[", "-rsb-": "]", "--": "--"}
_NO_SPACE_BEFORE = frozenset(",.;:!?)]%") | {"''", "-rrb-", "-rsb-", "n't", "'s", "'re", "'ve"}
_NO_SPACE_BEFORE |= {"'ll", "'d", "'m", "'"}
_NO_SPACE_AFTER = frozenset({"``", "-lrb-", "-lsb-", "(", "[", "$", "#"})
_SENT_END = re.compile(r"""[.!?]["'”’)]*$""")
_EDGE_PUNCT = "\"'“”‘’()[]{},;:!?*_<>|"
#: A written word: letters, digits and inner marks ("U.S.", "Zaki-ur-Rehman", "O'Neill").
_WORD = re.compile(r"^[^\W_]+(?:[-.'’&][^\W_]+)*\.?$")


def _words(text: str) -> Iterator[tuple[str, bool]]:
    """(word, starts a sentence) for each written word of cased ``text``."""
    start = True
    for raw in text.split():
        word = raw.strip(_EDGE_PUNCT)
        opens = start
        start = bool(_SENT_END.search(raw)) or raw.endswith(":")
        if not word or not _WORD.match(word):
            continue
        if word.endswith(".") and "." not in word[:-1]:
            word = word[:-1]  # a full stop, not an abbreviation's
        yield word.replace("’", "'"), opens


class CaseTable:
    """How often each word is written in each case form, away from the start of a sentence."""

    def __init__(self) -> None:
        self.forms: dict[str, Counter[str]] = defaultdict(Counter)
        # The same after a given word: "new york" -> "New York", "the world" -> "world".
        self.after: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)

    def add(self, text: str) -> None:
        prev = ""
        for word, opens in _words(text):
            if not opens:
                self.forms[word.lower()][word] += 1
                self.after[(prev, word.lower())][word] += 1
            prev = word.lower()

    def form(self, lower: str, prev: str = "") -> str:
        """The usual written form of ``lower`` after ``prev`` (else anywhere; else a guess).

        A word seen lower-cased in at least 40% of its uses stays lower-cased; a word never seen
        (the table holds every common word) is most likely a rare name, and is capitalised.
        """
        for seen, least in ((self.after.get((prev, lower)), 2), (self.forms.get(lower), 1)):
            if not seen or sum(seen.values()) < least:
                continue
            total = sum(seen.values())
            if seen.get(lower, 0) >= 0.4 * total:
                return lower
            return seen.most_common(1)[0][0]
        if lower.isalpha() and len(lower) >= 3 and lower.rstrip("s") not in self.forms:
            return lower.capitalize()
        return lower

    def __len__(self) -> int:
        return len(self.forms)


def build(data: Path, highlights: Iterable[str] = ()) -> CaseTable:
    """A table from the cased news text under ``data`` (FNC-1 and PolNeAR training bodies) and
    ``highlights`` (cased CNN/DM training highlights). Never CNN/DM dev."""
    table = CaseTable()
    sources = [
        (data / "stance" / "fnc1_train.jsonl", "body"),
        (data / "attribution" / "polnear_train.jsonl", "text"),
    ]
    for path, key in sources:
        if not path.exists():
            continue
        opener = gzip.open if path.suffix == ".gz" else open
        with opener(path, "rt", encoding="utf-8") as fh:
            for line in fh:
                table.add(json.loads(line).get(key) or "")
    for text in highlights:
        table.add(text)
    return table


def truecase(tokens: list[str], table: CaseTable) -> list[str]:
    """Cased forms of one sentence's PTB tokens: the table's form, the first word capitalised
    (also the first after a dateline such as "( cnn )")."""
    out: list[str] = []
    first = True
    prev = ""
    for i, tok in enumerate(tokens):
        word = PTB.get(tok, tok)
        if tok in PTB or not any(ch.isalnum() for ch in tok):
            out.append(word)
            if tok in {"-rrb-", ")"} and tokens[0] in {"-lrb-", "("} and i <= 4:
                first = True
            continue
        cased = table.form(tok, prev)
        if first and cased[:1].islower():
            cased = cased[0].upper() + cased[1:]
        first = False
        prev = tok
        out.append(cased)
    return out


def spaces(tokens: list[str]) -> list[bool]:
    """Whether a space follows each PTB token, as a writer would space the text."""
    out: list[bool] = []
    open_quote = False
    for i, tok in enumerate(tokens):
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        if tok == '"':  # a plain quote mark opens and closes in turn
            open_quote = not open_quote
        space = nxt is not None
        if tok in _NO_SPACE_AFTER or (tok == '"' and open_quote):
            space = False
        if nxt is not None and (
            nxt in _NO_SPACE_BEFORE or (nxt == '"' and open_quote) or nxt.startswith("'")
        ):
            space = False
        out.append(space)
    return out


def detokenise(tokens: list[str], table: CaseTable | None) -> tuple[list[str], list[bool]]:
    """Words and spaces for ``spacy.tokens.Doc``: cased (when ``table`` is given) and spaced."""
    words = truecase(tokens, table) if table is not None else [PTB.get(t, t) for t in tokens]
    return words, spaces(tokens)
