"""Readers for one input stream of a known format, yielding records or per-record errors.

A *record* is a dict ``{"id", "text", "title", "published", "source", ...}``; a record that could
not be read has ``"error"`` set (and usually no text) so the batch runner reports it on its own line
instead of dropping it. Readers never raise for bad content, only for programming errors.
"""

from __future__ import annotations

import csv
import io
import json
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any

from precis.errors import InputError
from precis.ingest.html import extract_html
from precis.ingest.text import MAX_CHARS, decode, parse_published

Record = dict[str, Any]

#: Errors a damaged (truncated, corrupt) compressed stream raises while being read.
STREAM_ERRORS = (EOFError, OSError, zlib.error, UnicodeDecodeError)
#: A JSONL line longer than this is reported and skipped unread (a record's text is capped at
#: MAX_CHARS anyway; this keeps one line from filling memory).
MAX_LINE_BYTES = 4 * 1024 * 1024


class InputLimitError(OSError):
    """A stream broke a size limit (a gzip bomb, an endless line); the message says which."""


def _stream_error(name: str, exc: BaseException) -> str:
    if isinstance(exc, InputLimitError):
        return f"{name}: {exc}"
    return f"{name} is truncated or corrupt: {exc}"


def _lines(stream: IO[bytes]) -> Iterator[bytes | None]:
    """Lines of ``stream``; None for a line over MAX_LINE_BYTES (its rest is skipped unread)."""
    while True:
        raw = stream.readline(MAX_LINE_BYTES + 1)
        if not raw:
            return
        if len(raw) > MAX_LINE_BYTES and not raw.endswith(b"\n"):
            while True:  # skip to the end of the line, a bounded chunk at a time
                more = stream.readline(1 << 20)
                if not more or more.endswith(b"\n"):
                    break
            yield None
            continue
        yield raw


#: A single-document file larger than this is refused unread (text files are capped at MAX_CHARS).
MAX_FILE_BYTES = MAX_CHARS * 4
#: Text fields tried, in order, when the default ``text`` field is absent (common corpus layouts).
TEXT_FALLBACKS = ("article", "body", "content", "story")


@dataclass(frozen=True)
class FieldMap:
    """Which field of a JSONL object or CSV row holds what."""

    id: str = "id"
    text: str = "text"
    title: str = "title"
    date: str = "published"


def error_record(source: str, message: str, id: str | None = None) -> Record:
    return {
        "id": id,
        "text": None,
        "title": None,
        "published": None,
        "source": source,
        "error": message,
    }


def finish(rec: Record) -> Record:
    """Normalise ids, titles and dates so a bad date warns rather than failing the article."""
    rid = rec.get("id")
    rec["id"] = None if rid is None or rid == "" else str(rid)
    title = rec.get("title")
    rec["title"] = None if title is None or title == "" else str(title)
    published = rec.get("published")
    if published not in (None, ""):
        try:
            parse_published(published)
        except InputError as exc:
            rec.setdefault("warnings", []).append(f"{exc}; date ignored")
            rec["published"] = None
    else:
        rec["published"] = None
    return rec


def from_mapping(obj: dict[str, Any], fields: FieldMap, source: str) -> Record:
    """A record from a JSON object or CSV row, through the field mapping."""
    text_field = fields.text
    if text_field not in obj and fields.text == "text":
        text_field = next((f for f in TEXT_FALLBACKS if f in obj), text_field)
    rec: Record = {
        "id": obj.get(fields.id),
        "text": obj.get(text_field),
        "title": obj.get(fields.title),
        "published": obj.get(fields.date),
        "source": source,
    }
    if text_field not in obj:
        names = ", ".join(list(obj)[:12])
        rec["error"] = f"record has no '{fields.text}' field (it has: {names}); use --text-field"
    return finish(rec)


