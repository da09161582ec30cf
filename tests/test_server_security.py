"""Security review of ``precis serve`` (issue 16 item 5), against a real uvicorn on loopback.

The analysis pool is replaced by a fake (no models load, each test is fast); what is tested is the
web side: bind address, routes and paths, size and time limits, headers, the read-only store, error
bodies and CORS. tests/test_server_api.py covers the real pool (its time limit and 413s).
"""

from __future__ import annotations

import argparse
import asyncio
import http.client
import json
import re
import socket
import sqlite3
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import pytest
import uvicorn

import precis.server.app as app_module
from precis.errors import InputError
from precis.server.launch import free_port
from precis.server.pool import JobTimeout, PoolBusy, WorkerFailed
from precis.server.store_view import StoreView
from precis.store.db import Store

MAX_BODY = 10_000
TIMEOUT = 7.0
BODY_TIMEOUT = 1.5


class FakePool:
    """Stands in for AnalysisPool: the job's text says what happens."""

    def __init__(self, workers: int = 1, max_queue: int = 8, timeout: float = 60.0) -> None:
        self.timeout = timeout

    async def start(self) -> None:
        pass

    async def close(self) -> None:
        pass

    def status(self) -> dict[str, int]:
        return {"workers": 1, "ready": 1, "idle": 1, "waiting": 0}

    async def submit(self, job: dict[str, Any]) -> dict[str, Any]:
        text = job.get("text") or ""
        if text.startswith("TIMEOUT"):
            raise JobTimeout
        if text.startswith("BUSY"):
            raise PoolBusy("all workers are busy and the queue is full")
        if text.startswith("DIED"):
            raise WorkerFailed("EOFError")
        if text.startswith("BUG"):
            raise RuntimeError("secret internal detail /etc/passwd")
        return {"ok": {"error": None, "highlights": [], "chars": len(text)}}


def make_store(path: Path) -> Path:
    """A store written by the library's own Store (no models needed), with one story."""
    from precis.store.stories import StoryStore

    text = "Officials said the river rose two metres on Monday."
    record: dict[str, Any] = {
        "key": "k-flood",
        "id": "flood",
        "title": "Flood",
        "error": None,
        "highlights": [],
    }
    with Store(path) as st:
        st.write([record], {"k-flood": text})
        StoryStore(st)  # creates the story tables
        st.db.execute(
            "INSERT INTO stories(id, first_seq, last_seq, size, first_date, last_date, active, "
            "state, title, card) VALUES ('s-1', 0, 0, 1, NULL, NULL, 1, '{}', 'Flood', NULL)"
        )
        st.db.execute(
            "INSERT INTO story_members(key, story, seq, id, hash, duplicate_of, similarity) "
            "VALUES ('k-flood', 's-1', 0, 'flood', NULL, NULL, NULL)"
        )
    # WAL off: the store is then one file, so "nothing written" is a plain mtime/size check.
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA journal_mode=DELETE")
    return path


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    store = make_store(tmp_path_factory.mktemp("sec") / "results.db")
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(app_module, "AnalysisPool", FakePool)
        app = app_module.create_app(
            store, max_body=MAX_BODY, timeout=TIMEOUT, body_timeout=BODY_TIMEOUT
        )
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="critical", lifespan="on")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}", store
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def raw_get(base: str, path: str, headers: dict[str, str] | None = None) -> tuple[int, str]:
    """GET with the path sent exactly as written (httpx would normalise '..' away)."""
    host, port = base.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=10)
    try:
        conn.putrequest("GET", path, skip_accept_encoding=True)
        for k, v in (headers or {}).items():
            conn.putheader(k, v)
        conn.endheaders()
        r = conn.getresponse()
        return r.status, r.read().decode("utf-8", "replace")
    finally:
        conn.close()


# -- bind address --------------------------------------------------------------------------------


def _serve_args(*argv: str) -> argparse.Namespace:
    from precis.cli import serve_cmd

    parser = argparse.ArgumentParser()
    serve_cmd.register(parser.add_subparsers())
    return parser.parse_args(["serve", *argv])


def test_binds_loopback_by_default() -> None:
    assert _serve_args().host == "127.0.0.1"


