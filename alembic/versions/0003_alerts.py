"""alerts: the outbox and per-subscription alert rules

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28 04:03:24.216746
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from tracker.models import JSONType, UTCDateTime

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:

    op.create_table(
        "alerts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=400), nullable=False),
        sa.Column("recipient", sa.String(length=320), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("check_id", sa.Integer(), nullable=True),
        sa.Column("change_ids", JSONType, nullable=False),
        sa.Column("mode", sa.String(length=20), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("due_at", UTCDateTime(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", UTCDateTime(), nullable=False),
        sa.Column("lease_owner", sa.String(length=200), nullable=True),
        sa.Column("lease_until", UTCDateTime(), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("message_id", sa.String(length=300), nullable=True),
        sa.Column("sent_at", UTCDateTime(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["check_id"], ["checks.id"], name=op.f("fk_alerts_check_id_checks"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["source_id"],
            ["sources.id"],
            name=op.f("fk_alerts_source_id_sources"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_alerts")),
        sa.UniqueConstraint("key", name=op.f("uq_alerts_key")),
    )
    with op.batch_alter_table("alerts", schema=None) as batch_op:
        batch_op.create_index("ix_alerts_status_due", ["status", "due_at"], unique=False)

    with op.batch_alter_table("subscriptions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("kinds", JSONType, nullable=True))
        batch_op.add_column(sa.Column("min_views_delta", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("min_views_percent", sa.Float(), nullable=True))
        batch_op.add_column(
            sa.Column("mode", sa.String(length=20), server_default="immediate", nullable=False)
        )
        batch_op.add_column(sa.Column("digest_hour", sa.Integer(), nullable=True))


def downgrade() -> None:

    with op.batch_alter_table("subscriptions", schema=None) as batch_op:
        batch_op.drop_column("digest_hour")
        batch_op.drop_column("mode")
        batch_op.drop_column("min_views_percent")
        batch_op.drop_column("min_views_delta")
        batch_op.drop_column("kinds")

    with op.batch_alter_table("alerts", schema=None) as batch_op:
        batch_op.drop_index("ix_alerts_status_due")

    op.drop_table("alerts")
