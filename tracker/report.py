"""Renderings of change records for people and programs: text, Markdown, HTML, JSON.

Input is always the public change-record shape (store.change_json), so every rendering tells
the same story as `tracker changes --json`.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable, Sequence
from itertools import groupby
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from rich.text import Text

from tracker.diff import KIND_MEANINGS, render_inline
from tracker.significance import SIGNIFICANCE_MEANINGS
from tracker.timezones import clock, iso_time, zone_name

FORMATS = ("text", "markdown", "html", "json")

_env = Environment(
    loader=PackageLoader("tracker", "templates"),
    autoescape=select_autoescape(["html.j2"]),
    trim_blocks=True,
    lstrip_blocks=True,
)


def ops_of(detail: dict[str, Any]) -> list[tuple[str, str]]:
    """The inline word diff stored in a change's detail, as (op, text) pairs."""
    return [(str(op), str(text)) for op, text in detail.get("diff") or []]


def inline_text(detail: dict[str, Any]) -> str | None:
    ops = ops_of(detail)
    return render_inline(ops) if ops else None


def rich_inline(ops: Sequence[tuple[str, str]]) -> Text:
    """A word diff for a terminal: deletions red and struck through, insertions green."""
    out = Text()
    for op, text in ops:
        style = {"delete": "red strike", "insert": "green bold"}.get(op, "")
        out.append(text, style=style)
    return out


def marked_inline(ops: Sequence[tuple[str, str]], *, colour: bool) -> Text:
    """A word diff for the CLI: in colour on a terminal, else marked `[-old-]{+new+}` as in
    the text report, so that the change survives a pipe, a file or NO_COLOR."""
    return rich_inline(ops) if colour else Text(render_inline(ops))


def marked_paragraph(text: str, kind: str, *, colour: bool) -> Text:
    """An added or removed paragraph for the CLI, marked as marked_inline marks words."""
    op = {"paragraph_added": "insert", "paragraph_removed": "delete"}.get(kind, "equal")
    return marked_inline([(op, text)], colour=colour)


# What starts or ends a Markdown construct inside a line, and what starts a block at a
# line's beginning (a list item, a heading, a quote, a numbered item).
_MD_INLINE = re.compile(r"[\\`*_\[\]<>|~&]")
_MD_BLOCK_START = re.compile(r"^(\s*(?:\d+)?)([-+#>=!.)])")


def md_text(text: str) -> str:
    """Page text as Markdown that reads as itself, raw or rendered: what would start a
    construct is escaped (a `*` or a `[` on the page starts nothing) and line breaks are
    made spaces."""
    flat = _MD_INLINE.sub(lambda m: "\\" + m.group(), " ".join(text.splitlines()))
    return _MD_BLOCK_START.sub(lambda m: m.group(1) + "\\" + m.group(2), flat)


def md_inline(ops: Sequence[tuple[str, str]]) -> str:
    """A word diff in Markdown. HTML's <del> and <ins> rather than `~~`/`**`: emphasis
    markers next to a space or a punctuation mark stay literal in CommonMark (a deletion
    starting with a space would show its tildes), and `~~` is not CommonMark at all."""
    parts = []
    for op, text in ops:
        tag = {"delete": "del", "insert": "ins"}.get(op)
        parts.append(f"<{tag}>{md_text(text)}</{tag}>" if tag else md_text(text))
    return "".join(parts)


def classes_of(detail: dict[str, Any]) -> list[str]:
    """A change's significance classes (edits and title changes; none for other kinds)."""
    return [str(c) for c in detail.get("significance") or []]


def change_line(rec: dict[str, Any], *, zone: dt.tzinfo = dt.UTC) -> str:
    """One change on one line: id, time (in `zone`), kind, version, what the page is called
    (store.display_name) and the summary."""
    version = f"v{rec['version']}" if rec.get("version") else "-"
    when = iso_time(rec["detected_at"], zone)
    detail = rec.get("detail") or {}
    classes = classes_of(detail)
    tagged = f" [{', '.join(classes)}]" if classes else ""
    if detail.get("silent") is True:
        tagged += " (silent: the page's modified time did not move)"
    return (
        f"#{rec['id']:<5} {when}  {rec['kind']:<19} {version:<5} {rec['source']}: "
        f"{rec['summary']}{tagged}"
    )


def render_changes_text(records: Iterable[dict[str, Any]], *, zone: dt.tzinfo = dt.UTC) -> str:
    lines = [change_line(rec, zone=zone) for rec in records]
    return "\n".join(lines) if lines else "No changes."


def _groups(records: Sequence[dict[str, Any]]) -> list[tuple[str, str, list[dict[str, Any]]]]:
    ordered = sorted(records, key=lambda r: (r["source"], r["url"], r["id"]))
    return [
        (source, url, list(items))
        for (source, url), items in groupby(ordered, key=lambda r: (r["source"], r["url"]))
    ]


def render_report(
    records: Sequence[dict[str, Any]],
    *,
    since: dt.datetime,
    fmt: str = "text",
    now: dt.datetime | None = None,
    zone: dt.tzinfo = dt.UTC,
) -> str:
    """A change report for a period, per source, with the diffs; its times in `zone` (the
    JSON's stay UTC)."""
    now = now or dt.datetime.now(dt.UTC)
    groups = _groups(records)
    if fmt == "json":
        return json.dumps(
            {
                "since": since.isoformat(),
                "until": now.isoformat(),
                "sources": [{"source": s, "url": u, "changes": items} for s, u, items in groups],
            },
            ensure_ascii=False,
            indent=2,
        )
    if fmt not in FORMATS:
        raise ValueError(f"unknown report format {fmt!r}")
    template = _env.get_template(f"report.{'md' if fmt == 'markdown' else fmt}.j2")
    return (
        template.render(
            groups=groups,
            since=since,
            now=now,
            start=clock(since, zone, seconds=False),
            end=clock(now, zone, seconds=False),
            zone_label=zone_name(zone, now),
            total=len(records),
            ops_of=ops_of,
            inline_text=inline_text,
            md_inline=md_inline,
            md_text=md_text,
            classes_of=classes_of,
        ).rstrip()
        + "\n"
    )


def vocabulary_help() -> str:
    """The change vocabulary and the significance classes, for `tracker changes --help`."""
    width = max(len(str(k)) for k in KIND_MEANINGS)
    lines = ["\b", "Kinds:"]
    lines += [f"  {k!s:<{width}}  {meaning}" for k, meaning in KIND_MEANINGS.items()]
    lines += ["", "\b", "Significance (detail.significance of edits and title changes):"]
    lines += [f"  {name:<{width}}  {meaning}" for name, meaning in SIGNIFICANCE_MEANINGS.items()]
    return "\n".join(lines)
