"""run lease heartbeat: who holds a thread's run lease and when it last renewed it

`threads.run_owner` names the worker running the thread (host, process id and a per-start nonce) and
`threads.run_renewed_at` is the last heartbeat of that run: a lease not renewed for `COPILOT_API_RUN_LEASE_S` is a
dead worker's, and a worker recognises its own dead predecessor's leases at once. A lease taken before this
revision counts as renewed when it was taken.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-04 09:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("threads", schema=None) as batch_op:
        batch_op.add_column(sa.Column("run_owner", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("run_renewed_at", sa.DateTime(timezone=True), nullable=True))
    op.execute("UPDATE threads SET run_renewed_at = run_started_at WHERE run_id IS NOT NULL")


def downgrade() -> None:
    with op.batch_alter_table("threads", schema=None) as batch_op:
        batch_op.drop_column("run_renewed_at")
        batch_op.drop_column("run_owner")
