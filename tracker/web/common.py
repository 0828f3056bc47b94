"""Helpers shared by the pages and the API."""

from __future__ import annotations

import httpx
from fastapi import HTTPException, Request
from sqlalchemy.orm import Session

from tracker.config import Settings
from tracker.db import Database
from tracker.fetch import FetchPolicy, make_client
from tracker.limits import in_id_range
from tracker.models import Source
from tracker.pipeline import CheckReport, check_one

SINCE_CHOICES = {"24h": "last 24 hours", "7d": "last 7 days", "30d": "last 30 days"}


def db_of(request: Request) -> Database:
    db: Database = request.app.state.db
    return db


def settings_of(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def source_or_404(session: Session, source_id: int) -> Source:
    # An id no row can have is not looked up: the database would refuse the number itself.
    source = session.get(Source, source_id) if in_id_range(source_id) else None
    if source is None:
        raise HTTPException(status_code=404, detail=f"no source with id {source_id}")
    return source


async def check_now(request: Request, source_id: int) -> CheckReport:
    """Check one source right away, from the web process (the same pipeline as the service)."""
    settings = settings_of(request)
    client: httpx.AsyncClient
    async with make_client(FetchPolicy.from_settings(settings)) as client:
        return await check_one(db_of(request), source_id, client, settings)
