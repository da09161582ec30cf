"""A story's card: title, merged highlights, who says what, figures, places, disputes, members.

Everything on a card comes from its members' own analyses (what ``precis run`` stores): a card
highlight *is* one member's highlight — its text and spans are that article's, so it is as
faithful as single-article highlights are — chosen for being central to the story (cosine to the
TF-IDF centroid of the members' texts and titles) and not a near-duplicate of one already chosen,
until a word budget that scales with the members' length (:func:`word_budget`). A highlight
that several members report (near-duplicate highlights or sentences) lists the others in
``also_in``.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any
from urllib.parse import urlparse

from precis.stories.features import words
from precis.stories.idf import background
from precis.stories.settings import StorySettings

_SENT = re.compile(r"(?<=[.!?])[\"”’']?\s+|\n+")


@dataclass
class Member:
    """One member article of a story: its stored output record and its text."""

    record: dict[str, Any]
    text: str
    #: Keys of articles found to be the same article (same id or same content).
    duplicates: list[str] = field(default_factory=list)

    @property
    def id(self) -> str:
        rid = self.record.get("id")
        return str(rid if rid is not None else self.record.get("key"))

    @property
    def outlet(self) -> str | None:
        """The outlet: a record's ``outlet`` field, else the host of its URL."""
        if self.record.get("outlet"):
            return str(self.record["outlet"])
        url = self.record.get("url")
        if url:
            host = urlparse(str(url)).hostname or ""
            return host.removeprefix("www.") or None
        return None


def _vec(text: str, idf: dict[str, float]) -> dict[str, float]:
    counts = Counter(words(text))
    vec = {t: (1.0 + math.log(n)) * idf.get(t, idf.get("", 1.0)) for t, n in counts.items()}
    norm = math.sqrt(sum(w * w for w in vec.values()))
    return {t: w / norm for t, w in vec.items()} if norm else {}


