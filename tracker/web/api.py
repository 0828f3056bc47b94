"""The JSON API under /api/: sources, checks, versions, diffs, views, change records and a
source's subscriptions.

Change records have exactly the shape of `tracker changes --json` (store.change_json). With
TRACKER_API_TOKEN set, every call needs `Authorization: Bearer <token>`.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request, Response
from pydantic import AliasChoices, BaseModel, ConfigDict, Field
from sqlalchemy.orm import Session

from tracker.alerts.subscriptions import (
    MAX_SECRET_LENGTH,
    find_subscription,
    rule_args,
    rules_from,
    stored_target,
    subscribe,
    subscription_by_id,
    subscription_json,
    target_for,
)
from tracker.config import parse_duration, parse_since
from tracker.diff import KIND_MEANINGS, ChangeKind, diff_articles
from tracker.errors import UsageError
from tracker.limits import (
    MAX_EMAIL_LENGTH,
    MAX_ID,
    MAX_NAME_LENGTH,
    MAX_RECIPIENTS,
    MAX_REGEX_LENGTH,
    MAX_SELECTOR_LENGTH,
    MAX_SELECTORS,
    MAX_TAG_LENGTH,
    MAX_TAGS,
    MAX_URL_LENGTH,
)
from tracker.models import Check, Source, Subscription, Version
from tracker.request_options import MAX_HEADER_LENGTH, MAX_HEADERS, MAX_USER_AGENT_LENGTH
from tracker.significance import SIGNIFICANCE_MEANINGS, Significance
from tracker.store import (
    NewSource,
    SourceEdit,
    add_source,
    article_of,
    checks_of,
    edit_source,
    find_source,
    query_changes,
    request_columns,
    sources_json,
    version_by_seq,
    versions_of,
    view_series,
)
from tracker.store import (
    list_sources as all_sources,
)
from tracker.vocabulary import Channel
from tracker.web.common import (
    check_now,
    db_of,
    refuse_unfetchable,
    settings_of,
    source_or_404,
)
from tracker.web.security import require_api_token

router = APIRouter(dependencies=[Depends(require_api_token)])


# Bounded here so that a huge body is refused by its size before anything looks inside it.
Selector = Annotated[str, Field(max_length=MAX_SELECTOR_LENGTH)]
Email = Annotated[str, Field(max_length=MAX_EMAIL_LENGTH)]
Every = Annotated[str, Field(max_length=40, description="Check interval: 30s, 15m, 2h, 1d.")]
Tag = Annotated[str, Field(max_length=MAX_TAG_LENGTH)]
Cron = Annotated[
    str, Field(max_length=200, description="A five-field cron schedule in UTC: */15 * * * *.")
]


HeaderLine = Annotated[
    str,
    Field(
        max_length=MAX_HEADER_LENGTH,
        description="A request header 'Name: value' (a secret: shown masked, stored as given).",
    ),
]
Render = Annotated[str, Field(max_length=20, description="plain or browser.")]


class RequestIn(BaseModel):
    """The request options a source is created or patched with (see `tracker add --help`)."""

    render: Render | None = None
    wait_for: Selector | None = None
    headers: list[HeaderLine] | None = Field(default=None, max_length=MAX_HEADERS)
    user_agent: str | None = Field(default=None, max_length=MAX_USER_AGENT_LENGTH)
    proxy: str | None = Field(default=None, max_length=MAX_URL_LENGTH)

    def columns(self, given: set[str]) -> dict[str, object]:
        """The checked columns of the options given; null clears one, as '' does."""
        return request_columns(
            render=self.render if "render" in given else None,
            wait_for=_cleared(self.wait_for, "wait_for" in given),
            headers=(self.headers or []) if "headers" in given else None,
            user_agent=_cleared(self.user_agent, "user_agent" in given),
            proxy=_cleared(self.proxy, "proxy" in given),
        )


def _cleared(value: str | None, given: bool) -> str | None:
    return (value or "") if given else None


class SourceIn(RequestIn):
    url: str = Field(max_length=MAX_URL_LENGTH, examples=["https://example.com/news/article-1"])
    name: str | None = Field(default=None, max_length=MAX_NAME_LENGTH)
    every: Every | None = None
    cron: Cron | None = None
    body_selector: Selector | None = None
    exclude_selectors: list[Selector] = Field(default=[], max_length=MAX_SELECTORS)
    views_selector: Selector | None = None
    views_regex: str | None = Field(default=None, max_length=MAX_REGEX_LENGTH)
    notify: list[Email] = Field(
        default=[], max_length=MAX_RECIPIENTS, description="Email addresses to alert."
    )
    tags: list[Tag] = Field(default=[], max_length=MAX_TAGS)


class SourcePatch(RequestIn):
    name: str | None = Field(default=None, max_length=MAX_NAME_LENGTH)
    every: Every | None = None
    cron: Cron | None = None
    enabled: bool | None = None
    body_selector: Selector | None = None
    exclude_selectors: list[Selector] | None = Field(default=None, max_length=MAX_SELECTORS)
    views_selector: Selector | None = None
    views_regex: str | None = Field(default=None, max_length=MAX_REGEX_LENGTH)
    notify: list[Email] | None = Field(default=None, max_length=MAX_RECIPIENTS)
    tags: list[Tag] | None = Field(
        default=None, max_length=MAX_TAGS, description="Replaces the source's tags."
    )


class SourceOut(BaseModel):
    id: int
    url: str
    name: str | None
    label: str = Field(description="What the page is called: its name, else its headline.")
    headline: str | None = Field(default=None, description="The latest version's headline.")
    tags: list[str] = []
    every: str
    cron: str | None = None
    interval_seconds: int
    enabled: bool
    status: str
    consecutive_failures: int
    last_checked_at: str | None
    last_changed_at: str | None
    next_check_at: str | None
    created_at: str | None
    body_selector: str | None
    exclude_selectors: list[str]
    views_selector: str | None
    views_regex: str | None
    notify: list[str]
    render: str = "plain"
    wait_for: str | None = None
    headers: list[str] = Field(default=[], description="Header names, the values masked.")
    user_agent: str | None = None
    proxy: str | None = Field(default=None, description="The proxy, its credentials masked.")


_KINDS_DOC = "; ".join(f"`{k}`: {meaning}" for k, meaning in KIND_MEANINGS.items())
_SIGNIFICANCE_DOC = "; ".join(f"`{c}`: {meaning}" for c, meaning in SIGNIFICANCE_MEANINGS.items())


class ChangeOut(BaseModel):
    """A change record, as `tracker changes --json` prints it."""

    id: int
    url: str
    source: str
    source_id: int
    version: int | None
    previous_version: int | None
    kind: str = Field(description=f"One of the change vocabulary: {_KINDS_DOC}.")
    summary: str
    detail: dict[str, Any] = Field(
        description="Specifics of the kind. Edits and title changes (and splits and merges "
        "that changed words) have `significance`, a list of classes from: "
        f"{_SIGNIFICANCE_DOC}. Splits and merges have `old_indexes`, `new_indexes` and "
        "`edited`; a headline rotation has `headlines`; a `published_date_changed` has "
        "`old`, `new` and `backdated`. Edits, moves, splits, merges and title changes of a "
        'page that states a modified time or an "Updated" note have `silent`: true when '
        "the text changed while both stayed as they were, false when either moved."
    )
    detected_at: str


class FlagOut(BaseModel):
    kind: str
    summary: str
    detail: dict[str, Any]


class CheckOut(BaseModel):
    id: int
    started_at: str
    finished_at: str | None
    outcome: str
    http_status: int | None
    bytes: int | None
    duration: float | None
    attempts: int
    error: str | None
    message: str | None
    final_url: str | None
    version: int | None


class CheckNowOut(BaseModel):
    source_id: int
    url: str
    outcome: str
    version: int | None
    error: str | None
    message: str | None
    views: int | None
    changes: list[FlagOut]


class VersionSummary(BaseModel):
    version: int
    fetched_at: str
    title: str
    paragraphs: int
    content_hash: str
    views: int | None


class VersionOut(BaseModel):
    version: int
    fetched_at: str
    title: str
    paragraphs: list[str]
    meta: dict[str, Any]
    content_hash: str


class DiffOut(BaseModel):
    source_id: int
    from_version: int | None
    to_version: int
    changes: list[FlagOut]


class ViewOut(BaseModel):
    observed_at: str
    views: int


def _source(session: Session, source_id: int) -> Source:
    return source_or_404(session, source_id)


@router.get("/sources", response_model=list[SourceOut], tags=["sources"])
def list_sources(request: Request) -> list[dict[str, Any]]:
    """Every watched page with its state."""
    with db_of(request).session() as session:
        return sources_json(session, all_sources(session))


@router.post("/sources", response_model=SourceOut, status_code=201, tags=["sources"])
def create_source(request: Request, body: SourceIn) -> dict[str, Any]:
    """Start watching a page. 409 when the URL is already watched."""
    if body.every and body.cron:
        raise UsageError("use either every or cron, not both")
    refuse_unfetchable(request, body.url)
    interval = parse_duration(body.every or settings_of(request).default_interval)
    with db_of(request).session() as session:
        source, created = add_source(
            session,
            NewSource(
                url=body.url,
                name=body.name,
                interval_seconds=interval,
                cron=body.cron,
                body_selector=body.body_selector,
                exclude_selectors=tuple(body.exclude_selectors),
                views_selector=body.views_selector,
                views_regex=body.views_regex,
                notify=tuple(body.notify),
                render=body.render,
                wait_for=body.wait_for,
                headers=tuple(body.headers or ()),
                user_agent=body.user_agent,
                proxy=body.proxy,
                tags=tuple(body.tags),
            ),
        )
        if not created:
            raise HTTPException(
                status_code=409, detail=f"already watched as source {source.id}: {source.url}"
            )
        return sources_json(session, [source])[0]


@router.get("/sources/{source_id}", response_model=SourceOut, tags=["sources"])
def get_source(request: Request, source_id: int) -> dict[str, Any]:
    with db_of(request).session() as session:
        return sources_json(session, [_source(session, source_id)])[0]


@router.patch("/sources/{source_id}", response_model=SourceOut, tags=["sources"])
def update_source(request: Request, source_id: int, body: SourcePatch) -> dict[str, Any]:
    """Change a source's name, schedule, extraction overrides or recipients; pause/resume."""
    given = body.model_fields_set

    def given_text(field: str) -> str | None:
        # Sent as null or "": cleared; not sent: left as it is.
        return (getattr(body, field) or "") if field in given else None

    with db_of(request).session() as session:
        source = _source(session, source_id)
        options = body.columns(given)  # (checked before anything is changed)
        edit_source(
            source,
            SourceEdit(
                name=given_text("name"),
                interval_seconds=parse_duration(body.every) if body.every else None,
                cron=body.cron or None,
                body_selector=given_text("body_selector"),
                exclude_selectors=(
                    (body.exclude_selectors or []) if "exclude_selectors" in given else None
                ),
                views_selector=given_text("views_selector"),
                views_regex=given_text("views_regex"),
                notify=(body.notify or []) if "notify" in given else None,
                enabled=body.enabled if "enabled" in given else None,
                tags=(body.tags or []) if "tags" in given else None,
                request=options,
            ),
        )
        session.flush()
        return sources_json(session, [source])[0]


