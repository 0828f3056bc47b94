"""Debian's Chromium for the tests that drive a browser (the web pages, the browser fetcher).

Outside CI a machine without it skips those tests, saying why; under CI (CI set) they must
run, and .ci/run installs the browser. Playwright never downloads a browser of its own here.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = Path(shutil.which("chromium") or "/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


def require_chromium() -> None:
    """Skip the calling test module when there is no Chromium, unless under CI (where the
    tests then fail, as they must run there)."""
    if not CHROMIUM.exists() and not os.environ.get("CI"):
        pytest.skip(
            f"no {CHROMIUM} on this machine (apt-get install chromium); CI runs these",
            allow_module_level=True,
        )
