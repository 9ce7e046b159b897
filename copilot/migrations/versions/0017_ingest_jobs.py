"""ingest jobs: document uploads being stored in the merchant's memory

`ingest_jobs` keeps one row per document upload accepted by the API: its title and file name, the passages it
embeds and how many are stored so far, and how it ended (`status` done or failed, with `chunks` or a client-safe
`error`). While a job is queued or running its worker renews `updated_at`; a job not renewed for a minute belonged
to a worker that stopped. Any worker answers GET /v1/documents/jobs/{id} from it, and the per-merchant bound on
ingests in flight counts it. Not a sales table: the reader role gets no grant on it.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-04 16:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "ingest_jobs",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("merchant_id", sa.String(length=64), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("source", sa.String(length=200), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("passages", sa.Integer(), nullable=False),
        sa.Column("passages_done", sa.Integer(), nullable=False),
        sa.Column("chunks", sa.Integer(), nullable=True),
        sa.Column("error", sa.String(length=500), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["merchant_id"], ["merchants.id"], name=op.f("fk_ingest_jobs_merchant_id_merchants")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ingest_jobs")),
    )
    with op.batch_alter_table("ingest_jobs", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_ingest_jobs_merchant_id"), ["merchant_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("ingest_jobs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_ingest_jobs_merchant_id"))
    op.drop_table("ingest_jobs")
