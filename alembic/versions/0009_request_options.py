"""sources and outlets: request options (rendering in a browser, the selector it waits for,
headers, a user agent, a proxy)

Revision ID: 0009
Revises: 0008
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from tracker.models import JSONType

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("sources", "outlets")


def upgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("render", sa.String(length=20), nullable=True))
            batch_op.add_column(sa.Column("wait_for", sa.String(length=500), nullable=True))
            batch_op.add_column(sa.Column("request_headers", JSONType, nullable=True))
            batch_op.add_column(sa.Column("user_agent", sa.String(length=500), nullable=True))
            batch_op.add_column(sa.Column("proxy", sa.String(length=2048), nullable=True))


def downgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            for column in ("proxy", "user_agent", "request_headers", "wait_for", "render"):
                batch_op.drop_column(column)
