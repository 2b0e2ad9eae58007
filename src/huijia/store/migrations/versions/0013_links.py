"""Links between posts: each message's contacts, signature and cues; actors, clusters, reused photos and
group risk as the last linking found them.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "link_features",
        sa.Column(
            "message_key", sa.String(32), sa.ForeignKey("messages.key", ondelete="CASCADE"), primary_key=True
        ),
        sa.Column("contacts", sa.JSON, nullable=False),
        sa.Column("signature", sa.LargeBinary),
        sa.Column("cues", sa.JSON, nullable=False),
        sa.Column("version", sa.String(64), nullable=False),
    )
    op.create_table(
        "link_sets",
        sa.Column("id", sa.String(48), primary_key=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("body", sa.JSON, nullable=False),
        sa.Column("version", sa.String(64), nullable=False),
        sa.Column("made_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "link_members",
        sa.Column(
            "set_id", sa.String(48), sa.ForeignKey("link_sets.id", ondelete="CASCADE"), primary_key=True
        ),
        sa.Column("message_key", sa.String(32), primary_key=True),
    )
    op.create_index("ix_link_members_message", "link_members", ["message_key"])
    op.create_table(
        "link_groups",
        sa.Column("channel", sa.Text, primary_key=True),
        sa.Column("risk", sa.Float, nullable=False),
        sa.Column("recommendation", sa.String(16), nullable=False),
        sa.Column("body", sa.JSON, nullable=False),
        sa.Column("version", sa.String(64), nullable=False),
        sa.Column("made_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_link_groups_risk", "link_groups", ["risk"])


def downgrade() -> None:
    op.drop_table("link_groups")
    op.drop_table("link_members")
    op.drop_table("link_sets")
    op.drop_table("link_features")
