"""campaign thread: the conversation that drafted a campaign

`campaigns.thread_id` is the (merchant-scoped) thread whose turn drafted the campaign; NULL for campaigns made
outside a conversation and for those drafted before this revision. A budget submission that names no campaign
funds the draft of its own conversation only.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-04 15:10:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("campaigns", schema=None) as batch_op:
        batch_op.add_column(sa.Column("thread_id", sa.String(length=300), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("campaigns", schema=None) as batch_op:
        batch_op.drop_column("thread_id")
