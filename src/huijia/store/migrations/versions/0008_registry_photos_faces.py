"""Photos of registry reports and sightings, and face vectors of stored photos.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "registry_photos",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("owner_kind", sa.String(8), nullable=False),
        sa.Column("owner_id", sa.String(36), nullable=False),
        sa.Column("media_sha256", sa.String(64), sa.ForeignKey("media.sha256"), nullable=False),
        sa.Column("relation", sa.String(8), nullable=False),
        sa.Column("age_years", sa.Float),
    )
    op.create_index("ix_registry_photos_owner", "registry_photos", ["owner_kind", "owner_id"])
    op.create_table(
        "face_vectors",
        sa.Column("media_sha256", sa.String(64), sa.ForeignKey("media.sha256"), primary_key=True),
        sa.Column("face", sa.Integer, primary_key=True),
        sa.Column("backend", sa.String(48), primary_key=True),
        sa.Column("box", sa.JSON, nullable=False),
        sa.Column("score", sa.Float, nullable=False),
        sa.Column("quality_ok", sa.Boolean, nullable=False),
        sa.Column("vector", sa.LargeBinary, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("face_vectors")
    op.drop_table("registry_photos")
