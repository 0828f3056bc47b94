"""What a page says about itself: its JSON-LD and meta tags (headline, dates, author, the
article text a script-built page states), and its title with the site's name taken off.

Pure functions over values the extractor found in its one parse (`tracker.extract`); none
of them walks the page. They run once a page, so they stay plain Python when the extractor
is compiled (bench/README.md).
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Iterator
from datetime import datetime
from email.utils import parsedate_to_datetime
from typing import Any, Final

from selectolax.lexbor import LexborDocumentOptions, LexborHTMLParser, LexborNode

from tracker.article import normalize_text

__all__ = [
    "iso_date",
    "meta_author",
    "modified_date",
    "published_date",
    "read_json_ld",
    "read_meta",
    "stated_body",
    "strip_site",
    "time_datetime",
]

_ARTICLE_TYPES: Final = frozenset(
    {
        "article", "newsarticle", "blogposting", "reportagenewsarticle", "analysisnewsarticle",
        "opinionnewsarticle", "scholarlyarticle", "techarticle", "socialmediaposting",
        "liveblogposting", "webpage", "backgroundnewsarticle", "reviewnewsarticle",
    }
)  # fmt: skip


def _json_ld_objects(data: Any) -> Iterator[dict[str, Any]]:
    if isinstance(data, list):
        for item in data:
            yield from _json_ld_objects(item)
    elif isinstance(data, dict):
        yield data
        graph = data.get("@graph")
        if graph is not None:
            yield from _json_ld_objects(graph)


def _ld_types(obj: dict[str, Any]) -> set[str]:
    t = obj.get("@type")
    if isinstance(t, str):
        return {t.lower()}
    if isinstance(t, list):
        return {x.lower() for x in t if isinstance(x, str)}
    return set()


def _ld_name(value: Any) -> str | None:
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, dict):
        return _ld_name(value.get("name"))
    if isinstance(value, list):
        names = [n for n in (_ld_name(v) for v in value) if n]
        return ", ".join(names) or None
    return None


def read_json_ld(scripts: list[LexborNode]) -> dict[str, str]:
    found: dict[str, str] = {}
    for script in scripts:
        try:
            data = json.loads(script.text(deep=True) or "null", strict=False)
        except (ValueError, RecursionError):
            continue
        best: dict[str, Any] | None = None
        for obj in _json_ld_objects(data):
            types = _ld_types(obj)
            if types & _ARTICLE_TYPES and (best is None or "webpage" in _ld_types(best)):
                best = obj
        if best is None:
            continue
        for key, field in (
            ("headline", "headline"),
            ("datePublished", "published"),
            ("dateModified", "modified"),
        ):
            value = best.get(key)
            if isinstance(value, str) and value.strip() and field not in found:
                found[field] = value.strip()
        text = best.get("articleBody")
        if isinstance(text, str) and text.strip() and "body" not in found:
            found["body"] = text
        author = _ld_name(best.get("author"))
        if author and "author" not in found:
            found["author"] = author
        if "articleSection" in best and "section" not in found:
            section = _ld_name(best["articleSection"])
            if section:
                found["section"] = section
    return found


def iso_date(value: str | None) -> str | None:
    if not value:
        return None
    value = value.strip()
    candidate = value.replace("Z", "+00:00") if value.endswith("Z") else value
    with contextlib.suppress(ValueError):
        return datetime.fromisoformat(candidate).isoformat()
    with contextlib.suppress(TypeError, ValueError, IndexError):
        return parsedate_to_datetime(value).isoformat()
    for fmt, form in _OTHER_FORMS:
        if form.match(value):
            with contextlib.suppress(ValueError):
                return datetime.strptime(value, fmt).isoformat()
    return value  # not a date we can read: keep what the page says


# The forms of a date read past ISO 8601 and RFC 2822, each with a pattern that every value
# strptime reads in that form matches (looser than strptime's own). A process's first
# strptime imports and compiles its machinery, which costs more than extracting a page,
# and the dates of most pages that get this far ("November 19, 2019") are in no such form.
_DAY: Final = r"\s?\d{1,2}"  # (strptime's %d takes " 5" too)
_CLOCK: Final = r"\d{1,2}:\d{1,2}"
_ISO_DAY: Final = rf"\d{{4}}-\d{{1,2}}-{_DAY}"
_SECONDS_AND_ZONE: Final = r":\d{1,2}[-+Z]"
_OTHER_FORMS: Final = (
    ("%Y-%m-%dT%H:%M:%S%z", re.compile(rf"{_ISO_DAY}[Tt]{_CLOCK}{_SECONDS_AND_ZONE}")),
    ("%Y-%m-%d %H:%M:%S%z", re.compile(rf"{_ISO_DAY}\s+{_CLOCK}{_SECONDS_AND_ZONE}")),
    ("%d %B %Y %H:%M", re.compile(rf"{_DAY}\s+\S+\s+\d{{4}}\s+{_CLOCK}$")),
    ("%d.%m.%Y %H:%M", re.compile(rf"{_DAY}\.\d{{1,2}}\.\d{{4}}\s+{_CLOCK}$")),
)


def read_meta(metas: list[dict[str, str | None]]) -> dict[str, str]:
    meta: dict[str, str] = {}
    for attrs in metas:
        key = attrs.get("property") or attrs.get("name") or attrs.get("itemprop")
        if not key:
            key = attrs.get("http-equiv")
        content = attrs.get("content")
        if key and content and content.strip():
            meta.setdefault(key.strip().lower(), content.strip())
    return meta


_TITLE_SEPARATORS: Final = re.compile(r"\s+[|\-–—·•:»/]{1,2}\s+")


def strip_site(title: str, site_name: str | None) -> str:
    title = normalize_text(title)
    if site_name:
        site = normalize_text(site_name).casefold()
        parts = _TITLE_SEPARATORS.split(title)
        if len(parts) > 1:
            if parts[-1].casefold() == site:
                return normalize_text(title[: title.rfind(parts[-1])].rstrip(" |-–—·•:»/"))
            if parts[0].casefold() == site:
                return normalize_text(title[len(parts[0]) :].lstrip(" |-–—·•:»/"))
    parts = _TITLE_SEPARATORS.split(title)
    if len(parts) > 1:
        last = parts[-1]
        rest = title[: title.rfind(last)].rstrip(" |-–—·•:»/")
        if len(last) * 2 < len(rest) and len(last) <= 40:
            return normalize_text(rest)
    return title


def published_date(ld: dict[str, str], meta: dict[str, str]) -> str | None:
    """The publication date the page's metadata gives, as written."""
    return (
        ld.get("published")
        or meta.get("article:published_time")
        or meta.get("datepublished")
        or meta.get("og:published_time")
        or meta.get("publishdate")
        or meta.get("pubdate")
        or meta.get("date")
        or meta.get("dc.date.issued")
        or meta.get("dc.date")
        or meta.get("parsely-pub-date")
        or meta.get("sailthru.date")
        or None
    )


