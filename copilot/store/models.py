"""SQLAlchemy models of the data contract (the schema itself; copilot/migrations/ creates it).

Names of tables and columns are fixed by the contract; evals and tools rely on them. Money is a decimal in
the merchant's currency, timestamps are UTC, ids are text.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Identity,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

Money = Numeric(14, 2)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Merchant(Base):
    __tablename__ = "merchants"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    currency: Mapped[str] = mapped_column(String(3), default="CNY")
    daily_budget_cap: Mapped[Decimal] = mapped_column(Money, default=Decimal("10000"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class Product(Base):
    __tablename__ = "products"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    merchant_id: Mapped[str] = mapped_column(ForeignKey("merchants.id"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    title_en: Mapped[str | None] = mapped_column(String(300))
    category: Mapped[str] = mapped_column(String(100))
    tags: Mapped[str | None] = mapped_column(Text)  # comma-separated, both languages
    price: Mapped[Decimal] = mapped_column(Money)
    cost: Mapped[Decimal] = mapped_column(Money)
    stock: Mapped[int] = mapped_column(Integer, default=0)
    launched_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    description: Mapped[str | None] = mapped_column(Text)
    image_path: Mapped[str | None] = mapped_column(String(300))  # PNG under the data folder, relative to it
    image_url: Mapped[str | None] = mapped_column(String(2048))  # where an import said the photo is


class Customer(Base):
    __tablename__ = "customers"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    merchant_id: Mapped[str] = mapped_column(ForeignKey("merchants.id"), index=True)
    region: Mapped[str | None] = mapped_column(String(100))
    age_band: Mapped[str | None] = mapped_column(String(20))
    registered_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class Order(Base):
    __tablename__ = "orders"
    __table_args__ = (
        CheckConstraint("status IN ('paid', 'refunded', 'cancelled')", name="status"),
        CheckConstraint("channel IN ('search', 'recommend', 'live', 'direct')", name="channel"),
        Index("ix_orders_merchant_created", "merchant_id", "created_at"),
        Index("ix_orders_merchant_status_created", "merchant_id", "status", "created_at", "total_amount"),
    )

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    merchant_id: Mapped[str] = mapped_column(ForeignKey("merchants.id"))
    customer_id: Mapped[str | None] = mapped_column(ForeignKey("customers.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    status: Mapped[str] = mapped_column(String(16))
    channel: Mapped[str] = mapped_column(String(16))
    total_amount: Mapped[Decimal] = mapped_column(Money)


class OrderItem(Base):
    __tablename__ = "order_items"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    # Not in the contract's minimum: kept so every merchant table is scoped by its own column (and RLS).
    merchant_id: Mapped[str] = mapped_column(ForeignKey("merchants.id"), index=True)
    order_id: Mapped[str] = mapped_column(ForeignKey("orders.id"), index=True)
    product_id: Mapped[str] = mapped_column(ForeignKey("products.id"), index=True)
    quantity: Mapped[int] = mapped_column(Integer)
    unit_price: Mapped[Decimal] = mapped_column(Money)
    amount: Mapped[Decimal] = mapped_column(Money)


class Event(Base):
    __tablename__ = "events"
    __table_args__ = (
        CheckConstraint("kind IN ('view', 'click', 'cart', 'purchase', 'search')", name="kind"),
        Index("ix_events_merchant_created", "merchant_id", "created_at"),
        Index("ix_events_customer", "customer_id"),
    )

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    merchant_id: Mapped[str] = mapped_column(ForeignKey("merchants.id"))
    customer_id: Mapped[str | None] = mapped_column(ForeignKey("customers.id"))
    product_id: Mapped[str | None] = mapped_column(ForeignKey("products.id"))
    kind: Mapped[str] = mapped_column(String(16))
    query: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class Campaign(Base):
    __tablename__ = "campaigns"
    __table_args__ = (
        CheckConstraint("status IN ('draft', 'pending_approval', 'active', 'rejected', 'cancelled')", name="status"),
    )

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    merchant_id: Mapped[str] = mapped_column(ForeignKey("merchants.id"), index=True)
    name: Mapped[str] = mapped_column(String(300))
    objective: Mapped[str] = mapped_column(String(100))
    status: Mapped[str] = mapped_column(String(32), default="draft")
    budget_total: Mapped[Decimal] = mapped_column(Money)
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date] = mapped_column(Date)
    plan: Mapped[dict | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    thread_id: Mapped[str | None] = mapped_column(String(300), default=None)  # the conversation that drafted it


class CampaignForecast(Base):
    """A campaign's forecast as it stood when it was submitted (the track record scores it once the campaign has
    ended). `campaign_id` is null for a push run outside the copilot whose forecast was recorded (the demo's)."""

    __tablename__ = "campaign_forecasts"
    __table_args__ = (Index("ix_campaign_forecasts_merchant_end", "merchant_id", "end_date"),)

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    merchant_id: Mapped[str] = mapped_column(ForeignKey("merchants.id"))
    campaign_id: Mapped[str | None] = mapped_column(ForeignKey("campaigns.id"), default=None)
    name: Mapped[str] = mapped_column(String(300))
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date] = mapped_column(Date)
    budget: Mapped[Decimal] = mapped_column(Money)
    channels: Mapped[list] = mapped_column(JSON)
    forecast: Mapped[dict] = mapped_column(JSON)  # the plan's forecast: `model` (promotion model) and/or `total`
    submitted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class AdDaily(Base):
    """The ad platform's daily report: one row per merchant, day, paid channel and campaign (null for always-on
    spend). `id` is derived from those keys, so a report imported twice lands once."""

    __tablename__ = "ad_daily"
    __table_args__ = (
        CheckConstraint("channel IN ('search', 'recommend', 'live')", name="channel"),
        Index("ix_ad_daily_merchant_date", "merchant_id", "date"),
    )

    id: Mapped[str] = mapped_column(String(200), primary_key=True)
    merchant_id: Mapped[str] = mapped_column(ForeignKey("merchants.id"))
    date: Mapped[date] = mapped_column(Date)
    channel: Mapped[str] = mapped_column(String(16))
    campaign_id: Mapped[str | None] = mapped_column(String(64), default=None)
    spend: Mapped[Decimal] = mapped_column(Money)
    impressions: Mapped[int] = mapped_column(Integer)
    clicks: Mapped[int] = mapped_column(Integer)
    attributed_orders: Mapped[int] = mapped_column(Integer)
    attributed_gmv: Mapped[Decimal] = mapped_column(Money)


