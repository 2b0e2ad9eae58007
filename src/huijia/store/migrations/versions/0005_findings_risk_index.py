"""An index on findings.risk: the queue walks it from the top and stops after one page.

Without it PostgreSQL joined every queued finding to a sequential scan of all messages to sort them
(156 ms per queue page at 1,000,000 messages); with it, an index scan, a nested loop and an incremental
sort (3 ms).

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23
"""

from __future__ import annotations

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_findings_risk", "findings", ["risk"])


def downgrade() -> None:
    op.drop_index("ix_findings_risk", "findings")
