"""The missing-children registry: reports and sightings.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "registry_reports",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("name", sa.Text),
        sa.Column("sex", sa.String(8)),
        sa.Column("born", sa.String(10)),
        sa.Column("lost_at", sa.String(40), nullable=False),
        sa.Column("lost_place", sa.Text),
        sa.Column("lost_lat", sa.Float),
        sa.Column("lost_lon", sa.Float),
        sa.Column("height_cm", sa.Float),
        sa.Column("weight_kg", sa.Float),
        sa.Column("marks", sa.Text),
        sa.Column("dna_given", sa.Boolean),
        sa.Column("family_contact", sa.Text),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(64), nullable=False),
    )
    op.create_table(
        "registry_sightings",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("seen_at", sa.String(40), nullable=False),
        sa.Column("place", sa.Text),
        sa.Column("lat", sa.Float),
        sa.Column("lon", sa.Float),
        sa.Column("sex", sa.String(8)),
        sa.Column("age_estimate", sa.Float),
        sa.Column("source", sa.String(16), nullable=False),
        sa.Column("note", sa.Text),
        sa.Column("gps_consent", sa.Boolean, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(64)),
    )


def downgrade() -> None:
    op.drop_table("registry_sightings")
    op.drop_table("registry_reports")
