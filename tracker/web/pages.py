"""Server-rendered pages: dashboard, source, diff viewer, changes, feeds, login, health."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Annotated, Any
from urllib.parse import quote, urlencode, urlsplit

from fastapi import APIRouter, Form, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from sqlalchemy import select, text

from tracker.alerts.subscriptions import subscription_json
from tracker.config import parse_duration, parse_since
from tracker.errors import TrackerError
from tracker.limits import MAX_ID, check_tag
from tracker.models import ChangeRecord, Source, Version, utcnow
from tracker.significance import SIGNIFICANCE
from tracker.store import (
    NewSource,
    add_source,
    checks_of,
    edit_source,
    label_of,
    labels_of,
    query_changes,
    request_json,
    set_enabled,
    source_overviews,
    source_status,
    tag_counts,
    versions_of,
    view_series,
)
from tracker.vocabulary import OUTCOME_WORDS, SHOWN_STATUSES, ChangeKind, Outcome
from tracker.web.charts import sparkline, view_chart
from tracker.web.common import (
    SINCE_CHOICES,
    check_new_source,
    check_now,
    db_of,
    hold_for_first_check,
    refuse_unfetchable,
    source_or_404,
)
from tracker.web.diffview import diff_view
from tracker.web.feed import atom_feed, entry_id
from tracker.web.forms import (
    RULE_CHOICES,
    SETTINGS_FIELDS,
    FormProblem,
    rule_form_values,
    rule_values,
    sent,
    settings_edit,
    settings_values,
)
from tracker.web.security import (
    LOGIN_COOKIE,
    api_token_of,
    can_write,
    check_csrf,
    login_value,
    tokens_equal,
)

router = APIRouter(include_in_schema=False)

VIEW_AND_HEALTH_KINDS = {
    str(ChangeKind.VIEWS_CHANGED),
    str(ChangeKind.FETCH_FAILED),
    str(ChangeKind.SOURCE_GONE),
    str(ChangeKind.EXTRACTION_FAILED),
}
FLASH = {
    "added": "Now watching this page, and checked it for a first look.",
    "exists": "This page was already watched.",
    "paused": "Paused: no checks until you resume.",
    "resumed": "Resumed: the page will be checked shortly.",
    "deleted": "The page and its history were deleted.",
    "checked": "Checked just now.",
    "edited": "Saved: the next check follows the new settings.",
    "login": "Logged in.",
    "logout": "Logged out.",
    "subscribed": "Subscribed: alerts for this page go there too.",
    "rules": "Saved: the subscription's new rules apply to the next alerts.",
    "unsubscribed": "Unsubscribed: no more alerts there.",
}
OUTCOME_TEXT: dict[str, str] = {
    **OUTCOME_WORDS,
    Outcome.FAILED: f"{OUTCOME_WORDS[Outcome.FAILED]} (see the check log)",
}
CHANGES_PAGE = 100
FEED_SIZE = 50


def render(request: Request, name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    flash = FLASH.get(request.query_params.get("done", ""))
    outcome = OUTCOME_TEXT.get(request.query_params.get("outcome", ""))
    if flash and outcome:
        flash = f"{flash.rstrip('.')}: {outcome}."
    context.update(
        request=request,
        csrf_token=request.state.csrf_token,
        can_write=can_write(request),
        token_required=api_token_of(request) is not None,
        now=utcnow(),
        flash=flash,
    )
    response: HTMLResponse = request.app.state.templates.TemplateResponse(
        request, name, context, status_code=status_code
    )
    return response


def error_page(
    request: Request, status_code: int, message: str, headers: Mapping[str, str] | None = None
) -> HTMLResponse:
    response = render(request, "error.html.j2", status_code, status=status_code, message=message)
    response.headers.update(headers or {})  # a 405's Allow
    return response


def _require_write(request: Request, csrf_token: str | None) -> None:
    check_csrf(request, csrf_token)
    if not can_write(request):
        raise HTTPException(status_code=403, detail="log in with the API token to change things")


# For the outlets' pages (tracker/web/outlets.py).
require_write = _require_write


def _see_other(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


# --------------------------------------------------------------------------------------------
# Dashboard


@router.get("/", response_class=HTMLResponse)
def dashboard(
    request: Request,
    status: Annotated[str | None, Query()] = None,
    q: Annotated[str | None, Query(max_length=200)] = None,
    tag: Annotated[str | None, Query(max_length=40)] = None,
) -> HTMLResponse:
    status = status if status in SHOWN_STATUSES else None
    with db_of(request).session() as session:
        tags = tag_counts(session)
        tag = tag if tag in {t for t, _ in tags} else None
        everything = source_overviews(session, search=q or None, tag=tag)
    counts = {s: sum(1 for o in everything if o.status == s) for s in SHOWN_STATUSES}
    shown = [o for o in everything if status is None or o.status == status]
    rows = [{"o": o, "spark": sparkline(o.views, until=o.source.last_checked_at)} for o in shown]
    return render(
        request,
        "dashboard.html.j2",
        rows=rows,
        counts=counts,
        total=len(everything),
        status=status,
        q=q or "",
        statuses=SHOWN_STATUSES,
        changes_24h=sum(o.changes_24h for o in everything),
        tag=tag,
        tags=tags,
    )


@router.post("/sources")
async def add_page(
    request: Request,
    url: Annotated[str, Form(max_length=2048)],
    csrf_token: Annotated[str | None, Form()] = None,
    name: Annotated[str | None, Form(max_length=300)] = None,
    every: Annotated[str | None, Form(max_length=20)] = None,
) -> RedirectResponse:
    _require_write(request, csrf_token)
    settings = request.app.state.settings
    interval = parse_duration(every or settings.default_interval)
    refuse_unfetchable(request, url.strip())
    with db_of(request).session() as session:
        source, created = add_source(
            session, NewSource(url=url.strip(), name=name or None, interval_seconds=interval)
        )
        if created:
            hold_for_first_check(request, source)
        source_id = source.id
    if not created:
        return _see_other(f"/sources/{source_id}?done=exists")
    # The first look at once, as "Check now" takes it: the page shows what was found.
    report = await check_new_source(request, source_id)
    return _see_other(f"/sources/{source_id}?done=added&outcome={report.outcome}")


# --------------------------------------------------------------------------------------------
# One source


def _timeline(versions: list[Version], records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Newest first: each check that stored a version or raised a flag, with its flags.

    A version and the flags of the check that stored it share one timestamp (the check's end).
    """
    events: dict[str, dict[str, Any]] = {}
    for version in versions:
        key = version.fetched_at.isoformat()
        events[key] = {"at": version.fetched_at, "version": version, "records": []}
    for rec in records:
        event = events.setdefault(
            rec["detected_at"],
            {"at": dt.datetime.fromisoformat(rec["detected_at"]), "version": None, "records": []},
        )
        event["records"].append(rec)
    return sorted(events.values(), key=lambda e: e["at"], reverse=True)


