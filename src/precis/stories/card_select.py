"""Choosing a story card's highlights: which members' highlights, lead sentences and clauses go
on the card.

A card highlight is one member's highlight or one of the first sentences of its text (or, with
``settings.card_clauses``, a head clause of one); a sentence or clause is its own span, so its
text and spans are that article's and it is as faithful as single-article highlights are
(:func:`unsupported` is the check). They are chosen (``settings.card_selection``):

* "expected" (default): the units that most raise the card's *expected* ROUGE-1 F against a
  roundup of the story, found by a beam search (``settings.card_beam``; width 1 is the greedy).
  A learned word model (:class:`CardModel`, src/precis/data/card.json, scripts/train_card.py)
  predicts how often each word of the members' texts and titles appears in a human roundup
  (Poisson, from how many members and titles use it, where, how often, capitalised or not;
  :func:`token_features`); the expected overlap of a card is the sum over its words of
  E[min(count on the card, count in the roundup)], and the roundup's length is predicted from
  the members'. A unit that repeats what the card says gains nothing,
  so redundancy and length are priced by the same sum.
* "centroid": cosine to the TF-IDF centroid of the members' texts and titles, no near-duplicate of
  one already chosen, until a word budget that scales with the members' length
  (:func:`word_budget`). Also the fallback when the model file is missing.

A highlight that several members report (near-duplicate sentences) lists the others in
``also_in``. The TF-IDF helpers (:func:`story_idf`, :func:`tfidf_vector`, :func:`cosine`) are
shared with the card's assembly (:mod:`precis.stories.card`), which calls
:func:`select_highlights`.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import numpy as np

from precis.errors import InputError
from precis.evaluate.rouge import CachedTokenizer
from precis.expected_rouge import Channel, PoissonTrees, beam_pick, expected_f
from precis.idf import background
from precis.stories.features import STORY_STOPWORDS, words
from precis.stories.member import Member
from precis.stories.settings import StorySettings

_SENT = re.compile(r"(?<=[.!?])[\"”’']?\s+|\n+")


def tfidf_vector(text: str, idf: dict[str, float]) -> dict[str, float]:
    """Unit-length TF-IDF vector of ``text``'s words (log term frequency; ``idf[""]`` for an
    unseen word)."""
    counts = Counter(words(text))
    vec = {t: (1.0 + math.log(n)) * idf.get(t, idf.get("", 1.0)) for t, n in counts.items()}
    norm = math.sqrt(sum(w * w for w in vec.values()))
    return {t: w / norm for t, w in vec.items()} if norm else {}


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    """Cosine of two unit-length sparse vectors (their dot product)."""
    if len(a) > len(b):
        a, b = b, a
    return sum(w * b[t] for t, w in a.items() if t in b)


def story_idf(texts: Sequence[str]) -> dict[str, float]:
    """IDF of the words of a story's ``texts``: the background document frequencies
    (:func:`precis.idf.background`) plus these texts; ``""`` is an unseen word."""
    n_bg, df_bg = background()
    local: Counter[str] = Counter()
    for t in texts:
        local.update(set(words(t)))
    n = n_bg + len(texts)
    out = {t: math.log((1 + n) / (1 + df_bg.get(t, 0) + c)) + 1.0 for t, c in local.items()}
    out[""] = math.log(1 + n) + 1.0  # an unseen word
    return out


_TOKEN = re.compile(r"[a-z0-9]+")
#: The attribution frame's verb, the one word a framed highlight adds to its spans.
FRAME_WORDS = ("says", "say")


def unsupported(h: dict[str, Any], text: str) -> tuple[list[str], bool]:
    """Words of highlight ``h`` not in the text of its own spans of ``text`` (lower-cased), and
    whether it is framed. A frame verb is allowed only where the spans show a frame: the words
    are the spans' words in order with one "says"/"say" between two spans (label, content), as
    single-article highlights are rendered; anywhere else it is unsupported."""
    pieces = [
        _TOKEN.findall(text[s:e].lower())
        for s, e in h.get("spans") or []
        if 0 <= s < e <= len(text)
    ]
    got = _TOKEN.findall(str(h.get("text", "")).lower())
    flat = [w for p in pieces for w in p]
    if got == flat:
        return [], False
    for k in range(1, len(pieces)):
        head = [w for p in pieces[:k] for w in p]
        tail = [w for p in pieces[k:] for w in p]
        if tail and any(got == [*head, verb, *tail] for verb in FRAME_WORDS):
            return [], True
    vocab = set(flat)
    return [w for w in got if w not in vocab], False


def word_budget(members: Sequence[Member], settings: StorySettings) -> float:
    """Words on the card past which no highlight is added once the minimum count is reached:
    ``settings.word_budget``, or less for short reports, ``settings.budget_share`` of the
    members' words. A roundup's length follows its sources' (AllSides dev: correlation 0.5 with
    the leads' total words, about a third of it), so three one-line leads get a short card."""
    total = sum(len(m.text.split()) for m in members)
    return min(float(settings.word_budget), settings.budget_share * total)


