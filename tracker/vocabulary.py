"""The words tracker stores and shows: check outcomes, source statuses, change kinds, alert
states, and the labels people read for them. Every other module spells them from here.

The values are stored in the database and printed in JSON, so they never change; the labels and
meanings are free text for people.
"""

from __future__ import annotations

from enum import StrEnum


class Outcome(StrEnum):
    """What one check found (checks.outcome)."""

    CHANGED = "changed"
    UNCHANGED = "unchanged"
    NOT_MODIFIED = "not_modified"
    FAILED = "failed"


# What each outcome means, in the words of the CLI's check lines and the web's notices.
OUTCOME_WORDS: dict[str, str] = {
    Outcome.CHANGED: "a new version was stored",
    Outcome.UNCHANGED: "the article is unchanged",
    Outcome.NOT_MODIFIED: "the server said nothing changed (304)",
    Outcome.FAILED: "the check failed",
}
# The same, counted: `tracker status`'s "last hour: 12 checks: 2 with a new version, ...".
OUTCOME_COUNTS: dict[str, str] = {
    Outcome.CHANGED: "with a new version",
    Outcome.UNCHANGED: "unchanged",
    Outcome.NOT_MODIFIED: "not modified (304)",
    Outcome.FAILED: "failed",
}


class SourceStatus(StrEnum):
    """A source's health as the scraper last saw it (sources.status)."""

    NEW = "new"
    OK = "ok"
    FAILING = "failing"
    GONE = "gone"
    EXTRACTION_FAILED = "extraction_failed"


# Shown instead of the stored status while a source's checks are switched off; never stored.
PAUSED = "paused"

# The stored statuses that mean something is wrong with the page or the scraper.
FAILING_STATUSES = (SourceStatus.FAILING, SourceStatus.GONE, SourceStatus.EXTRACTION_FAILED)

# Every status a person can see, in the dashboard filter's order.
SHOWN_STATUSES = (
    SourceStatus.OK,
    SourceStatus.FAILING,
    SourceStatus.GONE,
    SourceStatus.EXTRACTION_FAILED,
    PAUSED,
    SourceStatus.NEW,
)

STATUS_LABELS: dict[str, str] = {
    SourceStatus.OK: "OK",
    SourceStatus.FAILING: "Failing",
    SourceStatus.GONE: "Gone",
    SourceStatus.EXTRACTION_FAILED: "Extraction failed",
    PAUSED: "Paused",
    SourceStatus.NEW: "Not checked yet",
}
STATUS_HELP: dict[str, str] = {
    SourceStatus.OK: "The last check fetched the page and found the article.",
    SourceStatus.FAILING: "Several checks in a row could not fetch the page.",
    SourceStatus.GONE: "The page answered 404 or 410: it was deleted or moved.",
    SourceStatus.EXTRACTION_FAILED: "The page was fetched but no article (or far less text) "
    "was found.",
    PAUSED: "Checks are switched off; the history is kept.",
    SourceStatus.NEW: "Added but not checked yet.",
}


class OutletStatus(StrEnum):
    """How an outlet's polls go (outlets.status); shown as "paused" while its polls are off."""

    NEW = "new"
    OK = "ok"
    FAILING = "failing"
    FLAGGED = "flagged"  # paused for review: a flood of new URLs in one poll


OUTLET_STATUS_LABELS: dict[str, str] = {
    OutletStatus.OK: "OK",
    OutletStatus.FAILING: "Failing",
    OutletStatus.FLAGGED: "Flagged for review",
    PAUSED: "Paused",
    OutletStatus.NEW: "Not polled yet",
}


class PollOutcome(StrEnum):
    """What one poll of an outlet found (outlets.last_outcome; "removed" is only reported)."""

    OK = "ok"
    NOT_MODIFIED = "not_modified"
    FAILED = "failed"
    FLAGGED = "flagged"  # a flood of new URLs: the outlet was paused for review
    REMOVED = "removed"  # unfollowed while the poll ran


class OutletArticleState(StrEnum):
    """What became of a URL an outlet listed (outlet_articles.state)."""

    TRACKED = "tracked"  # its source is checked on the revisit schedule
    BASELINE = "baseline"  # listed before tracker looked, or in a flood: seen, not followed
    RETIRED = "retired"  # older than the outlet's tracking time: no more checks, history kept


class AlertStatus(StrEnum):
    """Where an alert is in the outbox (alerts.status)."""

    PENDING = "pending"
    SENT = "sent"
    DEAD = "dead"


class Channel(StrEnum):
    """How a subscription is told (subscriptions.channel, alerts.channel)."""

    EMAIL = "email"
    WEBHOOK = "webhook"
    APPRISE = "apprise"


class ChangeKind(StrEnum):
    """What a flag says happened (README, "Change vocabulary"); stored and exported as is."""

    PARAGRAPH_EDITED = "paragraph_edited"
    PARAGRAPH_ADDED = "paragraph_added"
    PARAGRAPH_REMOVED = "paragraph_removed"
    PARAGRAPH_MOVED = "paragraph_moved"
    PARAGRAPH_SPLIT = "paragraph_split"
    PARAGRAPH_MERGED = "paragraph_merged"
    DUPLICATE_PARAGRAPH = "duplicate_paragraph"
    TITLE_CHANGED = "title_changed"
    HEADLINE_ROTATION = "headline_rotation"
    ARTICLE_REWRITTEN = "article_rewritten"
    PUBLISHED_DATE_CHANGED = "published_date_changed"
    VIEWS_CHANGED = "views_changed"
    EXTRACTION_FAILED = "extraction_failed"
    FETCH_FAILED = "fetch_failed"
    SOURCE_GONE = "source_gone"


# The one home of what each kind means: the CLI's help, the API schema and the web read it
# (the README's table says the same in more words).
KIND_MEANINGS: dict[ChangeKind, str] = {
    ChangeKind.PARAGRAPH_EDITED: "a paragraph's text changed but it is recognisably the same "
    "paragraph (detail: old, new, word diff, significance)",
    ChangeKind.PARAGRAPH_ADDED: "a paragraph with no counterpart in the previous version",
    ChangeKind.PARAGRAPH_REMOVED: "a paragraph of the previous version with no counterpart now",
    ChangeKind.PARAGRAPH_MOVED: "same text, but its order relative to the other paragraphs changed",
    ChangeKind.PARAGRAPH_SPLIT: "one paragraph became two or more consecutive ones (detail: "
    "old and new paragraph numbers, word diff if words changed too)",
    ChangeKind.PARAGRAPH_MERGED: "two or more consecutive paragraphs became one",
    ChangeKind.DUPLICATE_PARAGRAPH: "a paragraph text occurs more than once, and more often "
    "than before",
    ChangeKind.TITLE_CHANGED: "the headline changed (detail: significance)",
    ChangeKind.HEADLINE_ROTATION: "the headline went back to one the page showed before: "
    "headlines being rotated; one per episode, listing the headlines in play",
    ChangeKind.ARTICLE_REWRITTEN: "most paragraphs of a long article changed: one change "
    "with the old, new and unchanged paragraph counts, not one per paragraph",
    ChangeKind.PUBLISHED_DATE_CHANGED: "the publication time the page states moved "
    "(backdated or re-dated; detail: old, new, backdated)",
    ChangeKind.VIEWS_CHANGED: "the view count differs from the last observation",
    ChangeKind.EXTRACTION_FAILED: "the page was fetched but yielded no article body, or far "
    "less than before",
    ChangeKind.FETCH_FAILED: "the page failed N times in a row (and once when it recovers)",
    ChangeKind.SOURCE_GONE: "the page answered 404 or 410",
}


# The kinds about the scraper's health rather than the article: they belong to no version.
HEALTH_KINDS = frozenset(
    {ChangeKind.FETCH_FAILED, ChangeKind.SOURCE_GONE, ChangeKind.EXTRACTION_FAILED}
)

KIND_LABELS: dict[str, str] = {
    ChangeKind.PARAGRAPH_EDITED: "Paragraph edited",
    ChangeKind.PARAGRAPH_ADDED: "Paragraph added",
    ChangeKind.PARAGRAPH_REMOVED: "Paragraph removed",
    ChangeKind.PARAGRAPH_MOVED: "Paragraph moved",
    ChangeKind.PARAGRAPH_SPLIT: "Paragraph split",
    ChangeKind.PARAGRAPH_MERGED: "Paragraphs merged",
    ChangeKind.DUPLICATE_PARAGRAPH: "Duplicated paragraph",
    ChangeKind.TITLE_CHANGED: "Headline changed",
    ChangeKind.HEADLINE_ROTATION: "Headlines rotating",
    ChangeKind.ARTICLE_REWRITTEN: "Article rewritten",
    ChangeKind.PUBLISHED_DATE_CHANGED: "Published date changed",
    ChangeKind.VIEWS_CHANGED: "View count changed",
    ChangeKind.EXTRACTION_FAILED: "Extraction failed",
    ChangeKind.FETCH_FAILED: "Fetching failed",
    ChangeKind.SOURCE_GONE: "Page gone",
}

# The verb of each paragraph kind in an alert's subject line ("2 paragraphs edited").
PARAGRAPH_VERBS: dict[ChangeKind, str] = {
    ChangeKind.PARAGRAPH_EDITED: "edited",
    ChangeKind.PARAGRAPH_ADDED: "added",
    ChangeKind.PARAGRAPH_REMOVED: "removed",
    ChangeKind.PARAGRAPH_MOVED: "moved",
    ChangeKind.PARAGRAPH_SPLIT: "split",
    ChangeKind.PARAGRAPH_MERGED: "merged",
}

# The order in which a check's changes are named when one line sums them up (the dashboard's
# "Last change"): what a reader would want to hear first. The page's health, then the
# headline and what touches the whole article, then the paragraphs, the view count last.
KIND_PROMINENCE: tuple[ChangeKind, ...] = (
    ChangeKind.SOURCE_GONE,
    ChangeKind.FETCH_FAILED,
    ChangeKind.EXTRACTION_FAILED,
    ChangeKind.TITLE_CHANGED,
    ChangeKind.HEADLINE_ROTATION,
    ChangeKind.ARTICLE_REWRITTEN,
    ChangeKind.PUBLISHED_DATE_CHANGED,
    ChangeKind.PARAGRAPH_EDITED,
    ChangeKind.PARAGRAPH_ADDED,
    ChangeKind.PARAGRAPH_REMOVED,
    ChangeKind.PARAGRAPH_SPLIT,
    ChangeKind.PARAGRAPH_MERGED,
    ChangeKind.PARAGRAPH_MOVED,
    ChangeKind.DUPLICATE_PARAGRAPH,
    ChangeKind.VIEWS_CHANGED,
)


class Render(StrEnum):
    """How a source's page is fetched (sources.render, outlets.render; NULL is plain)."""

    PLAIN = "plain"  # one GET, the HTML as the server sent it
    BROWSER = "browser"  # a headless Chromium runs the page's scripts; the DOM they built


RENDER_MEANINGS: dict[str, str] = {
    Render.PLAIN: "the HTML the server sends (one GET)",
    Render.BROWSER: "the page as a browser builds it: its scripts run, the DOM read once it "
    "settles",
}
