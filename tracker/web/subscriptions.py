"""A source's subscriptions on the web: add, remove and test one (email, webhook, Apprise),
and the unsubscribe link every alert email carries (RFC 8058 one-click)."""

from __future__ import annotations

import asyncio
from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from tracker.alerts.channels import token_matches, token_subscription
from tracker.alerts.subscriptions import (
    Target,
    rules_from,
    shown_target,
    subscribe,
    target_of,
)
from tracker.limits import in_id_range
from tracker.models import Subscription
from tracker.vocabulary import Channel
from tracker.web.common import db_of, settings_of, source_or_404
from tracker.web.pages import _require_write, render

router = APIRouter(include_in_schema=False)

TextField = Annotated[str | None, Form(max_length=4096)]


def _subscription_or_404(request: Request, source_id: int, sub_id: int) -> Subscription:
    with db_of(request).session() as session:
        sub = session.get(Subscription, sub_id) if in_id_range(sub_id) else None
        if sub is None or sub.source_id != source_id:
            raise HTTPException(status_code=404, detail="no such subscription")
        session.expunge(sub)
        return sub


@router.post("/sources/{source_id}/subscriptions", response_model=None)
def add_subscription(
    request: Request,
    source_id: int,
    channel: Annotated[str, Form(max_length=20)],
    target: Annotated[str, Form(max_length=4096)],
    secret: TextField = None,
    kinds: TextField = None,
    digest: Annotated[str, Form(max_length=20)] = "immediate",
    csrf_token: Annotated[str | None, Form()] = None,
) -> Response:
    _require_write(request, csrf_token)
    target = target.strip()
    given = {"email": None, "webhook": None, "apprise": None} | {channel: target}
    if len(given) != 3:
        raise HTTPException(status_code=400, detail="choose email, webhook or Apprise")
    chosen = target_of(
        email=given["email"],
        webhook=given["webhook"],
        apprise=given["apprise"],
        secret=(secret or "").strip() or None,
        allow_http=settings_of(request).webhook_allow_http,
    )
    rules = rules_from(kinds=[kinds] if kinds else (), digest=digest)
    with db_of(request).session() as session:
        source = source_or_404(session, source_id)
        done = subscribe(session, source, chosen, rules)
        shown = shown_target(done.subscription)
    if done.new_secret:
        # Shown once, on this page only: never in a URL, a log or a later page.
        return render(
            request,
            "subscription.html.j2",
            source_id=source_id,
            heading="Webhook subscribed",
            message=f"{shown} now gets this page's alerts.",
            secret=done.new_secret,
        )
    return RedirectResponse(f"/sources/{source_id}?done=subscribed", status_code=303)


@router.post("/sources/{source_id}/subscriptions/{sub_id}/remove")
def remove_subscription(
    request: Request,
    source_id: int,
    sub_id: int,
    csrf_token: Annotated[str | None, Form()] = None,
) -> RedirectResponse:
    _require_write(request, csrf_token)
    _subscription_or_404(request, source_id, sub_id)
    with db_of(request).session() as session:
        sub = session.get(Subscription, sub_id)
        if sub is not None:
            session.delete(sub)
    return RedirectResponse(f"/sources/{source_id}?done=unsubscribed", status_code=303)


@router.post("/sources/{source_id}/subscriptions/{sub_id}/test", response_class=HTMLResponse)
async def test_subscription(
    request: Request,
    source_id: int,
    sub_id: int,
    csrf_token: Annotated[str | None, Form()] = None,
) -> HTMLResponse:
    from tracker.jobs.alerts import send_test

    _require_write(request, csrf_token)
    sub = _subscription_or_404(request, source_id, sub_id)
    channel = Channel(sub.channel)
    chosen = Target(channel, sub.email if channel is Channel.EMAIL else sub.target or "", None)
    answer = await asyncio.to_thread(
        send_test, settings_of(request), chosen.channel, chosen.address, sub.secret
    )
    return render(
        request,
        "subscription.html.j2",
        200 if answer.delivered else 502,
        source_id=source_id,
        heading="Test sent" if answer.delivered else "Test failed",
        message=f"{sub.channel} {shown_target(sub)}: {answer.text}",
        secret=None,
    )


def _claimed(request: Request, token: str) -> Subscription:
    sub_id = token_subscription(token)
    with db_of(request).session() as session:
        sub = session.get(Subscription, sub_id) if sub_id and in_id_range(sub_id) else None
        if sub is None or not token_matches(token, sub.id, sub.secret):
            raise HTTPException(
                status_code=404,
                detail="this unsubscribe link is not valid: the subscription may be gone already",
            )
        session.expunge(sub)
        return sub


@router.get("/unsubscribe/{token}", response_class=HTMLResponse)
def unsubscribe_form(request: Request, token: str) -> HTMLResponse:
    # A GET never unsubscribes: mail scanners follow links. The form (or the mail client's
    # one-click POST) does.
    sub = _claimed(request, token[:100])
    return render(request, "unsubscribe.html.j2", token=token, target=shown_target(sub), done=False)


@router.post("/unsubscribe/{token}", response_class=HTMLResponse)
def unsubscribe_now(request: Request, token: str) -> HTMLResponse:
    # RFC 8058: the mail client POSTs "List-Unsubscribe=One-Click" with no cookie and no
    # form token; the signed token in the path is the whole authorisation.
    sub = _claimed(request, token[:100])
    with db_of(request).session() as session:
        found = session.get(Subscription, sub.id)
        if found is not None:
            session.delete(found)
    return render(request, "unsubscribe.html.j2", token=token, target=shown_target(sub), done=True)
