"""profile marks without row locks on PostgreSQL: profile_marks, statement-level triggers, marks only when persisted

0023's PostgreSQL triggers upserted a profile_dirty row per written row: two transactions writing orders for the
same customers in opposite orders locked each other's marks and one died in a deadlock, and every write of a
merchant whose profiles were never built still paid the upsert (and left marks nobody read). Here each INSERT,
UPDATE or DELETE statement on events, orders or order_items appends its customers once to profile_marks (no
unique key, so writers never wait for each other), only for merchants with a profile_state row, like SQLite's
triggers. The profile updater (copilot/segments/state.py), holding the merchant's advisory lock, moves the marks
into profile_dirty. SQLite keeps 0023's triggers (its writers are serialised); profile_marks stays empty there.

Revision ID: 0025
Revises: 0024
Create Date: 2026-12-05 00:30:00
"""

import importlib.util
from pathlib import Path

import sqlalchemy as sa
from alembic import op

revision = "0025"
down_revision = "0024"
branch_labels = None
depends_on = None

ROLE = "copilot_reader"
POLICY = "copilot_merchant_isolation"
PERSISTED = "EXISTS (SELECT 1 FROM profile_state s WHERE s.merchant_id = r.merchant_id)"
# table -> (the customer of a written row r, a condition on r)
CUSTOMERS = {
    "events": ("r.customer_id", "r.customer_id IS NOT NULL"),
    "orders": ("coalesce(r.customer_id, '')", "TRUE"),
}
OPERATIONS = {"insert": ("INSERT", ("new_rows",)), "update": ("UPDATE", ("old_rows", "new_rows")),
              "delete": ("DELETE", ("old_rows",))}  # fmt: skip


def _select(table: str, rows: str) -> str:
    if table == "order_items":
        return (
            f"SELECT DISTINCT o.merchant_id, coalesce(o.customer_id, '') FROM {rows} r "
            f"JOIN orders o ON o.id = r.order_id WHERE {PERSISTED}"
        )
    customer, condition = CUSTOMERS[table]
    return f"SELECT DISTINCT r.merchant_id, {customer} FROM {rows} r WHERE {condition} AND {PERSISTED}"


def _referencing(relations: tuple[str, ...]) -> str:
    return " ".join(f"{'OLD' if name == 'old_rows' else 'NEW'} TABLE AS {name}" for name in relations)


def _old_revision() -> object:
    path = Path(__file__).with_name("0023_customer_profiles.py")
    spec = importlib.util.spec_from_file_location("copilot_migration_0023", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def upgrade() -> None:
    op.create_table(
        "profile_marks",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), sa.Identity(), nullable=False),
        sa.Column("merchant_id", sa.String(length=64), nullable=False),
        sa.Column("customer_id", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_profile_marks")),
    )
    op.create_index("ix_profile_marks_merchant", "profile_marks", ["merchant_id"], unique=False)
    if op.get_bind().dialect.name != "postgresql":
        return
    for table in ("events", "orders", "order_items"):
        op.execute(f"DROP TRIGGER IF EXISTS profile_dirty_{table} ON {table}")
        op.execute(f"DROP FUNCTION IF EXISTS copilot_profile_dirty_{table}()")
        for name, (event, relations) in OPERATIONS.items():
            selects = " UNION ".join(_select(table, rows) for rows in relations)
            op.execute(
                f"CREATE FUNCTION copilot_profile_marks_{table}_{name}() RETURNS trigger LANGUAGE plpgsql AS "
                f"$$ BEGIN INSERT INTO profile_marks (merchant_id, customer_id) {selects}; RETURN NULL; END $$"
            )
            op.execute(
                f"CREATE TRIGGER profile_marks_{table}_{name} AFTER {event} ON {table} "
                f"REFERENCING {_referencing(relations)} FOR EACH STATEMENT "
                f"EXECUTE FUNCTION copilot_profile_marks_{table}_{name}()"
            )
    op.execute("ALTER TABLE profile_marks ENABLE ROW LEVEL SECURITY")
    op.execute(
        f"CREATE POLICY {POLICY} ON profile_marks FOR SELECT TO {ROLE} "
        "USING (merchant_id = current_setting('copilot.merchant_id', true))"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in ("events", "orders", "order_items"):
            for name in OPERATIONS:
                op.execute(f"DROP TRIGGER IF EXISTS profile_marks_{table}_{name} ON {table}")
                op.execute(f"DROP FUNCTION IF EXISTS copilot_profile_marks_{table}_{name}()")
        for table, body in _old_revision()._pg_functions().items():  # type: ignore[attr-defined]
            op.execute(
                f"CREATE FUNCTION copilot_profile_dirty_{table}() RETURNS trigger LANGUAGE plpgsql AS "
                f"$$ BEGIN {body} RETURN NULL; END $$"
            )
            op.execute(
                f"CREATE TRIGGER profile_dirty_{table} AFTER INSERT OR UPDATE OR DELETE ON {table} "
                f"FOR EACH ROW EXECUTE FUNCTION copilot_profile_dirty_{table}()"
            )
    op.drop_index("ix_profile_marks_merchant", table_name="profile_marks")
    op.drop_table("profile_marks")
