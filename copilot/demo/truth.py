"""The demo store's ground truth: what the generator planted, for tests and benchmarks to check the copilot against.

Its tables are not part of the data contract's schema: migrations never create them, so a merchant's database has
none; `create_truth_tables` makes them when a demo store is built. The copilot can never query them.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, Engine, MetaData, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from copilot.store.models import NAMING


class DemoTruthBase(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class DemoTruthScene(DemoTruthBase):
    """Ground truth of the demo store: a customer's hidden life scenes. Never queryable by the copilot."""

    __tablename__ = "demo_truth_scenes"

    customer_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    scene: Mapped[str] = mapped_column(String(100), primary_key=True)
    merchant_id: Mapped[str] = mapped_column(String(64), index=True)


class DemoTruthAnomaly(DemoTruthBase):
    """Ground truth of the demo store: an anomaly planted by the generator. Never queryable by the copilot."""

    __tablename__ = "demo_truth_anomalies"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    merchant_id: Mapped[str] = mapped_column(String(64), index=True)
    product_id: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(16))  # drop | spike
    cause: Mapped[str] = mapped_column(String(32))  # stock_out | price_cut | channel_shift | refunds ...
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date] = mapped_column(Date)


def create_truth_tables(engine: Engine) -> None:
    """Create the truth tables where they are missing (a demo store being built)."""
    DemoTruthBase.metadata.create_all(engine)
