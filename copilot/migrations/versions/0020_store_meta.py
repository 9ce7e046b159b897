"""store meta: facts about the store itself; a demo store's anchor date

`store_meta` keeps one value per key. `demo_today` is the date a demo store's history ends on, written by the
demo builder; every face uses it as 'today' unless COPILOT_TODAY (or `--today`) says otherwise, and a store without
it runs on the system clock. A demo store built before this revision gets its anchor from its planted anomalies
(the latest ends on the demo's today). Not a sales table: the reader role gets no grant on it.

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-04 18:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None

_anomalies = sa.table("demo_truth_anomalies", sa.column("end_date", sa.Date))


def upgrade() -> None:
    meta = op.create_table(
        "store_meta",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("value", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_store_meta")),
    )
    bind = op.get_bind()
    if not sa.inspect(bind).has_table("demo_truth_anomalies"):  # only demo stores have it (see 0021)
        return
    last = bind.execute(sa.select(sa.func.max(_anomalies.c.end_date))).scalar()
    if last is not None:
        op.bulk_insert(meta, [{"key": "demo_today", "value": str(last)[:10]}])


def downgrade() -> None:
    op.drop_table("store_meta")
