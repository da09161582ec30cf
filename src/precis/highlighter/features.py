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

_QUOTES = frozenset({"``", "''", '"', "“", "”", "„", "‘‘", "’’", "«", "»"})
_PUNCT_CHARS = frozenset(".,;:!?()[]{}-–—'\"`/…*&%$#@|<>")
_STOP = frozenset(
    """a an the and or but if then so of to in on at by for with from as into onto about over under
    after before between through during against without within than that this these those
    there here is are was were be been being am do does did done have has had having will would
    shall should can
    could may might must 's n't not no nor it its he him his she her hers they them their theirs we
    us our you your i me my mine who whom whose which what when where why how all any both each
    few more most other some such only own same too very just also up down out off again further
    once said says say told mr mrs ms one two new -lrb- -rrb- cnn""".split()
)
_ATTRIB = frozenset(
    "said says say saying told tells according claimed claims claim reported reports added "
    "adds announced stated states insisted insists warned warns alleged alleges".split()
)
_PRONOUNS = frozenset(
    "he she it they this that these those his her its their him them we i you there".split()
)
_CONNECTIVES = frozenset(
    "but however meanwhile and so also still yet instead moreover furthermore besides then "
    "thus therefore nevertheless nonetheless although though while".split()
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
    words = [[t for t in s if _is_word(t)] for s in toks]
    content = [[t for t in w if t not in _STOP and not _has_digit(t)] for w in words]
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
        row[0] = i / (n - 1) if n > 1 else 0.0
        row[1] = 1.0 / (i + 1)
        row[2] = math.log1p(i)
        row[3] = i == 0
        row[4] = i == 1
        row[5] = i == 2
        row[6] = i < 5
        row[7] = log_n
        row[8] = math.log1p(nw)
        row[9] = nw < 8
        row[10] = nw > 40
        row[11] = 12 <= nw <= 30
        if nc:
            tf = Counter(c)
            dot = sum(v * doc_tf[k] for k, v in tf.items())
            row[12] = dot / (math.sqrt(sum(v * v for v in tf.values())) * doc_norm)
            row[13] = sum(doc_tf[k] for k in c) / (nc * total) * 100.0
            row[14] = sum(k in top for k in c) / nc
            lead: set[str] = set()
            for j, ls in enumerate(lead_sets):
                if j != i:
                    lead |= ls
            row[15] = sum(k in lead for k in c) / nc
            if i > 0:
                prev = set(content[i - 1])
                row[16] = sum(k in prev for k in c) / nc
        if nw:
            nums = sum(_has_digit(t) for t in w)
            row[17] = nums / nw
            row[18] = nums > 0
            row[28] = sum(t in _STOP for t in w) / nw
        q = sum(t == '"' for t in s)
        row[19] = min(q, 4) / 4.0
        row[20] = bool(s) and s[0] == '"'
        sset = set(s)
        row[21] = bool(sset & _ATTRIB)
        row[22] = bool(w) and w[0] in _PRONOUNS
        row[23] = bool(w) and w[0] in _CONNECTIVES
        row[24] = "?" in sset
        row[25] = "!" in sset
        row[26] = ":" in sset
        row[27] = "-lrb-" in sset
        row[29] = bool(sset & _FIRST_PERSON)
        row[30] = bool(sset & _BOILER) or ("read" in sset and "more" in sset)
    return x