@router.get("/sources/{source_id}", response_class=HTMLResponse)
def source_page(request: Request, source_id: int) -> HTMLResponse:
    return render_source(request, source_id)


def render_source(
    request: Request, source_id: int, *, status_code: int = 200, problem: FormProblem | None = None
) -> HTMLResponse:
    """A source's page; `problem`: one of its forms sent back with what was wrong with it."""
    with db_of(request).session() as session:
        source = source_or_404(session, source_id)
        versions = list(versions_of(session, source))
        records = query_changes(session, source=source)
        checks = list(checks_of(session, source, limit=30))
        series = view_series(session, [source.id]).get(source.id, [])
        # Email addresses are personal data: with a token configured, only for those with it.
        # Webhook and Apprise URLs are credentials: masked even then.
        subscribers = [
            subscription_json(sub) | {"form": rule_values(sub)} for sub in source.subscriptions
        ]
        hidden = 0 if can_write(request) else len(subscribers)
        if hidden:
            subscribers = []
        seq_of = {v.id: v.seq for v in versions}
        label, tags = label_of(session, source), source.tags
    latest = versions[-1] if versions else None
    return render(
        request,
        "source.html.j2",
        status_code,
        problem=problem,
        settings_form=settings_values(source),
        rule_choices=RULE_CHOICES,
        new_rules=rule_form_values({}),
        source=source,
        label=label,
        tags=tags,
        status=source_status(source),
        versions=versions,
        latest=latest,
        timeline=_timeline(versions, records),
        checks=checks,
        seq_of=seq_of,
        chart=view_chart(series, until=source.last_checked_at),
        views_now=series[-1][1] if series else None,
        views_first=series[0][1] if series else None,
        subscribers=subscribers,
        hidden_subscribers=hidden,
        change_count=len(records),
        # Header values and proxy credentials are secrets: the page only ever sees them masked.
        fetching=request_json(source),
    )


