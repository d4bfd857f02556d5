"""outbox rows remember how many of a message's parts the platform accepted

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25

A message the platform takes as several calls (a long text cut to its limit; a text, then a case
card) was sent again from its first part after a failure part-way, so the person read the first
parts twice. A retry now starts after the parts already accepted.
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("outbox_message", schema=None) as batch_op:
        batch_op.add_column(sa.Column("parts_sent", sa.Integer(), server_default="0", nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("outbox_message", schema=None) as batch_op:
        batch_op.drop_column("parts_sent")
