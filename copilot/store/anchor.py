"""The store's own 'today': a demo store carries the date its history ends on (table `store_meta`).

Every face takes its clock from `clock_for`: a fixed 'today' the operator set (COPILOT_TODAY, `--today`) wins,
then the store's anchor, then the system clock. The anchor is the demo merchants' only: a real merchant imported
into the same database lives on the system clock (`MerchantClocks.for_merchant`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol, runtime_checkable

from sqlalchemy import select

from copilot.clock import Clock, SystemClock
from copilot.config import Settings
from copilot.store import Store
from copilot.store.models import StoreMeta

DEMO_TODAY_KEY = "demo_today"
DEMO_MERCHANTS_KEY = "demo_merchants"
# Demo stores built before their merchants were recorded (migration 0020) had exactly these.
_FIRST_DEMO_MERCHANTS = "m_outdoor,m_baby,m_pet"


def _meta(store: Store) -> dict[str, str]:
    with store.session() as session:
        return {key: value for key, value in session.execute(select(StoreMeta.key, StoreMeta.value))}


def demo_today(store: Store) -> date | None:
    """The anchor date the demo store was built for; None for any other store."""
    value = _meta(store).get(DEMO_TODAY_KEY)
    return date.fromisoformat(value) if value else None


@runtime_checkable
class MerchantClocks(Protocol):
    def for_merchant(self, merchant_id: str) -> Clock: ...


@dataclass(frozen=True)
class DemoMerchantsClock:
    """The demo's anchor for the demo merchants (and as `now()`), the system clock for any other merchant."""

    anchored: Clock
    merchants: frozenset[str]
    other: Clock

    def now(self) -> datetime:
        return self.anchored.now()

    def for_merchant(self, merchant_id: str) -> Clock:
        return self.anchored if merchant_id in self.merchants else self.other


def _demo_merchants(meta: dict[str, str]) -> frozenset[str]:
    return frozenset(filter(None, meta.get(DEMO_MERCHANTS_KEY, _FIRST_DEMO_MERCHANTS).split(",")))


def clock_for(settings: Settings, store: Store, merchant_id: str | None = None) -> Clock:
    """The copilot's clock on `store`: settings.today, else the store's anchor (for its demo merchants; with no
    merchant given, a clock that tells them apart), else the system clock."""
    if settings.today:
        return settings.clock()
    meta = _meta(store)
    if DEMO_TODAY_KEY not in meta:
        return SystemClock()
    anchor = date.fromisoformat(meta[DEMO_TODAY_KEY])
    clocks = DemoMerchantsClock(settings.clock(anchor=anchor), _demo_merchants(meta), SystemClock())
    return clocks if merchant_id is None else clocks.for_merchant(merchant_id)


def merchant_clock(clock: Clock, merchant_id: str) -> Clock:
    """The clock one merchant's work runs on."""
    return clock.for_merchant(merchant_id) if isinstance(clock, MerchantClocks) else clock
