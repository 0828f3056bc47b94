"""The application factory: settings in, a FastAPI app out (pages, feeds, API, health)."""

from __future__ import annotations

import contextlib
import datetime as dt
import itertools
import math
from collections.abc import AsyncIterator, Sequence
from http import HTTPStatus
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exception_handlers import (
    http_exception_handler,
    request_validation_exception_handler,
)
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, PackageLoader
from starlette.exceptions import HTTPException as StarletteHTTPException

from tracker import __version__
from tracker.config import Settings, format_duration
from tracker.db import Database, open_database
from tracker.errors import TrackerError, UsageError
from tracker.models import utcnow
from tracker.significance import SIGNIFICANCE_MEANINGS
from tracker.vocabulary import KIND_LABELS, KIND_MEANINGS, STATUS_HELP, STATUS_LABELS, ChangeKind
from tracker.web import api, outlets, pages, subscriptions
from tracker.web.metrics import registry_for
from tracker.web.security import security_middleware

HERE = Path(__file__).resolve().parent


def ago(when: dt.datetime | None, now: dt.datetime | None = None) -> str:
    """'3 min ago', 'in 2 h', 'never': short relative times for tables."""
    if when is None:
        return "never"
    seconds = ((now or utcnow()) - when).total_seconds()
    future, seconds = seconds < 0, abs(seconds)
    if seconds < 45:
        text = "just now" if not future else "in a moment"
        return text
    for unit, size in (("d", 86400), ("h", 3600), ("min", 60)):
        if seconds >= size:
            amount = f"{round(seconds / size)} {unit}"
            return f"in {amount}" if future else f"{amount} ago"
    return "just now"


