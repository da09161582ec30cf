"""Read a corpus: files, directories, gzip, stdin, in any supported format, as a stream of records.

Formats: ``jsonl``, ``csv``, ``tsv``, ``text``, ``html``, ``warc``. The format comes from ``fmt``,
else the file name (``.jsonl``, ``.csv.gz``, ``.warc.gz``, ...), else the first bytes. Every input
yields records or per-record errors (see :mod:`precis.ingest.formats`); nothing is dropped silently.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from precis.ingest.formats import (
    STREAM_ERRORS,
    FieldMap,
    InputLimitError,
    Record,
    error_record,
    read_csv,
    read_document,
    read_jsonl,
    read_warc,
)

FORMATS = ("jsonl", "csv", "tsv", "text", "html", "warc")
_SUFFIXES = {
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "jsonl",
    ".csv": "csv",
    ".tsv": "tsv",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".warc": "warc",
    ".txt": "text",
    ".text": "text",
    ".md": "text",
}
_GZIP_MAGIC = b"\x1f\x8b"
#: A gzip stream may inflate to this many bytes whatever its ratio ...
BOMB_FREE_BYTES = 8 * 1024 * 1024
#: ... and beyond that to at most this many times the compressed bytes read so far. News text
#: compresses 3-10 times; a gzip bomb a thousand times.
MAX_GZIP_RATIO = 100


class _Counting(io.RawIOBase):
    """Counts the bytes read from a binary stream (the compressed side of a gzip stream)."""

    def __init__(self, raw: IO[bytes]) -> None:
        self.raw = raw
        self.count = 0

    def readable(self) -> bool:
        return True

    def readinto(self, b: Any) -> int:
        data = self.raw.read(len(b))
        n = len(data)
        b[:n] = data
        self.count += n
        return n


class _Capped(io.RawIOBase):
    """Decompressed side of a gzip stream that stops a gzip bomb with :class:`InputLimitError`."""

    def __init__(self, inner: IO[bytes], compressed: _Counting, name: str) -> None:
        self.inner = inner
        self.compressed = compressed
        self.name_ = name
        self.count = 0

    def readable(self) -> bool:
        return True

    def readinto(self, b: Any) -> int:
        # read1: what is already inflated comes back before a truncated stream's error does.
        data = self.inner.read1(len(b))  # type: ignore[attr-defined]
        n = len(data)
        b[:n] = data
        self.count += n
        if self.count > BOMB_FREE_BYTES and self.count > MAX_GZIP_RATIO * self.compressed.count:
            raise InputLimitError(
                f"inflates over {MAX_GZIP_RATIO} times its compressed size (a gzip bomb?); "
                f"stopped after {self.count:,} bytes"
            )
        return n


def _gunzip(stream: IO[bytes], name: str) -> io.BufferedReader:
    counted = _Counting(stream)
    inner = gzip.GzipFile(fileobj=io.BufferedReader(counted), mode="rb")
    return io.BufferedReader(_Capped(inner, counted, name))  # type: ignore[arg-type]


def format_from_name(name: str) -> str | None:
    lower = name.lower()
    if lower.endswith(".gz"):
        lower = lower[:-3]
    return _SUFFIXES.get(Path(lower).suffix)


def sniff(head: bytes) -> str:
    """Guess a format from the first bytes of a (decompressed) stream."""
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if start.startswith(b"WARC/"):
        return "warc"
    if start.startswith(b"{"):
        return "jsonl"
    lower = start[:2000].lower()
    if start.startswith(b"<") and any(t in lower for t in (b"<html", b"<body", b"<p", b"<div")):
        return "html"
    return "text"


def _peekable(stream: IO[bytes]) -> Any:
    # GzipFile has its own peek; a second buffer over it would lose a whole buffer of good
    # lines when the compressed file turns out to be truncated.
    if hasattr(stream, "peek"):
        return stream
    return io.BufferedReader(stream)


def read_stream(
    stream: IO[bytes],
    name: str,
    fmt: str | None = None,
    fields: FieldMap | None = None,
    id: str | None = None,
) -> Iterator[Record]:
    """Records of one binary stream (gzip is detected by its magic bytes and undone)."""
    fields = fields or FieldMap()
    buffered = _peekable(stream)
    try:
        head = buffered.peek(4096)[:4096]
        if head.startswith(_GZIP_MAGIC):
            buffered = _gunzip(buffered, name)
            head = buffered.peek(4096)[:4096]
    except STREAM_ERRORS as exc:
        yield error_record(name, f"{name} is truncated or corrupt: {exc}", id=id)
        return
    kind = fmt or format_from_name(name) or sniff(head)
    if kind == "jsonl":
        yield from read_jsonl(buffered, name, fields)
    elif kind in ("csv", "tsv"):
        yield from read_csv(buffered, name, fields, delimiter="\t" if kind == "tsv" else ",")
    elif kind == "warc":
        yield from read_warc(buffered, name)
    elif kind in ("text", "html"):
        yield from read_document(buffered, name, kind, id)
    else:
        raise ValueError(f"unknown format {kind!r}; choose one of {', '.join(FORMATS)}")


def _files_under(root: Path) -> list[Path]:
    """Files of a directory tree in a stable order, without hidden files or folders."""
    return sorted(
        p
        for p in root.rglob("*")
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(root).parts)
    )


def read_path(
    path: str, fmt: str | None = None, fields: FieldMap | None = None
) -> Iterator[Record]:
    """Records of a file, a directory (recursively) or ``-`` (standard input)."""
    if path == "-":
        yield from read_stream(sys.stdin.buffer, "<stdin>", fmt, fields)
        return
    p = Path(path)
    if p.is_dir():
        for f in _files_under(p):
            rel = f.relative_to(p).as_posix()
            yield from _read_file(f, rel, fmt, fields)
        return
    yield from _read_file(p, path, fmt, fields)


def _read_file(p: Path, name: str, fmt: str | None, fields: FieldMap | None) -> Iterator[Record]:
    try:
        fh = p.open("rb")
    except OSError as exc:
        yield error_record(name, f"{name}: cannot read: {exc.strerror or exc}", id=name)
        return
    with fh:
        # Single-document files are named by their path; corpus files carry their own ids.
        yield from read_stream(fh, name, fmt, fields, id=name)


def read_inputs(
    paths: Iterable[str], fmt: str | None = None, fields: FieldMap | None = None
) -> Iterator[Record]:
    for path in paths:
        yield from read_path(path, fmt, fields)


def content_hash(text: str) -> str:
    return "sha1:" + hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()[:20]


def key_of(rec: dict[str, Any]) -> str:
    """The resume key of a record: its id, else a hash of its text, else where it was read."""
    if rec.get("id") is not None:
        return str(rec["id"])
    text = rec.get("text")
    if isinstance(text, str) and text:
        return content_hash(text)
    return f"at:{rec.get('source')}"


def count_records(paths: Iterable[str]) -> int | None:
    """Cheap record count for a progress bar's ETA (plain JSONL and text files only), else None."""
    total = 0
    for path in paths:
        p = Path(path)
        if path == "-" or not p.is_file():
            return None
        kind = format_from_name(path)
        if path.lower().endswith(".gz") or kind not in ("jsonl", "text", "html"):
            return None
        if kind != "jsonl":
            total += 1
            continue
        with p.open("rb") as fh:
            total += sum(1 for line in fh if line.strip())
    return total
