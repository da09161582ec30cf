"""Corpus readers: every input format, on small files written here."""

from __future__ import annotations

import csv
import gzip
import io
import json
from pathlib import Path

from precis.ingest.corpora import count_records, key_of, read_path, read_stream, sniff
from precis.ingest.formats import FieldMap
from precis_test_stage import make_article

PAGE = """<!DOCTYPE html><html><head><title>Bridge to close for repairs</title>
<meta name="author" content="Sam Writer">
<meta property="article:published_time" content="2024-05-06T08:00:00Z">
</head><body><nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article><h1>Bridge to close for repairs</h1>
<p>The old iron bridge in Riverton will close for six weeks from Monday, the city council said
on Friday. Engineers found cracks in two of its supports during an inspection last month.</p>
<p>Drivers will be sent along the river road, which adds about ten minutes to the trip into
town, according to the council's transport office.</p>
</article><footer>Copyright 2024 Riverton Daily</footer></body></html>"""


def records(path: Path, **kw: object) -> list[dict]:
    return list(read_path(str(path), **kw))  # type: ignore[arg-type]


def test_plain_text_file(tmp_path: Path) -> None:
    f = tmp_path / "story.txt"
    f.write_text(make_article(1), encoding="utf-8")
    (rec,) = records(f)
    assert rec["text"] == make_article(1)
    assert rec["id"] == str(f) and "error" not in rec


def test_latin1_file_is_detected(tmp_path: Path) -> None:
    text = "Le café de la place a rouvert lundi, a déclaré le maire. " * 4
    f = tmp_path / "cafe.txt"
    f.write_bytes(text.encode("latin-1"))
    (rec,) = records(f)
    assert "café" in rec["text"] and "déclaré" in rec["text"]


def test_html_page(tmp_path: Path) -> None:
    f = tmp_path / "page.html"
    f.write_text(PAGE, encoding="utf-8")
    (rec,) = records(f)
    assert rec["title"] == "Bridge to close for repairs"
    assert rec["published"] == "2024-05-06"
    assert rec["author"] == "Sam Writer"
    assert "Engineers found cracks" in rec["text"]
    assert "Home" not in rec["text"] and "Copyright" not in rec["text"]
    assert not rec["text"].startswith("Bridge to close")  # headline is the title, not the body


def test_html_without_body_is_a_record_error(tmp_path: Path) -> None:
    f = tmp_path / "empty.html"
    f.write_text("<html><body><div></div></body></html>", encoding="utf-8")
    (rec,) = records(f)
    assert rec["error"] and "no article body" in rec["error"]


def test_jsonl_field_mapping_and_bad_lines(tmp_path: Path) -> None:
    f = tmp_path / "wire.jsonl"
    rows = [
        json.dumps({"doc": 7, "body": make_article(7), "head": "Roads", "day": "2024-01-02"}),
        "",
        "{broken",
        json.dumps(["not", "an", "object"]),
        json.dumps({"doc": 8, "head": "no body here"}),
        json.dumps({"doc": 9, "body": make_article(9), "day": "last Tuesday"}),
    ]
    f.write_text("\n".join(rows) + "\n", encoding="utf-8")
    fields = FieldMap(id="doc", text="body", title="head", date="day")
    recs = records(f, fields=fields)
    assert len(recs) == 5  # the blank line is not a record
    assert recs[0]["id"] == "7" and recs[0]["title"] == "Roads"
    assert recs[0]["published"] == "2024-01-02" and "error" not in recs[0]
    assert "not valid JSON" in recs[1]["error"] and recs[1]["source"].endswith(":3")
    assert "not a JSON object" in recs[2]["error"]
    assert "no 'body' field" in recs[3]["error"]
    assert recs[4]["published"] is None and "date ignored" in recs[4]["warnings"][0]


def test_jsonl_default_text_field_falls_back_to_article(tmp_path: Path) -> None:
    f = tmp_path / "dev.jsonl"
    f.write_text(json.dumps({"id": "x", "article": make_article(2)}) + "\n", encoding="utf-8")
    (rec,) = records(f)
    assert rec["text"] == make_article(2)


def test_csv_with_quoted_newlines(tmp_path: Path) -> None:
    f = tmp_path / "stories.csv"
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["story_id", "headline", "content"])
    w.writerow(["s1", "Roads, again", make_article(1)])  # has a blank line inside the field
    w.writerow(["s2", 'A "quoted" title', make_article(2)])
    f.write_text(buf.getvalue(), encoding="utf-8")
    fields = FieldMap(id="story_id", text="content", title="headline")
    recs = records(f, fields=fields)
    assert [r["id"] for r in recs] == ["s1", "s2"]
    assert recs[0]["text"] == make_article(1) and "\n\n" in recs[0]["text"]
    assert recs[1]["title"] == 'A "quoted" title'


