"""Clean copies of the photos attached to queued messages.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "media",
        sa.Column("sha256", sa.String(64), primary_key=True),
        sa.Column("mime", sa.String(32), nullable=False),
        sa.Column("width", sa.Integer, nullable=False),
        sa.Column("height", sa.Integer, nullable=False),
        sa.Column("original_format", sa.String(8), nullable=False),
        sa.Column("data", sa.LargeBinary, nullable=False),
        sa.Column("stored_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "message_media",
        sa.Column(
            "message_key", sa.String(32), sa.ForeignKey("messages.key", ondelete="CASCADE"), primary_key=True
        ),
        sa.Column("position", sa.Integer, primary_key=True),
        sa.Column("media_sha256", sa.String(64), sa.ForeignKey("media.sha256"), nullable=False),
    )
    op.create_index("ix_message_media_sha256", "message_media", ["media_sha256"])


def downgrade() -> None:
    op.drop_table("message_media")
    op.drop_table("media")
