"""The FastAPI application: the analysis API, the store API and the page.

The web side only: it validates requests, hands analysis jobs to the worker pool
(:mod:`precis.server.pool`) and reads the store read-only (:mod:`precis.server.store_view`). It
never parses text itself.
"""

from __future__ import annotations

import asyncio
import logging
import math
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping, MutableMapping
from contextlib import asynccontextmanager
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Annotated, Any

from fastapi import Body, FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.utils import get_openapi
from fastapi.responses import FileResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from precis import __version__
from precis.errors import InputError
from precis.server.pool import AnalysisPool, JobTimeout, PoolBusy, WorkerFailed
from precis.server.schemas import (
    MAX_PAIRS,
    AnalyzeRequest,
    DisputeResult,
    DisputesBody,
    ErrorBody,
    Health,
    SearchHit,
    SearchResults,
    StanceRequest,
    StanceResult,
    Story,
    StoryList,
    install_record_schema,
    record_response,
)
from precis.server.store_view import StoreView

log = logging.getLogger("precis.server")

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

DEFAULT_MAX_BODY = 2 * 1024 * 1024
DEFAULT_TIMEOUT_S = 60.0
#: Seconds a client may take to send a whole request body (a slow sender holds a connection).
DEFAULT_BODY_TIMEOUT_S = 30.0

#: The page loads only what this server serves; nothing inline, no frames, no plug-ins.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)
SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
]

STATIC = resources.files("precis.server") / "static"

ERRORS: dict[int | str, dict[str, Any]] = {
    408: {"model": ErrorBody, "description": "Request body not received in time."},
    413: {"model": ErrorBody, "description": "Request body larger than the server's limit."},
    422: {"model": ErrorBody, "description": "The request or the article cannot be analysed."},
    503: {"model": ErrorBody, "description": "Busy or over the time limit; see Retry-After."},
}


@dataclass
class ServerConfig:
    store: Path | None = None
    workers: int = 1
    max_queue: int = 8
    timeout: float = DEFAULT_TIMEOUT_S
    max_body: int = DEFAULT_MAX_BODY


def _json_error(
    status: int, message: str, detail: Any = None, headers: Mapping[str, str] | None = None
) -> JSONResponse:
    body = ErrorBody(error=message, detail=detail).model_dump(exclude_none=True)
    return JSONResponse(body, status_code=status, headers=headers)


class _SecurityHeaders:
    """Adds the CSP and friends to every response (API and page alike)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                have = {k.lower() for k, _ in headers}
                headers.extend(h for h in SECURITY_HEADERS if h[0] not in have)
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


class _BodyLimit:
    """Refuses request bodies over ``limit`` bytes with 413, before any parsing, and bodies not
    received within ``timeout`` seconds with 408 (a slow sender cannot hold a request forever).

    Checks Content-Length first; bodies without one (chunked) are counted while read, and the
    whole body is buffered (at most ``limit`` bytes) so the app never sees a partial one.
    """

    def __init__(self, app: ASGIApp, limit: int, timeout: float = DEFAULT_BODY_TIMEOUT_S) -> None:
        self.app = app
        self.limit = limit
        self.timeout = timeout

    async def _reject(self, scope: Scope, receive: Receive, send: Send) -> None:
        response = _json_error(
            413, f"request body is larger than the limit of {self.limit:,} bytes"
        )
        await response(scope, receive, send)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        for name, value in scope.get("headers", []):
            if name == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    declared = 0
                if declared > self.limit:
                    await self._reject(scope, receive, send)
                    return
        chunks: list[bytes] = []
        size = 0
        deadline = asyncio.get_running_loop().time() + self.timeout
        while True:
            left = deadline - asyncio.get_running_loop().time()
            try:
                message = await asyncio.wait_for(receive(), timeout=max(left, 0.001))
            except TimeoutError:
                response = _json_error(408, f"request body not received within {self.timeout:g} s")
                await response(scope, receive, send)
                return
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.limit:
                await self._reject(scope, receive, send)
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)


def _where(loc: Any) -> str:
    parts = [str(p) for p in loc if p not in ("body",)] if isinstance(loc, list | tuple) else []
    return ".".join(parts)


def _validation_message(errors: list[Any]) -> str:
    """One readable line from pydantic's errors ("text: Field required; ...")."""
    lines = []
    for err in errors[:5]:
        msg = str(err.get("msg", "invalid"))
        if err.get("type") == "json_invalid":
            ctx = err.get("ctx") or {}
            msg = f"malformed JSON: {ctx.get('error', 'cannot be parsed')}"
        msg = msg.removeprefix("Value error, ")
        where = _where(err.get("loc", ()))
        lines.append(f"{where}: {msg}" if where else msg)
    return "; ".join(lines) or "invalid request"


