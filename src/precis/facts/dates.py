"""Dates: resolve spaCy DATE entities to calendar dates, relative ones against publication.

dateparser only ever sees text spaCy tagged DATE (over raw prose it reads "We" as Wednesday and
"may" as May). Weekdays are resolved here, not by dateparser: news means the most recent
such day on or before publication ("Thursday" in a Thursday story is that day; dateparser says a
week earlier). A month or year reference ("last year", "next month", "October", "2014") resolves to
its first day. Without a publication date only references that carry their year resolve; the rest
keep ``date: null``.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from functools import lru_cache

from spacy.tokens import Doc

from precis.model import DateMention

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
          "october", "november", "december")  # fmt: skip
_LEAD = re.compile(r"^(?:(?:late|early|earlier|later|on|by|since|until|from|as of|in|of|the|"
                   r"this past|past)\s+)+", re.I)  # fmt: skip
_TAIL = re.compile(r"(?:'s|’s|\s+(?:morning|afternoon|evening|night))$", re.I)
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_RELATIVE = re.compile(r"^(last|next|this)\s+(year|month|week)$", re.I)


def _clean(text: str) -> str:
    t = " ".join(text.split())
    t = _LEAD.sub("", t)
    return _TAIL.sub("", t).strip(" ,.")


@lru_cache(maxsize=4096)
def resolve(text: str, published: date | None) -> str | None:
    """``YYYY-MM-DD`` for a date expression, or None when it cannot be pinned down."""
    t = _clean(text)
    low = t.lower()
    if not low or len(low) > 60:
        return None
    if published is not None:
        if low in {"today", "tonight"}:
            return published.isoformat()
        if low == "yesterday":
            return (published - timedelta(days=1)).isoformat()
        if low == "tomorrow":
            return (published + timedelta(days=1)).isoformat()
        m = re.fullmatch(r"(next |last )?(" + "|".join(WEEKDAYS) + r")", low)
        if m:
            wd = WEEKDAYS.index(m.group(2))
            if m.group(1) == "next ":
                return (
                    published + timedelta(days=(wd - published.weekday() - 1) % 7 + 1)
                ).isoformat()
            back = (published.weekday() - wd) % 7
            if m.group(1) == "last " and back == 0:
                back = 7
            return (published - timedelta(days=back)).isoformat()
        m = _RELATIVE.match(low)
        if m:
            step = {"last": -1, "next": 1, "this": 0}[m.group(1)]
            if m.group(2) == "year":
                return date(published.year + step, 1, 1).isoformat()
            if m.group(2) == "month":
                y, mo = divmod(published.month - 1 + step, 12)
                return date(published.year + y, mo + 1, 1).isoformat()
            monday = published - timedelta(days=published.weekday()) + timedelta(weeks=step)
            return monday.isoformat()
    if re.fullmatch(r"(1[89]\d\d|20\d\d)", low):
        return f"{low}-01-01"
    has_year = bool(_YEAR.search(low))
    if published is None and not has_year:
        return None
    if re.fullmatch(r"(" + "|".join(MONTHS) + r")( (1[89]\d\d|20\d\d))?", low):
        year = int(low.split()[1]) if " " in low else None
        month = MONTHS.index(low.split()[0]) + 1
        if year is None and published is not None:
            year = published.year if month <= published.month else published.year - 1
        return date(year, month, 1).isoformat() if year else None
    return _dateparser(t, published)


def _dateparser(text: str, published: date | None) -> str | None:
    import dateparser  # imported lazily: it costs 0.2 s and only dates need it

    settings: dict[str, object] = {"PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": False}
    if published is not None:
        settings["RELATIVE_BASE"] = datetime(published.year, published.month, published.day)
    try:
        found = dateparser.parse(text, languages=["en"], settings=settings)
    except Exception:  # dateparser raises on odd input (overflowing numbers): treat as unknown
        return None
    return found.date().isoformat() if found else None


def extract(doc: Doc, published: date | None) -> list[DateMention]:
    out: list[DateMention] = []
    for ent in doc.ents:
        if ent.label_ != "DATE":
            continue
        out.append(
            DateMention(ent.text, resolve(ent.text, published), (ent.start_char, ent.end_char))
        )
    return out
