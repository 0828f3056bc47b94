"""Helpers shared by the pages and the API."""

from __future__ import annotations

import datetime as dt

import httpx
from fastapi import HTTPException, Request
from sqlalchemy.orm import Session

from tracker.config import Settings, parse_duration
from tracker.db import Database
from tracker.errors import TrackerError, UsageError
from tracker.fetch import make_client
from tracker.models import Source, utcnow
from tracker.pipeline import CheckReport, check_one

SINCE_CHOICES = {"24h": "last 24 hours", "7d": "last 7 days", "30d": "last 30 days"}


def db_of(request: Request) -> Database:
    db: Database = request.app.state.db
    return db


def settings_of(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def parse_since(text: str | None) -> dt.datetime | None:
    """'24h', '7d' (that long ago) or an ISO date/time; empty means no limit."""
    if not text:
        return None
    try:
        return utcnow() - dt.timedelta(seconds=parse_duration(text))
    except TrackerError:
        pass
    try:
        when = dt.datetime.fromisoformat(text)
    except ValueError:
        raise UsageError(f"invalid since {text!r}: use e.g. 24h, 7d or 2024-07-06T13:00") from None
    return when if when.tzinfo else when.replace(tzinfo=dt.UTC)


def source_or_404(session: Session, source_id: int) -> Source:
    source = session.get(Source, source_id)
    if source is None:
        raise HTTPException(status_code=404, detail=f"no source with id {source_id}")
    return source


async def check_now(request: Request, source_id: int) -> CheckReport:
    """Check one source right away, from the web process (the same pipeline as the service)."""
    settings = settings_of(request)
    client: httpx.AsyncClient
    async with make_client(settings.fetch_policy) as client:
        return await check_one(db_of(request), source_id, client, settings)
