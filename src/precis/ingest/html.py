"""HTML page -> article fields (body, title, date, author) with trafilatura.

This module only knows markup; it never parses prose (that is :mod:`precis.nlp`'s job).
"""

from __future__ import annotations

from typing import Any

from precis.errors import InputError
from precis.ingest.text import decode

#: Pages larger than this are refused before extraction (lxml would build a huge tree).
MAX_HTML_BYTES = 20_000_000


def extract_html(data: bytes | str, url: str | None = None) -> dict[str, Any]:
    """Main text and metadata of one HTML page.

    Returns ``{"text", "title", "published", "author", "url"}`` (missing values are None).
    Raises :class:`InputError` when the page has no article body.
    """
    import trafilatura  # imported here: loading it costs ~0.3 s and most runs read JSONL

    if isinstance(data, bytes):
        if len(data) > MAX_HTML_BYTES:
            raise InputError(f"HTML page is too large: {len(data):,} bytes")
        data = decode(data)
    try:
        doc = trafilatura.bare_extraction(
            data, url=url, with_metadata=True, include_comments=False, include_tables=False
        )
    except Exception as exc:  # trafilatura raises assorted lxml errors on broken markup
        raise InputError(f"HTML could not be parsed: {type(exc).__name__}: {exc}") from exc
    text = (getattr(doc, "text", None) or "").strip() if doc is not None else ""
    if not text:
        raise InputError("no article body found in the HTML page")
    title = getattr(doc, "title", None) or None
    # trafilatura repeats the <h1> headline as the body's first line; the title field keeps it.
    if title:
        first, _, rest = text.partition("\n")
        if first.strip() == title.strip() and rest.strip():
            text = rest.lstrip("\n")
    return {
        "text": text,
        "title": title,
        "published": getattr(doc, "date", None) or None,
        "author": getattr(doc, "author", None) or None,
        "url": url or getattr(doc, "url", None) or None,
    }
