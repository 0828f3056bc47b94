"""Build hook: compile the extractor with mypyc where a C compiler is at hand.

`tracker/extract.py` is plain, fully typed Python. Compiled by mypyc (part of mypy) the same
source runs the extraction about a quarter faster (see bench/README.md); the compiled module
sits beside the source and Python imports it in the source's place. Where it cannot be
built (no C compiler, mypyc missing) the package installs as pure Python and behaves the
same, only slower. TRACKER_PURE_PYTHON=1 skips the compilation. Either way, in a checkout,
an earlier build's modules are removed first: they would shadow the source.

The build records the source's SHA-256 in `tracker/extract.compiled`, so that the test
suite can tell a compiled module that is older than its source (an edit since the last
`pip install -e .`).
"""

from __future__ import annotations

import hashlib
import os
import sys
from pathlib import Path
from typing import Any

from setuptools import setup

HERE = Path(__file__).resolve().parent
SOURCE = Path("tracker") / "extract.py"
RECORD = HERE / "tracker" / "extract.compiled"


def _remove_earlier_build() -> None:
    for path in (HERE / "tracker").glob("extract*.so"):
        path.unlink()
    for path in (HERE / "tracker").glob("extract*.pyd"):
        path.unlink()
    RECORD.unlink(missing_ok=True)


def _compiled_modules() -> list[Any]:
    # (an earlier build's modules would shadow the source if this one is not compiled)
    _remove_earlier_build()
    if os.environ.get("TRACKER_PURE_PYTHON"):
        return []
    try:
        from mypyc.build import mypycify
    except ImportError:
        print("tracker: mypyc is not installed; the extractor stays pure Python", file=sys.stderr)
        return []
    try:
        modules = mypycify([str(SOURCE)], opt_level="3")
    except BaseException as exc:  # (mypy reports type errors by exiting)
        if isinstance(exc, KeyboardInterrupt):
            raise
        print(f"tracker: mypyc failed ({exc!r}); the extractor stays pure Python", file=sys.stderr)
        return []
    for module in modules:
        module.optional = True  # no C compiler: install the pure-Python module instead
    RECORD.write_text(hashlib.sha256((HERE / SOURCE).read_bytes()).hexdigest() + "\n")
    return modules


setup(ext_modules=_compiled_modules())
