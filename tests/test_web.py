"""The web application through the ASGI client: JSON API, feeds, escaping, security, health.

The data comes from the real pipeline checking a loopback site (tests/webdata.py). Runs on
SQLite, and on PostgreSQL too when TRACKER_TEST_POSTGRES_URL is set.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import warnings
import xml.etree.ElementTree as ET
from collections.abc import Iterator

import pytest
from sqlalchemy.orm import sessionmaker

from tracker.cli import main as cli_main
from tracker.config import Settings
from tracker.db import Database, create_db_engine
from tracker.demo.layouts import SAMPLE_ARTICLES, render
from tracker.demo.server import LoopbackServer
from tracker.errors import UsageError
from tracker.store import query_changes
from tracker.web import create_app
from tracker.web.serve import check_listen

from .webdata import IMG, SCRIPT, WebData, populate

with warnings.catch_warnings():
    # Starlette's test client asks for an httpx fork; httpx itself works as before.
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

ATOM = "{http://www.w3.org/2005/Atom}"
ESCAPED_SCRIPT = "&lt;script&gt;alert(&#34;pwned&#34;)&lt;/script&gt;"
ESCAPED_IMG = "&lt;img src=x onerror=alert(1)&gt;"


@pytest.fixture
def data(db: Database, settings: Settings, site: LoopbackServer) -> WebData:
    return populate(db, settings, site)


@pytest.fixture
def client(db: Database, settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings, database=db)) as c:
        yield c


def run_cli(args: list[str]) -> int:
    try:
        cli_main(args)
    except SystemExit as exc:
        return int(exc.code or 0)
    return 0


def csrf(client: TestClient) -> str:
    """Visit a page (which sets the CSRF cookie) and return the token its forms carry."""
    for path in ("/", "/login"):  # the add form, or the login form when a token is set
        match = re.search(r'name="csrf_token" value="([^"]+)"', client.get(path).text)
        if match is not None:
            return match.group(1)
    raise AssertionError("no form with a CSRF token")


# --------------------------------------------------------------------------------------------
# JSON API


def test_api_changes_have_the_cli_shape(
    data: WebData, client: TestClient, db: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    assert run_cli(["changes", "--json"]) == 0
    from_cli = json.loads(capsys.readouterr().out)
    from_api = client.get("/api/changes").json()
    assert from_api == from_cli
    with db.session() as session:
        assert from_api == query_changes(session)[::-1]  # newest first, as the CLI's
    kinds = {r["kind"] for r in from_api}
    assert {"paragraph_edited", "paragraph_moved", "title_changed", "source_gone"} <= kinds

    edited = client.get("/api/changes", params={"kind": "paragraph_edited"}).json()
    assert edited and {r["kind"] for r in edited} == {"paragraph_edited"}
    capsys.readouterr()
    assert run_cli(["changes", "--json", "--kind", "paragraph_edited"]) == 0
    assert edited == json.loads(capsys.readouterr().out)

    story = client.get("/api/changes", params={"source": str(data.story)}).json()
    assert story and {r["source_id"] for r in story} == {data.story}
    newest = client.get("/api/changes", params={"limit": 2}).json()
    assert newest == from_api[:2]
    # Paging back: the last record's id is where the next page starts.
    older = client.get("/api/changes", params={"before": newest[-1]["id"], "limit": 3}).json()
    assert older == from_api[2:5]
    oldest = client.get("/api/changes", params={"oldest_first": "true"}).json()
    assert oldest == from_api[::-1]
    assert client.get("/api/changes", params={"since": "1h"}).json() == from_api
    assert client.get("/api/changes", params={"since": "2999-01-01"}).json() == []
    assert client.get("/api/changes", params={"since": "soon"}).status_code == 400
    assert client.get("/api/changes", params={"kind": "nonsense"}).status_code == 422


def test_api_sources_crud(client: TestClient, site: LoopbackServer) -> None:
    url = site.url("/crud")
    made = client.post(
        "/api/sources",
        json={"url": url, "name": "Crud", "every": "15m", "notify": ["a@example.org"]},
    )
    assert made.status_code == 201, made.text
    body = made.json()
    assert body["url"] == url and body["every"] == "15m" and body["notify"] == ["a@example.org"]
    sid = body["id"]
    assert client.post("/api/sources", json={"url": url}).status_code == 409
    assert client.post("/api/sources", json={"url": "ftp://nope"}).status_code in (400, 422)
    assert [s["id"] for s in client.get("/api/sources").json()] == [sid]

    patched = client.patch(
        f"/api/sources/{sid}",
        json={"name": "Renamed", "every": "2h", "enabled": False, "notify": ["b@example.org"]},
    ).json()
    assert (patched["name"], patched["every"], patched["enabled"]) == ("Renamed", "2h", False)
    assert patched["notify"] == ["b@example.org"]
    assert client.get(f"/api/sources/{sid}").json() == patched

    assert client.delete(f"/api/sources/{sid}").status_code == 204
    assert client.get(f"/api/sources/{sid}").status_code == 404
    assert client.delete(f"/api/sources/{sid}").status_code == 404


def test_api_patch_of_the_schedule_takes_effect_at_once(
    client: TestClient, site: LoopbackServer
) -> None:
    url = site.set("/patched", render("blog", SAMPLE_ARTICLES["orchard-frost"]))
    sid = client.post("/api/sources", json={"url": url, "every": "1h"}).json()["id"]
    client.post(f"/api/sources/{sid}/check")
    checked = client.get(f"/api/sources/{sid}").json()
    last = dt.datetime.fromisoformat(checked["last_checked_at"])
    assert dt.datetime.fromisoformat(checked["next_check_at"]) - last > dt.timedelta(minutes=50)

    patched = client.patch(f"/api/sources/{sid}", json={"every": "30s"}).json()
    assert dt.datetime.fromisoformat(patched["next_check_at"]) - last <= dt.timedelta(seconds=33)
    cron = client.patch(f"/api/sources/{sid}", json={"cron": "0 3 * * *"}).json()
    assert (cron["cron"], cron["every"]) == ("0 3 * * *", "0 3 * * *")
    both = client.patch(f"/api/sources/{sid}", json={"cron": "0 3 * * *", "every": "1h"})
    assert both.status_code == 400
    assert client.patch(f"/api/sources/{sid}", json={"cron": "nope"}).status_code == 400


def test_unknown_paths_get_the_styled_page(client: TestClient) -> None:
    page = client.get("/no/such/page")
    assert page.status_code == 404 and page.headers["content-type"].startswith("text/html")
    assert "<html" in page.text and '{"detail"' not in page.text
    assert client.get("/api/no-such-thing").json() == {"detail": "Not Found"}


def test_api_refuses_a_private_address_while_checks_would(db: Database, settings: Settings) -> None:
    app = create_app(settings.model_copy(update={"allow_private_networks": False}), database=db)
    with TestClient(app) as client:
        answer = client.post("/api/sources", json={"url": "http://127.0.0.1:9/x"})
    assert answer.status_code == 400 and "loopback address" in answer.json()["detail"]


def test_api_check_now_versions_and_diff(client: TestClient, site: LoopbackServer) -> None:
    state = SAMPLE_ARTICLES["orchard-frost"]
    url = site.set("/check-now", render("blog", state))
    sid = client.post("/api/sources", json={"url": url}).json()["id"]

    first = client.post(f"/api/sources/{sid}/check").json()
    assert (first["outcome"], first["version"], first["views"]) == ("changed", 1, state.views)
    site.set(
        "/check-now",
        render("blog", state, tick=1).replace("the thermometer", "our thermometer"),
    )
    second = client.post(f"/api/sources/{sid}/check").json()
    assert second["outcome"] == "changed" and second["version"] == 2
    assert [c["kind"] for c in second["changes"]] == ["paragraph_edited"]

    checks = client.get(f"/api/sources/{sid}/checks").json()
    assert [c["outcome"] for c in checks] == ["changed", "changed"]
    assert [c["version"] for c in checks] == [2, 1]
    versions = client.get(f"/api/sources/{sid}/versions").json()
    assert [v["version"] for v in versions] == [1, 2]
    full = client.get(f"/api/sources/{sid}/versions/2").json()
    assert any("our thermometer" in p for p in full["paragraphs"])
    assert client.get(f"/api/sources/{sid}/versions/9").status_code == 404
    diff = client.get(f"/api/sources/{sid}/diff").json()
    assert (diff["from_version"], diff["to_version"]) == (1, 2)
    assert diff["changes"] == second["changes"]
    baseline = client.get(f"/api/sources/{sid}/diff", params={"from": 0, "to": 1}).json()
    assert baseline["from_version"] is None and baseline["changes"] == []
    assert client.get(f"/api/sources/{sid}/views").json()[0]["views"] == state.views
    assert client.post("/api/sources/999/check").status_code == 404


def test_openapi_schema_lists_the_api(client: TestClient) -> None:
    schema = client.get("/api/openapi.json").json()
    paths = set(schema["paths"])
    assert {
        "/api/sources",
        "/api/sources/{source_id}",
        "/api/sources/{source_id}/check",
        "/api/sources/{source_id}/checks",
        "/api/sources/{source_id}/versions",
        "/api/changes",
    } <= paths
    assert not any(p.startswith("/sources") for p in paths)  # pages are not API


# --------------------------------------------------------------------------------------------
# Atom


def test_atom_feed_is_valid_xml_with_the_changes(
    data: WebData, client: TestClient, db: Database
) -> None:
    with db.session() as session:
        records = query_changes(session)
    response = client.get("/feed.atom")
    assert response.headers["content-type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    assert feed.tag == f"{ATOM}feed"
    assert feed.findtext(f"{ATOM}title") == "tracker: all changes"
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == len(records)
    newest = records[-1]
    first = entries[0]
    assert first.findtext(f"{ATOM}title") == f"{newest['source']}: {newest['summary']}"
    assert first.findtext(f"{ATOM}updated") == newest["detected_at"]
    ids = [e.findtext(f"{ATOM}id") for e in entries]
    assert len(set(ids)) == len(ids) and all(i and i.startswith("tag:") for i in ids)
    for entry in entries:
        link = entry.find(f"{ATOM}link")
        assert link is not None and link.get("href", "").startswith("/sources/")
        category = entry.find(f"{ATOM}category")
        assert category is not None and category.get("term")

    own = ET.fromstring(client.get(f"/sources/{data.story}/feed.atom").content)
    story = [r for r in records if r["source_id"] == data.story]
    own_entries = own.findall(f"{ATOM}entry")
    assert len(own_entries) == len(story)
    edited = next(
        e
        for e in own_entries
        if (c := e.find(f"{ATOM}category")) is not None and c.get("term") == "paragraph_edited"
    )
    link = edited.find(f"{ATOM}link")
    assert link is not None and link.get("href", "").endswith(
        f"/sources/{data.story}/diff?from=1&to=2"
    )
    html = edited.findtext(f"{ATOM}content") or ""
    assert "<del>Three</del><ins>Four</ins>" in html
    assert client.get("/sources/999/feed.atom").status_code == 404


# --------------------------------------------------------------------------------------------
# Escaping


def test_hostile_text_is_escaped_on_every_page(data: WebData, client: TestClient) -> None:
    named = client.post(
        "/api/sources",
        json={"url": data.site.url("/named"), "name": '<b onmouseover="alert(2)">bold</b>'},
    ).json()["id"]
    h = data.hostile
    pages = [
        "/",
        "/?q=hostile",
        f"/sources/{h}",
        f"/sources/{h}/diff",
        f"/sources/{h}/diff?mode=side",
        f"/sources/{h}/diff?from=0&to=1",
        f"/sources/{h}/diff?from=2&to=1&mode=side",
        "/changes",
        f"/changes?source={h}",
        f"/sources/{named}",
    ]
    for path in pages:
        response = client.get(path)
        assert response.status_code == 200, path
        text = response.text
        assert "<script>alert" not in text, path
        assert "<img src=x" not in text, path
        assert "<b onmouseover" not in text, path
        if path != f"/sources/{named}":
            assert ESCAPED_SCRIPT in text or ESCAPED_IMG in text, path
    assert "&lt;b onmouseover=&#34;alert(2)&#34;&gt;bold&lt;/b&gt;" in client.get("/").text
    for path in ("/feed.atom", f"/sources/{h}/feed.atom"):
        raw = client.get(path).content
        assert b"<script" not in raw and b"<img" not in raw, path
        feed = ET.fromstring(raw)
        texts = " ".join(
            (e.findtext(f"{ATOM}title") or "") + (e.findtext(f"{ATOM}content") or "")
            for e in feed.findall(f"{ATOM}entry")
        )
        # Entry titles are plain text; the HTML content has the page text escaped inside it.
        assert (
            SCRIPT in texts
            and "&lt;script&gt;" in texts
            and "<script>" not in texts.replace(SCRIPT, "")
        )
        assert IMG in texts


# --------------------------------------------------------------------------------------------
# Security


def test_security_headers_on_every_kind_of_response(client: TestClient) -> None:
    for path in ("/", "/api/sources", "/feed.atom", "/static/style.css", "/nope", "/healthz"):
        headers = client.get(path).headers
        csp = headers["content-security-policy"]
        assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp, path
        assert "unsafe-inline" not in csp
        assert headers["x-content-type-options"] == "nosniff", path
        assert headers["x-frame-options"] == "DENY", path


def test_forms_need_the_csrf_token(client: TestClient, site: LoopbackServer) -> None:
    url = site.url("/csrf")
    assert client.post("/sources", data={"url": url}).status_code == 403
    assert client.post("/sources", data={"url": url, "csrf_token": "forged"}).status_code == 403
    token = csrf(client)
    cross = client.post(
        "/sources",
        data={"url": url, "csrf_token": token},
        headers={"Origin": "https://evil.example"},
    )
    assert cross.status_code == 403
    assert client.get("/api/sources").json() == []
    ok = client.post("/sources", data={"url": url, "csrf_token": token}, follow_redirects=False)
    assert ok.status_code == 303 and ok.headers["location"].startswith("/sources/")
    sid = int(ok.headers["location"].split("/")[2].split("?")[0])
    paused = client.post(
        f"/sources/{sid}/pause", data={"csrf_token": token}, follow_redirects=False
    )
    assert paused.status_code == 303
    assert client.get(f"/api/sources/{sid}").json()["enabled"] is False
    assert client.post(f"/sources/{sid}/delete", data={}).status_code == 403
    assert client.post(f"/sources/{sid}/delete", data={"csrf_token": token}).status_code == 200
    assert client.get("/api/sources").json() == []


def test_token_guards_the_api_and_the_forms(db: Database, settings: Settings) -> None:
    guarded = settings.model_copy(update={"api_token": "s3cret-token"})
    with TestClient(create_app(guarded, database=db)) as client:
        assert client.get("/api/sources").status_code == 401
        assert (
            client.get("/api/changes", headers={"Authorization": "Bearer nope"}).status_code == 401
        )
        auth = {"Authorization": "Bearer s3cret-token"}
        assert client.get("/api/sources", headers=auth).status_code == 200
        made = client.post("/api/sources", json={"url": "https://example.com/a"}, headers=auth)
        assert made.status_code == 201
        assert client.delete("/api/sources/1").status_code == 401

        # Pages stay readable; the forms need a login with the token.
        page = client.get("/")
        assert (
            page.status_code == 200
            and "Log in" in page.text
            and 'action="/sources"' not in page.text
        )
        token = csrf(client)
        refused = client.post(
            "/sources", data={"url": "https://example.com/b", "csrf_token": token}
        )
        assert refused.status_code == 403
        wrong = client.post("/login", data={"token": "guess", "csrf_token": token})
        assert wrong.status_code == 403
        right = client.post(
            "/login", data={"token": "s3cret-token", "csrf_token": token}, follow_redirects=False
        )
        assert right.status_code == 303 and "tracker_login" in right.headers["set-cookie"]
        added = client.post(
            "/sources",
            data={"url": "https://example.com/b", "csrf_token": token},
            follow_redirects=False,
        )
        assert added.status_code == 303
        assert len(client.get("/api/sources", headers=auth).json()) == 2


def test_serve_refuses_a_public_address_without_a_token(
    settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(UsageError, match="TRACKER_API_TOKEN"):
        check_listen(settings, "0.0.0.0")
    with pytest.raises(UsageError):
        check_listen(settings, "192.168.1.10")
    assert check_listen(settings, "127.0.0.1") == ["127.0.0.1", "localhost", "::1"]
    assert check_listen(settings, "::1") is not None and check_listen(settings, "localhost")
    assert check_listen(settings.model_copy(update={"api_token": "t"}), "0.0.0.0") is None
    assert run_cli(["serve", "--host", "0.0.0.0", "--port", "1"]) == 2
    assert "without an API token" in capsys.readouterr().err


def test_loopback_server_answers_loopback_names_only(db: Database, settings: Settings) -> None:
    app = create_app(settings, database=db, allowed_hosts=check_listen(settings, "127.0.0.1"))
    with TestClient(app, base_url="http://127.0.0.1:8000") as client:
        assert client.get("/healthz").status_code == 200
        assert client.get("/healthz", headers={"Host": "localhost:8000"}).status_code == 200
        assert client.get("/healthz", headers={"Host": "[::1]:8000"}).status_code == 200
        rebound = client.get("/api/sources", headers={"Host": "attacker.example"})
        assert rebound.status_code == 421


# --------------------------------------------------------------------------------------------
# Health and metrics


def test_healthz_and_metrics(data: WebData, client: TestClient) -> None:
    assert client.get("/healthz").json() == {"status": "ok", "database": "ok"}
    text = client.get("/metrics").text
    assert re.search(r'^tracker_checks_total\{outcome="changed"\} \d', text, re.M)
    assert re.search(r'^tracker_checks_total\{outcome="failed"\} [1-9]', text, re.M)
    assert re.search(r"^tracker_check_duration_seconds_count [1-9]", text, re.M)
    assert re.search(r'^tracker_check_duration_seconds_bucket\{le="\+Inf"\}', text, re.M)
    assert re.search(r"^tracker_queue_depth \d", text, re.M)
    assert re.search(r"^tracker_alerts_pending \d", text, re.M)
    assert re.search(r'^tracker_sources\{status="gone"\} 1', text, re.M)
    assert re.search(r'^tracker_changes_total\{kind="paragraph_moved"\} 1', text, re.M)


def test_healthz_reports_an_unreachable_database(settings: Settings) -> None:
    engine = create_db_engine("postgresql+psycopg://nobody@127.0.0.1:1/none?connect_timeout=2")
    broken = Database(engine, sessionmaker(engine))
    with TestClient(create_app(settings, database=broken)) as client:
        response = client.get("/healthz")
        assert response.status_code == 503 and response.json()["status"] == "error"
    engine.dispose()


# --------------------------------------------------------------------------------------------
# Pure parts: the diff viewer's rows and the charts


def test_diff_rows_show_every_paragraph_once_in_order() -> None:
    from tracker.article import Article
    from tracker.diff import diff_articles
    from tracker.web.diffview import build_rows

    old = [
        "Harbour towns agreed to pool their budgets for a joint rail connection this spring.",
        "Shipping companies have moved traffic away from the northern terminals since May.",
        "Money and politics",
        "The regional parliament still has to approve a guarantee for the loan this autumn.",
        "For now the mayors want to keep the three councils in agreement until the contracts.",
    ]
    new = [
        old[1],
        "Harbour towns agreed to pool their budgets for a joint rail link this spring.",
        old[3],
        "A spokesperson declined to comment on the timetable.",
        old[4],
        old[4],
    ]
    changes = diff_articles(Article("t", tuple(old)), Article("t", tuple(new)))
    rows = build_rows(old, new, changes)
    assert [r.new_index for r in rows if r.new_index is not None] == list(range(len(new)))
    assert [r.old_index for r in rows if r.kind == "removed"] == [2]
    kinds = {r.new_index: r.kind for r in rows if r.new_index is not None}
    assert kinds[1] == "edited" and kinds[3] == "added" and kinds[2] == "same"
    edited = next(r for r in rows if r.kind == "edited")
    assert ("delete", "connection") in edited.ops and ("insert", "link") in edited.ops
    assert [r.duplicate for r in rows if r.duplicate] == [(1, 2), (2, 2)]
    # The removal sits right after the paragraph that preceded it in the old version.
    order = [(r.kind, r.old_index, r.new_index) for r in rows]
    assert order.index(("removed", 2, None)) < order.index(("same", 3, 2))


def test_charts() -> None:
    import datetime as dt

    from tracker.web.charts import nice_ticks, sparkline, view_chart

    assert nice_ticks(0, 1000) == [0, 250, 500, 750, 1000]
    assert nice_ticks(254, 809)[0] <= 254 and nice_ticks(254, 809)[-1] >= 809
    assert sparkline([]) is None and view_chart([]) is None
    t0 = dt.datetime(2024, 7, 6, 12, tzinfo=dt.UTC)
    series = [(t0, 100), (t0 + dt.timedelta(hours=5), 150), (t0 + dt.timedelta(days=1), 140)]
    chart = view_chart(series, until=t0 + dt.timedelta(days=2))
    assert chart is not None and len(chart.dots) == 3 and len(chart.x_ticks) == 5
    assert all(
        chart.left <= d.x <= chart.right and chart.top <= d.y <= chart.bottom for d in chart.dots
    )
    assert "140 views at 2024-07-07 12:00 UTC" in chart.dots[2].label
    one = view_chart(series[:1])
    assert one is not None and len(one.dots) == 1
    spark = sparkline(series)
    assert spark is not None and (spark.first, spark.last) == (100, 140)


# --------------------------------------------------------------------------------------------
# Names and tags


def test_unnamed_pages_show_their_headline_and_tags_filter(
    data: WebData, client: TestClient
) -> None:
    from .webdata import HOSTILE_TITLE

    # The hostile page has no name: it goes by its (escaped) headline, its URL below it.
    hostile_url = data.site.url("/news/hostile")
    dashboard = client.get("/").text
    shown = HOSTILE_TITLE.replace("<", "&lt;").replace(">", "&gt;")
    assert f'href="/sources/{data.hostile}">{shown}</a>' in dashboard
    assert f'<div class="url">{hostile_url}</div>' in dashboard
    [source] = [s for s in client.get("/api/sources").json() if s["id"] == data.hostile]
    assert (source["name"], source["label"], source["headline"]) == (
        None,
        HOSTILE_TITLE,
        HOSTILE_TITLE,
    )
    changes = client.get("/api/changes", params={"source": str(data.hostile)}).json()
    assert {(r["source"], r["url"]) for r in changes} == {(HOSTILE_TITLE, hostile_url)}
    assert f"<title>{shown}" in client.get(f"/sources/{data.hostile}").text

    patched = client.patch(f"/api/sources/{data.story}", json={"tags": ["Harbour", "rail"]})
    assert patched.status_code == 200 and patched.json()["tags"] == ["harbour", "rail"]
    assert client.patch(f"/api/sources/{data.gone}", json={"tags": ["rail"]}).status_code == 200
    bad = client.patch(f"/api/sources/{data.gone}", json={"tags": ["no spaces"]})
    assert bad.status_code == 400 and "invalid tag" in bad.text

    everything = client.get("/").text
    assert 'href="/?tag=harbour" class="chip ">#harbour <b>1</b></a>' in everything
    assert 'href="/?tag=rail" class="chip ">#rail <b>2</b></a>' in everything
    tagged = client.get("/", params={"tag": "harbour"}).text
    assert f'href="/sources/{data.story}"' in tagged
    assert f'href="/sources/{data.hostile}"' not in tagged
    assert 'href="/feed.atom?tag=harbour"' in tagged
    # An unknown tag filters nothing out (the page says which tags there are).
    assert f'href="/sources/{data.hostile}"' in client.get("/", params={"tag": "x"}).text

    feed = ET.fromstring(client.get("/feed.atom", params={"tag": "rail"}).content)
    assert feed.findtext(f"{ATOM}title") == "tracker: changes tagged rail"
    links = {e.find(f"{ATOM}link").get("href", "") for e in feed.findall(f"{ATOM}entry")}  # type: ignore[union-attr]
    assert links and {link.split("/")[2] for link in links} == {str(data.story), str(data.gone)}
    assert client.get("/feed.atom", params={"tag": "a b"}).status_code == 400
