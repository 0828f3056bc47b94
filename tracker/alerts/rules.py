"""Who is told about which change: subscriptions and their rules, as plain values."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from tracker.diff import ChangeKind

MODES = ("immediate", "hourly", "daily")
DEFAULT_DIGEST_HOUR = 8

# View counts move all day long: they alert only when a rule asks for them.
DEFAULT_KINDS = frozenset(str(k) for k in ChangeKind if k is not ChangeKind.VIEWS_CHANGED)


@dataclass(frozen=True)
class Rule:
    email: str
    kinds: frozenset[str] | None = None
    min_views_delta: int | None = None
    min_views_percent: float | None = None
    mode: str = "immediate"
    digest_hour: int | None = None
    # Only changes of these significance classes (None: any change of the chosen kinds).
    significance: frozenset[str] | None = None
    # The channel, and the subscription the rule is (None: a global recipient's default).
    channel: str = "email"
    subscription_id: int | None = None

    @property
    def effective_kinds(self) -> frozenset[str]:
        if self.kinds:
            return self.kinds
        if self.min_views_delta is not None or self.min_views_percent is not None:
            # a view threshold is a request for view alerts
            return DEFAULT_KINDS | {str(ChangeKind.VIEWS_CHANGED)}
        return DEFAULT_KINDS

    def wants(self, kind: str, detail: dict[str, Any]) -> bool:
        if kind not in self.effective_kinds:
            return False
        if self.significance is not None:
            # A desk that wants figures and names gets the changes that have those, nothing
            # else: a kind without significance classes has none of them.
            return bool(self.significance.intersection(detail.get("significance") or ()))
        if kind != ChangeKind.VIEWS_CHANGED:
            return True
        delta = abs(int(detail.get("delta") or 0))
        if self.min_views_delta is not None and delta < self.min_views_delta:
            return False
        if self.min_views_percent is not None:
            old = int(detail.get("old") or 0)
            if old <= 0 or delta * 100.0 / old < self.min_views_percent:
                return False
        return True

    def describe(self) -> str:
        """The rule in a few words, for people: what alerts, and when."""
        if self.kinds:
            what = ", ".join(sorted(self.kinds))
        elif self.min_views_delta is not None or self.min_views_percent is not None:
            what = "every kind"
        else:
            what = "every kind but views_changed"
        parts = [what]
        if self.significance is not None:
            parts.append("only edits that are " + ", ".join(sorted(self.significance)))
        if self.min_views_delta is not None:
            parts.append(f"views by at least {self.min_views_delta}")
        if self.min_views_percent is not None:
            parts.append(f"views by at least {self.min_views_percent:g}%")
        if self.mode == "daily":
            hour = DEFAULT_DIGEST_HOUR if self.digest_hour is None else self.digest_hour
            parts.append(f"daily digest at {hour:02d}:00 UTC")
        elif self.mode == "hourly":
            parts.append("hourly digest")
        else:
            parts.append("at once")
        return "; ".join(parts)

    def due_at(self, now: dt.datetime) -> dt.datetime:
        """When an alert raised now goes out: at once, or at the end of its digest period."""
        if self.mode == "hourly":
            return now.replace(minute=0, second=0, microsecond=0) + dt.timedelta(hours=1)
        if self.mode == "daily":
            hour = DEFAULT_DIGEST_HOUR if self.digest_hour is None else self.digest_hour
            slot = now.replace(hour=hour, minute=0, second=0, microsecond=0)
            return slot if slot > now else slot + dt.timedelta(days=1)
        return now


def parse_kinds(values: Iterable[str]) -> frozenset[str] | None:
    """'paragraph_edited,title_changed' (repeatable) -> kinds; 'all' means every kind."""
    known = {str(k) for k in ChangeKind}
    kinds: set[str] = set()
    for value in values:
        for part in value.split(","):
            part = part.strip()
            if part == "all":
                kinds |= known
            elif part:
                if part not in known:
                    raise ValueError(
                        f"unknown change kind {part!r}: one of {', '.join(sorted(known))}"
                    )
                kinds.add(part)
    return frozenset(kinds) or None


def merge_rules(subscribed: Sequence[Rule], global_recipients: Sequence[str]) -> list[Rule]:
    """A source's own subscribers, plus global recipients with the default rule."""
    rules = list(subscribed)
    seen = {r.email.lower() for r in rules}
    for email in global_recipients:
        if email.lower() not in seen:
            seen.add(email.lower())
            rules.append(Rule(email=email))
    return rules