@router.delete("/sources/{source_id}", status_code=204, tags=["sources"])
def delete_source(request: Request, source_id: int) -> Response:
    """Stop watching a page and delete its history."""
    with db_of(request).session() as session:
        session.delete(_source(session, source_id))
    return Response(status_code=204)


@router.post("/sources/{source_id}/check", response_model=CheckNowOut, tags=["checks"])
async def trigger_check(request: Request, source_id: int) -> dict[str, Any]:
    """Check the page now and return what was found (the flags are stored as usual)."""
    with db_of(request).session() as session:
        _source(session, source_id)
    report = await check_now(request, source_id)
    return {
        "source_id": report.source_id,
        "url": report.url,
        "outcome": report.outcome,
        "version": report.version,
        "error": report.error,
        "message": report.message,
        "views": report.views,
        "changes": [
            {"kind": str(c.kind), "summary": c.summary, "detail": c.detail} for c in report.changes
        ],
    }


@router.get("/sources/{source_id}/checks", response_model=list[CheckOut], tags=["checks"])
def list_checks(
    request: Request, source_id: int, limit: Annotated[int, Query(ge=1, le=1000)] = 50
) -> list[dict[str, Any]]:
    """The newest attempts to check the page, newest first."""
    with db_of(request).session() as session:
        source = _source(session, source_id)
        seq = {v.id: v.seq for v in versions_of(session, source)}
        return [_check_json(c, seq) for c in checks_of(session, source, limit=limit)]


