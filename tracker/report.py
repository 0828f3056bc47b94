"""Renderings of change records for people and programs: text, Markdown, HTML, JSON.

Input is always the public change-record shape (store.change_json), so every rendering tells
the same story as `tracker changes --json`.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from itertools import groupby
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from rich.text import Text

from tracker.diff import KIND_MEANINGS, render_inline
from tracker.significance import SIGNIFICANCE_MEANINGS

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


def classes_of(detail: dict[str, Any]) -> list[str]:
    """A change's significance classes (edits and title changes; none for other kinds)."""
    return [str(c) for c in detail.get("significance") or []]


def change_line(rec: dict[str, Any]) -> str:
    version = f"v{rec['version']}" if rec.get("version") else "-"
    when = rec["detected_at"][:19].replace("T", " ")
    detail = rec.get("detail") or {}
    classes = classes_of(detail)
    tagged = f" [{', '.join(classes)}]" if classes else ""
    if detail.get("silent") is True:
        tagged += " (silent: the page's modified time did not move)"
    return (
        f"#{rec['id']:<5} {when}  {rec['kind']:<19} {version:<5} {rec['url']}  "
        f"{rec['summary']}{tagged}"
    )


def render_changes_text(records: Iterable[dict[str, Any]]) -> str:
    lines = [change_line(rec) for rec in records]
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
) -> str:
    """A change report for a period, per source, with the diffs."""
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
            total=len(records),
            ops_of=ops_of,
            inline_text=inline_text,
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
