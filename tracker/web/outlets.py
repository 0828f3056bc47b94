"""Outlets on the web: a page per outlet (its articles, newest first, with their change
counts), the follow and unfollow forms, an Atom feed of its articles' changes, and the JSON
API under /api/outlets."""

from __future__ import annotations

import dataclasses
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, HTTPException, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import BaseModel, Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker.config import parse_duration
from tracker.fetch import FetchPolicy, make_client
from tracker.limits import (
    MAX_EMAIL_LENGTH,
    MAX_NAME_LENGTH,
    MAX_REGEX_LENGTH,
    MAX_URL_LENGTH,
    in_id_range,
)
from tracker.models import ChangeRecord, Outlet
from tracker.outlets.discover import discover
from tracker.outlets.policy import DEFAULT_FASTEST, DEFAULT_SLOWEST, DEFAULT_TRACK_FOR
from tracker.outlets.poll import poll_outlet
from tracker.outlets.store import (
    KINDS,
    NewOutlet,
    add_outlet,
    article_counts,
    articles_of,
    check_outlet,
    list_outlets,
    outlet_json,
    set_outlet_enabled,
    source_ids_of,
    unfollow,
)
from tracker.store import query_changes
from tracker.vocabulary import OUTLET_STATUS_LABELS
from tracker.web.common import db_of, settings_of
from tracker.web.pages import FEED_SIZE, feed_response, render, require_write
from tracker.web.security import can_write, require_api_token

pages = APIRouter(include_in_schema=False)
api = APIRouter(dependencies=[Depends(require_api_token)])


def outlet_or_404(session: Session, outlet_id: int) -> Outlet:
    outlet = session.get(Outlet, outlet_id) if in_id_range(outlet_id) else None
    if outlet is None:
        raise HTTPException(status_code=404, detail=f"no outlet with id {outlet_id}")
    return outlet


def _new_outlet(
    url: str,
    kind: str | None,
    name: str | None = None,
    match: str | None = None,
    exclude: str | None = None,
    every: str | None = None,
    track_for: str | None = None,
    notify: tuple[str, ...] = (),
) -> NewOutlet:
    interval = parse_duration(every) if every else 600
    return NewOutlet(
        url=url.strip(),
        kind=kind or "page",
        name=name or None,
        match=match or None,
        exclude=exclude or None,
        interval_seconds=interval,
        track_for_seconds=parse_duration(track_for) if track_for else DEFAULT_TRACK_FOR,
        fastest_seconds=min(DEFAULT_FASTEST, interval),
        slowest_seconds=DEFAULT_SLOWEST,
        notify=notify,
    )


async def _follow(request: Request, new: NewOutlet, detect: bool) -> tuple[Outlet, bool]:
    check_outlet(new)
    if detect:
        settings = settings_of(request)
        async with make_client(FetchPolicy.from_settings(settings)) as client:
            found = await discover(client, new.url, settings, new.request())
        new = dataclasses.replace(new, url=found.url, kind=found.kind)
    with db_of(request).session() as session:
        outlet, created = add_outlet(session, new)
        session.expunge(outlet)
    return outlet, created


# --------------------------------------------------------------------------------------------
# Pages


@pages.get("/outlets", response_class=HTMLResponse)
def outlets_page(request: Request) -> HTMLResponse:
    with db_of(request).session() as session:
        rows = list_outlets(session)
    return render(
        request, "outlets.html.j2", outlets=rows, kinds=KINDS, labels=OUTLET_STATUS_LABELS
    )


@pages.post("/outlets")
async def follow_page(
    request: Request,
    url: Annotated[str, Form(max_length=MAX_URL_LENGTH)],
    csrf_token: Annotated[str | None, Form()] = None,
    kind: Annotated[str | None, Form(max_length=20)] = None,
    name: Annotated[str | None, Form(max_length=MAX_NAME_LENGTH)] = None,
    match: Annotated[str | None, Form(max_length=MAX_REGEX_LENGTH)] = None,
    every: Annotated[str | None, Form(max_length=20)] = None,
    track_for: Annotated[str | None, Form(max_length=20)] = None,
) -> RedirectResponse:
    require_write(request, csrf_token)
    kind = kind if kind in KINDS else None
    outlet, created = await _follow(
        request,
        _new_outlet(url, kind, name, match, None, every, track_for),
        detect=kind is None,
    )
    if created:
        settings = settings_of(request)
        async with make_client(FetchPolicy.from_settings(settings)) as client:
            await poll_outlet(db_of(request), outlet.id, client, settings)
    return RedirectResponse(f"/outlets/{outlet.id}", status_code=303)


