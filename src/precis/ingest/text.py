"""Turn untrusted input (bytes or str) into an :class:`~precis.model.Article`, or say why not."""

from __future__ import annotations

import re
from datetime import date, datetime

from precis.errors import InputError
from precis.model import Article

#: Longest text precis analyses (about 25,000 words: several times the longest news feature).
#: Longer input is refused with a clear error rather than parsed for minutes.
MAX_CHARS = 150_000

#: Longest title accepted (headlines run under 200 characters; the title is tokenized whole).
MAX_TITLE_CHARS = 1000

_HTML_TAG = re.compile(
    r"</?(?:html|head|body|div|p|span|a|script|style|meta|br|li|table)\b[^>]*>", re.I
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def decode(data: bytes) -> str:
    """Decode bytes as UTF-8 (with or without BOM), falling back to charset detection."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise InputError("input is not text: no character encoding fits its bytes")
    return str(best)


def looks_like_html(text: str) -> bool:
    """True when markup dominates: several tags of common HTML elements near the start."""
    head = text[:5000]
    return len(_HTML_TAG.findall(head)) >= 3


_ENGLISH_FUNCTION_WORDS = frozenset(
    "the a an of to in and is was for on that with as by at from it he she they said has have "
    "are were be not this his her but which will who".split()
)
_TOKEN = re.compile(r"[^\W\d_]+")


def looks_english(text: str) -> bool:
    """Cheap guard: English prose is about 40% function words; other languages almost none."""
    words = _TOKEN.findall(text[:20000].lower())
    if len(words) < 20:
        return True
    share = sum(1 for w in words if w in _ENGLISH_FUNCTION_WORDS) / len(words)
    return share >= 0.08


def parse_published(value: object) -> date | None:
    """Accept a date, a datetime or an ISO-8601 string ('2015-10-01', '2015-10-01T12:00:00Z')."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value.strip().replace("Z", "+00:00")).date()
        except ValueError:
            pass
        try:
            return date.fromisoformat(value.strip()[:10])
        except ValueError as exc:
            raise InputError(f"published: {value!r} is not an ISO date (YYYY-MM-DD)") from exc
    raise InputError(f"published: expected an ISO date string, got {type(value).__name__}")


def make_article(
    text: str | bytes,
    *,
    id: str | None = None,
    title: str | None = None,
    published: object = None,
) -> Article:
    """Validate and normalise input into an Article. Raises :class:`InputError` with a reason.

    The text keeps its characters and offsets (offsets index the string as given), except that NUL
    and other C0 control characters, never meaningful in prose, become spaces of the same length.
    """
    if isinstance(text, bytes):
        text = decode(text)
    if not isinstance(text, str):
        raise InputError(f"text: expected a string, got {type(text).__name__}")
    if len(text) > MAX_CHARS:
        raise InputError(
            f"text is too long: {len(text):,} characters (limit {MAX_CHARS:,}); "
            "split it into articles first"
        )
    text = _CONTROL.sub(" ", text)
    if not text.strip():
        raise InputError("text is empty")
    if not any(ch.isalpha() for ch in text):  # emoji, digits, punctuation: nothing to read
        raise InputError("text has no words: no letters in it")
    if looks_like_html(text):
        raise InputError(
            "text looks like HTML markup; pass it as HTML (precis run reads .html files) "
            "so the article body is extracted first"
        )
    if not looks_english(text):
        raise InputError("text does not look like English; precis analyses English news only")
    if title is not None and not isinstance(title, str):
        raise InputError(f"title: expected a string, got {type(title).__name__}")
    if title is not None and len(title) > MAX_TITLE_CHARS:
        raise InputError(f"title is too long: {len(title):,} characters (limit {MAX_TITLE_CHARS})")
    return Article(
        text=text,
        id=None if id is None else str(id),
        title=title.strip() if title else None,
        published=parse_published(published),
    )
