"""The forms of a source's page: what they show for a source or a subscription, and how what
they send becomes an edit (store.SourceEdit) or alert rules. A form sent back with a problem
shows what was typed and one line saying what is wrong with it.

A new setting of a source is one key in `settings_values`, one line in `settings_edit` and
one field in the template's settings form.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from starlette.datastructures import FormData

from tracker.alerts.rules import MODES
from tracker.alerts.subscriptions import Rules, rules_from
from tracker.config import format_duration, parse_duration
from tracker.errors import ConfigError, UsageError
from tracker.models import Source, Subscription
from tracker.significance import SIGNIFICANCE
from tracker.store import SourceEdit, request_columns
from tracker.vocabulary import ChangeKind, Render

# What the rule fields offer, in the order shown.
RULE_CHOICES: dict[str, Sequence[str]] = {
    "kinds": tuple(str(k) for k in ChangeKind),
    "significance": SIGNIFICANCE,
    "digest": MODES,
}


@dataclass(frozen=True)
class FormProblem:
    """A form sent back: which one (`form`), the one line, and the values as they were sent."""

    form: str
    message: str
    values: Mapping[str, Any] = field(default_factory=dict)


FormValues = Mapping[str, str | Sequence[str]]

# Far above anything a field can hold (the checks behind them say what is too long).
MAX_FIELD_LENGTH = 65536


def sent(form: FormData, names: Iterable[str], *, lists: Iterable[str] = ()) -> dict[str, Any]:
    """The named fields of a form as text (`lists`: fields sent once per ticked box)."""
    many = set(lists)
    out: dict[str, Any] = {}
    for name in names:
        texts = [v for v in form.getlist(name) if isinstance(v, str)]
        if any(len(v) > MAX_FIELD_LENGTH for v in texts):
            raise UsageError(f"{name.replace('_', ' ')} is too long")
        out[name] = texts if name in many else (texts[0] if texts else "")
    return out


def _text(values: FormValues, name: str) -> str:
    value = values.get(name, "")
    return (value if isinstance(value, str) else ",".join(value)).strip()


def _texts(values: FormValues, name: str) -> list[str]:
    value = values.get(name, ())
    return [v for v in ([value] if isinstance(value, str) else list(value)) if v.strip()]


# --------------------------------------------------------------------------------------------
# A source's settings


SETTINGS_FIELDS = (
    "name",
    "every",
    "cron",
    "body_selector",
    "exclude_selectors",
    "views_selector",
    "views_regex",
    "tags",
    "render",
    "wait_for",
    "user_agent",
    "headers",
    "clear_headers",
    "proxy",
    "clear_proxy",
)
RULE_FIELDS = (
    "kinds",
    "significance",
    "min_views_delta",
    "min_views_percent",
    "digest",
    "digest_hour",
)
RULE_LISTS = ("kinds", "significance")


def settings_values(source: Source) -> dict[str, str]:
    """The settings form filled in with what the source has now."""
    return {
        "name": source.name or "",
        "every": "" if source.cron else format_duration(source.interval_seconds),
        "cron": source.cron or "",
        "body_selector": source.body_selector or "",
        "exclude_selectors": "\n".join(source.exclude_selectors or ()),
        "views_selector": source.views_selector or "",
        "views_regex": source.views_regex or "",
        "tags": " ".join(source.tags),
        "render": source.render or Render.PLAIN.value,
        "wait_for": source.wait_for or "",
        "user_agent": source.user_agent or "",
        # Header values and proxy credentials are secrets: never written into the page. The
        # fields start empty (the page shows what is set, masked); empty keeps what is set.
        "headers": "",
        "clear_headers": "",
        "proxy": "",
        "clear_proxy": "",
    }


def settings_edit(values: FormValues) -> SourceEdit:
    """What the settings form asks for: every field is sent, so an empty one clears its
    setting; the schedule is an interval or a cron expression."""
    every, cron = _text(values, "every"), _text(values, "cron")
    if every and cron:
        raise UsageError("give either an interval or a cron schedule, not both")
    if not every and not cron:
        raise UsageError("give an interval (30m, 2h, 1d) or a cron schedule")
    try:
        interval = parse_duration(every) if every else None
    except ConfigError as exc:  # the form's input, not the settings
        raise UsageError(str(exc)) from None
    headers = [line.strip() for line in _text(values, "headers").splitlines() if line.strip()]
    proxy = _text(values, "proxy")
    request = request_columns(
        render=_text(values, "render") or Render.PLAIN.value,
        wait_for=_text(values, "wait_for"),
        user_agent=_text(values, "user_agent"),
        headers=headers or ([] if _text(values, "clear_headers") else None),
        proxy=proxy or ("" if _text(values, "clear_proxy") else None),
    )
    return SourceEdit(
        name=_text(values, "name"),
        interval_seconds=interval,
        cron=cron or None,
        body_selector=_text(values, "body_selector"),
        exclude_selectors=[
            line.strip() for line in _text(values, "exclude_selectors").splitlines()
        ],
        views_selector=_text(values, "views_selector"),
        views_regex=_text(values, "views_regex"),
        tags=_text(values, "tags").replace(",", " ").split(),
        request=request,
    )


# --------------------------------------------------------------------------------------------
# A subscription's alert rules


def rule_values(sub: Subscription) -> dict[str, Any]:
    """The rule fields filled in with a subscription's rules."""
    return {
        "kinds": list(sub.kinds or ()),
        "significance": list(sub.significance or ()),
        "min_views_delta": "" if sub.min_views_delta is None else str(sub.min_views_delta),
        "min_views_percent": (
            "" if sub.min_views_percent is None else f"{sub.min_views_percent:g}"
        ),
        "digest": sub.mode or "immediate",
        "digest_hour": "" if sub.digest_hour is None else str(sub.digest_hour),
    }


def rule_form_values(values: FormValues) -> dict[str, Any]:
    """The rule fields as sent, to show them again."""
    return {
        "kinds": _texts(values, "kinds"),
        "significance": _texts(values, "significance"),
        "min_views_delta": _text(values, "min_views_delta"),
        "min_views_percent": _text(values, "min_views_percent"),
        "digest": _text(values, "digest") or "immediate",
        "digest_hour": _text(values, "digest_hour"),
    }


def _number(text: str, what: str, kind: type[int] | type[float]) -> int | float | None:
    if not text:
        return None
    try:
        return kind(text)
    except ValueError:
        noun = "a whole number" if kind is int else "a number"
        raise UsageError(f"{what} must be {noun}, not {text[:40]!r}") from None


def rules_of_form(values: FormValues) -> Rules:
    """Alert rules from the rule fields (kinds and classes ticked or typed comma-separated)."""
    sent = rule_form_values(values)
    delta = _number(sent["min_views_delta"], "the view change", int)
    percent = _number(sent["min_views_percent"], "the view change in percent", float)
    hour = _number(sent["digest_hour"], "the digest hour", int)
    return rules_from(
        kinds=sent["kinds"],
        significance=sent["significance"],
        min_views_delta=None if delta is None else int(delta),
        min_views_percent=percent,
        digest=sent["digest"],
        digest_hour=None if hour is None else int(hour),
    )
