"""tracker: watch article pages and report how they change.

What belongs in this package: everything tracker does (fetch, extract, diff, store, alerts,
the pipeline, the CLI and the web), with the work the service runs on a timer in `jobs`.
"""

from __future__ import annotations

import hashlib
import importlib.machinery
import importlib.util
import sys
import warnings
from pathlib import Path

__version__ = "0.1.0"


def _run_the_current_extractor() -> None:
    """A compiled extractor older than tracker/extract.py (an edit since the last build) would
    run yesterday's code: then the source runs in its place, with a warning saying how to
    rebuild. The build records what it compiled in extract.compiled (see setup.py)."""
    here = Path(__file__).parent
    # (a glob's first match: the glob itself is a generator, truthy even when it finds none)
    suffixes = importlib.machinery.EXTENSION_SUFFIXES
    if not any(next(here.glob(f"extract*{s}"), None) is not None for s in suffixes):
        return
    source = here / "extract.py"
    try:
        record = (here / "extract.compiled").read_text().strip()
        current = hashlib.sha256(source.read_bytes()).hexdigest()
    except OSError:
        return  # an install without the source or the record: what was built is what runs
    if record == current:
        return
    if record != "pure-python":
        warnings.warn(
            "tracker/extract.py has changed since it was compiled: running the source "
            "(slower); run `pip install -e .` to compile it again",
            RuntimeWarning,
            stacklevel=2,
        )
    spec = importlib.util.spec_from_file_location(f"{__name__}.extract", source)
    if spec is None or spec.loader is None:
        return
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    globals()["extract"] = module


_run_the_current_extractor()
