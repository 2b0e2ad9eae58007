"""Face backend versions up to 96 characters: a fused backend names both of its parts.

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("face_vectors") as batch:
        batch.alter_column(
            "backend", type_=sa.String(96), existing_type=sa.String(48), existing_nullable=False
        )


def downgrade() -> None:
    with op.batch_alter_table("face_vectors") as batch:
        batch.alter_column(
            "backend", type_=sa.String(48), existing_type=sa.String(96), existing_nullable=False
        )