@router.post("/sources/{source_id}/check")
async def check_page(
    request: Request, source_id: int, csrf_token: Annotated[str | None, Form()] = None
) -> RedirectResponse:
    _require_write(request, csrf_token)
    with db_of(request).session() as session:
        source_or_404(session, source_id)
    report = await check_now(request, source_id)
    return _see_other(f"/sources/{source_id}?done=checked&outcome={report.outcome}")


@router.post("/sources/{source_id}/edit", response_model=None)
async def edit_page(request: Request, source_id: int) -> Response:
    """The settings form of a source's page: name, schedule, extraction overrides, fetching."""
    form = await request.form()
    _require_write(request, sent(form, ["csrf_token"])["csrf_token"])
    values: dict[str, Any] = {}
    try:
        values = sent(form, SETTINGS_FIELDS)
        edit = settings_edit(values)
        with db_of(request).session() as session:
            edit_source(source_or_404(session, source_id), edit)
    except TrackerError as exc:
        # (what was typed comes back, but for the secrets: header values, a proxy's password)
        shown = {**values, "headers": "", "proxy": ""}
        problem = FormProblem("settings", str(exc), shown)
        return render_source(request, source_id, status_code=400, problem=problem)
    # "#top": the form was sent to "#settings", which the page would otherwise keep.
    return _see_other(f"/sources/{source_id}?done=edited#top")


@router.post("/sources/{source_id}/{action}")
def source_action(
    request: Request,
    source_id: int,
    action: str,
    csrf_token: Annotated[str | None, Form()] = None,
) -> RedirectResponse:
    if action not in ("pause", "resume", "delete"):
        raise HTTPException(status_code=404, detail="no such action")
    _require_write(request, csrf_token)
    with db_of(request).session() as session:
        source = source_or_404(session, source_id)
        if action == "delete":
            session.delete(source)
            return _see_other("/?done=deleted")
        set_enabled(source, action == "resume")
    return _see_other(f"/sources/{source_id}?done={action}d")


@router.get("/sources/{source_id}/diff", response_class=HTMLResponse)
def diff_page(
    request: Request,
    source_id: int,
    from_: Annotated[int | None, Query(alias="from", ge=0, le=MAX_ID)] = None,
    to: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
    mode: Annotated[str, Query(pattern="^(inline|side)$")] = "inline",
) -> HTMLResponse:
    with db_of(request).session() as session:
        source = source_or_404(session, source_id)
        versions = list(versions_of(session, source))
        label = label_of(session, source)
    by_seq = {v.seq: v for v in versions}
    if not versions:
        return render(
            request, "diff.html.j2", source=source, label=label, versions=[], view=None, mode=mode
        )
    new = by_seq.get(to) if to is not None else versions[-1]
    if new is None:
        raise HTTPException(status_code=404, detail=f"this page has no version {to}")
    old_seq = from_ if from_ is not None else new.seq - 1
    old = by_seq.get(old_seq) if old_seq >= 1 else None
    if old_seq >= 1 and old is None:
        raise HTTPException(status_code=404, detail=f"this page has no version {old_seq}")
    return render(
        request,
        "diff.html.j2",
        source=source,
        label=label,
        versions=versions,
        view=diff_view(old, new),
        mode=mode,
    )


