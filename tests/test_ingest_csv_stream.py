"""CSV input is read row by row: bounded memory whatever the file, same records and errors."""

from __future__ import annotations

import io
import itertools
import tracemalloc
from collections.abc import Iterator

from precis.ingest.corpora import read_stream
from precis.ingest.formats import MAX_CSV_FIELD, MAX_LINE_BYTES, FieldMap

SENTENCE = "The mayor said the new bridge would open in May as officials confirmed."


class LazyRows(io.RawIOBase):
    """A CSV of ``rows`` rows made on demand; counts the bytes handed out."""

    def __init__(self, rows: int) -> None:
        self.given = 0
        lines = itertools.chain(
            [b"id,text\n"], (f"r{i},{SENTENCE} ({i})\n".encode() for i in range(rows))
        )
        self._chunks: Iterator[bytes] = lines
        self._rest = b""

    def readable(self) -> bool:
        return True

    def readinto(self, buf: bytearray) -> int:  # type: ignore[override]
        while not self._rest:
            nxt = next(self._chunks, None)
            if nxt is None:
                return 0
            self._rest = nxt
        n = min(len(buf), len(self._rest))
        buf[:n] = self._rest[:n]
        self._rest = self._rest[n:]
        self.given += n
        return n


def recs(data: bytes, name: str = "in.csv", **kw: str) -> list[dict]:
    return list(read_stream(io.BytesIO(data), name, fields=FieldMap(**kw)))


def test_rows_are_read_lazily() -> None:
    src = LazyRows(1_000_000)  # ~80 MB if it were read whole
    it = read_stream(src, "big.csv")
    first = list(itertools.islice(it, 3))
    assert [r["id"] for r in first] == ["r0", "r1", "r2"]
    assert first[2]["text"] == f"{SENTENCE} (2)" and first[2]["source"] == "big.csv:row4"
    assert src.given < 1_000_000, src.given


def test_a_row_of_100000_lines_is_bounded() -> None:
    # 100,000 lines of 11 characters in one quoted field: over the field limit, one clear error.
    body = b'id,text\nr1,"' + b"0123456789\n" * 100_000 + b'"\nr2,After.\n'
    tracemalloc.start()
    try:
        out = recs(body)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    (err,) = out
    assert f"longer than {MAX_CSV_FIELD:,} characters" in err["error"]
    assert "rest of the file is skipped" in err["error"]
    assert peak < 40 * 2**20, peak
    # 100,000 short lines fit the field limit: one record (the article cap refuses it later).
    short = recs(b'id,text\nr1,"' + b"a\n" * 100_000 + b'"\nr2,After.\n')
    assert [r["id"] for r in short] == ["r1", "r2"] and len(short[0]["text"]) == 200_000


def test_encodings_and_line_endings() -> None:
    latin = "id,text\nr1,Café owners said prices rose.\n".encode("cp1252")
    assert recs(latin)[0]["text"] == "Café owners said prices rose."
    utf16 = "id,text\nr1,Café owners said prices rose.\n".encode("utf-16")
    assert recs(utf16)[0]["text"] == "Café owners said prices rose."
    bom = b"\xef\xbb\xbfid,text\r\nr1,One.\r\nr2,Two.\r\n"
    assert [(r["id"], r["text"]) for r in recs(bom)] == [("r1", "One."), ("r2", "Two.")]
    mac = b'id,text\rr1,"One\rtwo."\rr2,Two.\r'
    assert [(r["id"], r["text"]) for r in recs(mac)] == [("r1", "One\rtwo."), ("r2", "Two.")]
    # UTF-8, with one stray cp1252 line far beyond the bytes the encoding is sniffed from.
    good = b"".join(f"r{i},{SENTENCE}\n".encode() for i in range(2000))
    stray = "r-x,Señor Pérez said so.\n".encode("cp1252")
    out = recs(b"id,text\n" + good + stray + "r-y,Zoë agreed.\n".encode())
    assert len(out) == 2002 and not any(r.get("error") for r in out)
    assert out[-2]["text"] == "Señor Pérez said so." and out[-1]["text"] == "Zoë agreed."


def test_errors_keep_their_messages() -> None:
    (err,) = recs(b"a,b\n1,2\n")
    assert "no column 'text'" in err["error"] and "--text-field" in err["error"]
    (err,) = recs(bytes(range(256)) * 64)
    assert err["error"].startswith("in.csv")
    huge = b"id,text\nr1," + b"x" * (MAX_LINE_BYTES + 10) + b"\nr2,After.\n"
    (err,) = recs(huge)
    assert f"over {MAX_LINE_BYTES:,} bytes" in err["error"] and err["source"] == "in.csv:row2"
    fields = recs(b"story_id,content\ns1,Hello there.\n", id="story_id", text="content")
    assert fields[0]["id"] == "s1" and fields[0]["text"] == "Hello there."
