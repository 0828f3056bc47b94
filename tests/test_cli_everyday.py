"""The commands as a new user meets them: schedules that take effect, changes that survive a
pipe, reports that render, words instead of internal names, usage errors said in one line."""

from __future__ import annotations

import datetime as dt
import json
import re

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


def test_pages_without_a_name_go_by_their_headline(
    settings: Settings, site: LoopbackServer, capsys: pytest.CaptureFixture[str]
) -> None:
    state = sample()
    url = site.set("/a", render("caliber", state))
    run(capsys, "add", url)
    # No headline before the first check: no name to show.
    assert run(capsys, "list")[1].splitlines()[1].split()[:3] == ["1", "-", url]
    run(capsys, "check", url)
    state.paragraphs[1] = state.paragraphs[1].replace("the", "a", 1)
    site.set("/a", render("caliber", state, tick=1))
    run(capsys, "check", url)
    title = state.title

    header, row = run(capsys, "list")[1].splitlines()
    assert header.split() == ["id", "name", "url", "every", "status", "last", "check"]
    assert row.startswith(f"1   {title}  {url}  1h     ok      ") and "never" not in row
    listed = json.loads(run(capsys, "list", "--json")[1])[0]
    assert (listed["name"], listed["label"], listed["headline"]) == (None, title, title)

    records = json.loads(run(capsys, "changes", "--json")[1])
    assert {(r["source"], r["url"]) for r in records} == {(title, url)}
    out = run(capsys, "changes", "--kind", "paragraph_edited")[1]
    assert f"paragraph_edited    v2    {title}: Paragraph 2 edited: " in out and url not in out

    lines = run(capsys, "history", url)[1].splitlines()
    assert lines[:2] == [title, url] and not lines[0].startswith("URL")
    assert lines[3].startswith("version 1  ") and f"paragraphs  {title}" in lines[3]
    assert json.loads(run(capsys, "history", url, "--json")[1])["source"] == title

    assert f"\n== {title} <{url}>\n" in run(capsys, "report")[1]
    assert run(capsys, "diff", url)[1].startswith(f"{title}: version 1 -> 2\n")

    # A name given wins over the headline, everywhere.
    run(capsys, "edit", url, "--name", "Desk pick")
    assert json.loads(run(capsys, "changes", "--json", "--limit", "1")[1])[0]["source"] == (
        "Desk pick"
    )
    assert run(capsys, "history", url)[1].startswith(f"Desk pick\n{url}\n")


def test_changes_are_newest_first_unless_asked(
    settings: Settings, site: LoopbackServer, capsys: pytest.CaptureFixture[str]
) -> None:
    state = sample()
    url = site.set("/a", render("caliber", state))
    run(capsys, "add", url)
    run(capsys, "check", url)
    for tick in (1, 2):
        state.paragraphs[tick] = state.paragraphs[tick] + " Updated."
        site.set("/a", render("caliber", state, tick=tick))
        run(capsys, "check", url)
    ids = [r["id"] for r in json.loads(run(capsys, "changes", "--json")[1])]
    assert ids == sorted(ids, reverse=True) and len(ids) >= 2
    oldest = [r["id"] for r in json.loads(run(capsys, "changes", "--json", "--oldest-first")[1])]
    assert oldest == ids[::-1]
    text = run(capsys, "changes")[1].splitlines()
    assert [int(line.split()[0][1:]) for line in text] == ids
    newest_two = [r["id"] for r in json.loads(run(capsys, "changes", "--json", "--limit", "2")[1])]
    assert newest_two == ids[:2]
    assert "newest first" in run(capsys, "changes", "--help")[1]