# --------------------------------------------------------------------------------------------
# Changes and feeds


@router.get("/changes", response_class=HTMLResponse)
def changes_page(
    request: Request,
    kind: Annotated[list[str] | None, Query()] = None,
    source: Annotated[int | None, Query()] = None,
    since: Annotated[str | None, Query(max_length=40)] = None,
    before: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
    significance: Annotated[list[str] | None, Query(max_length=20)] = None,
    views: Annotated[str | None, Query(max_length=10)] = None,
) -> HTMLResponse:
    kinds = [k for k in kind or [] if k in {str(c) for c in ChangeKind}]
    classes = [c for c in significance or [] if c in SIGNIFICANCE]
    # View counts move at every check and would crowd out the edits: hidden unless asked for
    # (views=show, or the view-count kind chosen), as alerts leave them out by default.
    show_views = views == "show" or str(ChangeKind.VIEWS_CHANGED) in kinds
    wanted = kinds or [str(c) for c in ChangeKind if show_views or c != ChangeKind.VIEWS_CHANGED]
    with db_of(request).session() as session:
        chosen = source_or_404(session, source) if source else None
        records = query_changes(
            session,
            source=chosen,
            since=parse_since(since),
            kinds=wanted,
            limit=CHANGES_PAGE,
            before_id=before,
            significance=classes,
        )
        labels = labels_of(session, session.scalars(select(Source.id)).all())
        sources = sorted(labels.items())
    records.reverse()
    older = records[-1]["id"] if len(records) == CHANGES_PAGE else None
    query: list[tuple[str, str | int]] = [("source", source)] if source else []
    query += [("kind", k) for k in kinds] + [("significance", c) for c in classes]
    query += [("since", since)] if since else []
    return render(
        request,
        "changes.html.j2",
        records=records,
        views_shown=show_views,
        views_chosen=str(ChangeKind.VIEWS_CHANGED) in kinds,
        # The filters as they stand, for the links that page back or show/hide view counts.
        query=urlencode(query + ([("views", "show")] if show_views else [])),
        views_toggle="/changes?" + urlencode(query + ([] if show_views else [("views", "show")])),
        kinds=kinds,
        all_kinds=[str(c) for c in ChangeKind],
        classes=classes,
        all_classes=SIGNIFICANCE,
        source_id=source,
        sources=sources,
        since=since or "",
        since_choices=SINCE_CHOICES,
        older=older,
        chosen=chosen,
        chosen_label=labels.get(chosen.id) if chosen else None,
    )


def _base_url(request: Request) -> str:
    """Where the feed's links start: TRACKER_BASE_URL (also used by alert links) when set,
    else this application's root path, so that readers resolve the links against the feed's
    own address. Never the request's Host header: anyone can send one, and a cache in front
    would then hand their links to every reader."""
    public: str | None = getattr(request.app.state.settings, "base_url", None)
    if public:
        return public.rstrip("/") + "/"
    root: str = request.scope.get("root_path", "")
    return root.rstrip("/") + "/"


def change_link(base: str, rec: dict[str, Any]) -> str:
    # A text change links to its diff; views and health flags to the page's own report.
    if rec["previous_version"] is not None or (
        rec["version"] == 1 and rec["kind"] not in VIEW_AND_HEALTH_KINDS
    ):
        start = rec["previous_version"] or 0
        return f"{base}sources/{rec['source_id']}/diff?from={start}&to={rec['version']}"
    return f"{base}sources/{rec['source_id']}"


