"""The data beside the checkout in ../shared (real pages, the seed article).

A test that needs it skips with the reason where it is missing, and fails under CI (CI set),
where it must always run.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[2] / "shared"


def require(path: Path, what: str) -> Path:
    """`path` (under SHARED), or the test skips (fails under CI) saying what needs it."""
    if not path.exists():
        reason = f"{path} is not there: {what} reads ../shared"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    return path
