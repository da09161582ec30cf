"""A story's card: title, members, merged highlights, who says what, figures, places, disputes.

Everything on a card comes from its members' own analyses (what ``precis run`` stores) and texts.
This module assembles the card (:func:`build_card`); which highlights go on it is chosen in
:mod:`precis.stories.card_select`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Any

from precis.stories.card_select import cosine, select_highlights, story_idf, tfidf_vector
from precis.stories.features import words
from precis.stories.member import Member
from precis.stories.settings import StorySettings


def _title(members: list[Member], idf: dict[str, float]) -> str:
    titled = [m for m in members if m.record.get("title")]
    if not titled:
        for m in members:
            for h in m.record.get("highlights") or []:
                return str(h.get("text", ""))
        return ""
    vecs = [tfidf_vector(str(m.record["title"]), idf) for m in titled]
    center: Counter[str] = Counter()
    for v in vecs:
        center.update(v)
    best = max(range(len(titled)), key=lambda i: (cosine(vecs[i], dict(center)), -i))
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
    idf = story_idf([m.text for m in members])
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
        "highlights": select_highlights(members, settings, idf),
        "speakers": speakers,
        "claims": claims,
        "figures": _figures(members),
        "places": _places(members),
        "disputes": disputes,
        "warnings": warnings,
    }
