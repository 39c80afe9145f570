"""The HTTP service: a thin FastAPI layer over rolematch.api. Nothing here computes a score.

Safe by default: bounded upload size (checked while the body streams in), text length, documents in flight (beyond
it: 503 at once, with Retry-After), and a hard bound on each resume: it is read, extracted and scored in a worker
process that is killed when the time limit (503) or the memory limit (422, `too-complex`) passes, so the event loop
goes on serving /healthz and other requests meanwhile; errors as application/problem+json; an API key compared in
constant time; resumes are processed in memory, never written or logged.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import hmac
import logging
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from . import __version__, api
from .errors import ReadError, RolematchError, UnknownRoleError

log = logging.getLogger("rolematch.service")

PROBLEM = "application/problem+json"
_READ_STATUS = {"unsupported": 415, "too-large": 413, "too-long": 413}  # every other read error: 422


@dataclass(frozen=True)
class ServiceSettings:
    roles_dirs: tuple[str, ...] = ()
    api_key: str | None = None
    max_upload_bytes: int = api.Limits().max_bytes
    max_text_chars: int = api.Limits().max_chars    # of a resume's text, pasted or extracted
    timeout: float = 30.0           # seconds per resume, its upload included; its worker is killed when they pass
    max_memory_mb: int = api.Limits().max_memory_mb  # of a resume's worker process; killed past it
    max_in_flight: int = 16         # resumes admitted at once per server process, each in a worker process of its own
    retry_after: int = 1            # seconds, on a 503


class Problem(Exception):
    """An RFC 9457 problem: the one way this service reports an error."""

    def __init__(self, status: int, title: str, detail: str, headers: dict | None = None) -> None:
        self.status, self.title, self.detail, self.headers = status, title, detail, headers or {}


def _read_problem(exc: ReadError) -> Problem:
    status = _READ_STATUS.get(exc.kind, 422)
    return Problem(status, _title(status), exc.reason)


def _problem_response(status: int, title: str, detail: str, headers: dict | None = None) -> JSONResponse:
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail}
    return JSONResponse(body, status_code=status, media_type=PROBLEM, headers=headers)


class BodyLimit:
    """ASGI middleware: refuses a body over the limit from its Content-Length, or as soon as the bytes streamed in
    pass it, before anything buffers the whole upload."""

    def __init__(self, app, limit: int) -> None:
        self.app, self.limit = app, limit

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        declared = dict(scope.get("headers", [])).get(b"content-length")
        too_big = _problem_response(413, "Payload Too Large",
                                    f"the request body is over the {self.limit:,}-byte limit")
        if declared is not None and declared.isdigit() and int(declared) > self.limit:
            return await too_big(scope, receive, send)
        seen = 0
        started = False

        async def limited_receive():
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise _BodyTooLarge
            return message

        async def tracking_send(message):
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, limited_receive, tracking_send)
        except _BodyTooLarge:
            if not started:
                await too_big(scope, receive, send)


class _BodyTooLarge(Exception):
    pass


@dataclass
class _Gate:
    """At most `limit` documents in flight in this process; the rest are turned away at once."""

    limit: int
    busy: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def enter(self) -> bool:
        with self.lock:
            if self.busy >= self.limit:
                return False
            self.busy += 1
            return True

    def leave(self) -> None:
        with self.lock:
            self.busy -= 1


# -------------------------------------------------------------------------------------------------- pages

_SECURITY_HEADERS = {"X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer"}
_PAGE_CSP = ("default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'self'; base-uri 'none'; "
             "frame-ancestors 'none'")


def _html(body: str, status: int = 200, csp: str | None = None) -> HTMLResponse:
    if csp is None:
        scripts = api.script_sources(body)
        csp = _PAGE_CSP + (f"; script-src {scripts}" if scripts else "")
    return HTMLResponse(body, status_code=status, headers={**_SECURITY_HEADERS, "Content-Security-Policy": csp})


def _wants_html(request: Request) -> bool:
    """A browser (the upload form) gets an HTML page for a mistake; API clients keep problem+json."""
    accept = request.headers.get("accept", "")
    return "text/html" in accept and "json" not in accept.split("text/html")[0]


def _docs_page() -> tuple[str, str]:
    """Swagger UI 5 (it reads the OpenAPI 3.1 schema FastAPI publishes) from the files of the fastapi-swagger
    package, served here, and a CSP that allows only its hashed script."""
    from fastapi.openapi.docs import get_swagger_ui_html

    page = get_swagger_ui_html(openapi_url="/openapi.json", title="rolematch API",
                               swagger_js_url="/docs/assets/swagger-ui-bundle.js",
                               swagger_css_url="/docs/assets/swagger-ui.css",
                               swagger_favicon_url="/docs/assets/favicon-32x32.png").body.decode()
    csp = (f"default-src 'none'; script-src 'self' {api.script_sources(page)}; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
           "connect-src 'self'; base-uri 'none'; frame-ancestors 'none'")
    return page, csp


def create_app(settings: ServiceSettings = ServiceSettings()) -> FastAPI:
    """The service: the routes below, over one api.Options built from `settings`."""
    app = FastAPI(title="rolematch", version=__version__, docs_url=None, redoc_url=None, lifespan=_lifespan,
                  description="Score resumes against machine-learning-track roles; the same JSON contract as the CLI.")
    app.state.settings = settings
    _keep_uploads_in_memory(settings.max_upload_bytes)
    app.state.options = api.Options(roles_dirs=settings.roles_dirs, limits=api.Limits(
        max_bytes=settings.max_upload_bytes, max_chars=settings.max_text_chars, timeout_s=settings.timeout,
        max_memory_mb=settings.max_memory_mb))
    app.state.gate = _Gate(settings.max_in_flight)
    app.state.docs = _docs_page()
    app.add_middleware(BodyLimit, limit=settings.max_upload_bytes + _MULTIPART_ROOM)
    app.middleware("http")(_access_log_and_auth)
    app.add_exception_handler(Problem, _problem)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.get("/healthz")(healthz)
    app.get("/v1/roles")(list_roles)
    app.get("/v1/roles/{role_id}")(show_role)
    app.post("/v1/extract")(extract)
    app.post("/v1/score")(score)
    app.post("/v1/roles/from-job")(role_from_job)
    app.get("/", response_class=HTMLResponse)(upload_page)
    app.get("/docs", include_in_schema=False)(docs)
    try:
        from importlib.resources import files

        from fastapi.staticfiles import StaticFiles

        assets = files("fastapi_swagger") / "resources"
        app.mount("/docs/assets", StaticFiles(directory=str(assets)), name="docs-assets")
    except ImportError:  # the docs page then has no assets; the schema is still at /openapi.json
        pass
    return app


_MAX_FORM_FIELDS = 100  # the upload page sends a file or a text and the roles ticked
_MULTIPART_ROOM = 64 * 1024  # the body limit is the upload limit and this, for multipart framing and fields


def _keep_uploads_in_memory(max_upload_bytes: int) -> None:
    """Resumes are never written to disk: starlette spools an upload over 1 MB to a temporary file, so its spool
    limit is raised to the upload limit (the body limit bounds what is held). A setting of starlette's class, so
    for the whole process: the service is the process."""
    from starlette.formparsers import MultiPartParser

    MultiPartParser.spool_max_size = max(MultiPartParser.spool_max_size, max_upload_bytes + 1)


@contextlib.asynccontextmanager
async def _lifespan(app: FastAPI):
    settings: ServiceSettings = app.state.settings
    api.roles(app.state.options)  # broken role files stop the start, not the first request
    # one worker process per resume admitted, forked from a fork server that built the pipeline once (this process
    # has threads: it never forks itself); one is started now, the others when first needed, then kept warm
    pool = api.worker_pool(settings.max_in_flight, app.state.options, start="forkserver")
    await asyncio.to_thread(pool.start, 1)
    app.state.pool = pool
    app.state.waiters = ThreadPoolExecutor(settings.max_in_flight, thread_name_prefix="rolematch-resume")
    try:
        yield
    finally:
        pool.close()
        app.state.waiters.shutdown(wait=False, cancel_futures=True)


async def _access_log_and_auth(request: Request, call_next):
    started = time.perf_counter()
    key = request.app.state.settings.api_key
    if key and request.url.path != "/healthz" and not _authorised(request, key):
        response = _problem_response(401, "Unauthorized", "send the API key as `Authorization: Bearer KEY`",
                                     {"WWW-Authenticate": "Bearer"})
    else:
        try:
            response = await call_next(request)
        except Exception:  # noqa: BLE001 - a last resort: never a stack trace in a response
            log.exception("unhandled error")
            response = _problem_response(500, "Internal Server Error", "something went wrong on our side")
    # method, path, status, duration, size: never the query, a file name or any resume content
    log.info("%s %s %d %.1fms %s", request.method, request.url.path, response.status_code,
             (time.perf_counter() - started) * 1000, request.headers.get("content-length", "-"))
    return response


async def _problem(request: Request, exc: Problem):
    if _wants_html(request):
        return _html(api.error_page(exc.title, exc.detail), exc.status)
    return _problem_response(exc.status, exc.title, exc.detail, exc.headers)


async def _http_error(request: Request, exc: StarletteHTTPException):
    if _wants_html(request):
        return _html(api.error_page(_title(exc.status_code), str(exc.detail)), exc.status_code)
    return _problem_response(exc.status_code, _title(exc.status_code), str(exc.detail))


def healthz(request: Request) -> dict:
    return {"status": "ok", "version": __version__, "skills_data_version": api.data_version(request.app.state.options)}


def list_roles(request: Request) -> list[dict]:
    return [{"id": r.id, "title": r.title, "summary": r.summary} for r in api.roles(request.app.state.options)]


def show_role(role_id: str, request: Request) -> dict:
    try:
        return api.role(role_id, request.app.state.options).to_dict()
    except UnknownRoleError as exc:
        raise Problem(404, "Not Found", str(exc)) from None


async def extract(request: Request):
    """The extract JSON of the resume sent (a multipart upload or JSON text)."""
    return Response(await _run(request, api.extract_and_render, {}), media_type="application/json")


async def score(request: Request):
    """The resume scored: JSON, or a gap report (?format=html|markdown); ?role=ID (repeatable) limits the roles."""
    fmt = request.query_params.get("format", "json")
    if fmt not in api.FORMATS:
        raise Problem(400, "Bad Request", "format must be json, html or markdown")
    only_jobs = request.query_params.get("only_jobs", "") in ("1", "true", "yes")
    body = await _run(request, api.score_and_render, {"format": fmt, "web_page": fmt == "html"},
                      only_jobs=only_jobs)
    if fmt == "html":
        return _html(body)
    return Response(body, media_type="application/json" if fmt == "json" else "text/markdown; charset=utf-8")


async def role_from_job(request: Request):
    """The role a job posting describes (a multipart upload in `file` or `text`, or JSON text): {"role", "toml"}."""
    return Response(await _run(request, api.job_role_json, {}), media_type="application/json")


def upload_page(request: Request):
    state = request.app.state
    return _html(api.upload_page(state.options, version=__version__,
                                 max_mb=f"{state.settings.max_upload_bytes / 1024 / 1024:g}"))


def docs(request: Request):
    page, csp = request.app.state.docs
    return _html(page, csp=csp)


async def _run(request: Request, work, changes: dict, *, only_jobs: bool = False):
    """work(source, options) for the resume the request sends, bounded in documents in flight, then in time and
    memory: receiving and parsing the body happen inside the gate and the time limit, and the work itself in a
    worker process killed at the limits, while a thread of this process waits for it."""
    state = request.app.state
    settings: ServiceSettings = state.settings
    gate: _Gate = state.gate
    if not gate.enter():
        raise Problem(503, "Service Unavailable", "too many resumes in progress; try again shortly",
                      {"Retry-After": str(settings.retry_after)})
    handed_over = False
    try:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + settings.timeout
        try:
            source, form_roles, job = await asyncio.wait_for(_source(request, settings), settings.timeout)
        except asyncio.TimeoutError:
            raise _too_slow(settings) from None
        if only_jobs and job is None:
            raise Problem(400, "Bad Request", "only_jobs needs a job posting: send it in field `job` or `job_text`")
        if job is not None and work is api.score_and_render:
            changes = {**changes, "jobs": (job,), "only_jobs": only_jobs}
        role_ids = tuple(request.query_params.getlist("role")) or form_roles
        limits = dataclasses.replace(state.options.limits, timeout_s=max(0.001, deadline - loop.time()))
        options = state.options.replace(role_ids=role_ids, as_of=_as_of(request), limits=limits, **changes)

        def bounded():
            try:
                return api.bounded(state.pool, work, source, options)
            finally:
                gate.leave()  # when the work really ends, even if the request was given up meanwhile

        handed_over = True
        return await loop.run_in_executor(state.waiters, bounded)
    except ReadError as exc:
        if exc.kind == "timeout":
            raise _too_slow(settings) from None
        raise _read_problem(exc) from None
    except UnknownRoleError as exc:
        raise Problem(404, "Not Found", str(exc)) from None
    except RolematchError as exc:
        raise Problem(422, "Unprocessable Content", str(exc)) from None
    finally:
        if not handed_over:
            gate.leave()


def _too_slow(settings: ServiceSettings) -> Problem:
    return Problem(503, "Service Unavailable", f"the resume took longer than {settings.timeout:g} s",
                   {"Retry-After": str(settings.retry_after)})


def _title(status: int) -> str:
    from http import HTTPStatus

    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


def _authorised(request: Request, key: str) -> bool:
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    return scheme.lower() == "bearer" and hmac.compare_digest(token.strip().encode(), key.encode())


def _as_of(request: Request) -> date | None:
    """?as_of=YYYY-MM-DD: the date "Present" in work history means (default: today), as the CLI's --as-of."""
    value = request.query_params.get("as_of")
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise Problem(400, "Bad Request", f"as_of={value!r} is not a date; write YYYY-MM-DD") from None


