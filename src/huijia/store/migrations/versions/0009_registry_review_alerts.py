"""Registry review and alerts: where a report or sighting came from, status history, reviewers' marks on
candidates, alert subscribers and the alert outbox; registry photos stay when a source is deleted.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("registry_reports") as batch:
        batch.add_column(sa.Column("source_message_key", sa.String(32)))
        batch.add_column(sa.Column("verified_at", sa.DateTime(timezone=True)))
    with op.batch_alter_table("registry_sightings") as batch:
        batch.add_column(sa.Column("source_message_key", sa.String(32)))
        batch.add_column(sa.Column("submitter_contact", sa.Text))
    op.create_index("ix_registry_reports_source", "registry_reports", ["source_message_key"])
    op.create_index("ix_registry_sightings_source", "registry_sightings", ["source_message_key"])
    op.create_table(
        "registry_status_log",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("owner_kind", sa.String(8), nullable=False),
        sa.Column("owner_id", sa.String(36), nullable=False),
        sa.Column("old_status", sa.String(16), nullable=False),
        sa.Column("new_status", sa.String(16), nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("actor", sa.String(64), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_registry_status_log_owner", "registry_status_log", ["owner_kind", "owner_id"])
    op.create_table(
        "registry_marks",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("sighting_id", sa.String(36), nullable=False),
        sa.Column("report_id", sa.String(36), nullable=False),
        sa.Column("mark", sa.String(16), nullable=False),
        sa.Column("note", sa.Text, nullable=False),
        sa.Column("actor", sa.String(64), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_registry_marks_pair", "registry_marks", ["sighting_id", "report_id"])
    op.create_table(
        "alert_subscribers",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("channel", sa.String(8), nullable=False),
        sa.Column("address", sa.Text, nullable=False),
        sa.Column("secret", sa.String(64)),
        sa.Column("lat", sa.Float, nullable=False),
        sa.Column("lon", sa.Float, nullable=False),
        sa.Column("active", sa.Boolean, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(64), nullable=False),
    )
    op.create_table(
        "alert_outbox",
        sa.Column("key", sa.String(32), primary_key=True),
        sa.Column("report_id", sa.String(36), nullable=False),
        sa.Column("subscriber_id", sa.String(36), nullable=False),
        sa.Column("km", sa.Float, nullable=False),
        sa.Column("ring_km", sa.Float, nullable=False),
        sa.Column("status", sa.String(8), nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_error", sa.Text),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True)),
    )
    op.create_index("ix_alert_outbox_due", "alert_outbox", ["status", "next_attempt_at"])
    op.create_index("ix_alert_outbox_report", "alert_outbox", ["report_id"])


def downgrade() -> None:
    op.drop_table("alert_outbox")
    op.drop_table("alert_subscribers")
    op.drop_table("registry_marks")
    op.drop_table("registry_status_log")
    op.drop_index("ix_registry_sightings_source", "registry_sightings")
    op.drop_index("ix_registry_reports_source", "registry_reports")
    with op.batch_alter_table("registry_sightings") as batch:
        batch.drop_column("submitter_contact")
        batch.drop_column("source_message_key")
    with op.batch_alter_table("registry_reports") as batch:
        batch.drop_column("verified_at")
        batch.drop_column("source_message_key")
