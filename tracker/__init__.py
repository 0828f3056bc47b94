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


# The modules setup.py compiles with mypyc where it can.
COMPILED_MODULES = ("extract", "depth", "metadata", "views")


def _run_the_current_sources() -> None:
    """A compiled module older than its source (an edit since the last build) would run
    yesterday's code: then the source runs in its place, with a warning saying how to
    rebuild. The build records what it compiled in <module>.compiled (see setup.py)."""
    here = Path(__file__).parent
    suffixes = importlib.machinery.EXTENSION_SUFFIXES
    for name in COMPILED_MODULES:
        # (a glob's first match: the glob itself is a generator, truthy even when it finds none)
        if not any(next(here.glob(f"{name}*{s}"), None) is not None for s in suffixes):
            continue
        source = here / f"{name}.py"
        try:
            record = (here / f"{name}.compiled").read_text().strip()
            current = hashlib.sha256(source.read_bytes()).hexdigest()
        except OSError:
            continue  # an install without the source or the record: what was built runs
        if record == current:
            continue
        if record != "pure-python":
            warnings.warn(
                f"tracker/{name}.py has changed since it was compiled: running the source "
                "(slower); run `pip install -e .` to compile it again",
                RuntimeWarning,
                stacklevel=2,
            )
        spec = importlib.util.spec_from_file_location(f"{__name__}.{name}", source)
        if spec is None or spec.loader is None:
            continue
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module
        spec.loader.exec_module(module)
        globals()[name] = module


_run_the_current_sources()
