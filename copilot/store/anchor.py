"""The store's own 'today': a demo store carries the date its history ends on (table `store_meta`).

Every face takes its clock from `clock_for`: a fixed 'today' the operator set (COPILOT_TODAY, `--today`) wins,
then the store's anchor, then the system clock (a merchant's real store has no anchor).
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from copilot.clock import Clock
from copilot.config import Settings
from copilot.store import Store
from copilot.store.models import StoreMeta

DEMO_TODAY_KEY = "demo_today"


def demo_today(store: Store) -> date | None:
    """The anchor date the demo store was built for; None for any other store."""
    with store.session() as session:
        value = session.scalar(select(StoreMeta.value).where(StoreMeta.key == DEMO_TODAY_KEY))
    return date.fromisoformat(value) if value else None


def set_demo_today(session: Session, day: date) -> None:
    session.merge(StoreMeta(key=DEMO_TODAY_KEY, value=day.isoformat()))


def clock_for(settings: Settings, store: Store) -> Clock:
    """The copilot's clock on `store`: settings.today, else the store's anchor, else the system clock."""
    return settings.clock(anchor=None if settings.today else demo_today(store))
