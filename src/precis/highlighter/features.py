"""Case-free sentence features for the learned salience scorer.

The scorer is trained on lower-cased, PTB-tokenised CNN/DM text (``( cnn )``, ``` `` ```/``''``,
``does n't``) and applied to spaCy tokens lower-cased by the highlights stage. Every feature is
computed from tokens after :func:`normalize`, which maps both tokenisations to one form, so training
and inference see the same numbers. No capitalisation, no entity tags: neither exists in training.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

import numpy as np

from precis.lexicon import SCORER_CONNECTIVES, SCORER_PRONOUNS, SCORER_STOPWORDS

FEATURE_NAMES: tuple[str, ...] = (
    "pos_rel",  # index / (n - 1)
    "pos_inv",  # 1 / (index + 1)
    "pos_log",  # log(1 + index)
    "pos_first",
    "pos_second",
    "pos_third",
    "pos_first5",
    "doc_log_sents",
    "len_log",  # words (punctuation excluded)
    "len_short",  # < 8 words
    "len_long",  # > 40 words
    "len_good",  # 12..30 words
    "centrality",  # cosine of the sentence's content words to the document's
    "sumbasic",  # mean in-document probability of its content words
    "top_words",  # share of its content words among the document's 10 most frequent
    "lead_overlap",  # share of its content words found in the lead (first 3 sentences, not itself)
    "prev_overlap",  # share of its content words found in the previous sentence
    "num_frac",
    "has_num",
    "quotes",  # quote-mark count, capped
    "starts_quote",
    "attribution",  # said / says / told / according ...
    "pron_start",
    "conn_start",
    "question",
    "exclaim",
    "colon",
    "paren",
    "stop_frac",
    "first_person",
    "boilerplate",  # "contributed to this report", "click here", "follow @", ...
)
#: Column of each feature in the matrix: features are addressed by name, never by position.
COL: dict[str, int] = {name: i for i, name in enumerate(FEATURE_NAMES)}

_QUOTES = frozenset({"``", "''", '"', "“", "”", "„", "‘‘", "’’", "«", "»"})
_PUNCT_CHARS = frozenset(".,;:!?()[]{}-–—'\"`/…*&%$#@|<>")
_ATTRIB = frozenset(
    "said says say saying told tells according claimed claims claim reported reports added "
    "adds announced stated states insisted insists warned warns alleged alleges".split()
)
_FIRST_PERSON = frozenset("i me my we our us".split())
_BOILER = frozenset("contributed click follow subscribe copyright email".split())
_CNN = ("-lrb-", "cnn", "-rrb-")


def _norm_token(tok: str) -> list[str]:
    """One lower-cased token in the common form (a hyphenated word becomes its parts)."""
    t = tok.strip().lower()
    if not t:
        return []
    if t in _QUOTES:
        return ['"']
    t = t.replace("’", "'").replace("‘", "'")
    if t == "(":
        return ["-lrb-"]
    if t == ")":
        return ["-rrb-"]
    if t in ("--", "—", "–"):
        return ["--"]
    # spaCy splits "well-known" at the hyphen, PTB keeps it: split both.
    if "-" in t and not t.startswith("-") and len(t) > 2:
        parts = [p for p in t.split("-") if p]
        if len(parts) > 1:
            return parts
    return [t]


def normalize(sentences: Sequence[Sequence[str]]) -> list[list[str]]:
    """Tokens of each sentence in the shared form; a leading ``... ( cnn ) --`` dateline is cut."""
    out = [[n for tok in sent for n in _norm_token(tok)] for sent in sentences]
    if out:
        first = out[0]
        for j in range(min(len(first) - 2, 10)):
            if tuple(first[j : j + 3]) == _CNN:
                k = j + 3
                if k < len(first) and first[k] == "--":
                    k += 1
                out[0] = first[k:]
                break
    return out


def _is_word(t: str) -> bool:
    return not all(ch in _PUNCT_CHARS for ch in t) and t not in ("-lrb-", "-rrb-", "--")


def _has_digit(t: str) -> bool:
    return any(ch.isdigit() for ch in t)


def featurize(sentences: Sequence[Sequence[str]], title: Sequence[str] | None = None) -> np.ndarray:
    """Feature matrix ``(len(sentences), len(FEATURE_NAMES))`` for one article.

    ``title`` is accepted for the interface but not used: the training data has no titles, so a
    title feature could not be learned.
    """
    del title
    toks = normalize(sentences)
    n = len(toks)
    x = np.zeros((n, len(FEATURE_NAMES)), dtype=np.float64)
    if n == 0:
        return x
    # Each distinct token is classified once (an article repeats most of its tokens).
    vocab = {t for s in toks for t in s}
    wordlike = {t for t in vocab if _is_word(t)}
    digits = {t for t in wordlike if _has_digit(t)}
    words = [[t for t in s if t in wordlike] for s in toks]
    content = [[t for t in w if t not in SCORER_STOPWORDS and t not in digits] for w in words]
    doc_tf: Counter[str] = Counter()
    for c in content:
        doc_tf.update(c)
    total = sum(doc_tf.values()) or 1
    doc_norm = math.sqrt(sum(v * v for v in doc_tf.values())) or 1.0
    top = {w for w, _ in doc_tf.most_common(10)}
    lead_sets = [set(c) for c in content[:3]]
    log_n = math.log1p(n)
    for i in range(n):
        s, w, c = toks[i], words[i], content[i]
        nw = len(w)
        nc = len(c)
        row = x[i]
        row[COL["pos_rel"]] = i / (n - 1) if n > 1 else 0.0
        row[COL["pos_inv"]] = 1.0 / (i + 1)
        row[COL["pos_log"]] = math.log1p(i)
        row[COL["pos_first"]] = i == 0
        row[COL["pos_second"]] = i == 1
        row[COL["pos_third"]] = i == 2
        row[COL["pos_first5"]] = i < 5
        row[COL["doc_log_sents"]] = log_n
        row[COL["len_log"]] = math.log1p(nw)
        row[COL["len_short"]] = nw < 8
        row[COL["len_long"]] = nw > 40
        row[COL["len_good"]] = 12 <= nw <= 30
        if nc:
            tf = Counter(c)
            dot = sum(v * doc_tf[k] for k, v in tf.items())
            row[COL["centrality"]] = dot / (math.sqrt(sum(v * v for v in tf.values())) * doc_norm)
            row[COL["sumbasic"]] = sum(doc_tf[k] for k in c) / (nc * total) * 100.0
            row[COL["top_words"]] = sum(k in top for k in c) / nc
            lead: set[str] = set()
            for j, ls in enumerate(lead_sets):
                if j != i:
                    lead |= ls
            row[COL["lead_overlap"]] = sum(k in lead for k in c) / nc
            if i > 0:
                prev = set(content[i - 1])
                row[COL["prev_overlap"]] = sum(k in prev for k in c) / nc
        if nw:
            nums = sum(t in digits for t in w)
            row[COL["num_frac"]] = nums / nw
            row[COL["has_num"]] = nums > 0
            row[COL["stop_frac"]] = sum(t in SCORER_STOPWORDS for t in w) / nw
        q = sum(t == '"' for t in s)
        row[COL["quotes"]] = min(q, 4) / 4.0
        row[COL["starts_quote"]] = bool(s) and s[0] == '"'
        sset = set(s)
        row[COL["attribution"]] = bool(sset & _ATTRIB)
        row[COL["pron_start"]] = bool(w) and w[0] in SCORER_PRONOUNS
        row[COL["conn_start"]] = bool(w) and w[0] in SCORER_CONNECTIVES
        row[COL["question"]] = "?" in sset
        row[COL["exclaim"]] = "!" in sset
        row[COL["colon"]] = ":" in sset
        row[COL["paren"]] = "-lrb-" in sset
        row[COL["first_person"]] = bool(sset & _FIRST_PERSON)
        row[COL["boilerplate"]] = bool(sset & _BOILER) or ("read" in sset and "more" in sset)
    return x
