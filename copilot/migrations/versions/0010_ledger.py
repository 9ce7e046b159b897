"""ad ledger: the embedded ad platform's record of spent budgets

`ad_ledger` holds one row per budget actually submitted by the embedded platform (copilot/adplatform.py):
UNIQUE(budget_request_id) and UNIQUE(idempotency_key) make a second spend of one request impossible at the
database level. `budget_requests` gains `reason` (why it failed or was rejected) and `platform_ref` (the ad
platform's reference of the submission). The ledger is not a sales table: the reader role gets no grant on it.

Revision ID: 0010
Revises: 0002
Create Date: 2026-11-24 09:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "ad_ledger",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("merchant_id", sa.String(length=64), nullable=False),
        sa.Column("budget_request_id", sa.String(length=64), nullable=False),
        sa.Column("campaign_id", sa.String(length=64), nullable=False),
        sa.Column("amount", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("idempotency_key", sa.String(length=128), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["budget_request_id"],
            ["budget_requests.id"],
            name=op.f("fk_ad_ledger_budget_request_id_budget_requests"),
        ),
        sa.ForeignKeyConstraint(["campaign_id"], ["campaigns.id"], name=op.f("fk_ad_ledger_campaign_id_campaigns")),
        sa.ForeignKeyConstraint(["merchant_id"], ["merchants.id"], name=op.f("fk_ad_ledger_merchant_id_merchants")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ad_ledger")),
        sa.UniqueConstraint("budget_request_id", name=op.f("uq_ad_ledger_budget_request_id")),
        sa.UniqueConstraint("idempotency_key", name=op.f("uq_ad_ledger_idempotency_key")),
    )
    with op.batch_alter_table("ad_ledger", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_ad_ledger_campaign_id"), ["campaign_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_ad_ledger_merchant_id"), ["merchant_id"], unique=False)
    with op.batch_alter_table("budget_requests", schema=None) as batch_op:
        batch_op.add_column(sa.Column("reason", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("platform_ref", sa.String(length=128), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("budget_requests", schema=None) as batch_op:
        batch_op.drop_column("platform_ref")
        batch_op.drop_column("reason")
    with op.batch_alter_table("ad_ledger", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_ad_ledger_merchant_id"))
        batch_op.drop_index(batch_op.f("ix_ad_ledger_campaign_id"))
    op.drop_table("ad_ledger")
