"""Sources, messages, their occurrences in files, and findings.

Revision ID: 0001
Revises:
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sources",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("sha256", sa.String(64), nullable=False, unique=True),
        sa.Column("file_name", sa.Text, nullable=False),
        sa.Column("format", sa.String(32), nullable=False),
        sa.Column("size_bytes", sa.BigInteger, nullable=False),
        sa.Column("ingested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ingested_by", sa.String(128), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("messages_seen", sa.Integer, nullable=False, server_default="0"),
        sa.Column("records_skipped", sa.Integer, nullable=False, server_default="0"),
    )
    op.create_table(
        "messages",
        sa.Column("key", sa.String(32), primary_key=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("channel", sa.Text),
        sa.Column("author_name", sa.Text),
        sa.Column("author_handle", sa.Text),
        sa.Column("sent_at", sa.String(40)),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("reply_to", sa.Text),
        sa.Column("attachments", sa.JSON, nullable=False),
    )
    op.create_index("ix_messages_channel_sent", "messages", ["channel", "sent_at"])
    op.create_index("ix_messages_author", "messages", ["author_handle"])
    op.create_table(
        "occurrences",
        sa.Column("source_id", sa.Integer, sa.ForeignKey("sources.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("reader_id", sa.Text, primary_key=True),
        sa.Column(
            "message_key", sa.String(32), sa.ForeignKey("messages.key", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("line", sa.Integer),
        sa.Column("byte_offset", sa.BigInteger),
    )
    op.create_index("ix_occurrences_message", "occurrences", ["message_key"])
    op.create_table(
        "findings",
        sa.Column(
            "message_key", sa.String(32), sa.ForeignKey("messages.key", ondelete="CASCADE"), primary_key=True
        ),
        sa.Column("label", sa.String(24), nullable=False),
        sa.Column("risk", sa.Float, nullable=False),
        sa.Column("role", sa.String(24)),
        sa.Column("facts", sa.JSON, nullable=False),
        sa.Column("indicators", sa.JSON, nullable=False),
        sa.Column("evidence", sa.JSON, nullable=False),
        sa.Column("model", sa.String(96), nullable=False),
        sa.Column("analysed_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_findings_label_risk", "findings", ["label", "risk"])


def downgrade() -> None:
    op.drop_table("findings")
    op.drop_table("occurrences")
    op.drop_table("messages")
    op.drop_table("sources")