def sentence_spans(text: str, limit: int | None = None) -> list[tuple[int, int]]:
    """(start, end) of the sentences of ``text`` (a closing quote stays with its sentence; edges
    stripped of spaces), at most ``limit``."""
    out: list[tuple[int, int]] = []
    pos = 0
    cuts = [(m.start(), m.end()) for m in _SENT.finditer(text)] + [(len(text), len(text))]
    for _, end in cuts:
        piece = text[pos:end].rstrip()
        if piece.strip():
            lead = len(piece) - len(piece.lstrip())
            out.append((pos + lead, pos + len(piece)))
            if limit is not None and len(out) >= limit:
                break
        pos = end
    return out


_TOKENIZER: CachedTokenizer | None = None


def rouge_tokens(text: str) -> list[str]:
    """ROUGE's tokens of ``text`` (rouge-score's tokenizer, Porter-stemmed): the words the card's
    figure counts, so the word model predicts those."""
    global _TOKENIZER
    if _TOKENIZER is None:
        _TOKENIZER = CachedTokenizer()
    return _TOKENIZER.tokenize(text)


_WORDISH = re.compile(r"[A-Za-z0-9]+")
_SENT_END = re.compile(r"[.!?][\"”’']?\s*$")
#: Features of one word of a story, in the order of :func:`token_features`' columns.
TOKEN_FEATURES = (
    "share_of_members",  # members whose text has the word / members
    "titles",  # titles with the word
    "log_count",  # log(1 + occurrences in the texts)
    "first_sentences",  # members whose first sentence has the word
    "background_idf",  # log((1 + N) / (1 + df)), CNN/DM train document frequencies
    "first_position",  # earliest relative position in a member's text (1.0 when only in titles)
    "members",
    "digit",
    "stop_word",
    "capitalised",  # share of its mid-sentence occurrences written with a capital
    "log_story_words",
    "max_in_one_text",
    "share_of_first_sentences",
)


def token_features(members: Sequence[Member]) -> tuple[list[str], np.ndarray]:
    """The words (ROUGE tokens) of the members' texts and titles, and their features
    (:data:`TOKEN_FEATURES`), one row per word."""
    n_bg, df_bg = background()
    texts = [rouge_tokens(m.text) for m in members]
    titles = [set(rouge_tokens(str(m.record.get("title") or ""))) for m in members]
    firsts = []
    for m in members:
        spans = sentence_spans(m.text, 1)
        firsts.append(set(rouge_tokens(m.text[spans[0][0] : spans[0][1]])) if spans else set())
    caps: dict[str, list[int]] = {}
    for m in members:
        for w in _WORDISH.finditer(m.text):
            start = w.start()
            if start == 0 or _SENT_END.search(m.text[max(0, start - 3) : start]):
                continue  # a sentence's first word is capitalised whatever it is
            for t in rouge_tokens(w.group()):
                c = caps.setdefault(t, [0, 0])
                c[0] += w.group()[0].isupper()
                c[1] += 1
    counts = [Counter(t) for t in texts]
    vocab = sorted({t for x in texts for t in x} | {t for x in titles for t in x})
    n = len(members)
    log_total = math.log1p(sum(len(t) for t in texts))
    # One pass over each text (not one per word of the vocabulary per text: a story of hundreds
    # of members made that cubic).
    in_texts: Counter[str] = Counter()
    total: Counter[str] = Counter()
    most: dict[str, int] = {}
    first_at: dict[str, float] = {}
    for x, tally in zip(texts, counts, strict=True):
        size = max(len(x), 1)
        seen: dict[str, int] = {}
        for i, t in enumerate(x):
            seen.setdefault(t, i)
        for t, i in seen.items():
            first_at[t] = min(first_at.get(t, 1.0), i / size)
        in_texts.update(tally.keys())
        total.update(tally)
        for t, k in tally.items():
            if k > most.get(t, 0):
                most[t] = k
    in_title = Counter(t for x in titles for t in x)
    in_firsts = Counter(t for f in firsts for t in f)
    rows = []
    for t in vocab:
        in_first = in_firsts[t]
        cap = caps.get(t)
        rows.append(
            [
                in_texts[t] / n,
                in_title[t],
                math.log1p(total[t]),
                in_first,
                math.log((1 + n_bg) / (1 + df_bg.get(t, 0))),
                first_at.get(t, 1.0),
                n,
                t.isdigit(),
                t in STORY_STOPWORDS,
                cap[0] / cap[1] if cap and cap[1] else 0.5,
                log_total,
                most.get(t, 0),
                in_first / n,
            ]
        )
    return vocab, np.array(rows, dtype=float).reshape(len(vocab), len(TOKEN_FEATURES))


