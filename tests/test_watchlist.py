"""The watch list to a file and back: `tracker export`, `tracker import`, `add -` and
`add --from`. A round trip loses nothing; a file that cannot be read is one line and exit 2,
and nothing of it is imported."""

from __future__ import annotations

import io
import json
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete

from tests.test_cli import run
from tracker.config import Settings
from tracker.db import Database, open_database
from tracker.models import Source
from tracker.store import list_sources, source_definition
from tracker.vocabulary import ChangeKind
from tracker.watchlist import detect_format, import_definitions, read, read_urls, render

# --------------------------------------------------------------------------------------------
# A round trip loses nothing


_words = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789-", min_size=1, max_size=12)
_names = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cc", "Cs")), max_size=40
).filter(lambda s: s.strip() == s and s != "")
_tags = st.lists(
    st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789-_./:é", min_size=1, max_size=20),
    max_size=4,
    unique=True,
)
_selectors = st.sampled_from(["article", "div.entry-content", "main > p", "#story", ".body"])
_kinds = st.lists(st.sampled_from([str(k) for k in ChangeKind]), max_size=3, unique=True)
_classes = st.lists(st.sampled_from(["number", "name", "quote", "typo"]), max_size=2, unique=True)


@st.composite
def subscriptions(draw: st.DrawFn) -> dict[str, Any]:
    channel = draw(st.sampled_from(["email", "webhook", "apprise"]))
    slug = draw(_words)
    address = {
        "email": f"{slug}@example.org",
        "webhook": f"https://hooks.example.org/{slug}",
        "apprise": f"json://hooks.example.org/{slug}",
    }[channel]
    mode = draw(st.sampled_from(["immediate", "hourly", "daily"]))
    return {
        "channel": channel,
        "address": address,
        "kinds": sorted(draw(_kinds)) or None,
        "significance": sorted(draw(_classes)) or None,
        "min_views_delta": draw(st.none() | st.integers(0, 10_000)),
        "min_views_percent": draw(st.none() | st.floats(0, 500, allow_nan=False)),
        "mode": mode,
        "digest_hour": draw(st.integers(0, 23)) if mode == "daily" else None,
        "secret": draw(st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789_-", min_size=16)),
    }


@st.composite
def definitions(draw: st.DrawFn) -> dict[str, Any]:
    cron = draw(st.none() | st.sampled_from(["*/15 * * * *", "0 9 * * 1-5", "30 6 * * *"]))
    subs = draw(st.lists(subscriptions(), max_size=3, unique_by=lambda s: s["address"]))
    return {
        "url": f"https://example.org/{draw(_words)}/{draw(_words)}",
        "name": draw(st.none() | _names),
        "interval_seconds": draw(st.integers(1, 365 * 86400)),
        "cron": cron,
        "enabled": draw(st.booleans()),
        "body_selector": draw(st.none() | _selectors),
        "exclude_selectors": draw(st.lists(_selectors, max_size=3)),
        "views_selector": draw(st.none() | _selectors),
        "views_regex": draw(st.none() | st.just(r"Views:\s*(\d+)")),
        "render": draw(st.none() | st.just("browser")),
        "wait_for": draw(st.none() | _selectors),
        "request_headers": draw(
            st.none()
            | st.lists(
                st.tuples(st.sampled_from(["Cookie", "Referer", "X-Token"]), _words).map(list),
                min_size=1,
                max_size=3,
            )
        ),
        "user_agent": draw(st.none() | st.just("Desk/2.0 (+https://example.org/desk)")),
        "proxy": draw(
            st.none()
            | st.sampled_from(
                ["http://desk:pw@proxy.example.org:3128", "socks5://proxy.example.org:1080"]
            )
        ),
        "tags": draw(_tags),
        "subscriptions": subs,
    }


@pytest.fixture
def second_db(settings: Settings, tmp_path: Path) -> Iterator[Database]:
    """Another, fresh database on the same backend (SQLite: another file; PostgreSQL: the
    first one, emptied between the two halves of each round trip)."""
    url = settings.database_url
    database = open_database(url if url.startswith("postgresql") else f"sqlite:///{tmp_path}/b")
    yield database
    database.dispose()


def _empty(db: Database) -> None:
    with db.session() as session:
        session.execute(delete(Source))


def _export(db: Database) -> str:
    with db.session() as session:
        return render([source_definition(s) for s in list_sources(session)], "json")


def _import(db: Database, text: str, *, update: bool = False) -> Any:
    with db.session() as session:
        return import_definitions(
            session,
            read(text, "json").definitions,
            default_interval=3600,
            update=update,
            allow_private_networks=False,
            allow_http_webhooks=False,
        )


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(st.lists(definitions(), min_size=1, max_size=4, unique_by=lambda d: d["url"]))
def test_export_import_export_loses_nothing(
    db: Database, second_db: Database, given_list: list[dict[str, Any]]
) -> None:
    _empty(db)
    document = json.dumps({"format": "tracker-watchlist", "version": 1, "sources": given_list})
    assert _import(db, document).added == len(given_list)
    first = _export(db)
    _empty(second_db)
    done = _import(second_db, first)
    assert (done.added, done.skipped) == (len(given_list), 0)
    assert _export(second_db) == first
    # What was given is what was exported (tags in order, subscriptions in any order).
    exported = json.loads(first)["sources"]
    for wanted, got in zip(given_list, exported, strict=True):
        assert {**got, "subscriptions": None, "tags": None} == {
            **wanted,
            "subscriptions": None,
            "tags": None,
        }
        assert got["tags"] == sorted(wanted["tags"])
        by_address = {sub["address"]: sub for sub in got["subscriptions"]}
        assert by_address == {sub["address"]: sub for sub in wanted["subscriptions"]}
    # Again, into the same database: nothing new, nothing duplicated.
    again = _import(second_db, first)
    assert (again.added, again.skipped) == (0, len(given_list))
    assert _import(second_db, first, update=True).unchanged == len(given_list)
    assert _export(second_db) == first


# --------------------------------------------------------------------------------------------
# Formats


def test_url_lists_skip_comments_and_blank_lines() -> None:
    text = "# watched by the desk\n\nhttps://example.org/a\n  https://example.org/b  # why\n"
    assert read_urls(text) == ["https://example.org/a", "https://example.org/b"]
    with pytest.raises(Exception, match=r"line 2: one URL a line"):
        read_urls("https://example.org/a\nhttps://example.org/b https://example.org/c\n")


def test_formats_are_told_by_name_then_by_content() -> None:
    assert detect_format("list.opml", "") == "opml"
    assert detect_format("w.json", "https://x") == "json"
    assert detect_format("urls.txt", "{") == "urls"
    assert detect_format(None, '  {"sources": []}') == "json"
    assert detect_format(None, "<?xml version='1.0'?><opml/>") == "opml"
    assert detect_format("pages", "https://example.org/a\n") == "urls"


def test_opml_export_reads_back_with_names_and_tags() -> None:
    definitions: list[dict[str, Any]] = [
        {"url": "https://example.org/a?x=1&y=2", "name": 'Tom & "Jerry" <b>', "tags": ["city"]},
        {"url": "https://example.org/b", "name": None, "tags": []},
    ]
    text = render(definitions, "opml")
    assert text.startswith("<?xml version='1.0' encoding='utf-8'?>\n<opml version=\"2.0\">")
    parsed = read(text, "opml")
    assert parsed.definitions == [
        {"url": "https://example.org/a?x=1&y=2", "name": 'Tom & "Jerry" <b>', "tags": ["city"]},
        {"url": "https://example.org/b"},
    ]
    assert parsed.left_out == []


def test_a_feed_readers_opml_says_what_it_left_out() -> None:
    text = (
        '<opml version="1.0"><body><outline text="News">'
        '<outline text="A" htmlUrl="https://example.org/a" xmlUrl="https://example.org/a.rss"/>'
        '<outline text="Only a feed" xmlUrl="https://example.org/b.rss"/>'
        "</outline></body></opml>"
    )
    parsed = read(text, "opml")
    assert parsed.definitions == [{"url": "https://example.org/a", "name": "A"}]
    assert parsed.left_out == [
        "1 outline without a page address (a feed: follow it with `tracker follow FEED`)"
    ]


# --------------------------------------------------------------------------------------------
# The commands


def _write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_export_and_import_on_the_command_line(
    settings: Settings, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run(capsys, "add", "https://example.org/a", "--every", "15m", "--tag", "city")
    run(capsys, "add", "https://example.org/b", "--name", "Bee", "--cron", "0 9 * * 1-5")
    run(capsys, "subscribe", "2", "desk@example.org", "--kinds", "title_changed")
    run(capsys, "pause", "2")
    out_file = tmp_path / "watch.json"
    assert run(capsys, "export", "-o", str(out_file)) == (0, "", "")
    # Webhook URLs and secrets are credentials: the file is its owner's alone.
    assert stat.S_IMODE(out_file.stat().st_mode) == 0o600
    exported = json.loads(out_file.read_text())
    assert exported["sources"][1] == {
        "url": "https://example.org/b",
        "name": "Bee",
        "interval_seconds": exported["sources"][1]["interval_seconds"],
        "cron": "0 9 * * 1-5",
        "enabled": False,
        "body_selector": None,
        "exclude_selectors": [],
        "views_selector": None,
        "views_regex": None,
        "render": None,
        "wait_for": None,
        "request_headers": None,
        "user_agent": None,
        "proxy": None,
        "tags": [],
        "subscriptions": [
            {
                "channel": "email",
                "address": "desk@example.org",
                "kinds": ["title_changed"],
                "min_views_delta": None,
                "min_views_percent": None,
                "mode": "immediate",
                "digest_hour": None,
                "significance": None,
                "secret": exported["sources"][1]["subscriptions"][0]["secret"],
            }
        ],
    }
    assert run(capsys, "export", "--format", "urls") == (
        0,
        "https://example.org/a\nhttps://example.org/b\n",
        "",
    )
    assert run(capsys, "export", "--format", "urls", "--tag", "city")[1] == (
        "https://example.org/a\n"
    )

    code, out, err = run(capsys, "import", str(out_file))
    assert (code, out, err) == (
        0,
        f"imported {out_file}: 0 added, 2 skipped (already watched; --update makes them as "
        "the file says)\n",
        "",
    )
    exported["sources"][0]["name"] = "Renamed"
    changed = _write(tmp_path, "changed.json", json.dumps(exported))
    assert run(capsys, "import", changed, "--update")[1] == (
        f"imported {changed}: 0 added, 1 updated, 1 unchanged\n"
    )
    listed = json.loads(run(capsys, "list", "--json")[1])
    assert [(s["name"], s["tags"], s["enabled"]) for s in listed] == [
        ("Renamed", ["city"], True),
        ("Bee", [], False),
    ]


def test_request_secrets_are_masked_unless_asked_and_checked_when_read_back(
    settings: Settings, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run(
        capsys,
        "add",
        "https://example.org/members",
        "--header",
        "Cookie: session=swordfish",
        "--proxy",
        "http://desk:hunter2@proxy.example.org:3128",
        "--render",
        "browser",
    )
    masked = json.loads(run(capsys, "export")[1])["sources"][0]
    assert masked["request_headers"] == [["Cookie", "***"]]
    assert masked["proxy"] == "http://***@proxy.example.org:3128"
    assert masked["render"] == "browser"
    code, out, err = run(capsys, "import", _write(tmp_path, "masked.json", json.dumps({
        "format": "tracker-watchlist", "version": 1,
        "sources": [{**masked, "url": "https://example.org/other"}],
    })))  # fmt: skip
    assert (code, out) == (2, "") and "masked" in err and err.count("\n") == 1
    full = run(capsys, "export", "--with-secrets")[1]
    assert "swordfish" in full and "hunter2" in full
    run(capsys, "remove", "https://example.org/members", "--yes")
    assert run(capsys, "import", _write(tmp_path, "full.json", full))[0] == 0
    assert json.loads(run(capsys, "export", "--with-secrets")[1]) == json.loads(full)
    # A file is held to the rules `add` holds an option to: no header smuggled in.
    cases: list[tuple[dict[str, Any], str]] = [
        ({"request_headers": [["Cookie", "a\r\nHost: evil"]]}, "header"),
        ({"request_headers": [["Bad Name", "x"]]}, "header"),
        ({"request_headers": "Cookie: x"}, "request_headers"),
        ({"proxy": "ftp://proxy.example.org"}, "proxy"),
        ({"render": "sometimes"}, "render"),
    ]
    for bad, words in cases:
        source = {"url": "https://example.org/hostile", **bad}
        path = _write(tmp_path, "bad.json", json.dumps({
            "format": "tracker-watchlist", "version": 1, "sources": [source],
        }))  # fmt: skip
        code, out, err = run(capsys, "import", path)
        assert (code, out) == (2, "") and err.count("\n") == 1, (bad, err)
        assert words in err, (bad, err)
    assert "hostile" not in run(capsys, "export", "--format", "urls")[1]


def test_add_reads_urls_from_stdin_and_from_a_file(
    settings: Settings,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("# desk list\n\nhttps://example.org/a\n"))
    assert run(capsys, "add", "-", "--tag", "desk") == (
        0,
        "added: https://example.org/a (every 1h, tags: desk)\n",
        "",
    )
    listed = _write(tmp_path, "pages.txt", "https://example.org/b\nhttps://example.org/a\n")
    assert run(capsys, "add", "--from", listed, "--every", "2h") == (
        0,
        "added: https://example.org/b (every 2h)\n"
        "already watched: https://example.org/a (every 1h, tags: desk)\n",
        "",
    )
    assert run(capsys, "add") == (
        2,
        "",
        "tracker: error: give the URLs to watch, --from FILE, or - to read them from stdin\n",
    )


@pytest.mark.parametrize(
    ("name", "text", "line"),
    [
        ("a.json", '{"sources": [', "not JSON: Expecting value (line 1, column 14)"),
        ("a.json", '{"format": "other"}', "not a tracker watch list: format 'other'"),
        ("a.json", '{"sources": [{"url": 3}]}', "sources[0]: expected a URL or an object"),
        (
            "a.json",
            '{"sources": [{"url": "https://example.org/a", "colour": "red"}]}',
            "sources[0]: unknown field 'colour'",
        ),
        (
            "a.json",
            '{"sources": [{"url": "https://example.org/a", "enabled": "yes"}]}',
            "source 1 (https://example.org/a): enabled: expected true or false, not 'yes'",
        ),
        (
            "a.json",
            '{"sources": [{"url": "https://example.org/a", "tags": ["two words"]}]}',
            "source 1 (https://example.org/a): invalid tag 'two words': a tag is 1 to 40 "
            "characters, without spaces or commas",
        ),
        (
            "a.json",
            '{"sources": ["https://example.org/a", {"url": "https://example.org/b", '
            '"subscriptions": [{"channel": "email", "address": "not-an-email"}]}]}',
            "source 2 (https://example.org/b): subscriptions[0]: invalid email address",
        ),
        ("a.txt", "https://example.org/a\nftp://example.org/b\n", "source 2 (ftp://example.org/b)"),
        ("a.opml", "<opml><body><outline", "not OPML: unclosed token: line 1, column 12"),
        (
            "a.opml",
            '<!DOCTYPE opml [<!ENTITY e "x">]><opml><body/></opml>',
            "not OPML: the document declares XML entities (refused)",
        ),
        ("a.opml", "<rss><channel/></rss>", "not OPML: the document is <rss>"),
    ],
)
def test_a_bad_file_is_one_line_and_nothing_of_it_is_imported(
    settings: Settings,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    name: str,
    text: str,
    line: str,
) -> None:
    path = _write(tmp_path, name, text)
    code, out, err = run(capsys, "import", path)
    assert (code, out) == (2, "")
    assert err.startswith("tracker: error: ") and err.count("\n") == 1
    assert line in err
    assert run(capsys, "list", "--json")[1] == "[]\n"


def test_import_of_a_missing_file_and_a_private_address(
    settings: Settings,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    missing = str(tmp_path / "nope.json")
    assert run(capsys, "import", missing) == (
        2,
        "",
        f"tracker: error: cannot read {missing}: No such file or directory\n",
    )
    monkeypatch.setenv("TRACKER_ALLOW_PRIVATE_NETWORKS", "false")
    path = _write(tmp_path, "l.txt", "https://example.org/a\nhttp://127.0.0.1:9/x\n")
    code, _, err = run(capsys, "import", path)
    assert code == 2 and err.startswith("tracker: error: source 2 (http://127.0.0.1:9/x): ")
    assert run(capsys, "list", "--json")[1] == "[]\n"


def test_export_to_an_unwritable_place_is_one_line(
    settings: Settings, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "no" / "such" / "dir" / "w.json"
    code, _, err = run(capsys, "export", "-o", str(target))
    assert (code, err) == (2, f"tracker: error: cannot write {target}: No such file or directory\n")
    assert not os.path.exists(target)
