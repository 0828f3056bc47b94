"""Build hook: compile the page's hot loops with mypyc where a C compiler is at hand.

`tracker/extract.py` (the extractor), `tracker/metadata.py` (the page's metadata, read in
every extraction), `tracker/views.py` (view counts read from text) and `tracker/depth.py`
(the depth guard run on every changed page before it is parsed) are plain, fully typed
Python. Compiled by mypyc (part of mypy) the same sources run faster (bench/README.md); each
compiled module sits beside its source and Python imports it in the source's place. Where
they cannot be built (no C compiler, mypyc missing, or mypyc refusing a source) the package
installs as pure Python and behaves the same, only slower. TRACKER_PURE_PYTHON=1 skips the
compilation.

The build records each source's SHA-256 in `tracker/<module>.compiled` beside the compiled
module, or that it compiled nothing. At import, tracker compares it with the source: a
compiled module older than its source (an edit since the last `pip install -e .`) is never
run; the source is, with a warning that says how to rebuild (tracker/__init__.py). So nothing
here deletes files: a compiled module left from an earlier build is current, or unused.
"""

from __future__ import annotations

import hashlib
import os
import sys
from pathlib import Path
from typing import Any

from setuptools import setup

HERE = Path(__file__).resolve().parent
SOURCES = tuple(
    Path("tracker") / f"{name}.py" for name in ("extract", "depth", "metadata", "views")
)
PURE = "pure-python"  # the record of a build that compiled nothing (tracker/__init__.py)


def _record(source: Path) -> Path:
    return HERE / source.with_suffix(".compiled")


def _pure(reason: str | None) -> list[Any]:
    # Said in the records too, so that compiled modules of an earlier build are left unused.
    for source in SOURCES:
        _record(source).write_text(PURE + "\n")
    if reason:
        print(f"tracker: {reason}; the extractor stays pure Python", file=sys.stderr)
    return []


def _compiled_modules() -> list[Any]:
    if os.environ.get("TRACKER_PURE_PYTHON"):
        return _pure(None)
    try:
        from mypyc.build import mypycify
    except ImportError:
        return _pure("mypyc is not installed")
    modules: list[Any] = []
    try:
        for source in SOURCES:  # (one shared library each)
            modules += mypycify([str(source)], opt_level="3")
    except SystemExit as exc:  # mypy reports type errors by exiting
        return _pure(f"mypyc refused the source ({exc})")
    for module in modules:
        module.optional = True  # no C compiler: install the pure-Python modules instead
    for source in SOURCES:
        _record(source).write_text(hashlib.sha256((HERE / source).read_bytes()).hexdigest() + "\n")
    return modules


setup(ext_modules=_compiled_modules())