def _check_json(check: Check, seq: dict[int, int]) -> dict[str, Any]:
    return {
        "id": check.id,
        "started_at": check.started_at.isoformat(),
        "finished_at": check.finished_at.isoformat() if check.finished_at else None,
        "outcome": check.outcome,
        "http_status": check.http_status,
        "bytes": check.bytes,
        "duration": check.duration,
        "attempts": check.attempts,
        "error": check.error,
        "message": check.message,
        "final_url": check.final_url,
        "version": seq.get(check.version_id) if check.version_id else None,
    }


@router.get("/sources/{source_id}/versions", response_model=list[VersionSummary], tags=["versions"])
def list_versions(request: Request, source_id: int) -> list[dict[str, Any]]:
    """The stored versions of the page, oldest first."""
    with db_of(request).session() as session:
        return [
            {
                "version": v.seq,
                "fetched_at": v.fetched_at.isoformat(),
                "title": v.title,
                "paragraphs": len(v.paragraphs),
                "content_hash": v.content_hash,
                "views": (v.meta or {}).get("views"),
            }
            for v in versions_of(session, _source(session, source_id))
        ]


@router.get("/sources/{source_id}/versions/{seq}", response_model=VersionOut, tags=["versions"])
def get_version(request: Request, source_id: int, seq: int) -> dict[str, Any]:
    with db_of(request).session() as session:
        version = _version(session, _source(session, source_id), seq)
        return {
            "version": version.seq,
            "fetched_at": version.fetched_at.isoformat(),
            "title": version.title,
            "paragraphs": list(version.paragraphs),
            "meta": dict(version.meta or {}),
            "content_hash": version.content_hash,
        }


