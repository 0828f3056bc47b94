"""source tags, and the service's workers as they last said they were alive

Tags are a table of their own (one row per source and tag, indexed by tag) so that every
listing can filter by one with a plain join on any database. Workers write a row when they
start, refresh it while they run and mark it when they stop: `tracker status` reads from it
whether a service is running.

Revision ID: 0010
Revises: 0009
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from tracker.models import UTCDateTime

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "source_tags",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("tag", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(
            ["source_id"],
            ["sources.id"],
            name=op.f("fk_source_tags_source_id_sources"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_source_tags")),
        sa.UniqueConstraint("source_id", "tag", name="uq_source_tags_source_tag"),
    )
    op.create_index(op.f("ix_source_tags_tag"), "source_tags", ["tag"], unique=False)
    op.create_table(
        "workers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("owner", sa.String(length=200), nullable=False),
        sa.Column("housekeeping", sa.Boolean(), nullable=False),
        sa.Column("started_at", UTCDateTime(), nullable=False),
        sa.Column("seen_at", UTCDateTime(), nullable=False),
        sa.Column("stopped_at", UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_workers")),
        sa.UniqueConstraint("owner", name=op.f("uq_workers_owner")),
    )


def downgrade() -> None:
    op.drop_table("workers")
    op.drop_index(op.f("ix_source_tags_tag"), table_name="source_tags")
    op.drop_table("source_tags")
