"""Writes an import's ad report rows into ad_daily, one transaction, and says what landed per channel.

Rows of the same day, channel and plan within one file (a report broken down by unit or keyword) are summed
into one row; across the files of one import, a later file's figures for a day, channel and plan replace an
earlier file's (the same report twice, a 7-day and a 30-day export), as a later import would. A row's id is
derived from the merchant, day, channel and plan (its id when the report has 计划ID, so a renamed plan stays one
row; else its name; empty for a report without plans), so the same report imported twice lands once and a
corrected re-export replaces that row's figures. A plan is linked to the merchant's campaign of exactly its
name (campaign_id) when exactly one campaign has it; the plans that match none are listed in the report and
their rows keep campaign_id null.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.dialects import postgresql, sqlite

from copilot.importers.ads import AD_CHANNELS, AdRecord
from copilot.importers.records import CENT
from copilot.importers.writer import Counts, scoped_id
from copilot.store import Store
from copilot.store.models import AdDaily, Campaign

CHUNK = 500
FIGURES = ("spend", "impressions", "clicks", "attributed_orders", "attributed_gmv")


@dataclass
class ChannelTotals:
    days: set[date] = field(default_factory=set)
    rows: int = 0
    spend: Decimal = Decimal("0.00")


@dataclass
class AdOutcome:
    """What an import did to ad_daily: row counts, per-channel days/rows/spend, plans matching no campaign."""

    counts: Counts = field(default_factory=Counts)
    channels: dict[str, ChannelTotals] = field(default_factory=dict)
    unmatched_plans: Counter[str] = field(default_factory=Counter)
    zeroed: Counter[str] = field(default_factory=Counter)
    totals_rows: int = 0
    replaced_in_import: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "counts": vars(self.counts),
            "channels": {
                name: {"days": len(t.days), "rows": t.rows, "spend": str(t.spend)} for name, t in self.channels.items()
            },
            "plans_without_campaign": sorted(self.unmatched_plans),
            "empty_cells_read_as_zero": dict(self.zeroed),
            "totals_rows_skipped": self.totals_rows,
            "replaced_by_a_later_file": self.replaced_in_import,
        }


def ad_row_id(merchant_id: str, day: date, channel: str, plan: str) -> str:
    return scoped_id(merchant_id, "ad", day.isoformat(), channel, plan)


def campaigns_by_name(store: Store, merchant_id: str) -> dict[str, str]:
    """The merchant's campaign id per name, for names that exactly one campaign has."""
    with store.engine.connect() as conn:
        rows = conn.execute(select(Campaign.name, Campaign.id).where(Campaign.merchant_id == merchant_id)).all()
    seen = Counter(name for name, _ in rows)
    return {name: cid for name, cid in rows if seen[name] == 1}


class AdRows:
    """An import's ad report rows per day, channel and plan as they are read: summed within a file, replaced by a
    later file of the import (memory grows with those keys, not with the rows of a keyword-level report)."""

    def __init__(self, merchant_id: str) -> None:
        self.merchant_id = merchant_id
        self.rows: dict[str, dict[str, Any]] = {}
        self.plans: dict[str, str] = {}
        self.zeroed: Counter[str] = Counter()
        self.file = 0
        self.file_of: dict[str, int] = {}
        self.replaced = 0

    def __len__(self) -> int:
        return len(self.rows)

    def next_file(self) -> None:
        """The rows added from now on come from another file: they replace, not add to, the earlier files'."""
        self.file += 1

    def add(self, r: AdRecord) -> None:
        self.zeroed.update(r.zeroed)
        key = ad_row_id(self.merchant_id, r.day, r.channel, r.plan_key)
        row = self.rows.get(key)
        if row is not None and self.file_of[key] == self.file:
            for name in FIGURES:
                row[name] += getattr(r, name)
            return
        if row is not None:
            self.replaced += 1
        self.rows[key] = {"id": key, "merchant_id": self.merchant_id, "date": r.day, "channel": r.channel,
                          "campaign_id": None, **{name: getattr(r, name) for name in FIGURES}}  # fmt: skip
        self.plans[key] = r.plan
        self.file_of[key] = self.file


def write_ad_rows(store: Store, pending: AdRows, outcome: AdOutcome) -> None:
    """Link plans to campaigns, then insert new rows, update changed ones and skip identical ones, in one
    transaction; `outcome` gets the counts and what the merchant should check."""
    merchant_id = pending.merchant_id
    campaigns = campaigns_by_name(store, merchant_id)
    rows = pending.rows
    outcome.zeroed.update(pending.zeroed)
    outcome.replaced_in_import += pending.replaced
    for key, row in rows.items():
        plan = pending.plans[key]
        row["campaign_id"] = campaigns.get(plan) if plan else None
        if plan and row["campaign_id"] is None:
            outcome.unmatched_plans[plan] += 1
        totals = outcome.channels.setdefault(row["channel"], ChannelTotals())
        totals.days.add(row["date"])
        totals.rows += 1
        totals.spend += row["spend"]
    outcome.channels = {c: outcome.channels[c] for c in AD_CHANNELS if c in outcome.channels}
    ids = list(rows)
    with store.engine.begin() as conn:
        stored: dict[str, tuple[Any, ...]] = {}
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start : start + CHUNK]
            query = select(AdDaily.id, AdDaily.campaign_id, *(getattr(AdDaily, f) for f in FIGURES))
            for found in conn.execute(query.where(AdDaily.id.in_(chunk), AdDaily.merchant_id == merchant_id)):
                stored[found[0]] = _comparable(found[1:])
        new = [row for key, row in rows.items() if key not in stored]
        changed = [row for key, row in rows.items() if key in stored and stored[key] != _key_of(row)]
        if new:
            insert = postgresql.insert if store.dialect == "postgresql" else sqlite.insert
            conn.execute(insert(AdDaily).on_conflict_do_nothing(index_elements=["id"]), new)
        for row in changed:
            values = {name: row[name] for name in ("campaign_id", *FIGURES)}
            conn.execute(update(AdDaily).where(AdDaily.id == row["id"]).values(**values))
    outcome.counts.imported += len(new)
    outcome.counts.updated += len(changed)
    outcome.counts.skipped += len(rows) - len(new) - len(changed)


def _comparable(values: Any) -> tuple[Any, ...]:
    campaign, spend, impressions, clicks, orders, gmv = values
    return (campaign, Decimal(str(spend)).quantize(CENT), int(impressions), int(clicks), int(orders),
            Decimal(str(gmv)).quantize(CENT))  # fmt: skip


def _key_of(row: dict[str, Any]) -> tuple[Any, ...]:
    return _comparable([row["campaign_id"], *(row[name] for name in FIGURES)])


__all__ = ["AdOutcome", "AdRows", "ChannelTotals", "ad_row_id", "campaigns_by_name", "write_ad_rows"]
