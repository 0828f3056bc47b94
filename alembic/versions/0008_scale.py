"""sources: a partial index in the claim's order, for the due sources of a large queue

The claim reads the due sources in (next_check_at, id) order, never-checked first; with an
index on next_check_at alone PostgreSQL sorted every due row for each claim (1,000,000
sources: a quarter of a second a claim, see bench/README.md). The new index serves the
claim's two range scans in order and stops at the batch's size; it covers enabled sources
only, and replaces the plain index on next_check_at, which nothing else needed.

Revision ID: 0008
Revises: 0007
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        "ix_sources_due",
        "sources",
        ["next_check_at", "id"],
        postgresql_where=sa.text("enabled IS true"),
        sqlite_where=sa.text("enabled IS 1"),
    )
    op.drop_index("ix_sources_next_check_at", table_name="sources")


def downgrade() -> None:
    op.create_index("ix_sources_next_check_at", "sources", ["next_check_at"])
    op.drop_index("ix_sources_due", table_name="sources")