def when(value: dt.datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M:%S UTC") if value else "–"


def as_time(value: dt.datetime | str | None) -> dt.datetime | None:
    """A stored time, or one in its public ISO shape (API dicts), as a UTC datetime."""
    if value is None or value == "":
        return None
    when = dt.datetime.fromisoformat(value) if isinstance(value, str) else value
    return when if when.tzinfo else when.replace(tzinfo=dt.UTC)


# What an unknown path or method means, in place of the bare reason phrase.
ROUTER_WORDS = {
    404: "there is no page at {path}: it may have been deleted, or the address is mistyped",
    405: "{path} does not answer a {method} request",
}


def wants_page(request: Request) -> bool:
    """Whether an error should be the styled page: any path outside the JSON API, unless the
    client asked for JSON and not HTML."""
    path = request.url.path
    if path == "/api" or path.startswith("/api/"):
        return False
    accept = request.headers.get("accept", "")
    return "text/html" in accept or "json" not in accept


def invalid_request_line(errors: Sequence[Any]) -> str:
    """One line for what FastAPI found wrong with a request: 'before: input should be ...'."""
    lines = []
    for error in errors:
        where = [str(p) for p in error.get("loc", ()) if p not in ("query", "path", "body")]
        message = str(error.get("msg", "invalid value"))
        message = message[:1].lower() + message[1:]
        lines.append(f"{'.'.join(where)}: {message}" if where else message)
    more = f" (and {len(lines) - 1} more)" if len(lines) > 1 else ""
    return (lines[0] if lines else "the request is not valid") + more


def json_safe(value: Any) -> Any:
    """`value` with every NaN and infinity as text: a JSON body may carry them (Python's
    parser reads them) and a refusal echoes the input, which strict JSON cannot write."""
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if isinstance(value, dict):
        return {k: json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [json_safe(v) for v in value]
    return value


# A refusal echoes at most this many items of a list or characters of a text it refuses: a
# body of a million selectors is refused, not encoded again into the answer (seconds of CPU).
ECHOED_ITEMS = 20
ECHOED_CHARS = 200


def echoed(value: Any) -> Any:
    """What a refusal repeats of a refused input: long texts and lists cut short."""
    if isinstance(value, str):
        return value if len(value) <= ECHOED_CHARS else value[:ECHOED_CHARS] + "…"
    if isinstance(value, list | tuple):
        items = [echoed(v) for v in value[:ECHOED_ITEMS]]
        return [*items, "…"] if len(value) > ECHOED_ITEMS else items
    if isinstance(value, dict):
        return {k: echoed(v) for k, v in itertools.islice(value.items(), ECHOED_ITEMS)}
    return value


def make_templates() -> Jinja2Templates:
    # Autoescape on for every template, whatever its name: page text is never trusted.
    env = Environment(
        loader=PackageLoader("tracker.web", "templates"),
        autoescape=True,
        extensions=["jinja2.ext.loopcontrols"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(
        kind_labels=KIND_LABELS,
        kind_meanings={str(k): meaning for k, meaning in KIND_MEANINGS.items()},
        significance_meanings=SIGNIFICANCE_MEANINGS,
        status_labels=STATUS_LABELS,
        status_help=STATUS_HELP,
        version=__version__,
        kind=ChangeKind,
    )
    env.filters.update(ago=ago, when=when, duration=format_duration, as_time=as_time)
    return Jinja2Templates(env=env)


def create_app(
    settings: Settings,
    *,
    database: Database | None = None,
    allowed_hosts: Sequence[str] | None = None,
) -> FastAPI:
    """The web application. `allowed_hosts` limits the Host header (against DNS rebinding)."""
    owned = database is None
    db = database or open_database(settings.database_url)

    @contextlib.asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        if owned:
            db.dispose()

    app = FastAPI(
        title="tracker",
        version=__version__,
        description="Watched article pages, their versions and the changes flagged between them. "
        "Change records have the same shape as `tracker changes --json`.",
        docs_url=None,  # the interactive docs load scripts from a CDN: not under this CSP
        redoc_url=None,
        openapi_url="/api/openapi.json",
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.db = db
    app.state.templates = make_templates()
    app.state.metrics = registry_for(db)

    app.state.allowed_hosts = [h.lower() for h in allowed_hosts] if allowed_hosts else None
    app.middleware("http")(security_middleware)

    # Starlette's own class: an unknown path or method (raised by the router, not by a route)
    # gets the styled page too, not a bare JSON body.
    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if not wants_page(request) or exc.status_code == 401:
            return await http_exception_handler(request, exc)
        message = str(exc.detail)
        if message == HTTPStatus(exc.status_code).phrase:  # the router's words: say more
            message = ROUTER_WORDS.get(exc.status_code, message).format(
                path=request.url.path, method=request.method
            )
        return pages.error_page(request, exc.status_code, message, exc.headers)

    @app.exception_handler(RequestValidationError)
    async def _invalid_request(request: Request, exc: RequestValidationError) -> Response:
        if not wants_page(request):
            errors = [
                {**error, "input": echoed(error["input"])} if "input" in error else error
                for error in exc.errors()
            ]
            safe = RequestValidationError(json_safe(jsonable_encoder(errors)), body=exc.body)
            return await request_validation_exception_handler(request, safe)
        return pages.error_page(request, 422, invalid_request_line(exc.errors()))

    @app.exception_handler(TrackerError)
    async def _tracker_error(request: Request, exc: TrackerError) -> Response:
        status = 400 if isinstance(exc, UsageError) else 422
        if not wants_page(request):
            return JSONResponse({"detail": str(exc)}, status_code=status)
        return pages.error_page(request, status, str(exc))

    # A bug's 500 (answered by the security middleware) is a styled page for browsers too.
    app.state.error_page = lambda request: (
        pages.error_page(request, 500, "tracker failed to answer this; the log says why")
        if wants_page(request)
        else None
    )

    app.include_router(api.router, prefix="/api")
    app.include_router(outlets.api, prefix="/api")
    # Before the pages: `/sources/{id}/{action}` would take `/sources/{id}/subscriptions`.
    app.include_router(subscriptions.router)
    app.include_router(pages.router)
    app.include_router(outlets.pages)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    return app
