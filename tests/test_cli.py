"""The `tracker` command as scripts use it: the contract in the architecture guide."""

from __future__ import annotations

import copy
import dataclasses
import gzip
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tracker.cli import main
from tracker.config import Settings
from tracker.demo.layouts import SAMPLE_ARTICLES, PageState, render
from tracker.demo.server import LoopbackServer


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    try:
        main(list(argv))
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def records(capsys: pytest.CaptureFixture[str], *extra: str) -> list[dict[str, Any]]:
    code, out, err = run(capsys, "changes", "--json", *extra)
    assert code == 0, err
    data = json.loads(out)
    assert isinstance(data, list)
    return data


def sample() -> PageState:
    return copy.deepcopy(next(iter(SAMPLE_ARTICLES.values())))


def test_add_check_changes_history_diff_report(
    settings: Settings, site: LoopbackServer, capsys: pytest.CaptureFixture[str]
) -> None:
    state = sample()
    url1 = site.set("/one", render("caliber", state))
    url2 = site.set("/two", render("blog", state))
    code, out, _ = run(capsys, "add", url1, url2, "--every", "15m")
    assert code == 0 and out.count("added") == 2 and "every 15m" in out

    code, out, err = run(capsys, "check", "--all")
    assert code == 0, err
    first = records(capsys)
    assert {r["url"] for r in first} <= {url1, url2}
    for rec in first:
        assert set(rec) >= {"id", "url", "version", "kind", "summary", "detail", "detected_at"}

    state.paragraphs[1] = state.paragraphs[1].replace(" ", "  ", 1) + " Officials confirmed it."
    site.set("/one", render("caliber", state, tick=1))
    code, out, _ = run(capsys, "check", url1)
    assert code == 0 and "version 2 stored, 1 change flagged" in out
    new = [r for r in records(capsys) if r["id"] > max((r["id"] for r in first), default=0)]
    assert [(r["kind"], r["url"], r["version"]) for r in new] == [("paragraph_edited", url1, 2)]

    assert [r["kind"] for r in records(capsys, "--kind", "paragraph_edited")] == [
        "paragraph_edited"
    ]
    assert records(capsys, "--url", url2, "--kind", "paragraph_edited") == []
    assert len(records(capsys, "--since", "1h")) == len(first) + 1

    code, out, _ = run(capsys, "history", url1)
    assert code == 0 and "version 1" in out and "version 2" in out and "paragraph_edited" in out
    code, out, _ = run(capsys, "diff", url1)
    assert code == 0 and "paragraph_edited" in out and "Officials confirmed it." in out
    code, out, _ = run(capsys, "diff", url1, "--from", "1", "--to", "1")
    assert code == 0 and "No differences" in out

    for fmt in ("text", "markdown", "html", "json"):
        code, out, _ = run(capsys, "report", "--since", "24h", "--format", fmt)
        assert code == 0 and "Officials confirmed it." in out, fmt
    code, out, _ = run(capsys, "report", "--format", "json")
    data = json.loads(out)
    assert {s["url"] for s in data["sources"]} >= {url1}

    code, out, _ = run(capsys, "list", "--json")
    listed = json.loads(out)
    assert [s["url"] for s in listed] == [url1, url2] and listed[0]["every"] == "15m"


