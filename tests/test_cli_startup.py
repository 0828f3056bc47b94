"""What a command loads before it answers: `--version`, `--help` and `list` start without the
web, the templates, the alert channels, the pipeline or the migrations. (How long they take is
measured by bench/startup.py, never asserted here.)"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tracker.config import Settings
from tracker.db import _head_revision, open_database

# Run in a process of its own: the command, then the names of every module it loaded.
_PROBE = """
import json, sys
from tracker.cli import main
try:
    main(sys.argv[1:])
except SystemExit:
    pass
sys.stderr.write("\\n" + json.dumps(sorted(sys.modules)) + "\\n")
"""

HEAVY = ("fastapi", "starlette", "jinja2", "apprise", "uvicorn", "tracker.web", "tracker.pipeline")


def _loaded(*args: str) -> tuple[str, set[str]]:
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, *args], capture_output=True, text=True, timeout=120
    )
    *_, modules = done.stderr.rstrip("\n").rsplit("\n", 1)
    return done.stdout, set(json.loads(modules))


def _any_of(modules: set[str], roots: tuple[str, ...]) -> list[str]:
    return sorted(m for m in modules if m in roots or m.startswith(tuple(r + "." for r in roots)))


def test_version_loads_neither_the_database_nor_the_web() -> None:
    out, modules = _loaded("--version")
    assert out.startswith("tracker ")
    assert _any_of(modules, (*HEAVY, "sqlalchemy", "alembic", "pydantic_settings", "httpx")) == []
    # Nor the extractor: the package itself loads nothing of the pipeline.
    assert _any_of(modules, ("tracker.extract", "selectolax")) == []


def test_help_loads_neither_the_database_nor_the_web() -> None:
    out, modules = _loaded("--help")
    assert "Usage: tracker" in out
    assert _any_of(modules, (*HEAVY, "sqlalchemy", "alembic", "httpx")) == []


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_list_loads_the_database_only(settings: Settings) -> None:
    open_database(settings.database_url).dispose()  # created and migrated beforehand
    out, modules = _loaded("list")
    assert out.startswith("No sources yet")
    assert "sqlalchemy.orm" in modules
    # The schema is current: the migrations are neither imported nor run.
    assert _any_of(modules, (*HEAVY, "alembic", "httpx", "apscheduler")) == []


def test_the_newest_migration_is_read_from_the_scripts_as_alembic_reads_it() -> None:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from tracker.db import migrations_dir

    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    assert [_head_revision()] == ScriptDirectory.from_config(config).get_heads()


def test_a_script_of_another_shape_leaves_the_answer_to_alembic(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tracker.db

    versions = tmp_path / "versions"
    versions.mkdir()
    (versions / "a.py").write_text('revision = "a"\ndown_revision = None\n')
    (versions / "b.py").write_text('revision = "b"\ndown_revision = ("a", "c")\n')
    monkeypatch.setattr(tracker.db, "migrations_dir", lambda: tmp_path)
    _head_revision.cache_clear()
    try:
        assert _head_revision() is None
        (versions / "b.py").write_text('revision = "b"\ndown_revision = "a"\n')
        _head_revision.cache_clear()
        assert _head_revision() == "b"
        (versions / "c.py").write_text('revision = "c"\ndown_revision = "a"\n')  # two heads
        _head_revision.cache_clear()
        assert _head_revision() is None
    finally:
        _head_revision.cache_clear()


def test_extract_of_files_loads_neither_the_database_nor_the_fetchers(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text("<html><body><article><p>" + "A line of the story. " * 8 + "</p></article>")
    out, modules = _loaded("extract", str(page), "--json")
    assert json.loads(out)["paragraphs"] == ["A line of the story. " * 7 + "A line of the story."]
    assert _any_of(modules, (*HEAVY, "sqlalchemy", "alembic", "httpx", "tracker.fetch")) == []