class CardModel:
    """The word model of card selection (src/precis/data/card.json, scripts/train_card.py):
    gradient-boosted regression trees (Poisson: the expected count of a word in a roundup is
    exp(baseline + sum of leaves)) and a linear model of the roundup's length."""

    def __init__(self, spec: dict[str, Any]) -> None:
        if list(spec["features"]) != list(TOKEN_FEATURES):
            raise ValueError("card model: features differ from precis.stories.card_select's")
        self.trees = PoissonTrees(spec)
        self.length = [float(x) for x in spec["length"]["coef"]]
        self.length_intercept = float(spec["length"]["intercept"])
        self.max_words = float(spec["length"]["max_words"])

    def expected_counts(self, x: np.ndarray) -> np.ndarray:
        """Expected count in a roundup of each row's word."""
        return self.trees.predict(x)

    def roundup_words(self, member_words: float) -> float:
        """Predicted words of a roundup of members with ``member_words`` words in all (not
        extrapolated past the longest story it was trained on)."""
        w = min(member_words, self.max_words)
        a, b = self.length
        return max(a * w + b * math.sqrt(w) + self.length_intercept, 1.0)


@lru_cache(maxsize=1)
def card_model() -> CardModel | None:
    """The committed word model, loaded once; None when the file is missing (cards then fall
    back to the centroid selection)."""
    try:
        raw = resources.files("precis.data").joinpath("card.json").read_text("utf-8")
    except (FileNotFoundError, ModuleNotFoundError):
        return None
    return CardModel(json.loads(raw))


@dataclass
class _Unit:
    member: int
    text: str
    spans: list[list[int]]
    tokens: Counter[str]
    size: int
    source: Any = None


#: Where a sentence may be cut into a clause unit: a comma, semicolon, colon or dash.
_CLAUSE_CUT = re.compile(r"\s*(?:[,;:]|\s[—–-]\s|—)\s*")
#: A clause unit has at least this many words.
CLAUSE_WORDS = 6