def _version(session: Session, source: Source, seq: int) -> Version:
    try:
        return version_by_seq(session, source, seq)
    except Exception:
        raise HTTPException(status_code=404, detail=f"no version {seq}") from None


@router.get("/sources/{source_id}/diff", response_model=DiffOut, tags=["versions"])
def diff_versions(
    request: Request,
    source_id: int,
    from_: Annotated[int | None, Query(alias="from", ge=0, le=MAX_ID)] = None,
    to: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
) -> dict[str, Any]:
    """The flags between any two versions (default: the latest against the one before)."""
    with db_of(request).session() as session:
        source = _source(session, source_id)
        versions = versions_of(session, source)
        if not versions:
            raise HTTPException(status_code=404, detail="no versions yet")
        new = _version(session, source, to) if to is not None else versions[-1]
        old_seq = from_ if from_ is not None else new.seq - 1
        old = _version(session, source, old_seq) if old_seq >= 1 else None
        found = diff_articles(article_of(old) if old else None, article_of(new))
        return {
            "source_id": source.id,
            "from_version": old.seq if old else None,
            "to_version": new.seq,
            "changes": [
                {"kind": str(c.kind), "summary": c.summary, "detail": c.detail} for c in found
            ],
        }


@router.get("/sources/{source_id}/views", response_model=list[ViewOut], tags=["versions"])
def list_views(request: Request, source_id: int) -> list[dict[str, Any]]:
    """View-count observations, oldest first (one whenever the count moved)."""
    with db_of(request).session() as session:
        source = _source(session, source_id)
        series = view_series(session, [source.id]).get(source.id, [])
    return [{"observed_at": t.isoformat(), "views": v} for t, v in series]


