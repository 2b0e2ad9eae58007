"""Photo prints (PDQ with its dihedral variants and crop-tolerant windows) on stored photos, and the
photo banks: photos confirmed in a case, matched against every stored and future photo, and photos marked
harmless, which stop linking.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("media") as batch:
        batch.add_column(sa.Column("photo_print", sa.Text))
    op.create_table(
        "photo_banks",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("bank", sa.String(16), nullable=False),
        sa.Column("media_sha256", sa.String(64), sa.ForeignKey("media.sha256"), nullable=False),
        sa.Column("photo_print", sa.Text, nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("added_by", sa.String(64), nullable=False),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("removed_by", sa.String(64)),
        sa.Column("removed_at", sa.DateTime(timezone=True)),
        sa.Column("removed_reason", sa.Text),
    )
    op.create_index("ix_photo_banks_media", "photo_banks", ["media_sha256"])


def downgrade() -> None:
    op.drop_table("photo_banks")
    with op.batch_alter_table("media") as batch:
        batch.drop_column("photo_print")
