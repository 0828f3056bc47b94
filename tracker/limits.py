"""What tracker accepts at its edges: the bounds of ids, durations and lists, and the checks of
selectors, regular expressions and email addresses that the CLI, the API and the forms share.

A value outside these bounds is refused where it comes in (one line, exit 2, or a 4xx), so
nothing downstream (datetime arithmetic, SQL integers, the scheduler) ever sees it.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from re import _constants, _parser  # type: ignore[attr-defined]
from typing import Any

from selectolax.lexbor import LexborHTMLParser

from tracker.errors import UsageError

# Ids and version numbers are INTEGER columns: 32 bits on PostgreSQL. Anything larger cannot
# name a row, and SQLite or the driver would raise on it instead of finding nothing.
MAX_ID = 2**31 - 1
# The longest check interval: a year. Longer ones overflow the scheduler's date arithmetic
# long before they could be useful.
MAX_INTERVAL_SECONDS = 365 * 86400
# How far back `--since` / `?since=` may reach: far enough for any history, and `now` minus
# it stays a valid date.
MAX_SINCE_SECONDS = 100 * 365 * 86400
# Sizes of the per-source settings (the columns are this wide) and of their lists.
MAX_SELECTOR_LENGTH = 500
MAX_REGEX_LENGTH = 500
MAX_SELECTORS = 50
MAX_RECIPIENTS = 100
MAX_EMAIL_LENGTH = 254
MAX_URL_LENGTH = 2048
MAX_NAME_LENGTH = 300

# Possessive repeats never backtrack, so only these two can nest badly.
_REPEATS = (_constants.MAX_REPEAT, _constants.MIN_REPEAT)


def in_id_range(value: int) -> bool:
    return 1 <= value <= MAX_ID


def parse_id(text: str) -> int | None:
    """A row id written in ASCII digits and small enough to be one; None otherwise."""
    # str.isdigit() also accepts '²' and other digits int() refuses.
    if not (text.isascii() and text.isdigit()) or len(text) > 10:
        return None
    value = int(text)
    return value if in_id_range(value) else None


# C0 and C1 control characters and DEL: no name needs them, PostgreSQL refuses NUL, and a
# terminal obeys the rest.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def check_text(value: str, *, option: str, max_length: int) -> str:
    """A one-line label such as a source's name: bounded, without control characters."""
    if len(value) > max_length:
        raise UsageError(f"{option} is longer than {max_length} characters")
    if _CONTROL.search(value):
        raise UsageError(f"{option} {value!r} contains control characters")
    return value


@functools.lru_cache(maxsize=256)
def _selector_error(selector: str) -> str | None:
    try:
        LexborHTMLParser("<p></p>").css(selector)
    except Exception as exc:  # lexbor says only that it could not parse it
        return str(exc) or "invalid selector"
    return None


def check_selector(selector: str, *, option: str = "selector") -> str:
    """A CSS selector lexbor can parse; a UsageError otherwise (it would match nothing)."""
    if len(selector) > MAX_SELECTOR_LENGTH:
        raise UsageError(f"{option} is longer than {MAX_SELECTOR_LENGTH} characters")
    if not selector.strip():
        raise UsageError(f"{option} is empty")
    if _CONTROL.search(selector):
        raise UsageError(f"{option} {selector!r} contains control characters")
    error = _selector_error(selector)
    if error is not None:
        raise UsageError(f"invalid {option} {selector!r}: {error.rstrip('.')}")
    return selector


def check_selectors(selectors: Iterable[str], *, option: str = "exclude selector") -> list[str]:
    chosen = list(selectors)
    if len(chosen) > MAX_SELECTORS:
        raise UsageError(f"at most {MAX_SELECTORS} {option}s")
    return [check_selector(s, option=option) for s in chosen]


def _nested_repeat(node: Any, inside_repeat: bool) -> bool:
    """Whether a parsed pattern repeats without bound something that itself repeats without
    bound: the shape ('(a+)+', '(\\w*\\s?)*') on which a backtracking engine such as `re`
    takes exponential time."""
    if isinstance(node, _parser.SubPattern):
        node = node.data
    if not isinstance(node, list | tuple):
        return False
    for item in node:
        if isinstance(item, tuple) and len(item) == 2 and item[0] in _REPEATS:
            _low, high, sub = item[1]
            unbounded = high == _constants.MAXREPEAT
            if unbounded and inside_repeat:
                return True
            if _nested_repeat(sub, inside_repeat or unbounded):
                return True
        elif _nested_repeat(item, inside_repeat):
            return True
    return False


def check_regex(pattern: str, *, option: str = "--views-regex") -> str:
    """A regular expression that compiles and cannot backtrack exponentially.

    The views regex runs on page text, which anyone can write: a pattern with a nested
    unbounded repeat could take hours on one crafted line, so it is refused here.
    """
    if len(pattern) > MAX_REGEX_LENGTH:
        raise UsageError(f"{option} is longer than {MAX_REGEX_LENGTH} characters")
    if "\x00" in pattern:
        raise UsageError(f"{option} contains a NUL character (write \\x00 to match one)")
    try:
        re.compile(pattern)
    except (re.error, OverflowError, RecursionError) as exc:
        raise UsageError(f"invalid {option} {pattern!r}: {exc}") from None
    try:
        nested = _nested_repeat(_parser.parse(pattern), False)
    except RecursionError:
        nested = True
    if nested:
        raise UsageError(
            f"{option} {pattern!r} repeats a repetition (like (a+)+), which can take "
            "exponential time on some text: write it without the nested repeat"
        )
    return pattern


# One address, no display name, nothing that could end a mail header.
_ADDRESS_PART = r"[^@\s<>,;:\"()\[\]\\\x00-\x1f\x7f]+"
_EMAIL = re.compile(f"{_ADDRESS_PART}@{_ADDRESS_PART}")


def check_email(address: str) -> str:
    """A bare email address; a UsageError for anything that could smuggle in a mail header."""
    if len(address) > MAX_EMAIL_LENGTH or not _EMAIL.fullmatch(address):
        raise UsageError(f"invalid email address {address!r}: use e.g. desk@example.org")
    return address


def check_emails(addresses: Iterable[str]) -> list[str]:
    chosen = list(addresses)
    if len(chosen) > MAX_RECIPIENTS:
        raise UsageError(f"at most {MAX_RECIPIENTS} recipients")
    return [check_email(a) for a in chosen]


# Tags: short words to filter by (`--tag`, `?tag=`), one per option, so never a list's
# separator or a space, and lower-case so that `Politics` and `politics` are one tag.
MAX_TAG_LENGTH = 40
MAX_TAGS = 20
_TAG = re.compile(rf"[^\s,\x00-\x1f\x7f-\x9f]{{1,{MAX_TAG_LENGTH}}}")


def check_tag(tag: str) -> str:
    """A tag as stored (lower-case), or a UsageError saying what a tag may be."""
    lower = tag.lower()
    if not _TAG.fullmatch(lower):
        shown = repr(tag[:60])
        raise UsageError(
            f"invalid tag {shown}: a tag is 1 to {MAX_TAG_LENGTH} characters, "
            "without spaces or commas"
        )
    return lower


def check_tags(tags: Iterable[str]) -> list[str]:
    """Tags checked and made unique, in the order given; at most MAX_TAGS."""
    found = list(dict.fromkeys(check_tag(t) for t in tags))
    if len(found) > MAX_TAGS:
        raise UsageError(f"at most {MAX_TAGS} tags per source")
    return found