def _plain(errors: list[Any]) -> list[dict[str, Any]]:
    """pydantic's error dicts with only JSON-safe values (ctx may hold exceptions)."""
    out = []
    for err in errors:
        out.append(
            {
                "loc": [str(p) for p in err.get("loc", ())],
                "msg": str(err.get("msg", "")),
                "type": str(err.get("type", "")),
            }
        )
    return out


def create_app(
    store: Path | None = None,
    *,
    workers: int = 1,
    max_queue: int = 8,
    timeout: float = DEFAULT_TIMEOUT_S,
    max_body: int = DEFAULT_MAX_BODY,
    body_timeout: float = DEFAULT_BODY_TIMEOUT_S,
) -> FastAPI:
    """The application. Models load in the workers at start-up (lifespan), not per request.

    ``store``: a SQLite store filled by ``precis run`` (read-only), or None; ``workers``: analysis
    processes; ``max_queue``: requests that may wait for a worker before 503; ``timeout``: seconds
    one analysis may take (and a request may wait for a worker) before 503; ``max_body``: largest
    request body in bytes (413 beyond); ``body_timeout``: seconds a client may take to send it
    (408 beyond).
    """
    config = ServerConfig(store, workers, max_queue, timeout, max_body)
    if timeout <= 0 or max_body <= 0 or body_timeout <= 0 or max_queue < 0:
        raise InputError(
            "timeout, body_timeout and max_body must be positive, max_queue not negative"
        )
    view = StoreView(store) if store is not None else None
    pool = AnalysisPool(workers=workers, max_queue=max_queue, timeout=timeout)
    retry_after = str(max(1, math.ceil(timeout / 2)))

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        await pool.start()
        try:
            yield
        finally:
            await pool.close()
            if view is not None:
                view.close()

    app = FastAPI(
        title="precis",
        version=__version__,
        description=(
            "Faithful, attributed story highlights from news articles. Every highlight carries "
            "the character spans of the article it came from."
        ),
        lifespan=lifespan,
        # The interactive docs pages load scripts from a CDN; the page's CSP forbids that.
        docs_url=None,
        redoc_url=None,
    )
    app.state.config = config
    app.state.pool = pool

    # -- errors: never a traceback, never a 500 for bad input -----------------------------------

    @app.exception_handler(RequestValidationError)
    async def on_invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = list(exc.errors())
        return _json_error(422, _validation_message(errors), _plain(errors))

    @app.exception_handler(StarletteHTTPException)
    async def on_http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        return _json_error(exc.status_code, str(exc.detail), headers=exc.headers)

    @app.exception_handler(InputError)
    async def on_input(request: Request, exc: InputError) -> JSONResponse:
        return _json_error(422, str(exc))

    @app.exception_handler(Exception)
    async def on_bug(request: Request, exc: Exception) -> JSONResponse:
        log.exception("internal error on %s", request.url.path)
        # Starlette answers this from its outermost middleware, outside _SecurityHeaders, so the
        # headers are set here.
        headers = {k.decode(): v.decode() for k, v in SECURITY_HEADERS}
        return _json_error(500, f"internal error: {type(exc).__name__}", headers=headers)

    # -- analysis ------------------------------------------------------------------------------

    @app.post(
        "/v1/analyze",
        responses={
            200: record_response("The analysis record (as `precis run` writes it)."),
            **ERRORS,
        },
        response_class=JSONResponse,
        summary="Analyse one article",
    )
    async def analyze(
        req: AnalyzeRequest,
        include_text: Annotated[
            bool, Query(description="Add the analysed text (what the offsets index) as `text`.")
        ] = False,
    ) -> JSONResponse:
        answer = await run(req.job(include_text), "analysis")
        if isinstance(answer, JSONResponse):
            return answer
        if "internal_error" in answer:
            # The one error-record shape `precis run` writes for a record that failed.
            from precis.serialize import error_record

            record = error_record(None, f"internal error in analysis: {answer['internal_error']}")
            return JSONResponse(record, headers={"X-Precis-Error": "internal"})
        return JSONResponse(answer["ok"])

    async def run(job: dict[str, Any], what: str) -> dict[str, Any] | JSONResponse:
        """The worker's answer to ``job``, or the error response (422 for the input's fault,
        503 for busy, over time or a failed worker)."""
        try:
            answer = await pool.submit(job)
        except PoolBusy as exc:
            return _json_error(
                503, f"server busy: {exc}; try again later", headers={"Retry-After": retry_after}
            )
        except JobTimeout:
            return _json_error(
                503,
                f"{what} took longer than {timeout:g} s and was stopped; "
                "try a shorter input, or ask the operator to raise --timeout",
                headers={"Retry-After": retry_after},
            )
        except WorkerFailed as exc:
            return _json_error(
                503,
                f"the worker failed ({exc}); it is being restarted",
                headers={"Retry-After": retry_after},
            )
        if "input_error" in answer:
            return _json_error(422, answer["input_error"])
        return answer

    async def scored(job: dict[str, Any], what: str) -> Any:
        """``answer["ok"]`` of a scoring job, or the error response. A bug in the model is a
        503 naming it (logged in the worker), so a client never sees a bare 500."""
        answer = await run(job, what)
        if isinstance(answer, JSONResponse):
            return answer
        if "internal_error" in answer:
            return _json_error(
                503, f"internal error in {what}: {answer['internal_error']}; reported in the log"
            )
        return answer["ok"]

    @app.post(
        "/v1/disputes",
        response_model=DisputeResult | list[DisputeResult],
        responses=ERRORS,
        summary="Do two statements dispute each other?",
        description=(
            "One pair, or a list of at most "
            f"{MAX_PAIRS} pairs (answered by a list in the same order). `score`: the conflict "
            "model's probability that both cannot be true; `dispute`: a word rule flags the pair "
            "and the score reaches the model's threshold; `kind`: how they conflict."
        ),
    )
    async def disputes(
        req: Annotated[DisputesBody, Body()],
    ) -> Any:
        pairs = req if isinstance(req, list) else [req]
        answer = await scored({"op": "disputes", "pairs": [p.job() for p in pairs]}, "scoring")
        if isinstance(answer, JSONResponse) or isinstance(req, list):
            return answer
        return answer[0]

    @app.post(
        "/v1/stance",
        response_model=StanceResult,
        responses=ERRORS,
        summary="Stance of a text towards a claim",
        description=(
            "agree, disagree, discuss or unrelated (FNC-1's labels), with its probability and "
            "the character spans of the text's sentences that decided it."
        ),
    )
    async def stance(req: StanceRequest) -> Any:
        return await scored({"op": "stance", "claim": req.claim, "text": req.text}, "stance")

    # -- store ---------------------------------------------------------------------------------

    def need_store() -> StoreView:
        if view is None:
            raise StarletteHTTPException(
                404, "this server has no store (start it with 'precis serve --store results.db')"
            )
        return view

    @app.get(
        "/v1/articles/{article_id}",
        responses={200: record_response("The stored output record."), 404: {"model": ErrorBody}},
        response_class=JSONResponse,
        summary="A stored article's record",
    )
    def article(
        article_id: str,
        include_text: Annotated[
            bool, Query(description="Add the article text (what the offsets index) as `text`.")
        ] = False,
    ) -> JSONResponse:
        found = need_store().article(article_id)
        if found is None:
            raise StarletteHTTPException(404, f"no article {article_id!r} in the store")
        record, text = found
        if include_text and text is not None and record.get("error") is None:
            record["text"] = text
        return JSONResponse(record)

    @app.get(
        "/v1/search",
        response_model=SearchResults,
        responses={404: {"model": ErrorBody}, 422: {"model": ErrorBody}},
        summary="Full-text search over titles, highlights and claims",
    )
    def search(
        q: Annotated[str, Query(min_length=1, max_length=500, description="Words or FTS5 query.")],
        limit: Annotated[int, Query(ge=1, le=100)] = 20,
    ) -> SearchResults:
        hits = [SearchHit(**h) for h in need_store().search(q, limit)]
        return SearchResults(query=q, hits=hits, note=None if hits else "no matches")

    @app.get(
        "/v1/stories",
        response_model=StoryList,
        responses={404: {"model": ErrorBody}},
        summary="Stories of the store (groups of reports on one event)",
    )
    def stories(
        limit: Annotated[int, Query(ge=1, le=500)] = 50,
        offset: Annotated[int, Query(ge=0)] = 0,
    ) -> StoryList:
        return need_store().stories(limit, offset)

    @app.get(
        "/v1/stories/{story_id}",
        response_model=Story,
        responses={404: {"model": ErrorBody}},
        summary="One story with its card and members",
    )
    def story(story_id: str) -> Story:
        found = need_store().story(story_id)
        if found is None:
            raise StarletteHTTPException(404, f"no story {story_id!r} in the store")
        return found

    # -- health and page -----------------------------------------------------------------------

    @app.get("/healthz", response_model=Health, summary="Liveness and pool state")
    def healthz() -> Health:
        status = pool.status()
        return Health(
            status="ok" if status["ready"] else "degraded",
            # The file name only: the server's directories are none of a client's business.
            store=store.name if store is not None else None,
            **status,
        )

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(str(STATIC / "index.html"), media_type="text/html")

    app.mount("/static", StaticFiles(directory=str(STATIC)), name="static")

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = get_openapi(
                title=app.title,
                version=app.version,
                description=app.description,
                routes=app.routes,
            )
            app.openapi_schema = install_record_schema(schema)
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]

    # Outermost first: every response (even a 413) gets the security headers.
    app.add_middleware(_BodyLimit, limit=max_body, timeout=body_timeout)
    app.add_middleware(_SecurityHeaders)
    return app