def modified_date(ld: dict[str, str], meta: dict[str, str]) -> str | None:
    """The modification time the page's metadata gives, as written."""
    return (
        ld.get("modified")
        or meta.get("article:modified_time")
        or meta.get("og:updated_time")
        or meta.get("datemodified")
        or meta.get("dc.date.modified")
        or meta.get("dcterms.modified")
        or None
    )


def time_datetime(node: LexborNode | None) -> str | None:
    if node is None:
        return None
    value = node.attributes.get("datetime")
    return value.strip() if value and value.strip() else None


def meta_author(meta: dict[str, str]) -> str | None:
    for key in ("author", "article:author", "dc.creator", "parsely-author", "sailthru.author"):
        value = meta.get(key)
        if value and not value.startswith(("http://", "https://")):
            return value
    return None


# Structured data's article text shorter than this is a summary, not the article.
_MIN_STATED: Final = 200


_MARKUP: Final = re.compile(r"<(?:p|br|div|h[1-6]|li|/[a-z]+)\b", re.I)


def stated_body(text: str | None) -> tuple[str, ...]:
    """The paragraphs of an article text given in JSON-LD (`articleBody`): lines of plain
    text, or the blocks of the markup some sites put there."""
    if not text or len(text) < _MIN_STATED:
        return ()
    if _MARKUP.search(text):
        fragment = LexborHTMLParser(text, options=LexborDocumentOptions.WO_EVENTS).body
        text = fragment.text(deep=True, separator="\n") if fragment is not None else ""
    lines = (normalize_text(line) for line in text.splitlines())
    return tuple(line for line in lines if line)
