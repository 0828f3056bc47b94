"""outlets (feeds, sitemaps, section pages) and the articles they listed

Revision ID: 0006
Revises: 0005
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from tracker.models import JSONType, UTCDateTime

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "outlets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("url", sa.String(length=2048), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=True),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("match", sa.String(length=500), nullable=True),
        sa.Column("exclude", sa.String(length=500), nullable=True),
        sa.Column("interval_seconds", sa.Integer(), nullable=False),
        sa.Column("track_for_seconds", sa.Integer(), nullable=False),
        sa.Column("fastest_seconds", sa.Integer(), nullable=False),
        sa.Column("slowest_seconds", sa.Integer(), nullable=False),
        sa.Column("notify", JSONType, nullable=False),
        sa.Column("body_selector", sa.String(length=500), nullable=True),
        sa.Column("exclude_selectors", JSONType, nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(length=30), nullable=False),
        sa.Column("flag", sa.Text(), nullable=True),
        sa.Column("etag", sa.String(length=500), nullable=True),
        sa.Column("last_modified", sa.String(length=100), nullable=True),
        sa.Column("next_poll_at", UTCDateTime(), nullable=True),
        sa.Column("lease_owner", sa.String(length=200), nullable=True),
        sa.Column("lease_until", UTCDateTime(), nullable=True),
        sa.Column("polls", sa.Integer(), nullable=False),
        sa.Column("consecutive_failures", sa.Integer(), nullable=False),
        sa.Column("last_polled_at", UTCDateTime(), nullable=True),
        sa.Column("last_outcome", sa.String(length=30), nullable=True),
        sa.Column("last_error", sa.String(length=60), nullable=True),
        sa.Column("last_message", sa.Text(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outlets")),
        sa.UniqueConstraint("url", name=op.f("uq_outlets_url")),
    )
    op.create_index(op.f("ix_outlets_next_poll_at"), "outlets", ["next_poll_at"], unique=False)
    op.create_table(
        "outlet_articles",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("outlet_id", sa.Integer(), nullable=False),
        sa.Column("url", sa.String(length=2048), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=True),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("published_at", UTCDateTime(), nullable=False),
        sa.Column("first_seen_at", UTCDateTime(), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("adopted", sa.Boolean(), nullable=False),
        sa.Column("settled", sa.Boolean(), nullable=False),
        sa.Column("retired_at", UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["outlet_id"],
            ["outlets.id"],
            name=op.f("fk_outlet_articles_outlet_id_outlets"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["source_id"],
            ["sources.id"],
            name=op.f("fk_outlet_articles_source_id_sources"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outlet_articles")),
        sa.UniqueConstraint("outlet_id", "url", name="uq_outlet_articles_outlet_url"),
    )
    op.create_index(op.f("ix_outlet_articles_url"), "outlet_articles", ["url"], unique=False)
    op.create_index(
        op.f("ix_outlet_articles_source_id"), "outlet_articles", ["source_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_outlet_articles_source_id"), table_name="outlet_articles")
    op.drop_index(op.f("ix_outlet_articles_url"), table_name="outlet_articles")
    op.drop_table("outlet_articles")
    op.drop_index(op.f("ix_outlets_next_poll_at"), table_name="outlets")
    op.drop_table("outlets")
