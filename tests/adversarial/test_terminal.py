"""Page text never reaches a terminal as control characters: a page whose headline and
paragraphs carry ESC sequences, BEL and an 8-bit CSI, checked for real, then every command
that prints page text run as a real process, its output searched byte by byte."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import update

from tracker.config import Settings
from tracker.db import Database
from tracker.demo.server import LoopbackServer
from tracker.models import Source
from tracker.terminal import json_line, one_line, printable

ESC = "\x1b"
TITLE = f"Head{ESC}]0;PWNED\x07{ESC}[2J{ESC}[31mline"
RED = f"{ESC}[31mred{ESC}[0m"
FILLER = (
    "The council met on Tuesday evening to discuss the budget for the coming year, and "
    "members spoke at length about the plans for the new tram lines across the city."
)


def article(tail: str) -> str:
    paragraphs = "".join(f"<p>{FILLER} Paragraph {i} {RED} \x9b2J and more.</p>" for i in range(4))
    return (
        f"<html><head><title>{TITLE}</title></head><body><article><h1>{TITLE}</h1>"
        f"{paragraphs}<p>{FILLER} {tail}</p></article></body></html>"
    )


# Everything a terminal could take as a control: C0 but newline and tab, DEL, C1.
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def tracker(settings: Settings, *argv: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "TRACKER_DATABASE_URL": settings.database_url}
    return subprocess.run(
        [sys.executable, "-c", "from tracker.cli import main; main()", *argv],
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="surrogateescape",
    )


def test_no_command_prints_page_controls(
    settings: Settings, db: Database, site: LoopbackServer, tmp_path: Path
) -> None:
    url = site.set("/hostile", article("First."))
    assert tracker(settings, "add", url, "--name", "hostile").returncode == 0
    assert tracker(settings, "check", url).returncode == 0
    site.set("/hostile", article(f"Second {ESC}[2J edit."))
    checked = tracker(settings, "check", url)
    assert checked.returncode == 0, checked.stderr
    with db.engine.begin() as connection:  # a name from before names were checked
        connection.execute(update(Source).values(name=f"old{ESC}[2Jname\x9b"))
    saved = tmp_path / "page.html"
    saved.write_text(article("Saved."), encoding="utf-8")

    commands = [
        ("history", url),
        ("history", url, "--json"),
        ("changes",),
        ("changes", "--json"),
        ("list",),
        ("list", "--json"),
        ("diff", url),
        ("diff", url, "--from", "1", "--to", "2"),
        *[("report", "--since", "1h", "--format", f) for f in ("text", "markdown", "html", "json")],
        ("extract", str(saved)),
        ("extract", str(saved), "--json"),
    ]
    seen_title = False
    for argv in commands:
        done = tracker(settings, *argv)
        assert done.returncode == 0, (argv, done.stderr)
        for stream in (done.stdout, done.stderr):
            found = CONTROL.findall(stream)
            assert not found, (argv, found, stream[:500])
        seen_title |= "PWNED" in done.stdout
        if "--json" in argv or "json" in argv:
            json.loads(done.stdout)  # still JSON
    assert seen_title  # the text is shown, escaped, not dropped
    # A line for the page, one for its change, one for the word diff: none obeys the page.
    assert checked.stdout.count("\n") == 3 and not CONTROL.findall(checked.stdout)


@given(st.text())
def test_printable_leaves_no_control_and_keeps_plain_text(text: str) -> None:
    assert not CONTROL.search(printable(text))
    assert not CONTROL.search(one_line(text)) and "\n" not in one_line(text)
    assert json.loads(json_line(text)) == text and not CONTROL.search(json_line(text))
    if not CONTROL.search(text):
        assert printable(text) == text


@pytest.mark.parametrize("text", [TITLE, RED, "\x9b2J", "a\u202eb"])
def test_the_review_sequences_are_escaped(text: str) -> None:
    assert ESC not in printable(text) and "\x9b" not in printable(text)
    assert "\\x1b" in printable(TITLE)