def test_csv_missing_text_column_is_one_clear_error(tmp_path: Path) -> None:
    f = tmp_path / "bad.csv"
    f.write_text("a,b\n1,2\n", encoding="utf-8")
    (rec,) = records(f)
    assert "no column 'text'" in rec["error"] and "--text-field" in rec["error"]


def test_tsv(tmp_path: Path) -> None:
    f = tmp_path / "s.tsv"
    f.write_text("id\ttext\nt1\tOne short line of news said the mayor.\n", encoding="utf-8")
    (rec,) = records(f)
    assert rec["id"] == "t1" and rec["text"].startswith("One short")


def test_gzip_jsonl_and_gzip_text(tmp_path: Path) -> None:
    f = tmp_path / "wire.jsonl.gz"
    with gzip.open(f, "wt", encoding="utf-8") as fh:
        for i in range(3):
            fh.write(json.dumps({"id": f"g{i}", "text": make_article(i)}) + "\n")
    assert [r["id"] for r in records(f)] == ["g0", "g1", "g2"]
    t = tmp_path / "story.gz"  # no inner suffix: sniffed as text after decompression
    t.write_bytes(gzip.compress(make_article(5).encode()))
    (rec,) = records(t)
    assert rec["text"] == make_article(5)


def test_truncated_gzip_keeps_what_was_read_and_reports_the_rest(tmp_path: Path) -> None:
    lines = "".join(json.dumps({"id": f"t{i}", "text": make_article(i)}) + "\n" for i in range(40))
    data = gzip.compress(lines.encode())
    f = tmp_path / "cut.jsonl.gz"
    f.write_bytes(data[: len(data) * 2 // 3])
    recs = records(f)
    good = [r for r in recs if "error" not in r]
    bad = [r for r in recs if "error" in r]
    assert good and [r["id"] for r in good] == [f"t{i}" for i in range(len(good))]
    assert bad and "truncated or corrupt" in bad[-1]["error"]
    one = tmp_path / "cut.txt.gz"
    one.write_bytes(gzip.compress(make_article(1).encode() * 20)[:60])
    (rec,) = records(one)
    assert "truncated or corrupt" in rec["error"] and rec["id"] == str(one)


def _warc(path: Path, compress: bool) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=compress)

        def response(url: str, body: bytes, ctype: str, status: str = "200 OK") -> None:
            headers = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
            rec = writer.create_warc_record(
                url, "response", payload=io.BytesIO(body), http_headers=headers
            )
            writer.write_record(rec)

        response("https://news.example/a", PAGE.encode(), "text/html; charset=utf-8")
        response("https://news.example/logo.png", b"\x89PNG....", "image/png")
        response(
            "https://news.example/gone",
            b"<html><body>gone</body></html>",
            "text/html",
            "404 Not Found",
        )
        latin = PAGE.replace("Riverton", "Montréal").encode("latin-1")
        response("https://news.example/b", latin, "text/html; charset=iso-8859-1")
        req = writer.create_warc_record(
            "https://news.example/a", "request", payload=io.BytesIO(b"GET /a HTTP/1.1\r\n\r\n")
        )
        writer.write_record(req)


def test_warc_html_responses_only(tmp_path: Path) -> None:
    for compress in (False, True):
        f = tmp_path / ("crawl.warc.gz" if compress else "crawl.warc")
        _warc(f, compress)
        recs = records(f)
        assert [r["id"] for r in recs] == ["https://news.example/a", "https://news.example/b"]
        assert "Montréal" in recs[1]["text"]
        assert recs[0]["title"] == "Bridge to close for repairs"


def test_directory_recursive_mixed_formats(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "a.txt").write_text(make_article(1), encoding="utf-8")
    (tmp_path / "sub" / "b.html").write_text(PAGE, encoding="utf-8")
    (tmp_path / "sub" / "c.jsonl").write_text(
        json.dumps({"id": "c1", "text": make_article(3)}) + "\n", encoding="utf-8"
    )
    (tmp_path / ".hidden.txt").write_text("secret", encoding="utf-8")
    recs = records(tmp_path)
    assert [r["id"] for r in recs] == ["a.txt", "sub/b.html", "c1"]


def test_stream_sniffing_and_keys() -> None:
    assert sniff(b"WARC/1.1\r\n") == "warc"
    assert sniff(b'\n{"id": 1}') == "jsonl"
    assert sniff(b"<!doctype html><html><body><p>x") == "html"
    assert sniff(b"Plain words.") == "text"
    (rec,) = read_stream(io.BytesIO(make_article(4).encode()), "<stdin>")
    assert rec["id"] is None and key_of(rec).startswith("sha1:")
    (bad,) = read_stream(io.BytesIO(b"\xff\xfe\x00\x00\x00"), "<stdin>")
    assert key_of(bad) == key_of(dict(bad))  # stable, from where it was read


def test_count_records(tmp_path: Path) -> None:
    f = tmp_path / "x.jsonl"
    f.write_text('{"id": 1}\n\n{"id": 2}\n', encoding="utf-8")
    assert count_records([str(f)]) == 2
    assert count_records(["-"]) is None
