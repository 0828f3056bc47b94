"""The contract every hostile input is held to, and ways to drive the real entry points.

A command answers with exit 0, or exit 2 and one line on stderr (a usage error), or exit 1
and one line (the machine's problem): never exit 70 (a bug), never a traceback.
"""

from __future__ import annotations

import contextlib
import io

from tracker.cli import main


def run_cli(*argv: str) -> tuple[int, str, str]:
    """`tracker ARGV` in this process (the real entry point), its exit code and output."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            main(list(argv))
            code = 0
        except SystemExit as exc:
            code = int(exc.code or 0)
    return code, out.getvalue(), err.getvalue()


def assert_clean_refusal(code: int, err: str, *, allowed: tuple[int, ...] = (2,)) -> None:
    """Exit as allowed, with one line on stderr that is tracker's own, not a bug's."""
    assert code in allowed, f"exit {code}: {err}"
    assert "Traceback" not in err and "internal error" not in err, err
    assert len(err.strip().splitlines()) == 1, err
    assert err.startswith("tracker: error: "), err