@pages.get("/outlets/{outlet_id}", response_class=HTMLResponse)
def outlet_page(request: Request, outlet_id: int) -> HTMLResponse:
    with db_of(request).session() as session:
        outlet = outlet_or_404(session, outlet_id)
        found, tracked = article_counts(session).get(outlet.id, (0, 0))
        info = outlet_json(outlet, found, tracked)
        if not can_write(request):
            info["notify"] = []
        rows = articles_of(session, outlet)
        articles = [
            {
                "source_id": r.source.id,
                "url": r.source.url,
                "title": r.source.name or r.link.title or r.source.url,
                "published_at": r.link.published_at,
                "state": r.link.state,
                "changes": r.changes,
                "last_checked_at": r.source.last_checked_at,
                "next_check_at": r.source.next_check_at if r.source.enabled else None,
            }
            for r in rows
        ]
    return render(
        request, "outlet.html.j2", outlet=info, articles=articles, labels=OUTLET_STATUS_LABELS
    )


@pages.post("/outlets/{outlet_id}/{action}")
def outlet_action(
    request: Request,
    outlet_id: int,
    action: str,
    csrf_token: Annotated[str | None, Form()] = None,
) -> RedirectResponse:
    require_write(request, csrf_token)
    with db_of(request).session() as session:
        outlet = outlet_or_404(session, outlet_id)
        if action == "unfollow":
            unfollow(session, outlet)
            return RedirectResponse("/outlets", status_code=303)
        if action not in ("pause", "resume"):
            raise HTTPException(status_code=404, detail=f"no action {action[:40]!r}")
        set_outlet_enabled(outlet, action == "resume")
    return RedirectResponse(f"/outlets/{outlet_id}", status_code=303)


@pages.get("/outlets/{outlet_id}/feed.atom")
def outlet_feed(request: Request, outlet_id: int) -> Response:
    """The changes of every article the outlet led to, newest first."""
    with db_of(request).session() as session:
        outlet = outlet_or_404(session, outlet_id)
        label = outlet.label
        ids = source_ids_of(session, outlet)
        change_ids = (
            list(
                session.scalars(
                    select(ChangeRecord.id)
                    .where(ChangeRecord.source_id.in_(ids))
                    .order_by(ChangeRecord.id.desc())
                    .limit(FEED_SIZE)
                )
            )
            if ids
            else []
        )
        records = query_changes(session, ids=change_ids) if change_ids else []
    path = f"outlets/{outlet_id}"
    return feed_response(request, records, f"tracker: {label}", f"{path}/feed.atom", path)


# --------------------------------------------------------------------------------------------
# API


class OutletIn(BaseModel):
    url: str = Field(max_length=MAX_URL_LENGTH, examples=["https://outlet.example/"])
    kind: str | None = Field(
        default=None, max_length=20, description="feed, sitemap or page; detected when absent."
    )
    name: str | None = Field(default=None, max_length=MAX_NAME_LENGTH)
    match: str | None = Field(default=None, max_length=MAX_REGEX_LENGTH)
    exclude: str | None = Field(default=None, max_length=MAX_REGEX_LENGTH)
    every: str | None = Field(default=None, max_length=40, description="Poll interval: 10m.")
    track_for: str | None = Field(default=None, max_length=40, description="14d.")
    notify: list[Annotated[str, Field(max_length=MAX_EMAIL_LENGTH)]] = Field(
        default_factory=list, max_length=100
    )


class OutletPatch(BaseModel):
    enabled: bool | None = Field(default=None, description="false pauses, true resumes.")


class OutletOut(BaseModel):
    id: int
    url: str
    name: str | None
    kind: str
    match: str | None
    exclude: str | None
    every: str
    track_for: str
    fastest: str
    slowest: str
    enabled: bool
    status: str
    flag: str | None
    articles: int
    tracked: int
    polls: int
    last_polled_at: str | None
    last_outcome: str | None
    last_error: str | None
    last_message: str | None
    next_poll_at: str | None
    notify: list[str]
    created_at: str | None