def _feed(request: Request, source: Source | None, tag: str | None = None) -> Response:
    with db_of(request).session() as session:
        records = query_changes(session, source=source, limit=FEED_SIZE, tag=tag)
        label = label_of(session, source) if source is not None else None
    if source is None:
        if tag is not None:
            path = f"feed.atom?tag={quote(tag, safe='')}"
            page = f"?tag={quote(tag, safe='')}"
            return feed_response(request, records, f"tracker: changes tagged {tag}", path, page)
        return feed_response(request, records, "tracker: all changes", "feed.atom", "changes")
    return feed_response(
        request,
        records,
        f"tracker: {label}",
        f"sources/{source.id}/feed.atom",
        f"sources/{source.id}",
    )


def feed_response(
    request: Request, records: list[dict[str, Any]], title: str, path: str, page: str
) -> Response:
    """An Atom feed of change records (oldest first), newest entry first; `path` and `page`
    are the feed's and its page's addresses below the base URL."""
    base = _base_url(request)
    records = list(reversed(records))
    entry = request.app.state.templates.get_template("feed_entry.html.j2")
    body = atom_feed(
        records,
        title=title,
        feed_url=base + path,
        page_url=base + page,
        base_url=base,
        # An Atom id must be absolute: without a base URL it is a tag URI, like the entries'.
        feed_id=None if urlsplit(base).hostname else entry_id(base, path),
        link_of=lambda rec: change_link(base, rec),
        content_of=lambda rec: entry.render(rec=rec, link=change_link(base, rec)),
        updated=utcnow(),
    )
    return Response(body, media_type="application/atom+xml; charset=utf-8")


@router.get("/feed.atom")
def feed(request: Request, tag: Annotated[str | None, Query(max_length=40)] = None) -> Response:
    """Every change, newest first; `?tag=` only those of the sources that carry the tag."""
    return _feed(request, None, check_tag(tag) if tag else None)


@router.get("/sources/{source_id}/feed.atom")
def source_feed(request: Request, source_id: int) -> Response:
    with db_of(request).session() as session:
        source = source_or_404(session, source_id)
    return _feed(request, source)


# --------------------------------------------------------------------------------------------
# Login (only meaningful with TRACKER_API_TOKEN set)


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request) -> HTMLResponse:
    return render(request, "login.html.j2", error=None)


@router.post("/login", response_model=None)
def login(
    request: Request,
    token: Annotated[str, Form(max_length=500)],
    csrf_token: Annotated[str | None, Form()] = None,
) -> Response:
    check_csrf(request, csrf_token)
    expected = api_token_of(request)
    if expected is None:
        return _see_other("/")
    if not tokens_equal(token.strip(), expected):
        return render(request, "login.html.j2", 403, error="That is not the token.")
    response = _see_other("/?done=login")
    response.set_cookie(
        LOGIN_COOKIE,
        login_value(expected),
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
        max_age=30 * 86400,
    )
    return response


@router.post("/logout")
def logout(request: Request, csrf_token: Annotated[str | None, Form()] = None) -> Response:
    check_csrf(request, csrf_token)
    response = _see_other("/?done=logout")
    response.delete_cookie(LOGIN_COOKIE)
    return response


# --------------------------------------------------------------------------------------------
# Operations


@router.get("/healthz")
def healthz(request: Request) -> JSONResponse:
    try:
        with db_of(request).session() as session:
            session.execute(text("SELECT 1"))
            session.execute(select(ChangeRecord.id).limit(1))
    except Exception as exc:  # any failure to reach or read the database is "unhealthy"
        return JSONResponse(
            {"status": "error", "database": f"{type(exc).__name__}"}, status_code=503
        )
    return JSONResponse({"status": "ok", "database": "ok"})


@router.get("/metrics")
def metrics(request: Request) -> Response:
    # The counts tell what is watched and how it fares: with a token configured, a scraper
    # sends it (Prometheus: `authorization: {credentials: TOKEN}`), or a logged-in browser.
    if not can_write(request):
        return Response(
            "a valid API token is required: Authorization: Bearer <TRACKER_API_TOKEN>\n",
            status_code=401,
            media_type="text/plain",
            headers={"WWW-Authenticate": "Bearer"},
        )
    return Response(generate_latest(request.app.state.metrics), media_type=CONTENT_TYPE_LATEST)
