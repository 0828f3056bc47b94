"""The newcomer's first command: the demo serves a changing site and prints real flags."""

from __future__ import annotations

import io
from pathlib import Path

from rich.console import Console

from tracker.demo.run import run_demo


def test_demo_runs_the_real_pipeline_and_prints_flags(tmp_path: Path) -> None:
    buffer = io.StringIO()
    run_demo(interval=0, steps=5, console=Console(file=buffer, width=200, no_color=True))
    output = buffer.getvalue()
    assert "sample news site is running at http://127.0.0.1:" in output
    for kind in (
        "duplicate_paragraph",
        "paragraph_edited",
        "views_changed",
        "paragraph_moved",
        "title_changed",
    ):
        assert kind in output, kind
    assert "Traceback" not in output
    # Without colour the edit is still visible: marked as in the text report.
    assert "[-" in output or "{+" in output
    # View counts are counted per round, not told one by one.
    assert "views_changed on 3 pages" in output and ": Views " not in output
    assert (tmp_path / "data").exists()  # its database lives in the (test's) user data dir
