"""customer profiles kept incrementally: profile_state, customer_profiles, profile_items, profile_dirty

copilot/segments/state.py keeps every merchant's customer profiles in the store, shared by all workers, and
recomputes only the customers marked in profile_dirty. Triggers mark a customer whenever one of their events,
orders or order lines is inserted, updated or deleted (guest orders mark the customer ''). On PostgreSQL the
tables get row-level security like the sales tables, without any grant to the reader role: merchant SQL never
reads profiles.

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-04 21:20:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0023"
down_revision = "0022"
branch_labels = None
depends_on = None

ROLE = "copilot_reader"
POLICY = "copilot_merchant_isolation"
TABLES = ("profile_state", "customer_profiles", "profile_items", "profile_dirty")
UPSERT = "ON CONFLICT (merchant_id, customer_id) DO UPDATE SET token = excluded.token"

# SQLite: (trigger suffix, table, event, the row it reads, the customer expression, extra condition)
SQLITE_TRIGGERS = (
    ("events_insert", "events", "INSERT", "NEW", "NEW.customer_id", "NEW.customer_id IS NOT NULL"),
    ("events_update_old", "events", "UPDATE", "OLD", "OLD.customer_id", "OLD.customer_id IS NOT NULL"),
    ("events_update_new", "events", "UPDATE", "NEW", "NEW.customer_id", "NEW.customer_id IS NOT NULL"),
    ("events_delete", "events", "DELETE", "OLD", "OLD.customer_id", "OLD.customer_id IS NOT NULL"),
    ("orders_insert", "orders", "INSERT", "NEW", "coalesce(NEW.customer_id, '')", None),
    ("orders_update_old", "orders", "UPDATE", "OLD", "coalesce(OLD.customer_id, '')", None),
    ("orders_update_new", "orders", "UPDATE", "NEW", "coalesce(NEW.customer_id, '')", None),
    ("orders_delete", "orders", "DELETE", "OLD", "coalesce(OLD.customer_id, '')", None),
)
ITEM_TRIGGERS = (("order_items_insert", "INSERT", "NEW"), ("order_items_update", "UPDATE", "NEW"),
                 ("order_items_delete", "DELETE", "OLD"))  # fmt: skip


def _sqlite_triggers() -> list[str]:
    """Marks only for a merchant whose profiles are persisted (the first refresh marks everyone anyway, so a bulk
    load before it costs one probe of profile_state per row), and a mark already there is kept (OR IGNORE). Both
    are safe because SQLite serialises writers: the updater creates the state, and reads and removes a chunk's
    marks, each in one write transaction that no insert can interleave with."""
    statements = []
    for suffix, table, event, row, customer, condition in SQLITE_TRIGGERS:
        persisted = f"EXISTS (SELECT 1 FROM profile_state WHERE merchant_id = {row}.merchant_id)"
        when = f" WHEN {condition} AND {persisted}" if condition else f" WHEN {persisted}"
        statements.append(
            f"CREATE TRIGGER profile_dirty_{suffix} AFTER {event} ON {table}{when} BEGIN "
            f"INSERT OR IGNORE INTO profile_dirty (merchant_id, customer_id, token) "
            f"VALUES ({row}.merchant_id, {customer}, 0); END"
        )
    for suffix, event, row in ITEM_TRIGGERS:
        statements.append(
            f"CREATE TRIGGER profile_dirty_{suffix} AFTER {event} ON order_items "
            f"WHEN EXISTS (SELECT 1 FROM profile_state WHERE merchant_id = {row}.merchant_id) BEGIN "
            f"INSERT OR IGNORE INTO profile_dirty (merchant_id, customer_id, token) "
            f"SELECT merchant_id, coalesce(customer_id, ''), 0 FROM orders WHERE id = {row}.order_id; END"
        )
    return statements


PG_TOKEN = "(random() * 4e18)::bigint"


def _pg_mark(row: str, customer: str) -> str:
    return (
        f"INSERT INTO profile_dirty (merchant_id, customer_id, token) "
        f"VALUES ({row}.merchant_id, {customer}, {PG_TOKEN}) {UPSERT};"
    )


def _pg_functions() -> dict[str, str]:
    events = (
        f"IF TG_OP <> 'INSERT' AND OLD.customer_id IS NOT NULL THEN {_pg_mark('OLD', 'OLD.customer_id')} END IF; "
        f"IF TG_OP <> 'DELETE' AND NEW.customer_id IS NOT NULL THEN {_pg_mark('NEW', 'NEW.customer_id')} END IF;"
    )
    old, new = _pg_mark("OLD", "coalesce(OLD.customer_id, '')"), _pg_mark("NEW", "coalesce(NEW.customer_id, '')")
    orders = f"IF TG_OP <> 'INSERT' THEN {old} END IF; IF TG_OP <> 'DELETE' THEN {new} END IF;"
    items = (
        "INSERT INTO profile_dirty (merchant_id, customer_id, token) "
        f"SELECT merchant_id, coalesce(customer_id, ''), {PG_TOKEN} FROM orders "
        f"WHERE id = (CASE WHEN TG_OP = 'DELETE' THEN OLD.order_id ELSE NEW.order_id END) {UPSERT};"
    )
    return {"events": events, "orders": orders, "order_items": items}


def upgrade() -> None:
    op.create_table(
        "profile_state",
        sa.Column("merchant_id", sa.String(length=64), nullable=False),
        sa.Column("params", sa.String(length=500), nullable=False),
        sa.Column("generation", sa.String(length=32), nullable=False),
        sa.Column("as_of", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(["merchant_id"], ["merchants.id"], name=op.f("fk_profile_state_merchant_id_merchants")),
        sa.PrimaryKeyConstraint("merchant_id", name=op.f("pk_profile_state")),
    )
    op.create_table(
        "customer_profiles",
        sa.Column("merchant_id", sa.String(length=64), nullable=False),
        sa.Column("customer_id", sa.String(length=64), nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.Column("state", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["merchant_id"], ["merchants.id"], name=op.f("fk_customer_profiles_merchant_id_merchants")
        ),
        sa.PrimaryKeyConstraint("merchant_id", "customer_id", name=op.f("pk_customer_profiles")),
    )
    op.create_index(
        "ix_customer_profiles_merchant_version", "customer_profiles", ["merchant_id", "version"], unique=False
    )
    op.create_table(
        "profile_items",
        sa.Column("merchant_id", sa.String(length=64), nullable=False),
        sa.Column("item_no", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("kind", sa.String(length=1), nullable=False),
        sa.Column("key", sa.Text(), nullable=False),
        sa.Column("vector_key", sa.String(length=64), nullable=True),
        sa.Column("vector", sa.LargeBinary(), nullable=True),
        sa.ForeignKeyConstraint(["merchant_id"], ["merchants.id"], name=op.f("fk_profile_items_merchant_id_merchants")),
        sa.PrimaryKeyConstraint("merchant_id", "item_no", name=op.f("pk_profile_items")),
        sa.UniqueConstraint("merchant_id", "kind", "key", name="uq_profile_items_key"),
    )
    op.create_table(
        "profile_dirty",
        sa.Column("merchant_id", sa.String(length=64), nullable=False),
        sa.Column("customer_id", sa.String(length=64), nullable=False),
        sa.Column("token", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("merchant_id", "customer_id", name=op.f("pk_profile_dirty")),
    )
    if op.get_bind().dialect.name == "postgresql":
        for table, body in _pg_functions().items():
            op.execute(
                f"CREATE FUNCTION copilot_profile_dirty_{table}() RETURNS trigger LANGUAGE plpgsql AS "
                f"$$ BEGIN {body} RETURN NULL; END $$"
            )
            op.execute(
                f"CREATE TRIGGER profile_dirty_{table} AFTER INSERT OR UPDATE OR DELETE ON {table} "
                f"FOR EACH ROW EXECUTE FUNCTION copilot_profile_dirty_{table}()"
            )
        for table in TABLES:
            op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
            op.execute(
                f"CREATE POLICY {POLICY} ON {table} FOR SELECT TO {ROLE} "
                "USING (merchant_id = current_setting('copilot.merchant_id', true))"
            )
    else:
        for statement in _sqlite_triggers():
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in _pg_functions():
            op.execute(f"DROP TRIGGER IF EXISTS profile_dirty_{table} ON {table}")
            op.execute(f"DROP FUNCTION IF EXISTS copilot_profile_dirty_{table}()")
    else:
        for suffix, *_ in SQLITE_TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS profile_dirty_{suffix}")
        for suffix, *_ in ITEM_TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS profile_dirty_{suffix}")
    op.drop_table("profile_dirty")
    op.drop_table("profile_items")
    op.drop_index("ix_customer_profiles_merchant_version", table_name="customer_profiles")
    op.drop_table("customer_profiles")
    op.drop_table("profile_state")