class BudgetRequest(Base):
    __tablename__ = "budget_requests"
    __table_args__ = (
        CheckConstraint("status IN ('pending_approval', 'submitted', 'rejected', 'failed')", name="status"),
        UniqueConstraint("merchant_id", "idempotency_key", name="uq_budget_requests_key"),
    )

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    merchant_id: Mapped[str] = mapped_column(ForeignKey("merchants.id"), index=True)
    campaign_id: Mapped[str] = mapped_column(ForeignKey("campaigns.id"), index=True)
    amount: Mapped[Decimal] = mapped_column(Money)
    idempotency_key: Mapped[str] = mapped_column(String(128))
    status: Mapped[str] = mapped_column(String(32), default="pending_approval")
    decided_by: Mapped[str | None] = mapped_column(String(200))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    # Added by migration 0010: why a request failed or was rejected, and the ad platform's reference.
    reason: Mapped[str | None] = mapped_column(Text)
    platform_ref: Mapped[str | None] = mapped_column(String(128))


class AdLedger(Base):
    """The embedded ad platform's ledger: one row per budget actually spent (tools never read it as SQL)."""

    __tablename__ = "ad_ledger"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    merchant_id: Mapped[str] = mapped_column(ForeignKey("merchants.id"), index=True)
    budget_request_id: Mapped[str] = mapped_column(ForeignKey("budget_requests.id"), unique=True)
    campaign_id: Mapped[str] = mapped_column(ForeignKey("campaigns.id"), index=True)
    amount: Mapped[Decimal] = mapped_column(Money)
    idempotency_key: Mapped[str] = mapped_column(String(128), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class Creative(Base):
    __tablename__ = "creatives"
    __table_args__ = (CheckConstraint("kind IN ('copy', 'image')", name="kind"),)

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    merchant_id: Mapped[str] = mapped_column(ForeignKey("merchants.id"), index=True)
    campaign_id: Mapped[str | None] = mapped_column(ForeignKey("campaigns.id"), index=True)
    product_id: Mapped[str | None] = mapped_column(ForeignKey("products.id"))
    kind: Mapped[str] = mapped_column(String(16))
    text: Mapped[str | None] = mapped_column(Text)
    image_path: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class AuditLog(Base):
    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    merchant_id: Mapped[str] = mapped_column(String(64), index=True)
    actor: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(100))
    detail: Mapped[dict | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class StoreMeta(Base):
    """Facts about the store itself, one value per key (copilot/store/anchor.py: the demo's `demo_today`)."""

    __tablename__ = "store_meta"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(String(200))


class ApiKey(Base):
    """An API key of the chat API (copilot/web/keys.py): only its SHA-256 is kept; `prefix` identifies it."""

    __tablename__ = "api_keys"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    merchant_id: Mapped[str] = mapped_column(ForeignKey("merchants.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class Thread(Base):
    """A chat thread of the API, keyed by (merchant, id). The run lease lets one run at a time use it: `run_id`
    of the run, `run_owner` the worker running it, `run_renewed_at` its last heartbeat (copilot/api/leases.py)."""

    __tablename__ = "threads"

    merchant_id: Mapped[str] = mapped_column(ForeignKey("merchants.id"), primary_key=True)
    id: Mapped[str] = mapped_column(String(100), primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    deleted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    run_id: Mapped[str | None] = mapped_column(String(64))
    run_started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    run_owner: Mapped[str | None] = mapped_column(String(200))
    run_renewed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class ChannelEvent(Base):
    """A Slack event or DingTalk message already taken (copilot/channels/dedup.py): retries and replays stop here."""

    __tablename__ = "channel_events"
    __table_args__ = (UniqueConstraint("source", "event_id", name="uq_channel_events_source_event"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    source: Mapped[str] = mapped_column(String(16))  # slack | dingtalk
    event_id: Mapped[str] = mapped_column(String(200))
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)


class ChannelApproval(Base):
    """An approval card posted to Slack/DingTalk: the opaque `token` its buttons carry, and what it resumes."""

    __tablename__ = "channel_approvals"

    token: Mapped[str] = mapped_column(String(64), primary_key=True)
    merchant_id: Mapped[str] = mapped_column(ForeignKey("merchants.id"), index=True)
    thread_id: Mapped[str] = mapped_column(String(200))
    approval_id: Mapped[str] = mapped_column(String(64))
    channel: Mapped[str] = mapped_column(String(16))  # slack | dingtalk
    message_refs: Mapped[dict | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    decided_by: Mapped[str | None] = mapped_column(String(200))
    approved: Mapped[bool | None] = mapped_column(Boolean)


class DigestPost(Base):
    """An anomaly alert already posted by the digest (merchant + product + kind + start date): never twice."""

    __tablename__ = "digest_posts"
    __table_args__ = (UniqueConstraint("merchant_id", "alert_key", name="uq_digest_posts_alert"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    merchant_id: Mapped[str] = mapped_column(ForeignKey("merchants.id"))
    alert_key: Mapped[str] = mapped_column(String(300))
    posted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class IngestJob(Base):
    """A document upload being stored in the merchant's memory (copilot/api/ingest_jobs.py): what it embeds,
    how far it got and how it ended. `updated_at` is its worker's heartbeat while it is queued or running."""

    __tablename__ = "ingest_jobs"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    merchant_id: Mapped[str] = mapped_column(ForeignKey("merchants.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    source: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(16))  # queued | running | done | failed
    passages: Mapped[int] = mapped_column(Integer)
    passages_done: Mapped[int] = mapped_column(Integer)
    chunks: Mapped[int | None] = mapped_column(Integer)
    error: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class ProfileState(Base):
    """Where a merchant's persisted customer profiles stand (copilot/segments/state.py): the parameters they
    were built with, the time `as_of` their data is folded up to, and `version`, raised by every write."""

    __tablename__ = "profile_state"

    merchant_id: Mapped[str] = mapped_column(ForeignKey("merchants.id"), primary_key=True)
    params: Mapped[str] = mapped_column(String(500))
    generation: Mapped[str] = mapped_column(String(32))
    as_of: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    version: Mapped[int] = mapped_column(BigInteger)


class CustomerProfile(Base):
    """One customer's profile state (copilot/segments/state.py encodes `state`); `customer_id` '' holds the
    paid items of guest orders. `version` is the profile_state version that wrote the row."""

    __tablename__ = "customer_profiles"
    __table_args__ = (Index("ix_customer_profiles_merchant_version", "merchant_id", "version"),)

    merchant_id: Mapped[str] = mapped_column(ForeignKey("merchants.id"), primary_key=True)
    customer_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    version: Mapped[int] = mapped_column(BigInteger)
    state: Mapped[bytes] = mapped_column(LargeBinary)


class ProfileItem(Base):
    """A profile column of a merchant: a product (`kind` 'p', key its id) or a search text ('q'), numbered
    once for good, with its passage vector cached under `vector_key` (the embedder and the embedded text)."""

    __tablename__ = "profile_items"
    __table_args__ = (UniqueConstraint("merchant_id", "kind", "key", name="uq_profile_items_key"),)

    merchant_id: Mapped[str] = mapped_column(ForeignKey("merchants.id"), primary_key=True)
    item_no: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    kind: Mapped[str] = mapped_column(String(1))
    key: Mapped[str] = mapped_column(Text)
    vector_key: Mapped[str | None] = mapped_column(String(64))
    vector: Mapped[bytes | None] = mapped_column(LargeBinary)


class ProfileDirty(Base):
    """Customers whose profile must be recomputed, marked by triggers on events, orders and order_items
    (migration 0023) with a fresh random `token` each time; the updater removes a mark only if its token is
    still the one it read."""

    __tablename__ = "profile_dirty"

    merchant_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    customer_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    token: Mapped[int] = mapped_column(BigInteger)


class ProfileMark(Base):
    """A customer whose data a statement changed, appended by PostgreSQL's statement triggers (migration 0025)
    for a merchant with persisted profiles; the updater moves these into `profile_dirty` (SQLite's triggers
    write `profile_dirty` directly)."""

    __tablename__ = "profile_marks"
    __table_args__ = (Index("ix_profile_marks_merchant", "merchant_id"),)

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), Identity(), primary_key=True)
    merchant_id: Mapped[str] = mapped_column(String(64))
    customer_id: Mapped[str] = mapped_column(String(64))


# The tables merchant SQL may read, each with the column that names its merchant. Anything else is refused.
SALES_TABLES: dict[str, str] = {
    "merchants": "id",
    "products": "merchant_id",
    "customers": "merchant_id",
    "orders": "merchant_id",
    "order_items": "merchant_id",
    "events": "merchant_id",
    "campaigns": "merchant_id",
    "budget_requests": "merchant_id",
    "creatives": "merchant_id",
    "ad_daily": "merchant_id",
}
