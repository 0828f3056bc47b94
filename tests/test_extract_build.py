"""The compiled modules (setup.py builds tracker/extract.py, metadata.py, views.py and
depth.py with mypyc) are their sources'.

mypyc checks types at run time where Python does not, and a compiled module that is older
than its source would run yesterday's code: so the compiled module must be built from the
source as it is now, and must give the same Article as the source on every input.
"""

from __future__ import annotations

import gzip
import hashlib
import importlib.util
import os
import sys
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import tracker.depth as compiled_depth
import tracker.extract as compiled
import tracker.metadata as compiled_metadata
import tracker.views as compiled_views
from tracker.article import ExtractOptions
from tracker.demo.layouts import LAYOUTS, SAMPLE_ARTICLES, render

from .test_depth import PIECES
from .test_extract_properties import markup

PACKAGE = Path(__file__).resolve().parents[1] / "tracker"
SOURCE = PACKAGE / "extract.py"
IS_COMPILED = not compiled.__file__.endswith(".py")
BENCH = Path(__file__).resolve().parents[2] / "shared" / "extraction-bench" / "html"

NOT_COMPILED = "tracker.extract is not compiled here (no C compiler, or TRACKER_PURE_PYTHON=1)"
needs_compiled = pytest.mark.skipif(not IS_COMPILED, reason=NOT_COMPILED)


def _source_module(name: str = "extract") -> ModuleType:
    """tracker/<name>.py imported from its source, under a name of its own."""
    spec = importlib.util.spec_from_file_location(f"tracker_{name}_source", PACKAGE / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # (dataclasses and the like look their module up)
    spec.loader.exec_module(module)
    return module


source = _source_module()
depth_source = _source_module("depth")


@pytest.mark.skipif(not IS_COMPILED and not os.environ.get("CI"), reason=NOT_COMPILED)
@pytest.mark.parametrize(
    "module",
    [compiled, compiled_depth, compiled_metadata, compiled_views],
    ids=["extract", "depth", "metadata", "views"],
)
def test_each_module_is_compiled_from_this_source(module: ModuleType) -> None:
    # Under CI the compiled build is what the benchmark figures speak of: it must be there.
    name = module.__name__.rpartition(".")[2]
    assert not str(module.__file__).endswith(".py"), f"tracker.{name} is not compiled"
    source_path = PACKAGE / f"{name}.py"
    record = source_path.with_suffix(".compiled")
    built = record.read_text().strip() if record.exists() else "(no record)"
    assert built == hashlib.sha256(source_path.read_bytes()).hexdigest(), (
        f"tracker/{name}.py has changed since it was compiled: run `pip install -e .` again"
    )


@needs_compiled
@settings(max_examples=200, deadline=None)
@given(unit=st.lists(st.sampled_from(PIECES), min_size=1, max_size=12).map("".join))
def test_compiled_and_source_depth_scans_agree(unit: str) -> None:
    html = f"<html><body>{unit * 20}"
    assert compiled_depth.nesting_depth(html, 10_000) == depth_source.nesting_depth(html, 10_000)


@needs_compiled
@pytest.mark.parametrize("layout", LAYOUTS)
def test_compiled_and_source_agree_on_the_sample_site(layout: str) -> None:
    for state in SAMPLE_ARTICLES.values():
        for tick in (0, 7, 3601):
            page = render(layout, state, tick=tick)
            assert compiled.extract(page) == source.extract(page)
            assert compiled.extract(page.encode()) == source.extract(page.encode())


@needs_compiled
def test_compiled_and_source_agree_with_overrides() -> None:
    page = render(LAYOUTS[0], next(iter(SAMPLE_ARTICLES.values())))
    for options in (
        ExtractOptions(body_selector="article"),
        ExtractOptions(exclude_selectors=("nav", "footer", "[")),
        ExtractOptions(views_selector=".views"),
        ExtractOptions(views_regex=r"Views:\s*(\d+)"),
        ExtractOptions(views_regex="("),  # an invalid pattern reads no views, in both
    ):
        assert compiled.extract(page, options=options) == source.extract(page, options=options)


@needs_compiled
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(markup)
def test_compiled_and_source_agree_on_any_markup(html: str) -> None:
    for page in (html, f"<html><body><article>{html}</article><aside>{html}</aside></body>"):
        assert compiled.extract(page) == source.extract(page)


@needs_compiled
@pytest.mark.skipif(not BENCH.is_dir(), reason="the extraction benchmark is not beside the repo")
def test_compiled_and_source_agree_on_real_pages() -> None:
    for path in sorted(BENCH.glob("*.html.gz"))[:60]:
        page = gzip.decompress(path.read_bytes()).decode("utf-8", errors="replace")
        assert compiled.extract(page) == source.extract(page), path.name
