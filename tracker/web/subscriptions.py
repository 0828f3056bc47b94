"""A source's subscriptions on the web: add one (email, webhook, Apprise), change its alert
rules, test and remove it, and the unsubscribe link every alert email carries (RFC 8058
one-click)."""

from __future__ import annotations

import asyncio
from typing import Annotated, Any

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from tracker.alerts.channels import token_matches, token_subscription
from tracker.alerts.subscriptions import (
    shown_target,
    stored_target,
    subscribe,
    subscription_by_id,
    target_for,
)
from tracker.errors import TrackerError
from tracker.limits import in_id_range
from tracker.models import Subscription
from tracker.vocabulary import Channel
from tracker.web.common import db_of, settings_of, source_or_404
from tracker.web.forms import (
    RULE_FIELDS,
    RULE_LISTS,
    FormProblem,
    rule_form_values,
    rules_of_form,
    sent,
)
from tracker.web.pages import _require_write, render, render_source

router = APIRouter(include_in_schema=False)


def _subscription_or_404(request: Request, source_id: int, sub_id: int) -> Subscription:
    with db_of(request).session() as session:
        sub = subscription_by_id(session, source_id, sub_id)
        if sub is None:
            raise HTTPException(status_code=404, detail="no such subscription")
        session.expunge(sub)
        return sub


@router.post("/sources/{source_id}/subscriptions", response_model=None)
async def add_subscription(request: Request, source_id: int) -> Response:
    form = await request.form()
    _require_write(request, sent(form, ["csrf_token"])["csrf_token"])
    values: dict[str, Any] = {}
    try:
        values = sent(form, ("channel", "target", "secret", *RULE_FIELDS), lists=RULE_LISTS)
        chosen = target_for(
            values["channel"],
            values["target"].strip(),
            secret=values["secret"].strip() or None,
            allow_http=settings_of(request).webhook_allow_http,
        )
        rules = rules_of_form(values)
        with db_of(request).session() as session:
            source = source_or_404(session, source_id)
            done = subscribe(session, source, chosen, rules)
            shown = shown_target(done.subscription)
    except TrackerError as exc:
        # Sent back with what was typed, except a webhook's or Apprise URL and a secret:
        # credentials never go into a page.
        kept = rule_form_values(values) | {"channel": values.get("channel", "email")}
        if kept["channel"] == Channel.EMAIL:
            kept["target"] = values.get("target", "")
        problem = FormProblem("subscribe", str(exc), kept)
        return render_source(request, source_id, status_code=400, problem=problem)
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
    return RedirectResponse(f"/sources/{source_id}?done=subscribed#top", status_code=303)


@router.post("/sources/{source_id}/subscriptions/{sub_id}/rules", response_model=None)
async def change_rules(request: Request, source_id: int, sub_id: int) -> Response:
    """A subscription's alert rules, changed on the source's page (its target stays)."""
    form = await request.form()
    _require_write(request, sent(form, ["csrf_token"])["csrf_token"])
    sub = _subscription_or_404(request, source_id, sub_id)
    values: dict[str, Any] = {}
    try:
        values = sent(form, RULE_FIELDS, lists=RULE_LISTS)
        rules = rules_of_form(values)
        with db_of(request).session() as session:
            subscribe(session, source_or_404(session, source_id), stored_target(sub), rules)
    except TrackerError as exc:
        problem = FormProblem(f"rules-{sub_id}", str(exc), rule_form_values(values))
        return render_source(request, source_id, status_code=400, problem=problem)
    return RedirectResponse(f"/sources/{source_id}?done=rules#top", status_code=303)


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
    chosen = stored_target(sub)
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
