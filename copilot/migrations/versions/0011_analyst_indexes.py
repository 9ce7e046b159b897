"""Covering index for the analyst's order-level questions (GMV, orders, AOV over a period).

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-24
"""

from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(
        "ix_orders_merchant_status_created",
        "orders",
        ["merchant_id", "status", "created_at", "total_amount"],
    )


def downgrade() -> None:
    op.drop_index("ix_orders_merchant_status_created", table_name="orders")