@router.get("/changes", response_model=list[ChangeOut], tags=["changes"])
def list_changes(
    request: Request,
    source: Annotated[
        str | None, Query(max_length=MAX_URL_LENGTH, description="URL, id or name of a source.")
    ] = None,
    kind: Annotated[
        list[ChangeKind] | None, Query(max_length=50, description="Only these kinds.")
    ] = None,
    significance: Annotated[
        list[Significance] | None,
        Query(
            max_length=20,
            description="Only changes that carry one of these significance classes "
            "(detail.significance of edits, title changes, splits and merges).",
        ),
    ] = None,
    since: Annotated[
        str | None, Query(max_length=40, description="24h, 7d or an ISO time.")
    ] = None,
    limit: Annotated[int | None, Query(ge=1, le=10000, description="Only the newest N.")] = None,
    before: Annotated[
        int | None, Query(ge=1, le=MAX_ID, description="Only records older than this id.")
    ] = None,
    tag: Annotated[
        str | None, Query(max_length=40, description="Only the sources that carry this tag.")
    ] = None,
    oldest_first: Annotated[
        bool, Query(description="Oldest first (the default is newest first).")
    ] = False,
) -> list[dict[str, Any]]:
    """Change records, newest first (to page back, pass the last one's id as `before`): the
    same array as `tracker changes --json`."""
    with db_of(request).session() as session:
        chosen = find_source(session, source) if source else None
        records = query_changes(
            session,
            source=chosen,
            since=parse_since(since),
            kinds=[str(k) for k in kind or []],
            limit=limit,
            before_id=before,
            significance=[str(c) for c in significance or []],
            tag=tag,
        )
    return records if oldest_first else records[::-1]


# --------------------------------------------------------------------------------------------
# A source's subscriptions: the same checks and operations as `tracker subscribe` and the web
# forms (tracker.alerts.subscriptions); here only the JSON around them.

RuleWord = Annotated[str, Field(max_length=100)]


class RulesIn(BaseModel):
    """Alert rules (see `tracker subscribe --help`); in a PATCH, null resets one to its
    default and a field not sent stays as it is."""

    # A misspelt rule would otherwise be dropped without a word.
    model_config = ConfigDict(extra="forbid")

    kinds: list[RuleWord] | None = Field(
        default=None, max_length=100, description="Change kinds that alert, or ['all']."
    )
    significance: list[RuleWord] | None = Field(
        default=None, max_length=50, description="Only edits that carry one of these classes."
    )
    min_views_delta: int | None = None
    min_views_percent: float | None = None
    digest: str | None = Field(
        default=None, max_length=20, description="immediate, hourly or daily."
    )
    digest_hour: int | None = Field(default=None, description="The daily digest's hour, UTC.")

    def args(self, given: set[str]) -> dict[str, Any]:
        """The fields given, as `rules_from` takes them (null: the default)."""
        defaults: dict[str, Any] = {"kinds": [], "significance": [], "digest": "immediate"}
        return {
            name: defaults.get(name) if getattr(self, name) is None else getattr(self, name)
            for name in given
        }


class SubscriptionIn(RulesIn):
    channel: str = Field(max_length=20, description="email, webhook or apprise.")
    target: str = Field(
        max_length=MAX_URL_LENGTH,
        validation_alias=AliasChoices("target", "address"),
        description="The email address, webhook URL or Apprise URL (also accepted as address).",
    )
    secret: str | None = Field(
        default=None,
        max_length=MAX_SECRET_LENGTH + 1,  # one more, for target_of to say what is allowed
        description="A webhook's signing secret (16 or more characters); made when not given.",
    )