def test_pause_resume_remove(
    settings: Settings, site: LoopbackServer, capsys: pytest.CaptureFixture[str]
) -> None:
    url = site.set("/p", render("newsroom", sample()))
    run(capsys, "add", url)
    assert run(capsys, "pause", url)[0] == 0
    code, out, _ = run(capsys, "check", "--all")
    assert code == 0 and "Nothing to check" in out
    assert site.requests_to("/p") == []
    assert run(capsys, "resume", url)[0] == 0
    run(capsys, "check", "--all")
    assert len(site.requests_to("/p")) == 1
    assert run(capsys, "remove", url)[0] == 0
    assert json.loads(run(capsys, "list", "--json")[1]) == []
    assert records(capsys) == []


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["add", "file:///etc/passwd"], "scheme"),
        (["add", "not a url"], ""),
        (["add", "http://example.com/a", "--every", "often"], "invalid duration"),
        (["check"], "name the sources"),
        (["remove", "http://nowhere.example/"], "no source"),
        (["diff", "http://nowhere.example/"], "no source"),
        (["changes", "--since", "yesterday-ish"], "invalid --since"),
        (["report", "--format", "pdf"], "unknown format"),
    ],
)
def test_usage_errors_are_one_line(
    settings: Settings, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    code, _, err = run(capsys, *argv)
    assert code != 0
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and "Traceback" not in err
    assert message in lines[0]


def test_unreachable_database_is_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("TRACKER_DATABASE_URL", "postgresql+psycopg://nobody@127.0.0.1:1/none")
    code, _, err = run(capsys, "list")
    assert code == 1
    assert err.strip().startswith("tracker: error:") and len(err.strip().splitlines()) == 1


def test_extract_json_one_object_per_input_in_order(
    tmp_path: Path, settings: Settings, site: LoopbackServer, capsys: pytest.CaptureFixture[str]
) -> None:
    states = list(SAMPLE_ARTICLES.values())
    files = []
    for i, (layout, state) in enumerate(zip(("caliber", "blog", "newsroom"), states, strict=False)):
        path = tmp_path / f"p{i}.html"
        path.write_text(render(layout, state), encoding="utf-8")
        files.append(str(path))
    url = site.set("/remote", render("blog", states[0]))
    missing = str(tmp_path / "missing.html")
    folder = str(tmp_path)
    code, out, err = run(capsys, "extract", *files, url, missing, folder, "--json")
    # Every input has its record; a missing file or a folder is a usage error, said last.
    assert code == 2 and err == (
        f"tracker: error: cannot read {missing}, {folder}: no such file or not readable\n"
    )
    lines = out.splitlines()
    assert len(lines) == len(files) + 3
    assert json.loads(lines[-1]) == {"input": folder, "error": "cannot read: Is a directory"}
    lines.pop()
    objs = [json.loads(line) for line in lines]
    for obj, state in zip(objs[: len(files)], states, strict=False):
        assert obj["title"] == state.title
        assert obj["views"] == state.views
        assert obj["paragraphs"][0] == " ".join(state.paragraphs[0].split())
    assert objs[-2]["title"] == states[0].title
    assert "error" in objs[-1] and objs[-1]["input"] == missing


def test_extract_reads_saved_pages_as_a_browser_would(
    tmp_path: Path, settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    """Files in a single-byte charset, with or without a declaration, and gzip-compressed
    files give the same article as the page served; a broken gzip file is an error line."""
    state = next(iter(SAMPLE_ARTICLES.values()))
    state = dataclasses.replace(
        state,
        paragraphs=[state.paragraphs[0] + " Die Straßenbahn fährt künftig öfter über die Brücke."],
    )
    html = render("blog", state)
    assert '<meta charset="utf-8">' in html
    declared = html.replace('<meta charset="utf-8">', '<meta charset="windows-1252">')
    undeclared = html.replace('<meta charset="utf-8">', "")
    files = {
        "utf8.html": html.encode("utf-8"),
        "declared.html": declared.encode("cp1252"),
        "undeclared.html": undeclared.encode("cp1252"),
        "page.html.gz": gzip.compress(html.encode("utf-8")),
        "broken.html.gz": gzip.compress(html.encode("utf-8"))[:40],
    }
    paths = []
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
        paths.append(str(tmp_path / name))
    code, out, _ = run(capsys, "extract", *paths, "--json")
    assert code == 0
    objs = [json.loads(line) for line in out.splitlines()]
    want = " ".join(state.paragraphs[0].split())
    for obj in objs[:4]:
        assert obj["paragraphs"] == [want], obj["input"]
    assert "error" in objs[4] and "decompress" in objs[4]["error"]


def test_extract_reports_an_extractor_exception_per_input(
    tmp_path: Path,
    settings: Settings,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import tracker.analysis

    def boom(html: str, **_: object) -> Any:
        raise ValueError("bad state")

    monkeypatch.setattr(tracker.analysis, "extract", boom)
    path = tmp_path / "p.html"
    path.write_text("<p>x</p>", encoding="utf-8")
    code, out, _ = run(capsys, "extract", str(path), "--json")
    assert code == 0
    assert json.loads(out) == {
        "input": str(path),
        "error": "extraction raised ValueError: bad state",
    }


def test_extract_refuses_a_deep_page_from_the_network_and_reads_a_file(
    tmp_path: Path,
    settings: Settings,
    site: LoopbackServer,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A page fetched by URL gets the depth budget a check gets; a file is the user's own."""
    monkeypatch.setenv("TRACKER_MAX_PAGE_DEPTH", "50")
    text = "A paragraph of the page, long enough to be the article's running text."
    deep = "<html><body>" + "<div>" * 80 + f"<p>{text}</p>" + "</div>" * 80 + "</body></html>"
    url = site.set("/deep", deep)
    path = tmp_path / "deep.html"
    path.write_text(deep, encoding="utf-8")
    code, out, _ = run(capsys, "extract", url, str(path), "--json")
    assert code == 0
    fetched, local = (json.loads(line) for line in out.splitlines())
    assert "too deep to parse" in fetched["error"]
    assert local["paragraphs"] == [text]


def test_db_upgrade(settings: Settings, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "db", "upgrade")
    assert code == 0 and "revision" in out


def test_console_script_runs(tmp_path: Path) -> None:
    """The installed entry point works as a separate process (no in-process state)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("TRACKER_")}
    env["TRACKER_DATABASE_URL"] = f"sqlite:///{tmp_path / 'cli.db'}"
    result = subprocess.run(
        [sys.executable, "-c", "from tracker.cli import main; main()", "list", "--json"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == []
