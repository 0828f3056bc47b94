"""The dates an article states, read across two versions: a publication time that moved
(backdating or re-dating), and whether an edit was announced or made silently.

Pure functions over Articles, like tracker.diff. A page's dates are compared as points in
time when they are readable dates, so a page that prints the same time in another format or
time zone has not moved it; unreadable values are compared as text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from tracker.article import Article, normalize_text
from tracker.diff import Change, ChangeKind

__all__ = ["EDIT_KINDS", "date_changes", "instant", "published_change", "silence"]

# The kinds an editor's hand makes: the ones that carry `detail.silent`.
EDIT_KINDS = frozenset(
    {
        ChangeKind.PARAGRAPH_EDITED,
        ChangeKind.PARAGRAPH_ADDED,
        ChangeKind.PARAGRAPH_REMOVED,
        ChangeKind.PARAGRAPH_MOVED,
        ChangeKind.PARAGRAPH_SPLIT,
        ChangeKind.PARAGRAPH_MERGED,
        ChangeKind.TITLE_CHANGED,
    }
)

# Where a published time came from that may be compared: the page's metadata. The first
# <time> of a page without one may be a clock or a comment's stamp, which moves by itself.
_TRUSTED = "metadata"


def instant(value: str | None) -> dt.datetime | str | None:
    """A stated time as an aware UTC datetime (a date or a time without zone is read as UTC),
    or the normalised text when it is not an ISO date."""
    if value is None:
        return None
    text = normalize_text(value)
    if not text:
        return None
    try:
        parsed = dt.datetime.fromisoformat(text[:-1] + "+00:00" if text.endswith("Z") else text)
    except ValueError:
        return text
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=dt.UTC)
    return parsed.astimezone(dt.UTC)


def published_change(old: Article, new: Article) -> Change | None:
    """A published_date_changed flag when the publication time the page's metadata states
    moved; None when it stayed, or when either version has none to compare."""
    if new.published_from != _TRUSTED:
        return None
    # A version stored before the source of its time was recorded has none: its time is
    # taken as the metadata's, as the page now states one there.
    if old.published_from not in (_TRUSTED, None):
        return None
    before, after = instant(old.published), instant(new.published)
    if before is None or after is None or before == after:
        return None
    backdated: bool | None = None
    if isinstance(before, dt.datetime) and isinstance(after, dt.datetime):
        backdated = after < before
    how = {True: "moved back", False: "moved forward", None: "changed"}[backdated]
    return Change(
        ChangeKind.PUBLISHED_DATE_CHANGED,
        f"Published date {how}: {old.published} -> {new.published}",
        {"old": old.published, "new": new.published, "backdated": backdated},
    )


def silence(old: Article, new: Article) -> bool | None:
    """Whether an edit from `old` to `new` went unannounced: True when the page's modified
    time and its visible "Updated" note stayed as they were, False when either moved, None
    when neither version states one (nothing to judge by)."""
    if not any((old.modified, old.updated, new.modified, new.updated)):
        return None
    same_time = instant(old.modified) == instant(new.modified)
    same_note = instant(old.updated) == instant(new.updated)
    return same_time and same_note


def date_changes(old: Article, new: Article, changes: Sequence[Change]) -> list[Change]:
    """A check's changes read with the dates of both versions: the edits marked
    `detail.silent` (when the page states a modification time or note), and a
    published_date_changed flag after the headline's (when its publication time moved)."""
    silent = silence(old, new)
    marked = [
        Change(c.kind, c.summary, {**c.detail, "silent": silent})
        if silent is not None and c.kind in EDIT_KINDS
        else c
        for c in changes
    ]
    moved = published_change(old, new)
    if moved is not None:
        at = 0
        while at < len(marked) and marked[at].kind in (
            ChangeKind.TITLE_CHANGED,
            ChangeKind.HEADLINE_ROTATION,
        ):
            at += 1
        marked.insert(at, moved)
    return marked
