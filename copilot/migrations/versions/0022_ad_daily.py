"""ad_daily: the ad platform's daily report (spend, impressions, clicks, attributed orders and GMV)

One row per merchant, day, paid channel and campaign (null for always-on spend), readable by the sales analyst
like the sales tables: on PostgreSQL the reader role gets SELECT under the same row-level merchant policy.

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-04 18:50:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None

ROLE = "copilot_reader"
POLICY = "copilot_merchant_isolation"


def upgrade() -> None:
    op.create_table(
        "ad_daily",
        sa.Column("id", sa.String(length=200), nullable=False),
        sa.Column("merchant_id", sa.String(length=64), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("campaign_id", sa.String(length=64), nullable=True),
        sa.Column("spend", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("impressions", sa.Integer(), nullable=False),
        sa.Column("clicks", sa.Integer(), nullable=False),
        sa.Column("attributed_orders", sa.Integer(), nullable=False),
        sa.Column("attributed_gmv", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.CheckConstraint("channel IN ('search', 'recommend', 'live')", name=op.f("ck_ad_daily_channel")),
        sa.ForeignKeyConstraint(["merchant_id"], ["merchants.id"], name=op.f("fk_ad_daily_merchant_id_merchants")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ad_daily")),
    )
    op.create_index("ix_ad_daily_merchant_date", "ad_daily", ["merchant_id", "date"], unique=False)
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"GRANT SELECT ON ad_daily TO {ROLE}")
        op.execute("ALTER TABLE ad_daily ENABLE ROW LEVEL SECURITY")
        op.execute(
            f"CREATE POLICY {POLICY} ON ad_daily FOR SELECT TO {ROLE} "
            "USING (merchant_id = current_setting('copilot.merchant_id', true))"
        )


def downgrade() -> None:
    op.drop_index("ix_ad_daily_merchant_date", table_name="ad_daily")
    op.drop_table("ad_daily")