@pytest.mark.parametrize(
    ("host", "warns"),
    [
        ("127.0.0.1", False),
        ("localhost", False),
        ("::1", False),
        ("0.0.0.0", True),
        ("::", True),
        ("192.168.1.20", True),
        ("example.org", True),
    ],
)
def test_non_loopback_bind_warns_on_stderr(
    host: str, warns: bool, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from precis.cli import serve_cmd

    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(app_module, "create_app", lambda *a, **k: "app")
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.append(kw))
    assert serve_cmd.run(_serve_args("--host", host)) == 0
    assert calls == [{"host": host, "port": 8000, "log_level": "info"}]
    err = capsys.readouterr().err
    assert ("not a loopback address" in err) is warns, err


def test_serve_passes_its_limits_to_the_app(monkeypatch: pytest.MonkeyPatch) -> None:
    from precis.cli import serve_cmd
    from precis.errors import InputError as Refused

    seen: list[dict[str, Any]] = []
    monkeypatch.setattr(app_module, "create_app", lambda *a, **k: seen.append(k) or "app")
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: None)
    args = _serve_args("--body-timeout", "5", "--timeout", "9", "--max-body", "1000")
    assert serve_cmd.run(args) == 0
    assert seen[0]["body_timeout"] == 5.0 and seen[0]["timeout"] == 9.0
    assert seen[0]["max_body"] == 1000
    with pytest.raises(Refused, match="--body-timeout"):
        serve_cmd.run(_serve_args("--body-timeout", "0"))


# -- routes and paths ----------------------------------------------------------------------------