class OutletArticleOut(BaseModel):
    source_id: int
    url: str
    title: str | None
    published_at: str
    state: str
    changes: int


class PollOut(BaseModel):
    outcome: str
    new_sources: list[int]
    known: int
    error: str | None
    message: str | None


def _one(session: Session, outlet_id: int) -> dict[str, Any]:
    outlet = outlet_or_404(session, outlet_id)
    return outlet_json(outlet, *article_counts(session).get(outlet.id, (0, 0)))


@api.get("/outlets", response_model=list[OutletOut], tags=["outlets"])
def api_list_outlets(request: Request) -> list[dict[str, Any]]:
    """Every followed outlet, with how many articles it led to and its last poll."""
    with db_of(request).session() as session:
        return list_outlets(session)


@api.post("/outlets", response_model=OutletOut, status_code=201, tags=["outlets"])
async def api_follow(request: Request, body: OutletIn) -> dict[str, Any]:
    """Follow an outlet (its kind detected from the URL when not given). 409 when followed."""
    if body.kind is not None and body.kind not in KINDS:
        raise HTTPException(status_code=422, detail=f"kind must be one of {', '.join(KINDS)}")
    new = _new_outlet(
        body.url,
        body.kind,
        body.name,
        body.match,
        body.exclude,
        body.every,
        body.track_for,
        tuple(body.notify),
    )
    outlet, created = await _follow(request, new, detect=body.kind is None)
    if not created:
        raise HTTPException(status_code=409, detail=f"already followed as outlet {outlet.id}")
    with db_of(request).session() as session:
        return _one(session, outlet.id)


@api.get("/outlets/{outlet_id}", response_model=OutletOut, tags=["outlets"])
def api_get_outlet(request: Request, outlet_id: int) -> dict[str, Any]:
    with db_of(request).session() as session:
        return _one(session, outlet_id)


@api.patch("/outlets/{outlet_id}", response_model=OutletOut, tags=["outlets"])
def api_update_outlet(request: Request, outlet_id: int, body: OutletPatch) -> dict[str, Any]:
    """Pause or resume an outlet (resuming a flagged one clears its flag)."""
    with db_of(request).session() as session:
        outlet = outlet_or_404(session, outlet_id)
        if body.enabled is not None:
            set_outlet_enabled(outlet, body.enabled)
        session.flush()
        return _one(session, outlet_id)


@api.delete("/outlets/{outlet_id}", status_code=204, tags=["outlets"])
def api_unfollow(request: Request, outlet_id: int) -> Response:
    """Stop following an outlet; its articles stay watched as sources."""
    with db_of(request).session() as session:
        unfollow(session, outlet_or_404(session, outlet_id))
    return Response(status_code=204)


@api.get("/outlets/{outlet_id}/articles", response_model=list[OutletArticleOut], tags=["outlets"])
def api_articles(request: Request, outlet_id: int) -> list[dict[str, Any]]:
    """The articles an outlet led to, newest first, with their change counts."""
    with db_of(request).session() as session:
        outlet = outlet_or_404(session, outlet_id)
        return [
            {
                "source_id": r.source.id,
                "url": r.source.url,
                "title": r.source.name or r.link.title,
                "published_at": r.link.published_at.isoformat(),
                "state": r.link.state,
                "changes": r.changes,
            }
            for r in articles_of(session, outlet)
        ]


@api.post("/outlets/{outlet_id}/poll", response_model=PollOut, tags=["outlets"])
async def api_poll(request: Request, outlet_id: int) -> dict[str, Any]:
    """Poll an outlet now; its new articles become sources."""
    with db_of(request).session() as session:
        outlet_or_404(session, outlet_id)
    settings = settings_of(request)
    async with make_client(FetchPolicy.from_settings(settings)) as client:
        report = await poll_outlet(db_of(request), outlet_id, client, settings)
    return {
        "outcome": report.outcome,
        "new_sources": list(report.new),
        "known": report.known,
        "error": report.error,
        "message": report.message,
    }
