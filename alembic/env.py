"""Alembic environment: runs on the connection tracker hands over, or on TRACKER_DATABASE_URL."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from tracker.models import Base

config = context.config
target_metadata = Base.metadata


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    # Stand-alone `alembic` command: take the URL from the settings.
    from tracker.db import create_db_engine

    url = config.get_main_option("sqlalchemy.url")
    if not url:
        from tracker.config import load_settings

        url = load_settings().database_url
    engine = create_db_engine(url)
    with engine.begin() as conn:
        _run(conn)


if context.is_offline_mode():
    raise SystemExit("offline SQL generation is not supported: run `tracker db upgrade`")
run()
