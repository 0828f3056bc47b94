"""The commands as a new user meets them: schedules that take effect, changes that survive a
pipe, reports that render, words instead of internal names, usage errors said in one line."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from markdown_it import MarkdownIt

from tests.test_cli import run, sample
from tracker.config import Settings
from tracker.db import open_database
from tracker.demo.layouts import render
from tracker.demo.server import LoopbackServer
from tracker.models import Source, utcnow
from tracker.report import render_report


def _source(settings: Settings, source_id: int = 1) -> Source:
    db = open_database(settings.database_url)
    try:
        with db.session() as session:
            source = session.get(Source, source_id)
            assert source is not None
            session.expunge(source)
            return source
    finally:
        db.dispose()


def test_edit_schedule_takes_effect_at_once(
    settings: Settings, site: LoopbackServer, capsys: pytest.CaptureFixture[str]
) -> None:
    url = site.set("/a", render("caliber", sample()))
    assert run(capsys, "add", url, "--every", "1h")[0] == 0
    assert run(capsys, "check", url)[0] == 0
    before = _source(settings)
    assert before.next_check_at is not None
    assert before.next_check_at - utcnow() > dt.timedelta(minutes=50)

    code, out, err = run(capsys, "edit", url, "--every", "30s")
    assert (code, out, err) == (0, f"updated: {url} (every 30s, recipients: none)\n", "")
    after = _source(settings)
    assert after.next_check_at is not None and after.last_checked_at is not None
    assert after.next_check_at - after.last_checked_at <= dt.timedelta(seconds=33)

    code, out, _ = run(capsys, "edit", url, "--cron", "*/5  * * * *", "--exclude-selector", "aside")
    assert (code, out) == (0, f"updated: {url} (cron */5 * * * *, recipients: none)\n")
    edited = _source(settings)
    assert edited.cron == "*/5 * * * *" and edited.interval_seconds == 300
    assert edited.exclude_selectors == ["aside"]
    assert edited.next_check_at is not None
    assert edited.next_check_at - utcnow() <= dt.timedelta(minutes=5, seconds=31)

    assert run(capsys, "edit", url, "--exclude-selector", "")[0] == 0
    assert _source(settings).exclude_selectors == []
    code, out, err = run(capsys, "edit", url, "--every", "5m", "--cron", "* * * * *")
    assert (code, out, err) == (2, "", "tracker: error: use either --every or --cron, not both\n")


def test_check_and_diff_mark_changes_without_colour(
    settings: Settings, site: LoopbackServer, capsys: pytest.CaptureFixture[str]
) -> None:
    state = sample()
    url = site.set("/a", render("caliber", state))
    run(capsys, "add", url)
    code, out, _ = run(capsys, "check", url)
    title = state.title
    assert code == 0 and out.startswith(f"{title}: version 1 stored (the first)")

    state.paragraphs[1] = state.paragraphs[1].replace("the", "a", 1)
    site.set("/a", render("caliber", state, tick=1))
    code, out, _ = run(capsys, "check", url)
    lines = out.splitlines()
    assert lines[0] == f"{title}: version 2 stored, 1 change flagged"
    assert lines[1].startswith("  paragraph_edited       Paragraph 2 edited: ")
    assert "[-the-]{+a+}" in lines[2] and lines[2].startswith("    ")
    assert len(lines) == 3

    code, out, _ = run(capsys, "check", url)
    assert out == f"{title}: the article is unchanged\n"

    code, out, _ = run(capsys, "diff", url)
    assert "[-the-]{+a+}" in out


def test_check_in_words_after_a_failure_and_list_says_failing(
    settings: Settings, site: LoopbackServer, capsys: pytest.CaptureFixture[str]
) -> None:
    url = site.url("/missing-page")
    run(capsys, "add", url)
    code, out, _ = run(capsys, "check", url)
    assert code == 0 and out.startswith(f"{url}: the check failed: ")
    code, out, _ = run(capsys, "list", "--json")
    assert json.loads(out)[0]["status"] == "gone"

    # Nothing listens on port 1: the first check fails, and the page is not "new" any more.
    refused = "http://127.0.0.1:1/nothing-listens"
    run(capsys, "add", refused)
    run(capsys, "check", refused)
    code, out, _ = run(capsys, "list", "--json")
    assert {r["url"]: r["status"] for r in json.loads(out)}[refused] == "failing"


def test_markdown_report_renders_deletions_and_insertions() -> None:
    ops = [
        ["equal", "River levels fall"],
        ["delete", " after week of floods"],
        ["insert", ", but more rain is forecast"],
        ["equal", " *for* [the] <b>weekend</b>"],
    ]
    record = {
        "id": 1,
        "url": "https://example.org/a",
        "source": "River *levels*",
        "source_id": 1,
        "version": 2,
        "previous_version": 1,
        "kind": "title_changed",
        "summary": "Title changed",
        "detail": {"diff": ops},
        "detected_at": "2026-01-01T00:00:00+00:00",
    }
    removed = {
        **record,
        "id": 2,
        "kind": "paragraph_removed",
        "summary": "Paragraph 3 removed",
        "detail": {"text": "- 12. not a list"},
    }
    now = dt.datetime(2026, 1, 2, tzinfo=dt.UTC)
    markdown = render_report(
        [record, removed], since=now - dt.timedelta(days=1), now=now, fmt="markdown"
    )
    html = MarkdownIt().render(markdown)
    assert (
        "River levels fall<del> after week of floods</del><ins>, but more rain is forecast</ins>"
        " *for* [the] &lt;b&gt;weekend&lt;/b&gt;" in html
    )
    assert "<del>- 12. not a list</del>" in html
    assert '<a href="https://example.org/a">River *levels*</a>' in html
    assert "~~" not in markdown


@pytest.mark.parametrize(
    ("argv", "line"),
    [
        (
            ["changes", "--kind", "bogus"],
            "tracker: error: unknown change kind 'bogus': use one of paragraph_edited, ",
        ),
        (
            ["subscribe", "1", "not-an-email"],
            "tracker: error: invalid email address 'not-an-email': use e.g. desk@example.org",
        ),
        (["changes", "--limit", "-3"], "tracker: error: --limit must be from 1 to 2147483647"),
        (
            ["extract", "missing.html"],
            "tracker: error: cannot read missing.html: no such file or not readable",
        ),
        (
            ["add", "not-a-url"],
            "tracker: error: not an absolute URL (no http:// or https://): 'not-a-url'",
        ),
    ],
)
def test_usage_errors_are_one_line_and_exit_2(
    settings: Settings, capsys: pytest.CaptureFixture[str], argv: list[str], line: str
) -> None:
    code, out, err = run(capsys, *argv)
    assert (code, out) == (2, "")
    assert err.startswith(line) and err.count("\n") == 1


def test_changes_takes_kinds_comma_separated(
    settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(capsys, "changes", "--kind", "paragraph_edited,title_changed") == (
        0,
        "No changes.\n",
        "",
    )


def test_add_of_a_private_address_is_refused_when_checks_would_refuse_it(
    settings: Settings, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TRACKER_ALLOW_PRIVATE_NETWORKS", "false")
    code, out, err = run(capsys, "add", "https://example.org/a", "http://localhost:8000/news")
    assert (code, out) == (2, "")
    assert err == (
        "tracker: error: http://localhost:8000/news: refusing to fetch localhost (127.0.0.1): "
        "loopback address (set TRACKER_ALLOW_PRIVATE_NETWORKS to allow)\n"
    )
    # Nothing of the command was added, the public page included.
    assert run(capsys, "list", "--json")[1] == "[]\n"


def test_remove_asks_on_a_terminal(
    settings: Settings, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import io

    import tracker.cli

    run(capsys, "add", "https://example.org/a")
    monkeypatch.setattr(tracker.cli, "_interactive", lambda: True)
    monkeypatch.setattr("sys.stdin", io.StringIO("n\n"))
    code, out, _ = run(capsys, "remove", "1")
    assert (code, out) == (
        0,
        "Delete https://example.org/a and its history (0 versions)? "
        "[y/N]: kept: https://example.org/a\n",
    )
    assert run(capsys, "remove", "1", "--yes") == (0, "removed: https://example.org/a\n", "")
    assert run(capsys, "list", "--json")[1] == "[]\n"


def test_help_reads_without_python_types(capsys: pytest.CaptureFixture[str]) -> None:
    import re

    from tracker.cli import _command

    command = _command()
    for path in [[], *([name] for name in command.commands), ["alerts", "list"], ["db", "upgrade"]]:
        code, out, _ = run(capsys, *path, "--help")
        assert code == 0, path
        assert not re.search(r"<(str|bool|int|float|list\[str\])>|\{\w+", out), (path, out)
    out = run(capsys, "add", "--help")[1]
    assert "Usage: tracker add [OPTIONS] [URL...]" in out and "DURATION" in out
    assert "Usage: tracker check [OPTIONS] [SOURCE...]" in run(capsys, "check", "--help")[1]
