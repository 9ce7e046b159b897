"""sales reader role and row-level security (PostgreSQL only)

The sales runner (copilot/store/sales.py) runs merchant SQL under the role `copilot_reader`: it
owns nothing, may only SELECT the sales tables, and sees only the rows of the merchant set in
`copilot.merchant_id` for the transaction (row-level security; the tables' owner is not affected).
Roles are cluster-wide, so the role is created only when absent and kept on downgrade.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24 08:00:00
"""

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

ROLE = "copilot_reader"
POLICY = "copilot_merchant_isolation"
# Frozen at this revision: table -> the column that names its merchant (models.SALES_TABLES).
TABLES = {
    "merchants": "id",
    "products": "merchant_id",
    "customers": "merchant_id",
    "orders": "merchant_id",
    "order_items": "merchant_id",
    "events": "merchant_id",
    "campaigns": "merchant_id",
    "budget_requests": "merchant_id",
    "creatives": "merchant_id",
}


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(
        f"""
        DO $$
        BEGIN
            IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{ROLE}') THEN
                CREATE ROLE {ROLE} NOLOGIN NOSUPERUSER NOINHERIT NOCREATEDB NOCREATEROLE;
            END IF;
        END
        $$
        """
    )
    op.execute(f"GRANT {ROLE} TO CURRENT_USER")
    op.execute(f"GRANT USAGE ON SCHEMA public TO {ROLE}")
    for table, column in TABLES.items():
        op.execute(f"GRANT SELECT ON {table} TO {ROLE}")
        op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        op.execute(
            f"CREATE POLICY {POLICY} ON {table} FOR SELECT TO {ROLE} "
            f"USING ({column} = current_setting('copilot.merchant_id', true))"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table in TABLES:
        op.execute(f"DROP POLICY IF EXISTS {POLICY} ON {table}")
        op.execute(f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY")
        op.execute(f"REVOKE SELECT ON {table} FROM {ROLE}")
    op.execute(f"REVOKE USAGE ON SCHEMA public FROM {ROLE}")
