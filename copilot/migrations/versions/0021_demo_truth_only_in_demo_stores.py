"""demo truth only in demo stores: drop the empty demo_truth_* tables of a merchant's database

The demo's ground truth tables used to be created by the first revision in every database. They now exist only
where a demo store is built (copilot/demo/truth.py); a database where they are empty loses them, a demo
store keeps them with their rows. Downgrade leaves them absent: the demo builder makes them again.

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-04 18:40:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None

TRUTH_TABLES = ("demo_truth_scenes", "demo_truth_anomalies")


def upgrade() -> None:
    bind = op.get_bind()
    inspector = sa.inspect(bind)
    for name in TRUTH_TABLES:
        if not inspector.has_table(name):
            continue
        if bind.execute(sa.select(sa.literal(1)).select_from(sa.table(name)).limit(1)).first() is None:
            op.drop_table(name)


def downgrade() -> None:
    pass
