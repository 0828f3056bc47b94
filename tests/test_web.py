"""The web application through the ASGI client: JSON API, feeds, escaping, security, health.

The data comes from the real pipeline checking a loopback site (tests/webdata.py). Runs on
SQLite, and on PostgreSQL too when TRACKER_TEST_POSTGRES_URL is set.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import re
import time
import warnings
import xml.etree.ElementTree as ET
from collections.abc import Iterator

import pytest
from sqlalchemy.orm import sessionmaker

from tracker.cli import main as cli_main
from tracker.config import Settings
from tracker.db import Database, create_db_engine
from tracker.demo.layouts import SAMPLE_ARTICLES, render
from tracker.demo.server import LoopbackServer, Route
from tracker.errors import UsageError
from tracker.models import Source
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


@pytest.mark.parametrize("number", ["NaN", "Infinity", "-Infinity"])
def test_api_refuses_nan_and_infinity_with_a_422(client: TestClient, number: str) -> None:
    # Python's JSON parser reads them, and the refusal echoes them back as text.
    answer = client.post(
        "/api/sources",
        content=f'{{"url": {number}}}',
        headers={"Content-Type": "application/json"},
    )
    assert answer.status_code == 422
    assert answer.json()["detail"][0]["input"] == str(float(number))


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
# Errors on pages: the styled page, one line; the API keeps its JSON


def test_page_errors_get_the_styled_page_and_the_api_its_json(
    db: Database, settings: Settings
) -> None:
    app = create_app(settings, database=db)

    def broken() -> None:
        raise RuntimeError("a bug")

    app.add_api_route("/broken", broken)
    app.add_api_route("/api/broken", broken)
    with TestClient(app) as client:
        for method, path, status, words in [
            ("get", "/sources/abc", 422, "source_id: input should be a valid integer"),
            ("get", "/changes?before=0", 422, "before: input should be greater than or equal to 1"),
            ("get", "/sources/1/diff?mode=sideways", 422, "mode: string should match"),
            ("post", "/", 405, "/ does not answer a POST request"),
            ("delete", "/changes", 405, "/changes does not answer a DELETE request"),
            ("get", "/no/such/page", 404, "there is no page at /no/such/page"),
            ("get", "/sources/99999", 404, "no source with id 99999"),
            ("get", "/broken", 500, "tracker failed to answer this"),
        ]:
            page = client.request(method, path, headers={"Accept": "text/html"})
            assert page.status_code == status, path
            assert page.headers["content-type"].startswith("text/html"), path
            assert "<h1>" in page.text and '{"detail"' not in page.text, path
            [line] = re.findall(r'<p class="error">(.*?)</p>', page.text)
            assert words in line, (path, line)
            assert "content-security-policy" in page.headers, path
        assert client.post("/").headers["allow"] == "GET"
        # The API answers JSON whatever the client accepts; a page does when asked for JSON only.
        assert client.get("/api/sources/abc").json()["detail"][0]["loc"] == ["path", "source_id"]
        assert client.get("/api/nope", headers={"Accept": "text/html"}).json() == {
            "detail": "Not Found"
        }
        assert client.put("/api/sources").json() == {"detail": "Method Not Allowed"}
        assert client.get("/nope", headers={"Accept": "application/json"}).json() == {
            "detail": "Not Found"
        }
        bug = client.get("/api/broken")
        assert bug.status_code == 500 and bug.text == "internal server error\n"


# --------------------------------------------------------------------------------------------
# Editing a source on its page


def _form_value(html: str, name: str) -> str:
    match = re.search(rf'<input name="{name}" value="([^"]*)"', html)
    assert match is not None, name
    return match.group(1)


def test_a_source_is_edited_on_its_page(client: TestClient, site: LoopbackServer) -> None:
    url = site.set("/edited", render("blog", SAMPLE_ARTICLES["orchard-frost"]))
    sid = client.post("/api/sources", json={"url": url, "name": "Orchard", "every": "1h"}).json()[
        "id"
    ]
    client.post(f"/api/sources/{sid}/check")
    last = dt.datetime.fromisoformat(client.get(f"/api/sources/{sid}").json()["last_checked_at"])
    token = csrf(client)
    page = client.get(f"/sources/{sid}").text
    assert f'action="/sources/{sid}/edit#settings"' in page
    assert _form_value(page, "name") == "Orchard" and _form_value(page, "every") == "1h"

    form = {
        "csrf_token": token,
        "name": "Orchard diary",
        "every": "30s",
        "cron": "",
        "body_selector": "div.entry",
        "exclude_selectors": ".ad\r\n\r\naside.related\r\n",
        "views_selector": "",
        "views_regex": r"([\d,]+) views",
        "tags": "Orchards, frost",
    }
    saved = client.post(f"/sources/{sid}/edit", data=form, follow_redirects=False)
    assert saved.status_code == 303
    assert saved.headers["location"] == f"/sources/{sid}?done=edited#top"
    after = client.get(f"/api/sources/{sid}").json()
    assert (after["name"], after["every"], after["body_selector"]) == (
        "Orchard diary",
        "30s",
        "div.entry",
    )
    assert after["exclude_selectors"] == [".ad", "aside.related"]
    assert after["views_regex"] == r"([\d,]+) views"
    assert after["tags"] == ["frost", "orchards"]
    assert _form_value(client.get(f"/sources/{sid}").text, "tags") == "frost orchards"
    # The shorter schedule counts from the last check, not from the old hour.
    assert dt.datetime.fromisoformat(after["next_check_at"]) - last <= dt.timedelta(seconds=33)
    shown = client.get(f"/sources/{sid}?done=edited").text
    assert "Saved" in shown and "<code>div.entry</code>" in shown and "every 30s" in shown

    cron = client.post(f"/sources/{sid}/edit", data=form | {"every": "", "cron": "0 6 * * *"})
    assert cron.status_code == 200
    assert client.get(f"/api/sources/{sid}").json()["cron"] == "0 6 * * *"


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"every": "", "cron": "61 * * * *"}, "invalid cron expression"),
        ({"cron": "*/5 * * * *"}, "either an interval or a cron schedule, not both"),
        ({"every": ""}, "give an interval"),
        ({"every": "soon"}, "invalid duration"),
        ({"every": "0s"}, "at least one second"),
        ({"body_selector": "div["}, "body selector"),
        ({"exclude_selectors": "ok\np:::"}, "exclude selector"),
        ({"views_regex": "(a+)+$"}, "views regex"),
        ({"name": "x" * 301}, "name is longer than 300 characters"),
        ({"name": "tab\there"}, "control characters"),
        ({"tags": "ok " + "x" * 41}, "tag"),
    ],
)
def test_a_refused_edit_is_shown_on_the_form(
    client: TestClient, site: LoopbackServer, change: dict[str, str], words: str
) -> None:
    url = site.url("/refused")
    sid = client.post("/api/sources", json={"url": url, "name": "Kept", "every": "1h"}).json()["id"]
    before = client.get(f"/api/sources/{sid}").json()
    form = {"csrf_token": csrf(client), "name": "Changed", "every": "2h", "cron": ""} | change
    page = client.post(f"/sources/{sid}/edit", data=form)
    assert page.status_code == 400 and page.headers["content-type"].startswith("text/html")
    errors = re.findall(r'<p class="error" role="alert">(.*?)</p>', page.text, re.S)
    assert len(errors) == 1 and words in errors[0] and "\n" not in errors[0], errors
    # The settings form is open, with what was sent in it.
    assert re.search(r'<details class="edit settings" open>', page.text)
    if "name" not in change:
        assert _form_value(page.text, "name") == "Changed"
    assert client.get(f"/api/sources/{sid}").json() == before


def test_fetching_is_edited_on_the_page_and_its_secrets_never_shown(
    client: TestClient, site: LoopbackServer
) -> None:
    url = site.url("/fetching")
    sid = client.post("/api/sources", json={"url": url, "every": "1h"}).json()["id"]
    base = {"csrf_token": csrf(client), "every": "1h", "cron": ""}
    secret = "session=swordfish"
    saved = client.post(
        f"/sources/{sid}/edit",
        data=base
        | {
            "render": "browser",
            "wait_for": "article p",
            "user_agent": "Desk/1.0",
            "headers": f"Cookie: {secret}\r\nReferer: https://example.org/\r\n",
            "proxy": "http://user:hunter2@127.0.0.1:3128",
        },
        follow_redirects=False,
    )
    assert saved.status_code == 303
    shown = client.get(f"/api/sources/{sid}").json()
    assert shown["render"] == "browser" and shown["wait_for"] == "article p"
    assert shown["headers"] == ["Cookie: ***", "Referer: ***"]
    page = client.get(f"/sources/{sid}").text
    assert "rendered in a browser" in page and "Desk/1.0" in page
    assert secret not in page and "hunter2" not in page and "example.org/" not in page
    # An empty field keeps the secrets; a refused edit never writes what was typed back.
    client.post(f"/sources/{sid}/edit", data=base | {"render": "browser", "user_agent": ""})
    kept = client.get(f"/api/sources/{sid}").json()
    assert kept["headers"] == ["Cookie: ***", "Referer: ***"] and kept["proxy"]
    assert kept["user_agent"] is None
    refused = client.post(
        f"/sources/{sid}/edit",
        data=base | {"headers": "Cookie: other-secret\r\nno colon here", "proxy": "ftp://x:pw@h"},
    )
    assert refused.status_code == 400
    assert "other-secret" not in refused.text and "x:pw" not in refused.text
    # The boxes clear them; plain reading is the default.
    client.post(f"/sources/{sid}/edit", data=base | {"clear_headers": "1", "clear_proxy": "1"})
    cleared = client.get(f"/api/sources/{sid}").json()
    assert cleared["headers"] == [] and cleared["proxy"] is None
    assert cleared["render"] == "plain"


def test_editing_needs_a_login_and_the_form_token(db: Database, settings: Settings) -> None:
    guarded = settings.model_copy(update={"api_token": "s3cret-token"})
    with TestClient(create_app(guarded, database=db)) as client:
        auth = {"Authorization": "Bearer s3cret-token"}
        sid = client.post(
            "/api/sources", json={"url": "https://example.com/e", "name": "E"}, headers=auth
        ).json()["id"]
        page = client.get(f"/sources/{sid}").text
        assert "/edit#settings" not in page and "/rules#" not in page
        token = csrf(client)
        form = {"csrf_token": token, "name": "Hijacked", "every": "1h"}
        assert client.post(f"/sources/{sid}/edit", data=form).status_code == 403
        client.post("/login", data={"token": "s3cret-token", "csrf_token": token})
        assert (
            client.post(f"/sources/{sid}/edit", data=form | {"csrf_token": "x"}).status_code == 403
        )
        assert client.get(f"/api/sources/{sid}", headers=auth).json()["name"] == "E"
        assert client.post(f"/sources/{sid}/edit", data=form).status_code == 200
        assert client.get(f"/api/sources/{sid}", headers=auth).json()["name"] == "Hijacked"
        assert client.post("/sources/99999/edit", data=form).status_code == 404


def test_subscription_rules_are_edited_on_the_page(
    client: TestClient, site: LoopbackServer
) -> None:
    sid = client.post("/api/sources", json={"url": site.url("/subs")}).json()["id"]
    token = csrf(client)
    made = client.post(
        f"/sources/{sid}/subscriptions",
        data={
            "csrf_token": token,
            "channel": "email",
            "target": "desk@example.org",
            "kinds": ["title_changed", "paragraph_edited"],
            "significance": ["number"],
            "digest": "immediate",
        },
        follow_redirects=False,
    )
    assert made.status_code == 303 and made.headers["location"].endswith("done=subscribed#top")
    page = client.get(f"/sources/{sid}").text
    assert "paragraph_edited, title_changed; only edits that are number; at once" in page
    [sub_id] = re.findall(rf'action="/sources/{sid}/subscriptions/(\d+)/rules#sub-\d+"', page)
    assert re.search(r'value="title_changed" checked', page)

    rules = {"csrf_token": token, "digest": "daily", "digest_hour": "7", "min_views_percent": "20"}
    changed = client.post(
        f"/sources/{sid}/subscriptions/{sub_id}/rules", data=rules, follow_redirects=False
    )
    assert changed.status_code == 303
    page = client.get(f"/sources/{sid}").text
    assert "every kind; views by at least 20%; daily digest at 07:00 UTC" in page
    assert client.get(f"/api/sources/{sid}").json()["notify"] == ["desk@example.org"]

    for bad, words in [
        ({"digest_hour": "25"}, "between 0 and 23"),
        ({"min_views_delta": "lots"}, "the view change must be a whole number"),
        ({"kinds": "nonsense"}, "unknown change kind"),
        ({"digest": "weekly"}, "unknown --digest"),
    ]:
        refused = client.post(f"/sources/{sid}/subscriptions/{sub_id}/rules", data=rules | bad)
        assert refused.status_code == 400
        errors = re.findall(r'<p class="error" role="alert">(.*?)</p>', refused.text)
        assert len(errors) == 1 and words in errors[0], (bad, errors)
        assert re.search(
            rf'<li id="sub-{sub_id}">.*?<details class="edit" open>', refused.text, re.S
        )
    assert "daily digest at 07:00 UTC" in client.get(f"/sources/{sid}").text

    # A refused webhook: the form comes back, without the URL that is a credential.
    secret_url = "ftp://hooks.example.org/s3cr3t-path"
    refused = client.post(
        f"/sources/{sid}/subscriptions",
        data={"csrf_token": token, "channel": "webhook", "target": secret_url},
    )
    assert refused.status_code == 400 and "s3cr3t-path" not in refused.text
    assert len(re.findall(r'<p class="error" role="alert">', refused.text)) == 1
    assert client.post(f"/sources/{sid}/subscriptions/999999/rules", data=rules).status_code == 404


# --------------------------------------------------------------------------------------------
# A page added on the web is checked at once


def test_a_page_added_on_the_web_is_checked_at_once_and_only_once(
    client: TestClient, db: Database, site: LoopbackServer, settings: Settings
) -> None:
    from concurrent.futures import ThreadPoolExecutor

    from tracker.jobs.claim import claim_due

    state = SAMPLE_ARTICLES["orchard-frost"]
    # Slow enough that a service claiming due sources meanwhile would find this one.
    url = site.set("/added", Route(render("blog", state), delay=1.0))
    token = csrf(client)
    with ThreadPoolExecutor(1) as pool:
        adding = pool.submit(
            client.post, "/sources", data={"url": url, "csrf_token": token}, follow_redirects=False
        )
        while not site.requests_to("/added"):
            time.sleep(0.02)  # readiness: the web's own check has started
        claimed = claim_due(db, "service", 10, dt.timedelta(minutes=5))
        added = adding.result(timeout=30)
    assert claimed == []  # leased to the web process while it checks
    assert added.status_code == 303
    assert added.headers["location"].endswith("?done=added&outcome=changed")
    sid = int(added.headers["location"].split("/")[2].split("?")[0])
    source = client.get(f"/api/sources/{sid}").json()
    assert source["status"] == "ok" and source["last_checked_at"] is not None
    assert [c["outcome"] for c in client.get(f"/api/sources/{sid}/checks").json()] == ["changed"]
    assert len(site.requests_to("/added")) == 1
    with db.session() as session:
        row = session.get(Source, sid)
        assert row is not None and row.lease_owner is None  # given back with the result
    assert "checked it for a first look" in client.get(added.headers["location"]).text
    again = client.post("/sources", data={"url": url, "csrf_token": token}, follow_redirects=False)
    assert again.headers["location"].endswith("?done=exists")
    assert len(site.requests_to("/added")) == 1


# --------------------------------------------------------------------------------------------
# The dashboard's last change, /changes and its view counts, times


def _dashboard_row(client: TestClient, sid: int) -> str:
    html = client.get("/").text
    match = re.search(
        rf'<tr>\s*<td class="page"><a class="name" href="/sources/{sid}">.*?</tr>', html, re.S
    )
    assert match is not None
    return match.group(0)


def test_the_dashboard_sums_up_the_last_check_and_puts_recovered_failures_in_the_past(
    client: TestClient, site: LoopbackServer
) -> None:
    state = copy.deepcopy(SAMPLE_ARTICLES["orchard-frost"])
    url = site.set("/summed", render("blog", state))
    sid = client.post("/api/sources", json={"url": url, "name": "Summed"}).json()["id"]
    client.post(f"/api/sources/{sid}/check")
    state.title = "Frost returns to the orchards"
    state.paragraphs.append("A spokesperson for the growers said the harvest would be late.")
    state.paragraphs[0] = state.paragraphs[0] + " More frost is forecast."
    state.views += 40
    site.set("/summed", render("blog", state, tick=1))
    made = client.post(f"/api/sources/{sid}/check").json()
    kinds = [c["kind"] for c in made["changes"]]
    # The headline change is not the check's last record: the latest row alone would hide it.
    texts = [k for k in kinds if k != "views_changed"]
    assert "title_changed" in texts and texts[-1] != "title_changed", kinds
    row = _dashboard_row(client, sid)
    more = len(texts) - 1
    gist = re.search(
        r'<div class="gist small" title="([^"]*)"><span class="clip">(.*?)</span> '
        r'<span class="more">\+ (\d+) more</span>',
        row,
    )
    assert gist is not None, row
    assert gist.group(2).startswith("Title changed") and int(gist.group(3)) == more
    assert "Views" not in gist.group(1)  # the view count has its own column

    site.set("/summed", Route("<h1>Not found</h1>", status=404))
    client.post(f"/api/sources/{sid}/check")
    row = _dashboard_row(client, sid)
    assert '<span class="clip">Page is gone: HTTP 404</span>' in row and "Recovered" not in row
    site.set("/summed", render("blog", state, tick=2))
    client.post(f"/api/sources/{sid}/check")
    row = _dashboard_row(client, sid)
    assert 'class="gist small past"' in row
    assert '<span class="clip">Recovered after: Page is gone: HTTP 404</span>' in row
    assert "status-ok" in row


def test_changes_mark_view_rises_and_drops_and_hide_them_unless_asked(
    client: TestClient, site: LoopbackServer
) -> None:
    state = copy.deepcopy(SAMPLE_ARTICLES["orchard-frost"])
    url = site.set("/views", render("blog", state))
    sid = client.post("/api/sources", json={"url": url, "name": "Counted"}).json()["id"]
    client.post(f"/api/sources/{sid}/check")
    for views in (state.views + 50, state.views + 20):
        state.views = views
        site.set("/views", render("blog", state))
        client.post(f"/api/sources/{sid}/check")
    state.paragraphs[1] = state.paragraphs[1].replace("the", "a", 1)
    site.set("/views", render("blog", state))
    client.post(f"/api/sources/{sid}/check")

    hidden = client.get(f"/changes?source={sid}").text
    assert "kind-paragraph_edited" in hidden and "kind-views_changed" not in hidden
    assert "View-count changes are hidden" in hidden
    assert f'href="/changes?source={sid}&amp;views=show">Show them</a>' in hidden

    shown = client.get(f"/changes?source={sid}&views=show").text
    assert shown.count("kind-views_changed") == 2
    assert '<span class="trend trend-up" title="The view count went up">▲ rise +50</span>' in shown
    assert (
        '<span class="trend trend-down" title="The view count went down">▼ drop -30</span>' in shown
    )
    # Remembered by the filter form and the link back.
    assert '<input type="hidden" name="views" value="show">' in shown
    assert f'href="/changes?source={sid}">Hide them</a>' in shown
    chosen = client.get(f"/changes?kind=views_changed&source={sid}").text
    assert chosen.count("kind-views_changed") == 2 and "chosen as the kind" in chosen
    # The source's own timeline marks them too.
    assert "▼ drop -30" in client.get(f"/sources/{sid}").text


def test_times_are_written_in_utc_for_the_script_to_localise(
    data: WebData, client: TestClient
) -> None:
    for path in ("/changes", f"/sources/{data.story}", f"/sources/{data.story}/diff?from=1&to=3"):
        html = client.get(path).text
        stamps = re.findall(
            r'<time datetime="([^"]+)" data-tz="text" data-tz-format="([^"]+)">([^<]+)</time>',
            html,
        )
        assert stamps, path
        for iso, pattern, text in stamps:
            when = dt.datetime.fromisoformat(iso)
            assert when.utcoffset() == dt.timedelta(0), path
            assert text == when.strftime(pattern) + " UTC", path
        assert 'id="time-zone">times are UTC<' in html
    options = re.findall(
        r'data-tz-time="([^"]+)" data-tz-label="(version \d+ · )">\2([^<]+)</option>',
        client.get(f"/sources/{data.story}/diff").text,
    )
    assert len(options) >= 2 and all(text.endswith(" UTC") for _, _, text in options)


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
