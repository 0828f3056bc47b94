"""SQLAlchemy 2.0 typed models: sources, checks (the audit log), versions, view counts, changes.

The alembic migrations mirror these exactly; tests/test_migrations.py compares the two.
"""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from tracker.vocabulary import AlertStatus, Channel, SourceStatus


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _new_key() -> str:
    return secrets.token_urlsafe(32)


class UTCDateTime(TypeDecorator[dt.datetime]):
    """Timezone-aware UTC datetimes on every backend (SQLite has no time zones)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            value = value.replace(tzinfo=dt.UTC)
        value = value.astimezone(dt.UTC)
        # SQLite compares datetimes as text: store them naive so ordering stays correct.
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(
        self, value: dt.datetime | None, dialect: Dialect
    ) -> dt.datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


JSONType = JSON().with_variant(JSONB(), "postgresql")

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Source(Base):
    __tablename__ = "sources"
    __table_args__ = (
        # The claim's order over the sources it may claim (jobs/claim.py, migration 0008).
        Index(
            "ix_sources_due",
            "next_check_at",
            "id",
            postgresql_where=text("enabled IS true"),
            sqlite_where=text("enabled IS 1"),
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    url: Mapped[str] = mapped_column(String(2048), unique=True)
    name: Mapped[str | None] = mapped_column(String(300))
    interval_seconds: Mapped[int] = mapped_column(Integer, default=3600)
    cron: Mapped[str | None] = mapped_column(String(120))
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)

    # Extraction overrides
    body_selector: Mapped[str | None] = mapped_column(String(500))
    exclude_selectors: Mapped[list[str]] = mapped_column(JSONType, default=list)
    views_selector: Mapped[str | None] = mapped_column(String(500))
    views_regex: Mapped[str | None] = mapped_column(String(500))

    # Conditional GET validators from the last successful fetch
    etag: Mapped[str | None] = mapped_column(String(500))
    last_modified: Mapped[str | None] = mapped_column(String(100))
    # Hash of the last page body that extracted cleanly (with the extractor and options of the
    # time): the same body again is the same article, so it is not extracted again.
    body_hash: Mapped[str | None] = mapped_column(String(64))

    # Scheduling and leases (the database is the queue)
    next_check_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    lease_owner: Mapped[str | None] = mapped_column(String(200))
    lease_until: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    # Request options (tracker.request_options): how the page is fetched (NULL: plain), the
    # selector a browser waits for, headers as given ([name, value] pairs: secrets, shown
    # masked), a user agent, a proxy URL.
    render: Mapped[str | None] = mapped_column(String(20))
    wait_for: Mapped[str | None] = mapped_column(String(500))
    request_headers: Mapped[list[list[str]] | None] = mapped_column(JSONType)
    user_agent: Mapped[str | None] = mapped_column(String(500))
    proxy: Mapped[str | None] = mapped_column(String(2048))

    # Scraper health
    status: Mapped[str] = mapped_column(String(30), default=SourceStatus.NEW.value)
    consecutive_failures: Mapped[int] = mapped_column(Integer, default=0)
    last_checked_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    last_changed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    versions: Mapped[list[Version]] = relationship(
        back_populates="source", cascade="all, delete-orphan", passive_deletes=True
    )
    subscriptions: Mapped[list[Subscription]] = relationship(
        back_populates="source", cascade="all, delete-orphan", passive_deletes=True
    )
    tag_links: Mapped[list[SourceTag]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="SourceTag.tag"
    )

    @property
    def label(self) -> str:
        return self.name or self.url

    @property
    def tags(self) -> list[str]:
        return [link.tag for link in self.tag_links]


class Check(Base):
    """One row per attempt to check a source: when we looked and what we saw."""

    __tablename__ = "checks"
    __table_args__ = (Index("ix_checks_source_started", "source_id", "started_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id", ondelete="CASCADE"))
    # Indexed for `tracker status` (checks per minute) and for pruning old checks.
    started_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    finished_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    outcome: Mapped[str] = mapped_column(String(20))
    http_status: Mapped[int | None] = mapped_column(Integer)
    bytes: Mapped[int | None] = mapped_column(BigInteger)
    duration: Mapped[float | None] = mapped_column(Float)
    attempts: Mapped[int] = mapped_column(Integer, default=1)
    error: Mapped[str | None] = mapped_column(String(60))
    message: Mapped[str | None] = mapped_column(Text)
    final_url: Mapped[str | None] = mapped_column(String(2048))
    version_id: Mapped[int | None] = mapped_column(ForeignKey("versions.id", ondelete="SET NULL"))


class Version(Base):
    """A distinct article text of a source; a new row only when the title or text changed."""

    __tablename__ = "versions"
    __table_args__ = (UniqueConstraint("source_id", "seq", name="uq_versions_source_seq"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id", ondelete="CASCADE"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    content_hash: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(Text, default="")
    paragraphs: Mapped[list[str]] = mapped_column(JSONType, default=list)
    meta: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    fetched_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    # zlib-compressed HTML the version was extracted from, so extraction can be re-run
    raw_html: Mapped[bytes | None] = mapped_column(LargeBinary)

    source: Mapped[Source] = relationship(back_populates="versions")


class ViewCount(Base):
    """A time series of view-count observations; never a text version of its own."""

    __tablename__ = "view_counts"
    __table_args__ = (Index("ix_view_counts_source_observed", "source_id", "observed_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id", ondelete="CASCADE"))
    check_id: Mapped[int | None] = mapped_column(ForeignKey("checks.id", ondelete="SET NULL"))
    observed_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    views: Mapped[int] = mapped_column(BigInteger)


class ChangeRecord(Base):
    """A flag raised by a check: one row per change in the public change vocabulary."""

    __tablename__ = "changes"
    __table_args__ = (
        Index("ix_changes_source_detected", "source_id", "detected_at"),
        Index("ix_changes_detected", "detected_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id", ondelete="CASCADE"))
    check_id: Mapped[int | None] = mapped_column(ForeignKey("checks.id", ondelete="SET NULL"))
    version_id: Mapped[int | None] = mapped_column(ForeignKey("versions.id", ondelete="CASCADE"))
    previous_version_id: Mapped[int | None] = mapped_column(
        ForeignKey("versions.id", ondelete="SET NULL")
    )
    kind: Mapped[str] = mapped_column(String(40), index=True)
    summary: Mapped[str] = mapped_column(Text)
    detail: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    detected_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    # detail["significance"] as ",number,quote,": a LIKE finds a class on any database
    # without JSON functions. None for kinds without significance.
    significance: Mapped[str | None] = mapped_column(String(200))


class Subscription(Base):
    """Who gets alerts about a source, through which channel, by which rules.

    `email` is the subscription's identity within its source: the address for email, and for
    the other channels a digest of the target URL (`tracker.alerts.channels.subscription_key`),
    never the URL itself, which is a credential and lives in `target`.
    """

    __tablename__ = "subscriptions"
    __table_args__ = (UniqueConstraint("source_id", "email", name="uq_subscriptions_source_email"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id", ondelete="CASCADE"))
    email: Mapped[str] = mapped_column(String(320))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Alert rules; None means the default (every kind but views_changed, no view threshold).
    kinds: Mapped[list[str] | None] = mapped_column(JSONType)
    min_views_delta: Mapped[int | None] = mapped_column(Integer)
    min_views_percent: Mapped[float | None] = mapped_column(Float)
    # "immediate", "hourly" or "daily" (at digest_hour, UTC)
    mode: Mapped[str] = mapped_column(String(20), default="immediate", server_default="immediate")
    digest_hour: Mapped[int | None] = mapped_column(Integer)
    # Significance classes that alert (None: any); see tracker.significance.
    significance: Mapped[list[str] | None] = mapped_column(JSONType)
    channel: Mapped[str] = mapped_column(
        String(20), default=Channel.EMAIL.value, server_default=Channel.EMAIL.value
    )
    # The webhook or Apprise URL (None for email).
    target: Mapped[str | None] = mapped_column(Text)
    # Signs this subscription's webhooks and its unsubscribe links.
    secret: Mapped[str | None] = mapped_column(String(200), default=_new_key)

    source: Mapped[Source] = relationship(back_populates="subscriptions")


class Alert(Base):
    """The outbox: one row per (check, recipient), written in the check's own transaction.

    The idempotency key is unique, so a check can never enqueue the same alert twice, and the
    email's Message-ID is derived from it, so a mail client drops the rare duplicate sent after
    a crash between "sent" and "marked as sent".
    """

    __tablename__ = "alerts"
    __table_args__ = (Index("ix_alerts_status_due", "status", "due_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(400), unique=True)
    recipient: Mapped[str] = mapped_column(String(320))
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id", ondelete="CASCADE"))
    check_id: Mapped[int | None] = mapped_column(ForeignKey("checks.id", ondelete="SET NULL"))
    change_ids: Mapped[list[int]] = mapped_column(JSONType, default=list)
    mode: Mapped[str] = mapped_column(String(20), default="immediate")
    # pending -> sent, or dead after too many failed attempts
    status: Mapped[str] = mapped_column(String(20), default=AlertStatus.PENDING.value)
    due_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    lease_owner: Mapped[str | None] = mapped_column(String(200))
    lease_until: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(Text)
    message_id: Mapped[str | None] = mapped_column(String(300))
    sent_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    channel: Mapped[str] = mapped_column(
        String(20), default=Channel.EMAIL.value, server_default=Channel.EMAIL.value
    )
    # The subscription it goes to (None for the global recipients of TRACKER_ALERT_RECIPIENTS);
    # removing a subscription drops what was still queued for it.
    subscription_id: Mapped[int | None] = mapped_column(
        ForeignKey("subscriptions.id", ondelete="CASCADE"), index=True
    )
    # What the receiver answered to the last attempt (a 2xx's status line, a 4xx's body...).
    last_answer: Mapped[str | None] = mapped_column(Text)


class Outlet(Base):
    """A feed, sitemap or section page whose new articles become sources by themselves."""

    __tablename__ = "outlets"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    url: Mapped[str] = mapped_column(String(2048), unique=True)
    name: Mapped[str | None] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(20))  # feed, sitemap or page
    match: Mapped[str | None] = mapped_column(String(500))
    exclude: Mapped[str | None] = mapped_column(String(500))
    interval_seconds: Mapped[int] = mapped_column(Integer, default=600)  # between polls
    track_for_seconds: Mapped[int] = mapped_column(Integer, default=14 * 86400)
    # Bounds of its articles' revisits (tracker.outlets.policy)
    fastest_seconds: Mapped[int] = mapped_column(Integer, default=600)
    slowest_seconds: Mapped[int] = mapped_column(Integer, default=86400)
    # Given to the sources it adds (a source added by hand keeps its own)
    notify: Mapped[list[str]] = mapped_column(JSONType, default=list)
    body_selector: Mapped[str | None] = mapped_column(String(500))
    exclude_selectors: Mapped[list[str]] = mapped_column(JSONType, default=list)
    # Request options given to the sources it adds (as on Source)
    render: Mapped[str | None] = mapped_column(String(20))
    wait_for: Mapped[str | None] = mapped_column(String(500))
    request_headers: Mapped[list[list[str]] | None] = mapped_column(JSONType)
    user_agent: Mapped[str | None] = mapped_column(String(500))
    proxy: Mapped[str | None] = mapped_column(String(2048))

    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    # new, ok, failing, or flagged (paused for review, reason in `flag`)
    status: Mapped[str] = mapped_column(String(30), default="new")
    flag: Mapped[str | None] = mapped_column(Text)
    etag: Mapped[str | None] = mapped_column(String(500))
    last_modified: Mapped[str | None] = mapped_column(String(100))
    next_poll_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, index=True)
    lease_owner: Mapped[str | None] = mapped_column(String(200))
    lease_until: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    polls: Mapped[int] = mapped_column(Integer, default=0)
    consecutive_failures: Mapped[int] = mapped_column(Integer, default=0)
    last_polled_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    last_outcome: Mapped[str | None] = mapped_column(String(30))
    last_error: Mapped[str | None] = mapped_column(String(60))
    last_message: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    @property
    def label(self) -> str:
        return self.name or self.url


class OutletArticle(Base):
    """A URL an outlet listed: the article it became (a source), or a link seen on a page's
    first poll (no source: it was there before tracker looked)."""

    __tablename__ = "outlet_articles"
    __table_args__ = (UniqueConstraint("outlet_id", "url", name="uq_outlet_articles_outlet_url"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    outlet_id: Mapped[int] = mapped_column(ForeignKey("outlets.id", ondelete="CASCADE"))
    url: Mapped[str] = mapped_column(String(2048), index=True)  # normalised, as listed
    source_id: Mapped[int | None] = mapped_column(
        ForeignKey("sources.id", ondelete="SET NULL"), index=True
    )
    title: Mapped[str | None] = mapped_column(Text)
    # When the outlet says it appeared, else when tracker first saw it
    published_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    first_seen_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    # tracked, baseline (on the page before the first poll), retired
    state: Mapped[str] = mapped_column(String(20), default="tracked")
    adopted: Mapped[bool] = mapped_column(Boolean, default=False)  # the source existed before
    # Its source's redirects and canonical link were looked at (store.reconcile)
    settled: Mapped[bool] = mapped_column(Boolean, default=False)
    retired_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)


class SourceTag(Base):
    """A tag of a source (`tracker add --tag`): lists, reports and feeds filter by it."""

    __tablename__ = "source_tags"
    __table_args__ = (UniqueConstraint("source_id", "tag", name="uq_source_tags_source_tag"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id", ondelete="CASCADE"))
    tag: Mapped[str] = mapped_column(String(40), index=True)


class Worker(Base):
    """A `tracker run` or `tracker worker` process, as it last said it was alive: how
    `tracker status` knows whether a service is running."""

    __tablename__ = "workers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    owner: Mapped[str] = mapped_column(String(200), unique=True)
    housekeeping: Mapped[bool] = mapped_column(Boolean, default=False)
    started_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    seen_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    stopped_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
