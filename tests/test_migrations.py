"""The alembic migrations and the ORM models describe exactly the same schema."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from tracker.db import Database, is_current, open_database, upgrade
from tracker.models import Base


def test_migrations_match_models(db: Database) -> None:
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, Base.metadata)
    assert differences == []


def test_first_use_creates_and_upgrade_is_idempotent(database_url: str) -> None:
    db = open_database(database_url)
    try:
        tables = set(inspect(db.engine).get_table_names())
        assert {"sources", "checks", "versions", "view_counts", "changes"} <= tables
        assert is_current(db.engine)
        first = upgrade(db.engine)
        assert upgrade(db.engine) == first
    finally:
        db.dispose()