async def _source(request: Request, settings: ServiceSettings
                  ) -> tuple[api.Source, tuple[str, ...], api.Source | None]:
    """The resume from a multipart upload (field `file`, or a pasted `text`) or from JSON {"text": ...}; the roles
    ticked on the upload page; a job posting, if one is sent (field `job` or `job_text`, JSON "job")."""
    content_type = request.headers.get("content-type", "")
    if content_type.startswith(("multipart/form-data", "application/x-www-form-urlencoded")):
        try:
            # a part is never over the body limit, which BodyLimit turns into 413: the part limit only backs it up
            form = await request.form(max_files=2, max_fields=_MAX_FORM_FIELDS,
                                      max_part_size=settings.max_upload_bytes + _MULTIPART_ROOM)
        except _BodyTooLarge:  # the body passed the limit while the form was parsed: 413, not a malformed body
            raise
        except Exception:  # noqa: BLE001 - starlette raises several kinds for a malformed body
            raise Problem(400, "Bad Request", "the multipart body could not be parsed") from None
        roles = tuple(str(r) for r in form.getlist("role"))
        resume = await _form_document(form, "file", "text", settings)
        if resume is None:
            raise Problem(400, "Bad Request", "send the resume as a file in field `file` or as text in field `text`")
        return resume, roles, await _form_document(form, "job", "job_text", settings, "<posting>")
    if content_type.startswith("application/json"):
        try:
            payload = await request.json()
        except (ValueError, RecursionError):  # RecursionError: arrays or objects nested thousands deep
            raise Problem(400, "Bad Request", "the body is not valid JSON") from None
        if not isinstance(payload, dict) or not isinstance(payload.get("text"), str):
            raise Problem(400, "Bad Request", 'send JSON {"text": "..."}')
        job = payload.get("job")
        if job is not None and not isinstance(job, str):
            raise Problem(400, "Bad Request", 'send the job posting as JSON text: {"text": "...", "job": "..."}')
        return (api.Source.from_text(payload["text"]), (),
                api.Source.from_text(job, "<posting>") if job and job.strip() else None)
    raise Problem(415, "Unsupported Media Type", "send multipart/form-data (field `file`) or JSON {\"text\": ...}")


async def _form_document(form, file_field: str, text_field: str, settings: ServiceSettings,
                         text_name: str = "<text>") -> api.Source | None:
    """A document sent as a file in `file_field` or pasted in `text_field`; None when neither is."""
    upload = form.get(file_field)
    if upload is not None and not isinstance(upload, str) and upload.filename:
        data = await upload.read()
        if len(data) > settings.max_upload_bytes:
            raise Problem(413, "Payload Too Large", f"the file is over the {settings.max_upload_bytes:,}-byte limit")
        return api.Source.from_bytes(upload.filename, data)
    text = form.get(text_field)
    if isinstance(text, str) and text.strip():
        return api.Source.from_text(text, text_name)
    return None


def is_loopback(host: str) -> bool:
    import ipaddress

    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def app_from_environment() -> FastAPI:
    """For `uvicorn --factory` with several workers: settings come from the environment `rolematch serve` sets."""
    import json
    import os

    raw = json.loads(os.environ.get("ROLEMATCH_SERVICE_SETTINGS", "{}"))
    raw["roles_dirs"] = tuple(raw.get("roles_dirs", ()))
    return create_app(ServiceSettings(**raw))


