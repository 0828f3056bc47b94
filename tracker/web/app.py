"""The application factory: settings in, a FastAPI app out (pages, feeds, API, health)."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import AsyncIterator, Sequence
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exception_handlers import http_exception_handler
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
    env.filters.update(ago=ago, when=when, duration=format_duration)
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

    # Starlette's own class: an unknown path (raised by the router, not by a route) gets the
    # styled page too, not a bare JSON body.
    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if request.url.path.startswith("/api/") or exc.status_code == 401:
            return await http_exception_handler(request, exc)
        return pages.error_page(request, exc.status_code, str(exc.detail))

    @app.exception_handler(TrackerError)
    async def _tracker_error(request: Request, exc: TrackerError) -> Response:
        status = 400 if isinstance(exc, UsageError) else 422
        if request.url.path.startswith("/api/"):
            return JSONResponse({"detail": str(exc)}, status_code=status)
        return pages.error_page(request, status, str(exc))

    app.include_router(api.router, prefix="/api")
    app.include_router(outlets.api, prefix="/api")
    # Before the pages: `/sources/{id}/{action}` would take `/sources/{id}/subscriptions`.
    app.include_router(subscriptions.router)
    app.include_router(pages.router)
    app.include_router(outlets.pages)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    return app
