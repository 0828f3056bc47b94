"""alert channels: webhook and Apprise subscriptions beside email, the outbox's last answers

Revision ID: 0007
Revises: 0006
"""

import secrets
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("subscriptions", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("channel", sa.String(length=20), server_default="email", nullable=False)
        )
        batch_op.add_column(sa.Column("target", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("secret", sa.String(length=200), nullable=True))
    # Every subscription signs its unsubscribe links: those made before get their key now.
    subscriptions = sa.table("subscriptions", sa.column("id", sa.Integer), sa.column("secret"))
    connection = op.get_bind()
    for (sub_id,) in connection.execute(sa.select(subscriptions.c.id)).all():
        connection.execute(
            subscriptions.update()
            .where(subscriptions.c.id == sub_id)
            .values(secret=secrets.token_urlsafe(32))
        )
    with op.batch_alter_table("alerts", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("channel", sa.String(length=20), server_default="email", nullable=False)
        )
        batch_op.add_column(sa.Column("subscription_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("last_answer", sa.Text(), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_alerts_subscription_id"), ["subscription_id"], unique=False
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_alerts_subscription_id_subscriptions"),
            "subscriptions",
            ["subscription_id"],
            ["id"],
            ondelete="CASCADE",
        )


def downgrade() -> None:
    # What went to the channels the older schema does not know goes with them.
    op.execute("DELETE FROM alerts WHERE channel <> 'email'")
    op.execute("DELETE FROM subscriptions WHERE channel <> 'email'")
    with op.batch_alter_table("alerts", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_alerts_subscription_id_subscriptions"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_alerts_subscription_id"))
        batch_op.drop_column("last_answer")
        batch_op.drop_column("subscription_id")
        batch_op.drop_column("channel")
    with op.batch_alter_table("subscriptions", schema=None) as batch_op:
        batch_op.drop_column("secret")
        batch_op.drop_column("target")
        batch_op.drop_column("channel")
