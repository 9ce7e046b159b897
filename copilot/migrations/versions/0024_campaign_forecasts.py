"""campaign_forecasts: each submitted campaign's forecast as it stood at submission, for the track record

Not readable by the sales analyst's reader role (the promotion tool reads it).

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-05 00:45:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0024"
down_revision = "0023"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "campaign_forecasts",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("merchant_id", sa.String(length=64), nullable=False),
        sa.Column("campaign_id", sa.String(length=64), nullable=True),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=False),
        sa.Column("budget", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("channels", sa.JSON(), nullable=False),
        sa.Column("forecast", sa.JSON(), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["merchant_id"], ["merchants.id"], name=op.f("fk_campaign_forecasts_merchant_id_merchants")
        ),
        sa.ForeignKeyConstraint(
            ["campaign_id"], ["campaigns.id"], name=op.f("fk_campaign_forecasts_campaign_id_campaigns")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_campaign_forecasts")),
    )
    op.create_index(
        "ix_campaign_forecasts_merchant_end", "campaign_forecasts", ["merchant_id", "end_date"], unique=False
    )


def downgrade() -> None:
    op.drop_index("ix_campaign_forecasts_merchant_end", table_name="campaign_forecasts")
    op.drop_table("campaign_forecasts")