def clause_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Head clauses of the sentence ``text[start:end]``: from its start up to a cut, at least
    :data:`CLAUSE_WORDS` words, never the whole sentence. Heads only: a head is mostly the main
    clause, while a tail is often a fragment ("and especially in last month's midterms."; tails
    too gave AllSides dev first 500 ROUGE-1 40.9 against 40.6, but read badly)."""
    sent = text[start:end]
    out = []
    for m in _CLAUSE_CUT.finditer(sent):
        if m.end() < len(sent) and len(sent[: m.start()].split()) >= CLAUSE_WORDS:
            out.append((start, start + m.start()))
    return list(dict.fromkeys(out))


def _units(members: list[Member], settings: StorySettings) -> list[_Unit]:
    """Card candidates: each member's faithful highlights, its first sentences and (with
    ``settings.card_clauses``) their clauses; a sentence or clause is its own span."""
    out: list[_Unit] = []
    for mi, m in enumerate(members):
        texts = []
        for h in m.record.get("highlights") or []:
            if unsupported(h, m.text)[0]:
                continue  # a card only takes highlights whose every word is in their spans
            texts.append((str(h.get("text", "")), [list(x) for x in h.get("spans") or []], h))
        for s, e in sentence_spans(m.text, settings.card_lead_sentences):
            texts.append((m.text[s:e], [[s, e]], None))
            if settings.card_clauses:
                # Shorter units let a card reach its minimum count without padding it.
                texts.extend((m.text[a:b], [[a, b]], None) for a, b in clause_spans(m.text, s, e))
        seen: set[tuple[str, str]] = set()
        for text, spans, h in texts:
            key = (text, repr(spans))
            if key in seen:
                continue  # a highlight that is its whole sentence: one unit (the highlight)
            seen.add(key)
            toks = rouge_tokens(text)
            if toks:
                source = h.get("source") if h else None
                out.append(_Unit(mi, text, spans, Counter(toks), len(toks), source))
    return out


def _overlaps(a: _Unit, b: _Unit) -> bool:
    """Two units of one member that share characters (a highlight and its own sentence)."""
    return a.member == b.member and any(s < e2 and s2 < e for s, e in a.spans for s2, e2 in b.spans)


#: Most candidate units a card's search considers (a three-outlet story has about 30).
MAX_UNITS = 120


def _expected_pick(members: list[Member], settings: StorySettings, model: CardModel) -> list[_Unit]:
    vocab, x = token_features(members)
    lam = dict(zip(vocab, model.expected_counts(x).tolist(), strict=True))
    length = settings.card_length_factor * model.roundup_words(
        sum(len(m.text.split()) for m in members)
    )
    units = _units(members, settings)
    if len(units) > MAX_UNITS:
        # Bounded work: a story of hundreds of members would make every rebuild's search grow
        # with it. The beam's first step ranks units by this same expected F alone; the best
        # MAX_UNITS of them (in their order) stay candidates.
        def alone(u: _Unit) -> float:
            return expected_f(u.tokens, lam, length)

        keep = set(sorted(range(len(units)), key=lambda i: -alone(units[i]))[:MAX_UNITS])
        units = [u for i, u in enumerate(units) if i in keep]
    # A beam search on the expected F: a card of the minimum count is forced to take units that
    # lower it, and which ones is best judged a step or two ahead (width 1 is the plain greedy).
    picked = beam_pick(
        [Channel([u.tokens for u in units], lam, length)],
        settings.min_highlights,
        settings.max_highlights,
        settings.card_beam,
        compatible=lambda i, j: not _overlaps(units[i], units[j]),
    )
    return [units[i] for i in picked]


def _centroid_pick(
    members: list[Member], settings: StorySettings, idf: dict[str, float]
) -> list[tuple[dict[str, Any], dict[str, float], list[int], int]]:
    centroid: Counter[str] = Counter()
    for m in members:
        centroid.update(tfidf_vector(m.text, idf))
        # A headline names the event in few words; it pulls the centroid toward what the
        # story is about (highlights still come from the text only: titles have no spans).
        if m.record.get("title") and settings.card_title_weight:
            title = tfidf_vector(str(m.record["title"]), idf)
            centroid.update({t: settings.card_title_weight * w for t, w in title.items()})
    norm = math.sqrt(sum(w * w for w in centroid.values())) or 1.0
    center = {t: w / norm for t, w in centroid.items()}
    cands: list[tuple[float, int, int, dict[str, Any], dict[str, float]]] = []
    for mi, m in enumerate(members):
        for hi, h in enumerate(m.record.get("highlights") or []):
            if unsupported(h, m.text)[0]:
                continue  # a card only takes highlights whose every word is in their spans
            v = tfidf_vector(h.get("text", ""), idf)
            if v:
                # Centrality to the story, with a small nod to the article's own ranking.
                cands.append((cosine(v, center) - settings.rank_penalty * hi, mi, hi, h, v))
    cands.sort(key=lambda c: (-c[0], c[1], c[2]))
    picked: list[tuple[dict[str, Any], dict[str, float], list[int], int]] = []
    words_used = 0
    budget = word_budget(members, settings)
    for _, mi, _, h, v in cands:
        dup = next((p for p in picked if cosine(v, p[1]) >= settings.duplicate_similarity), None)
        if dup is not None:
            if mi != dup[3] and mi not in dup[2]:
                dup[2].append(mi)
            continue
        if len(picked) >= settings.max_highlights:
            continue
        if len(picked) >= settings.min_highlights and words_used >= budget:
            continue
        picked.append((h, v, [], mi))
        words_used += len(str(h.get("text", "")).split())
    return picked


def select_highlights(
    members: list[Member], settings: StorySettings, idf: dict[str, float]
) -> list[dict[str, Any]]:
    """The card's highlights (``settings.card_selection``): each with its text, article, spans
    in that article, the other members that report it (``also_in``) and, when the member's
    highlight had one, its ``source``. Raises InputError for an unknown selection."""
    model = card_model() if settings.card_selection == "expected" else None
    if settings.card_selection not in ("expected", "centroid"):
        raise InputError(
            f"card_selection must be 'expected' or 'centroid', not {settings.card_selection!r}"
        )
    picked: list[tuple[dict[str, Any], dict[str, float], list[int], int]]
    if model is not None:
        picked = [
            (
                {"text": u.text, "spans": u.spans, "source": u.source},
                tfidf_vector(u.text, idf),
                [],
                u.member,
            )
            for u in _expected_pick(members, settings, model)
        ]
    else:
        picked = _centroid_pick(members, settings, idf)
    sentences = [[tfidf_vector(s, idf) for s in _SENT.split(m.text) if s.strip()] for m in members]
    out = []
    for h, v, also, mi in picked:
        # Members whose own sentences say the same also report it.
        for oi, sents in enumerate(sentences):
            if (
                oi != mi
                and oi not in also
                and any(cosine(v, s) >= settings.duplicate_similarity for s in sents)
            ):
                also.append(oi)
        item = {
            "text": h.get("text", ""),
            "article": members[mi].id,
            "spans": [list(s) for s in h.get("spans") or []],
            "also_in": [members[i].id for i in sorted(also)],
        }
        if h.get("source"):
            item["source"] = h["source"]
        out.append(item)
    return out