class SubscriptionOut(BaseModel):
    id: int
    source_id: int
    channel: str
    target: str = Field(
        description="An email address in full; a webhook or Apprise URL masked, with a "
        "fingerprint to tell targets apart."
    )
    rules: str = Field(description="The rules in a few words.")
    kinds: list[str] | None
    significance: list[str] | None
    min_views_delta: int | None
    min_views_percent: float | None
    digest: str
    digest_hour: int | None
    mode: str
    created_at: str | None


class SubscriptionCreated(SubscriptionOut):
    secret: str | None = Field(
        default=None,
        description="A webhook's signing secret: in this answer only, never shown again.",
    )


def _subscription(session: Session, source_id: int, sub_id: int) -> Subscription:
    _source(session, source_id)
    sub = subscription_by_id(session, source_id, sub_id)
    if sub is None:
        raise HTTPException(status_code=404, detail=f"no subscription {sub_id} on this source")
    return sub


@router.get(
    "/sources/{source_id}/subscriptions",
    response_model=list[SubscriptionOut],
    tags=["subscriptions"],
)
def list_subscriptions(request: Request, source_id: int) -> list[dict[str, Any]]:
    """Who gets the page's alerts, by which channel and rules (webhook and Apprise URLs
    masked, secrets absent)."""
    with db_of(request).session() as session:
        source = _source(session, source_id)
        return [subscription_json(sub) for sub in sorted(source.subscriptions, key=_by_id)]


def _by_id(sub: Subscription) -> int:
    return sub.id


@router.post(
    "/sources/{source_id}/subscriptions",
    response_model=SubscriptionCreated,
    status_code=201,
    tags=["subscriptions"],
)
def create_subscription(request: Request, source_id: int, body: SubscriptionIn) -> dict[str, Any]:
    """Subscribe an email address, a webhook or an Apprise URL to the page's alerts. A
    webhook's signing secret is in this answer and never again. 409 when the target is
    subscribed already (PATCH its rules instead)."""
    target = target_for(
        body.channel,
        body.target,
        secret=body.secret,
        allow_http=settings_of(request).webhook_allow_http,
    )
    rules = rules_from(**body.args(body.model_fields_set & set(RulesIn.model_fields)))
    with db_of(request).session() as session:
        source = _source(session, source_id)
        existing = find_subscription(session, source, target)
        if existing is not None:
            raise HTTPException(
                status_code=409, detail=f"already subscribed as subscription {existing.id}"
            )
        sub = subscribe(session, source, target, rules).subscription
        shown_secret = sub.secret if target.channel is Channel.WEBHOOK else None
        return subscription_json(sub) | {"secret": shown_secret}


@router.get(
    "/sources/{source_id}/subscriptions/{sub_id}",
    response_model=SubscriptionOut,
    tags=["subscriptions"],
)
def get_subscription(request: Request, source_id: int, sub_id: int) -> dict[str, Any]:
    with db_of(request).session() as session:
        return subscription_json(_subscription(session, source_id, sub_id))


@router.patch(
    "/sources/{source_id}/subscriptions/{sub_id}",
    response_model=SubscriptionOut,
    tags=["subscriptions"],
)
def update_subscription(
    request: Request, source_id: int, sub_id: int, body: RulesIn
) -> dict[str, Any]:
    """Change a subscription's rules (its channel and target stay: subscribe anew for
    another)."""
    with db_of(request).session() as session:
        sub = _subscription(session, source_id, sub_id)
        rules = rules_from(**(rule_args(sub) | body.args(body.model_fields_set)))
        subscribe(session, _source(session, source_id), stored_target(sub), rules)
        return subscription_json(sub)


@router.delete(
    "/sources/{source_id}/subscriptions/{sub_id}", status_code=204, tags=["subscriptions"]
)
def delete_subscription(request: Request, source_id: int, sub_id: int) -> Response:
    """End one subscription."""
    with db_of(request).session() as session:
        session.delete(_subscription(session, source_id, sub_id))
    return Response(status_code=204)