def test_tags_file_pages_and_filter_every_listing(
    settings: Settings, site: LoopbackServer, capsys: pytest.CaptureFixture[str]
) -> None:
    state = sample()
    a = site.set("/a", render("caliber", state))
    b = site.set("/b", render("blog", state))
    assert run(capsys, "add", a, "--tag", "City", "--tag", "front")[1] == (
        f"added: {a} (every 1h, tags: city front)\n"
    )
    run(capsys, "add", b)
    assert run(capsys, "edit", b, "--tag", "sport")[1] == (
        f"updated: {b} (every 1h, recipients: none, tags: sport)\n"
    )
    assert run(capsys, "edit", a, "--untag", "front")[1].endswith("tags: city)\n")
    run(capsys, "check", "--all")

    out = run(capsys, "list", "--tag", "sport")[1].splitlines()
    assert len(out) == 2 and out[0].split()[-1] == "tags" and out[1].endswith("  sport")
    assert run(capsys, "list", "--tag", "nothing") == (0, "No sources tagged 'nothing'.\n", "")
    city = json.loads(run(capsys, "changes", "--json", "--tag", "city")[1])
    assert city and {r["url"] for r in city} == {a}
    report = run(capsys, "report", "--tag", "sport", "--format", "json")[1]
    assert [s["url"] for s in json.loads(report)["sources"]] == [b]

    for argv, line in [
        (["add", "https://example.org/c", "--tag", "two words"], "invalid tag 'two words'"),
        (["edit", a, "--tag", "a,b"], "invalid tag 'a,b'"),
        (["edit", a, "--untag", "front"], f"{a} has no tag 'front'"),
        (["list", "--tag", ""], "invalid tag ''"),
    ]:
        code, printed, err = run(capsys, *argv)
        assert (code, printed) == (2, "") and err.startswith(f"tracker: error: {line}"), argv
        assert err.count("\n") == 1


def test_times_in_a_chosen_time_zone(
    settings: Settings,
    site: LoopbackServer,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    url = site.set("/a", render("caliber", sample()))
    run(capsys, "add", url)
    run(capsys, "check", url)
    tokyo = dt.timezone(dt.timedelta(hours=9))  # Japan has had no summer time since 1951

    def in_tokyo(iso: str) -> str:
        return dt.datetime.fromisoformat(iso).astimezone(tokyo).strftime("%Y-%m-%d %H:%M:%S")

    [listed] = json.loads(run(capsys, "list", "--json")[1])
    assert (
        f"  {in_tokyo(listed['last_checked_at'])}" in run(capsys, "list", "--tz", "Asia/Tokyo")[1]
    )
    [version] = json.loads(run(capsys, "history", url, "--json")[1])["versions"]
    history = run(capsys, "history", url, "--tz", "Asia/Tokyo")[1]
    assert f"\nversion 1  {in_tokyo(version['fetched_at'])}  " in history
    [change] = json.loads(run(capsys, "changes", "--json")[1]) or [None]
    if change is not None:
        changes = run(capsys, "changes", "--tz", "Asia/Tokyo")[1]
        assert f" {in_tokyo(change['detected_at'])}  " in changes
    first_line = run(capsys, "report", "--tz", "Asia/Tokyo")[1].splitlines()[0]
    assert first_line.startswith("Change report ") and " JST: " in first_line
    assert " UTC: " in run(capsys, "report")[1].splitlines()[0]

    monkeypatch.setenv("TRACKER_TIMEZONE", "Asia/Tokyo")
    assert f"  {in_tokyo(listed['last_checked_at'])}" in run(capsys, "list")[1]
    status = run(capsys, "status")[1]
    assert re.search(r"^last check  (just now|\d+ seconds? ago) \(\d\d:\d\d JST\)$", status, re.M)

    code, out, err = run(capsys, "changes", "--tz", "Mars/Olympus")
    assert (code, out) == (2, "")
    assert err == (
        "tracker: error: unknown time zone 'Mars/Olympus': use a name like Europe/Berlin or "
        "America/New_York, or UTC\n"
    )
    monkeypatch.setenv("TRACKER_TIMEZONE", "Nowhere")
    code, out, err = run(capsys, "list")
    assert (code, out) == (2, "")
    assert err.startswith("tracker: error: TRACKER_TIMEZONE: unknown time zone 'Nowhere'")