def test_every_route_is_reviewed(live: tuple[str, Path]) -> None:
    """A new route fails this test until it is added here (and checked for paths it opens)."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(app_module, "AnalysisPool", FakePool)
        app = app_module.create_app(None)
    paths = {getattr(r, "path", None) for r in app.routes}
    assert paths == {
        "/openapi.json",
        "/v1/analyze",
        "/v1/disputes",
        "/v1/stance",
        "/v1/articles/{article_id}",
        "/v1/search",
        "/v1/stories",
        "/v1/stories/{story_id}",
        "/healthz",
        "/",
        "/static",  # StaticFiles over the packaged static folder only
    }


@pytest.mark.parametrize(
    "path",
    [
        "/static/../pool.py",
        "/static/%2e%2e/pool.py",
        "/static/..%2fpool.py",
        "/static/%2e%2e%2f%2e%2e%2fstore%2fdb.py",
        "/static//etc/passwd",
        "/static/%2fetc%2fpasswd",
        "/static/..\\pool.py",
        "/../../etc/passwd",
        "/v1/articles/..%2f..%2f..%2fetc%2fpasswd",
        "/v1/articles/%2fetc%2fpasswd",
        "/v1/stories/..%2f..%2fetc%2fpasswd",
        "/v1/stories/%2e%2e",
    ],
)
def test_path_traversal_reads_nothing(live: tuple[str, Path], path: str) -> None:
    base, _ = live
    status, body = raw_get(base, path)
    assert status in (400, 404), (status, body[:200])
    assert "root:" not in body and "import " not in body and "def " not in body


def test_ids_are_only_looked_up_in_the_store(live: tuple[str, Path]) -> None:
    base, store = live
    # The store's own path, or any file's, as an id is just an unknown id.
    for ident in (str(store), "../results.db", "results.db", "flood' OR '1'='1", "%00"):
        r = httpx.get(base + "/v1/articles/" + quote(ident, safe=""))
        assert r.status_code == 404, (ident, r.text)
        # An id with a slash matches no route at all; any other is looked up, and not found.
        assert r.json()["error"] == "Not Found" if "/" in ident else "no article" in r.text
    ok = httpx.get(base + "/v1/articles/flood")
    assert ok.status_code == 200 and ok.json()["id"] == "flood"
    assert httpx.get(base + "/v1/stories/s-1").json()["members"][0]["id"] == "flood"


def test_store_path_is_fixed_at_start(live: tuple[str, Path]) -> None:
    base, _ = live
    # No parameter of any route names a file: the schema's parameters are all known.
    schema = httpx.get(base + "/openapi.json").json()
    names = {
        p["name"]
        for item in schema["paths"].values()
        for op in item.values()
        for p in op.get("parameters", [])
    }
    assert names == {"include_text", "article_id", "q", "limit", "offset", "story_id"}
    r = httpx.get(base + "/v1/search", params={"q": "flood", "store": "/etc/passwd"})
    assert r.status_code == 200 and [h["id"] for h in r.json()["hits"]] == ["flood"]


# -- the store, read-only ------------------------------------------------------------------------


def test_store_is_opened_read_only(live: tuple[str, Path]) -> None:
    base, store = live
    before = (store.stat().st_mtime_ns, store.stat().st_size)
    for path in ("/v1/articles/flood", "/v1/search?q=flood", "/v1/stories", "/v1/stories/s-1"):
        assert httpx.get(base + path).status_code == 200, path
    assert (store.stat().st_mtime_ns, store.stat().st_size) == before
    assert not Path(str(store) + "-wal").exists()
    view = StoreView(store)
    try:
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            view.db.execute("DELETE FROM results")
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            view.db.execute("CREATE TABLE x (a)")
    finally:
        view.close()


def test_open_readonly_creates_nothing(tmp_path: Path) -> None:
    missing = tmp_path / "missing.db"
    with pytest.raises(InputError, match="no such store"):
        Store.open_readonly(missing)
    assert not missing.exists()
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not a database at all" * 100)
    with pytest.raises(InputError, match="not a precis store"):
        Store.open_readonly(junk)
    store = make_store(tmp_path / "ok.db")
    st = Store.open_readonly(store)
    try:
        record = st.get("flood")
        assert record is not None and record["title"] == "Flood"
        assert (st.text("k-flood") or "").startswith("Officials")
        assert st.has_table("stories") and not st.has_table("nope")
    finally:
        st.close()


# -- size and time limits ------------------------------------------------------------------------


def test_body_over_the_limit_is_413_json(live: tuple[str, Path]) -> None:
    base, _ = live
    r = httpx.post(base + "/v1/analyze", json={"text": "a" * MAX_BODY})
    assert r.status_code == 413
    assert r.json()["error"] == f"request body is larger than the limit of {MAX_BODY:,} bytes"

    def chunks() -> Iterator[bytes]:
        yield b'{"text": "'
        for _ in range(30):
            yield b"x" * 1000
        yield b'"}'

    r = httpx.post(
        base + "/v1/analyze", content=chunks(), headers={"content-type": "application/json"}
    )
    assert r.status_code == 413 and "limit" in r.json()["error"]
    assert httpx.post(base + "/v1/analyze", json={"text": "Fine."}).status_code == 200


def test_slow_body_is_408_json(live: tuple[str, Path]) -> None:
    """A client that stops sending its body mid-way is answered, not waited for forever."""
    base, _ = live
    host, port = base.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=15) as sock:
        sock.sendall(
            b"POST /v1/analyze HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            b'Content-Length: 100\r\n\r\n{"text": "only part'
        )
        t = time.monotonic()
        reply = b""
        while b"}" not in reply:
            chunk = sock.recv(4096)
            if not chunk:
                break
            reply += chunk
        waited = time.monotonic() - t
    head, _, body = reply.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 408"), reply[:300]
    assert json.loads(body)["error"] == f"request body not received within {BODY_TIMEOUT:g} s"
    assert BODY_TIMEOUT - 0.5 < waited < BODY_TIMEOUT + 5


def test_health_does_not_disclose_paths(live: tuple[str, Path]) -> None:
    base, store = live
    health = httpx.get(base + "/healthz").json()
    assert health["store"] == store.name and str(store.parent) not in json.dumps(health)


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("TIMEOUT", f"took longer than {TIMEOUT:g} s"),
        ("BUSY", "server busy"),
        ("DIED", "worker failed"),
    ],
)
def test_time_limit_and_busy_are_503_with_retry_after(
    live: tuple[str, Path], text: str, says: str
) -> None:
    base, _ = live
    r = httpx.post(base + "/v1/analyze", json={"text": text})
    assert r.status_code == 503
    assert says in r.json()["error"]
    assert int(r.headers["retry-after"]) >= 1
    assert r.headers["content-type"] == "application/json"


# -- no stack traces -----------------------------------------------------------------------------


def _no_trace(body: str) -> None:
    assert "Traceback" not in body and 'File "' not in body and "secret" not in body, body


def test_internal_error_is_500_json_without_traceback(
    live: tuple[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    base, _ = live

    def broken(self: StoreView, ident: str) -> None:
        raise RuntimeError("secret internal detail /etc/passwd")

    monkeypatch.setattr(StoreView, "article", broken)
    r = httpx.get(base + "/v1/articles/flood")
    assert r.status_code == 500
    assert r.json() == {"error": "internal error: RuntimeError"}
    assert r.headers["content-security-policy"] == app_module.CSP
    assert r.headers["x-content-type-options"] == "nosniff"
    _no_trace(r.text)
    # A failing analysis path too (the pool raising something unexpected).
    r = httpx.post(base + "/v1/analyze", json={"text": "BUG"})
    assert r.status_code == 500 and r.json() == {"error": "internal error: RuntimeError"}
    _no_trace(r.text)
    # The server goes on serving.
    assert httpx.get(base + "/healthz").status_code == 200


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("GET", "/nope", 404),
        ("DELETE", "/v1/analyze", 405),
        ("GET", "/v1/analyze", 405),
        ("GET", "/docs", 404),
        ("GET", "/v1/stories?limit=abc", 422),
        ("POST", "/v1/analyze", 422),
    ],
)
def test_errors_are_json(live: tuple[str, Path], method: str, path: str, status: int) -> None:
    base, _ = live
    r = httpx.request(method, base + path, content=b"{bad json")
    assert r.status_code == status, r.text
    assert isinstance(r.json()["error"], str)
    _no_trace(r.text)


# -- headers: CSP and friends, CORS --------------------------------------------------------------


def test_page_has_a_strict_csp(live: tuple[str, Path]) -> None:
    base, _ = live
    page = httpx.get(base + "/")
    assert page.status_code == 200
    csp = {
        d.split()[0]: d.split()[1:]
        for d in (part.strip() for part in page.headers["content-security-policy"].split(";"))
        if d
    }
    assert csp["default-src"] == ["'self'"]
    assert csp["script-src"] == ["'self'"]  # no inline script, no eval
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["object-src"] == ["'none'"] and csp["base-uri"] == ["'none'"]
    for sources in csp.values():
        assert not {"'unsafe-inline'", "'unsafe-eval'", "*", "http:", "https:"} & set(sources)
    assert page.headers["x-content-type-options"] == "nosniff"
    assert page.headers["referrer-policy"] == "no-referrer"
    assert page.headers["x-frame-options"] == "DENY"
    # The page obeys it: every script is a file of this server, no inline code or styles.
    html = page.text
    for attrs, body in re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S | re.I):
        assert re.search(r'src="/static/[\w.-]+"', attrs) and not body.strip(), attrs
    assert not re.search(r"<style|\sstyle=|\son[a-z]+=|javascript:", html, re.I)
    assert not re.search(r'(src|href)="(https?:)?//', html, re.I)


@pytest.mark.parametrize(
    ("method", "path"),
    [("GET", "/static/app.js"), ("GET", "/healthz"), ("GET", "/nope"), ("POST", "/v1/analyze")],
)
def test_every_response_has_the_security_headers(
    live: tuple[str, Path], method: str, path: str
) -> None:
    base, _ = live
    r = httpx.request(method, base + path, content=b"x" * (MAX_BODY + 1))
    assert "frame-ancestors 'none'" in r.headers["content-security-policy"]
    assert r.headers["x-content-type-options"] == "nosniff"


def test_cors_is_not_opened(live: tuple[str, Path]) -> None:
    base, _ = live
    evil = {"Origin": "https://evil.example"}
    r = httpx.get(base + "/healthz", headers=evil)
    assert "access-control-allow-origin" not in r.headers
    pre = httpx.options(
        base + "/v1/analyze",
        headers={**evil, "Access-Control-Request-Method": "POST"},
    )
    assert pre.status_code in (404, 405)
    assert not any(k.startswith("access-control-") for k in pre.headers)
    r = httpx.post(base + "/v1/analyze", json={"text": "Fine."}, headers=evil)
    assert "access-control-allow-origin" not in r.headers


def test_fake_pool_is_what_the_app_awaits() -> None:
    """Guard for this file: the fake has the methods the app calls on the real pool."""
    from precis.server.pool import AnalysisPool

    for name in ("start", "close", "status", "submit"):
        assert hasattr(AnalysisPool, name)
        assert asyncio.iscoroutinefunction(getattr(AnalysisPool, name)) == (
            asyncio.iscoroutinefunction(getattr(FakePool, name))
        )
    assert json.dumps(FakePool().status())
