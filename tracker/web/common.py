"""Helpers shared by the pages and the API."""

from __future__ import annotations

import datetime as dt
import os
import socket

import httpx
from fastapi import HTTPException, Request
from sqlalchemy.orm import Session

from tracker.config import Settings
from tracker.db import Database
from tracker.errors import ConfigError, UsageError
from tracker.fetch import FetchPolicy, make_client, refused_host, validate_url
from tracker.limits import in_id_range
from tracker.models import Source, utcnow
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


def refuse_unfetchable(request: Request, url: str) -> None:
    """A page every check would refuse (a private address while those are not allowed) is
    refused when it is added, with the reason (400), rather than failing at its first check."""
    try:
        normal = validate_url(url)
    except ConfigError:
        return  # said by add_source, with the rest of what is wrong with the URL
    reason = refused_host(
        normal, allow_private_networks=settings_of(request).allow_private_networks
    )
    if reason is not None:
        raise UsageError(reason)


async def check_now(
    request: Request, source_id: int, *, lease_owner: str | None = None
) -> CheckReport:
    """Check one source right away, from the web process (the same pipeline as the service)."""
    settings = settings_of(request)
    client: httpx.AsyncClient
    async with make_client(FetchPolicy.from_settings(settings)) as client:
        return await check_one(db_of(request), source_id, client, settings, lease_owner=lease_owner)


# The web process's name in a lease: a source it is checking is not claimed by a service.
WEB_LEASE_OWNER = f"{socket.gethostname()[:120]}:{os.getpid()}:web"


def hold_for_first_check(request: Request, source: Source) -> None:
    """Lease a source just added to this web process, which checks it at once (check_new_source):
    a service running beside it finds the source due but leased, and so never checks it a
    second time in the same moment. Should the web's check never finish, the lease runs out
    and the service checks the source as it does any other due one."""
    lease = dt.timedelta(seconds=settings_of(request).lease_seconds)
    source.lease_owner, source.lease_until = WEB_LEASE_OWNER, utcnow() + lease


async def check_new_source(request: Request, source_id: int) -> CheckReport:
    """A page added on the web gets its first check at once, as "Check now" does it."""
    return await check_now(request, source_id, lease_owner=WEB_LEASE_OWNER)
