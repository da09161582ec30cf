"""Readers for one input stream of a known format, yielding records or per-record errors.

A *record* is a dict ``{"id", "text", "title", "published", "source", ...}``; a record that could
not be read has ``"error"`` set (and usually no text) so the batch runner reports it on its own line
instead of dropping it. Readers never raise for bad content, only for programming errors.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import re
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


#: Largest CSV field in characters: a text column holds one article (capped at MAX_CHARS later);
#: beyond this the csv module stops with an error instead of growing one field without end.
MAX_CSV_FIELD = MAX_FILE_BYTES
#: Bytes of a CSV file's start its encoding is detected from (when they are not UTF-8).
CSV_SNIFF_BYTES = 1 << 16
_CSV_NEWLINE = re.compile(r"\r\n|\r|\n")


class _CsvLineTooLong(Exception):
    """A physical CSV line over MAX_LINE_BYTES."""


def _split_cr(line: str) -> Iterator[str]:
    """A decoded line split at bare carriage returns too (old Mac files), endings kept, as
    ``io.StringIO(newline="")`` splits."""
    if "\r" not in line:
        yield line
        return
    pos = 0
    for m in _CSV_NEWLINE.finditer(line):
        yield line[pos : m.end()]
        pos = m.end()
    if pos < len(line):
        yield line[pos:]


def _csv_lines(stream: IO[bytes]) -> Iterator[str]:
    """Decoded physical lines of a CSV stream, read one at a time (never the whole file).

    UTF-8 (a BOM dropped) line by line, a stray line that is not UTF-8 as cp1252 (else by
    detection, as :func:`precis.ingest.text.decode` does); a file whose start is not UTF-8 is
    read in the encoding detected from its first bytes. Raises InputError when no encoding
    fits, _CsvLineTooLong for a line over MAX_LINE_BYTES.
    """
    head: bytes = stream.peek(CSV_SNIFF_BYTES)[:CSV_SNIFF_BYTES] if hasattr(stream, "peek") else b""
    if head.startswith(b"\xef\xbb\xbf"):
        stream.read(3)
        head = head[3:]
    legacy: str | None = None
    try:
        # final=False: a character cut by the end of the sample is not an error.
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        from charset_normalizer import from_bytes

        best = from_bytes(head).best()
        if best is None:
            raise InputError("input is not text: no character encoding fits its bytes") from None
        legacy = best.encoding
    if legacy is not None:
        text = io.TextIOWrapper(stream, encoding=legacy, errors="replace", newline="")
        try:
            while True:
                line = text.readline(MAX_LINE_BYTES)
                if not line:
                    return
                if len(line) >= MAX_LINE_BYTES and not line.endswith(("\n", "\r")):
                    raise _CsvLineTooLong
                yield from _split_cr(line)
        finally:
            text.detach()  # the caller owns (and closes) the stream
    for raw in _lines(stream):
        if raw is None:
            raise _CsvLineTooLong
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError:
            # A stray line (a paste from a Windows tool) in a UTF-8 file: one line is too short
            # for charset detection to be reliable, and cp1252 is the usual culprit.
            try:
                line = raw.decode("cp1252")
            except UnicodeDecodeError:
                line = decode(raw)
        yield from _split_cr(line)


def read_csv(
    stream: IO[bytes], name: str, fields: FieldMap, delimiter: str = ","
) -> Iterator[Record]:
    """Rows of a CSV (or TSV) stream as records, read row by row: memory is bounded by one row
    (a field over MAX_CSV_FIELD characters or a line over MAX_LINE_BYTES stops the file with a
    clear error), whatever the file's size."""
    csv.field_size_limit(MAX_CSV_FIELD)
    lines = _csv_lines(stream)
    reader = csv.DictReader(lines, delimiter=delimiter)
    try:
        header = reader.fieldnames or []
    except InputLimitError as exc:
        yield error_record(name, _stream_error(name, exc))
        return
    except _CsvLineTooLong:
        yield error_record(name, f"{name}: the header line is over {MAX_LINE_BYTES:,} bytes")
        return
    except csv.Error as exc:
        yield error_record(name, f"{name}: malformed CSV: {exc}")
        return
    except (*STREAM_ERRORS, InputError) as exc:
        yield error_record(name, f"{name} cannot be read: {exc}")
        return
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
    # One error stops the file: after a broken row (an unclosed quote) the reader cannot tell
    # where the next row starts.
    try:
        for row in reader:
            # reader.line_num is the physical line where the row ends (quoted newlines span lines).
            yield from_mapping(dict(row), fields, f"{name}:row{reader.line_num}")
    except csv.Error as exc:
        where = f"{name}:row{reader.line_num}"
        if "field limit" in str(exc):
            yield error_record(
                where,
                f"{name}: a field near line {reader.line_num} is longer than "
                f"{MAX_CSV_FIELD:,} characters (an unclosed quote?); the rest of the file is "
                "skipped",
            )
        else:
            yield error_record(where, f"{name}: malformed CSV: {exc}")
    except _CsvLineTooLong:
        yield error_record(
            f"{name}:row{reader.line_num + 1}",
            f"{name}: line {reader.line_num + 1} is over {MAX_LINE_BYTES:,} bytes; the rest of "
            "the file is skipped",
        )
    except InputLimitError as exc:
        yield error_record(f"{name}:row{reader.line_num + 1}", _stream_error(name, exc))
    except (*STREAM_ERRORS, InputError) as exc:
        yield error_record(f"{name}:row{reader.line_num + 1}", f"{name} cannot be read: {exc}")


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
