"""bounded text domain for merchant SQL (PostgreSQL only)

The sales runner's guard (copilot/store/sql_guard.py) casts every text a LIKE-like call searches and every
text a call grows (||, concat, replace, string_agg) to `copilot_bounded_text`. Its check refuses a value longer
than `copilot.max_text_bytes`, which the runner sets for each reader transaction (COPILOT_SQL_MAX_VALUE_BYTES):
PostgreSQL checks its time limit between rows, never inside one such call, so the size of what a call may
work on is what keeps it short. Unset (any other use), the check passes.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-04 10:00:00
"""

from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

DOMAIN = "copilot_bounded_text"
CHECK = "copilot_bounded_text_size"
SETTING = "copilot.max_text_bytes"
ROLE = "copilot_reader"


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    limit = f"coalesce(nullif(current_setting('{SETTING}', true), '')::bigint, octet_length(VALUE))"
    op.execute(f"CREATE DOMAIN {DOMAIN} AS text CONSTRAINT {CHECK} CHECK (octet_length(VALUE) <= {limit})")
    op.execute(f"GRANT USAGE ON DOMAIN {DOMAIN} TO {ROLE}")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(f"DROP DOMAIN IF EXISTS {DOMAIN}")
