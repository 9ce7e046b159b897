"""channels: de-duplication of Slack/DingTalk deliveries, channel approval cards, posted digest alerts

`channel_events` keeps (source, event_id) of every Slack event and DingTalk message taken, unique together, so a
retry or a replay is recognised; `received_at` lets old rows be pruned. `channel_approvals` maps the opaque token
an approval card's buttons carry to the merchant, copilot thread and approval id it resumes, with the posted
message's references; `decided_at` set means it was decided (once). `digest_posts` keeps each anomaly alert the
digest posted, unique per merchant and alert key. None of them is a sales table.

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-26 09:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "channel_events",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("event_id", sa.String(length=200), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_channel_events")),
        sa.UniqueConstraint("source", "event_id", name="uq_channel_events_source_event"),
    )
    with op.batch_alter_table("channel_events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_channel_events_received_at"), ["received_at"], unique=False)
    op.create_table(
        "channel_approvals",
        sa.Column("token", sa.String(length=64), nullable=False),
        sa.Column("merchant_id", sa.String(length=64), nullable=False),
        sa.Column("thread_id", sa.String(length=200), nullable=False),
        sa.Column("approval_id", sa.String(length=64), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("message_refs", sa.JSON(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decided_by", sa.String(length=200), nullable=True),
        sa.Column("approved", sa.Boolean(), nullable=True),
        sa.ForeignKeyConstraint(
            ["merchant_id"], ["merchants.id"], name=op.f("fk_channel_approvals_merchant_id_merchants")
        ),
        sa.PrimaryKeyConstraint("token", name=op.f("pk_channel_approvals")),
    )
    with op.batch_alter_table("channel_approvals", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_channel_approvals_merchant_id"), ["merchant_id"], unique=False)
    op.create_table(
        "digest_posts",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("merchant_id", sa.String(length=64), nullable=False),
        sa.Column("alert_key", sa.String(length=300), nullable=False),
        sa.Column("posted_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["merchant_id"], ["merchants.id"], name=op.f("fk_digest_posts_merchant_id_merchants")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_digest_posts")),
        sa.UniqueConstraint("merchant_id", "alert_key", name="uq_digest_posts_alert"),
    )


def downgrade() -> None:
    op.drop_table("digest_posts")
    with op.batch_alter_table("channel_approvals", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_channel_approvals_merchant_id"))
    op.drop_table("channel_approvals")
    with op.batch_alter_table("channel_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_channel_events_received_at"))
    op.drop_table("channel_events")