def read_jsonl(stream: IO[bytes], name: str, fields: FieldMap) -> Iterator[Record]:
    lineno = 0
    try:
        for lineno, raw in enumerate(_lines(stream), 1):
            source = f"{name}:{lineno}"
            if raw is None:
                yield error_record(
                    source, f"line {lineno} is too long (over {MAX_LINE_BYTES:,} bytes); skipped"
                )
                continue
            if not raw.strip():
                continue  # blank lines are not records
            try:
                try:
                    obj = json.loads(raw)
                except UnicodeDecodeError:  # a line in a legacy encoding
                    obj = json.loads(decode(raw))
            except (ValueError, InputError) as exc:
                yield error_record(source, f"line {lineno} is not valid JSON: {exc}")
                continue
            if not isinstance(obj, dict):
                yield error_record(source, f"line {lineno} is not a JSON object")
                continue
            yield from_mapping(obj, fields, source)
    except STREAM_ERRORS as exc:
        yield error_record(f"{name}:{lineno + 1}", _stream_error(name, exc))


def read_csv(
    stream: IO[bytes], name: str, fields: FieldMap, delimiter: str = ","
) -> Iterator[Record]:
    try:
        text = decode(stream.read())
    except InputLimitError as exc:
        yield error_record(name, _stream_error(name, exc))
        return
    except (*STREAM_ERRORS, InputError) as exc:
        yield error_record(name, f"{name} cannot be read: {exc}")
        return
    csv.field_size_limit(MAX_FILE_BYTES)
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = reader.fieldnames or []
    wanted = (
        fields.text
        if fields.text != "text" or "text" in header
        else next((f for f in TEXT_FALLBACKS if f in header), "text")
    )
    if wanted not in header:
        yield error_record(
            name,
            f"{name}: no column '{fields.text}' (columns: {', '.join(header)}); use --text-field",
        )
        return
    try:
        for row in reader:
            # reader.line_num is the physical line where the row ends (quoted newlines span lines).
            yield from_mapping(dict(row), fields, f"{name}:row{reader.line_num}")
    except csv.Error as exc:
        yield error_record(f"{name}:row{reader.line_num}", f"{name}: malformed CSV: {exc}")


def read_document(stream: IO[bytes], name: str, kind: str, id: str | None) -> Iterator[Record]:
    """One text or HTML file (or stdin) as one record."""
    try:
        data = stream.read(MAX_FILE_BYTES + 1)
    except STREAM_ERRORS as exc:
        yield error_record(name, _stream_error(name, exc), id=id)
        return
    if len(data) > MAX_FILE_BYTES:
        yield error_record(name, f"{name} is too large (over {MAX_FILE_BYTES:,} bytes)", id=id)
        return
    try:
        if kind == "html":
            rec: Record = {**extract_html(data), "id": id, "source": name}
        else:
            rec = {"id": id, "text": decode(data), "title": None, "published": None, "source": name}
    except InputError as exc:
        yield error_record(name, f"{name}: {exc}", id=id)
        return
    yield finish(rec)


def _charset(content_type: str) -> str | None:
    for part in content_type.split(";")[1:]:
        key, _, value = part.strip().partition("=")
        if key.lower() == "charset" and value:
            return value.strip("\"' ")
    return None


def read_warc(stream: IO[bytes], name: str) -> Iterator[Record]:
    """HTML responses (2xx) of a WARC file; other records (requests, images, ...) are skipped."""
    from warcio.archiveiterator import ArchiveIterator

    seen = 0
    try:
        for item in ArchiveIterator(stream):
            if item.rec_type != "response" or item.http_headers is None:
                continue
            ctype = item.http_headers.get_header("Content-Type") or ""
            status = item.http_headers.get_statuscode() or ""
            if "html" not in ctype.lower() or not status.startswith("2"):
                continue
            seen += 1
            url = item.rec_headers.get_header("WARC-Target-URI")
            body = item.content_stream().read()
            source = f"{name}#{seen}"
            try:
                charset = _charset(ctype)
                page: bytes | str = body
                if charset:
                    try:
                        page = body.decode(charset)
                    except (LookupError, UnicodeDecodeError):
                        page = body  # a wrong header: let detection decide
                rec: Record = {**extract_html(page, url=url), "id": url, "source": source}
            except InputError as exc:
                yield error_record(source, f"{url}: {exc}", id=url)
                continue
            rec["warc_date"] = item.rec_headers.get_header("WARC-Date")
            yield finish(rec)
    except Exception as exc:  # warcio raises assorted errors on damaged archives
        yield error_record(
            f"{name}#after{seen}", f"{name} is truncated or corrupt after {seen} pages: {exc}"
        )