def _cos(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(w * b[t] for t, w in a.items() if t in b)


def _idf(texts: Sequence[str]) -> dict[str, float]:
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


def _highlights(
    members: list[Member], settings: StorySettings, idf: dict[str, float]
) -> list[dict[str, Any]]:
    centroid: Counter[str] = Counter()
    for m in members:
        centroid.update(_vec(m.text, idf))
        # A headline names the event in few words; it pulls the centroid toward what the
        # story is about (highlights still come from the text only: titles have no spans).
        if m.record.get("title") and settings.card_title_weight:
            title = _vec(str(m.record["title"]), idf)
            centroid.update({t: settings.card_title_weight * w for t, w in title.items()})
    norm = math.sqrt(sum(w * w for w in centroid.values())) or 1.0
    center = {t: w / norm for t, w in centroid.items()}
    cands: list[tuple[float, int, int, dict[str, Any], dict[str, float]]] = []
    for mi, m in enumerate(members):
        for hi, h in enumerate(m.record.get("highlights") or []):
            if unsupported(h, m.text)[0]:
                continue  # a card only takes highlights whose every word is in their spans
            v = _vec(h.get("text", ""), idf)
            if v:
                # Centrality to the story, with a small nod to the article's own ranking.
                cands.append((_cos(v, center) - settings.rank_penalty * hi, mi, hi, h, v))
    cands.sort(key=lambda c: (-c[0], c[1], c[2]))
    sentences = [[_vec(s, idf) for s in _SENT.split(m.text) if s.strip()] for m in members]
    picked: list[tuple[dict[str, Any], dict[str, float], list[int], int]] = []
    words_used = 0
    budget = word_budget(members, settings)
    for _, mi, _, h, v in cands:
        dup = next((p for p in picked if _cos(v, p[1]) >= settings.duplicate_similarity), None)
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
    out = []
    for h, v, also, mi in picked:
        # Members whose own sentences say the same also report it.
        for oi, sents in enumerate(sentences):
            if (
                oi != mi
                and oi not in also
                and any(_cos(v, s) >= settings.duplicate_similarity for s in sents)
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


def _title(members: list[Member], idf: dict[str, float]) -> str:
    titled = [m for m in members if m.record.get("title")]
    if not titled:
        for m in members:
            for h in m.record.get("highlights") or []:
                return str(h.get("text", ""))
        return ""
    vecs = [_vec(str(m.record["title"]), idf) for m in titled]
    center: Counter[str] = Counter()
    for v in vecs:
        center.update(v)
    best = max(range(len(titled)), key=lambda i: (_cos(vecs[i], dict(center)), -i))
    return str(titled[best].record["title"])


def _span_text(text: str, spans: Sequence[Sequence[int]] | None) -> str:
    return " ".join(text[s:e] for s, e in spans or [] if 0 <= s < e <= len(text))


def _claims(members: list[Member]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Speakers (merged by name across members) and claims grouped by speaker."""
    groups: dict[str, dict[str, Any]] = {}
    for m in members:
        for c in m.record.get("claims") or []:
            name = c.get("speaker") or "(unattributed)"
            g = groups.setdefault(name.lower(), {"speaker": name, "claims": []})
            g["claims"].append(
                {
                    "article": m.id,
                    "outlet": m.outlet,
                    "text": _span_text(m.text, c.get("content")),
                    "cue": _span_text(m.text, [c["cue"]]) if c.get("cue") else None,
                    "kind": c.get("kind"),
                    "negated": bool(c.get("negated")),
                    "spans": c.get("content") or [],
                }
            )
    claims = sorted(groups.values(), key=lambda g: (-len(g["claims"]), g["speaker"]))
    speakers = []
    for g in claims:
        if g["speaker"] == "(unattributed)":
            continue
        arts = list(dict.fromkeys(c["article"] for c in g["claims"]))
        outlets = [o for o in dict.fromkeys(c["outlet"] for c in g["claims"]) if o]
        speakers.append(
            {"name": g["speaker"], "articles": arts, "outlets": outlets, "claims": len(g["claims"])}
        )
    return speakers, claims


#: Words for the same toll, so "killing 12" and "12 dead" sit side by side.
_TOLL = {
    "kill": "killed",
    "dead": "killed",
    "die": "killed",
    "death": "killed",
    "injur": "injured",
    "wound": "injured",
    "hurt": "injured",
    "miss": "missing",
}


def _figure_key(f: dict[str, Any]) -> str:
    """What a figure counts: its event, folded onto a few tolls (killed, injured, missing),
    else its noun."""
    for part in (f.get("event"), f.get("what")):
        for w in words(str(part or "")):
            if w in _TOLL:
                return _TOLL[w]
    event = " ".join(words(str(f.get("event") or "")))
    what = str(f.get("what") or "").lower()
    return " ".join(x for x in (event, what) if x)


def _figures(members: list[Member]) -> list[dict[str, Any]]:
    """Figures of the same thing side by side, one entry per source; ``differs`` when the
    sources give different values (two death tolls)."""
    groups: dict[tuple[str, str], dict[str, Any]] = {}
    for m in members:
        for f in m.record.get("figures") or []:
            what = _figure_key(f)
            if not what:
                continue
            unit = str(f.get("unit") or "")
            g = groups.setdefault(
                (what, unit),
                {"what": what, "event": f.get("event"), "unit": f.get("unit"), "values": []},
            )
            g["values"].append(
                {
                    "article": m.id,
                    "outlet": m.outlet,
                    "value": f.get("value"),
                    "text": f.get("text"),
                    "span": f.get("span"),
                }
            )
    out = []
    for g in groups.values():
        g["differs"] = len({v["value"] for v in g["values"]}) > 1
        g["articles"] = len({v["article"] for v in g["values"]})
        out.append(g)
    out.sort(key=lambda g: (-g["articles"], -int(g["differs"]), g["what"]))
    return out


def _places(members: list[Member]) -> list[dict[str, Any]]:
    merged: dict[str, dict[str, Any]] = {}
    for m in members:
        for p in m.record.get("places") or []:
            key = str(p.get("geonameid") or str(p.get("name") or "").lower())
            if not key:
                continue
            e = merged.setdefault(
                key,
                {
                    "name": p.get("name"),
                    "lat": p.get("lat"),
                    "lon": p.get("lon"),
                    "country": p.get("country"),
                    "geonameid": p.get("geonameid"),
                    "articles": [],
                    "mentions": 0,
                },
            )
            if m.id not in e["articles"]:
                e["articles"].append(m.id)
            e["mentions"] += len(p.get("mentions") or []) or 1
    return sorted(merged.values(), key=lambda e: (-len(e["articles"]), -e["mentions"]))


#: Cross-article claim pairs scored with the conflict model, at most (the largest stories).
MAX_PAIRS = 400


@lru_cache(maxsize=1)
def _conflict_model() -> Callable[..., Any] | None:
    """``precis.conflicts.judge`` when the conflict model is installed and loads; else None
    (cards then list the members' within-article disputes, and say so)."""
    try:
        from precis.conflicts import judge

        judge("The storm killed three people.", "Nobody died in the storm.", "A", "B")
    except Exception:  # missing module or model file: fall back, do not fail the card
        return None
    # Memoised: a story's card is rebuilt each time members join, and re-judging the same claim
    # pairs was most of the grouping's time (about 1 s per large card). Bounded, and judge is
    # a pure function of its arguments, so the cards do not change.
    return lru_cache(maxsize=100_000)(judge)


def _disputes(
    members: list[Member], claims: list[dict[str, Any]]
) -> tuple[list[dict[str, Any]], str]:
    """Disputes across articles with the conflict model (``precis.conflicts``) when it is
    installed; otherwise the members' own within-article disputes. Returns (disputes, scope)."""
    judge = _conflict_model()
    out: list[dict[str, Any]] = []
    if judge is not None:
        flat = [
            (g["speaker"], c)
            for g in claims
            for c in g["claims"]
            if c["text"].strip() and g["speaker"] != "(unattributed)"
        ]
        pairs = 0
        for i, (sa, ca) in enumerate(flat):
            for sb, cb in flat[i + 1 :]:
                if ca["article"] == cb["article"] or sa.lower() == sb.lower():
                    continue
                if pairs >= MAX_PAIRS:
                    break
                pairs += 1
                try:
                    # The cue decides a denial ("rejected" what the other asserts).
                    j = judge(
                        ca["text"], cb["text"], sa, sb, a_cue=ca.get("cue"), b_cue=cb.get("cue")
                    )
                except ValueError:  # InputError: a statement the model refuses
                    continue
                if j.dispute:
                    out.append(
                        {
                            "claims": [
                                {"speaker": sa, "article": ca["article"], "text": ca["text"]},
                                {"speaker": sb, "article": cb["article"], "text": cb["text"]},
                            ],
                            "score": j.score,
                            "kind": j.kind,
                            "scope": "across articles",
                        }
                    )
        out.sort(key=lambda d: -float(d["score"]))
        return out, "across articles"
    for m in members:
        cl = m.record.get("claims") or []
        for d in m.record.get("disputes") or []:
            i, j2 = d.get("claims", [None, None])[:2]
            if not (isinstance(i, int) and isinstance(j2, int) and max(i, j2) < len(cl)):
                continue
            out.append(
                {
                    "claims": [
                        {
                            "speaker": cl[k].get("speaker"),
                            "article": m.id,
                            "text": _span_text(m.text, cl[k].get("content")),
                        }
                        for k in (i, j2)
                    ],
                    "reason": d.get("reason"),
                    "detail": d.get("detail"),
                    "scope": "within article",
                }
            )
    return out, "within articles"


def build_card(
    story_id: str, members: list[Member], settings: StorySettings | None = None
) -> dict[str, Any]:
    """The card of a story (``members`` in the order they joined)."""
    settings = settings or StorySettings()
    idf = _idf([m.text for m in members])
    speakers, claims = _claims(members)
    disputes, scope = _disputes(members, claims)
    warnings: list[str] = []
    if scope != "across articles":
        warnings.append("disputes: within each article only (the conflict model is not installed)")
    undated = [m.id for m in members if not m.record.get("published")]
    if undated:
        warnings.append(
            f"{len(undated)} of {len(members)} members have no date: grouped on content alone"
        )
    for m in members:
        for dup in m.duplicates:
            warnings.append(f"{dup} is the same article as {m.id}: counted once")
    no_hl = [m.id for m in members if not m.record.get("highlights")]
    if no_hl:
        warnings.append(f"no highlights in {', '.join(no_hl)}")
    return {
        "id": story_id,
        "title": _title(members, idf),
        "members": [
            {
                "id": m.id,
                "outlet": m.outlet,
                "title": m.record.get("title"),
                "published": m.record.get("published"),
            }
            for m in members
        ],
        "highlights": _highlights(members, settings, idf),
        "speakers": speakers,
        "claims": claims,
        "figures": _figures(members),
        "places": _places(members),
        "disputes": disputes,
        "warnings": warnings,
    }
