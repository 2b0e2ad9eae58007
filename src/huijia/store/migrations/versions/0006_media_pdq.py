"""A PDQ perceptual hash for each stored photo, to find the same picture posted again by other sellers.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("media") as table:
        table.add_column(sa.Column("pdq", sa.String(64)))
        table.add_column(sa.Column("pdq_quality", sa.Integer))
    op.create_index("ix_media_pdq", "media", ["pdq"])


def downgrade() -> None:
    op.drop_index("ix_media_pdq", "media")
    with op.batch_alter_table("media") as table:
        table.drop_column("pdq_quality")
        table.drop_column("pdq")
