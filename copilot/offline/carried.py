"""What a sales question takes from the sales question before it in the thread when its own words leave it out:
the period ("客单价也按地区看" asks about the days just asked about), and, for words that name only another metric
("毛利呢", "and the refund rate?"), the product or category just asked about as well; so too for a metric and
period asked right after a question that named only a product ("有没有卖X" then "上个月卖了几件")."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, Protocol

from copilot.offline.findings import Findings
from copilot.offline.matching import Catalog
from copilot.offline.pointing import RECENT
from copilot.offline.sql_templates import takes_scope

_TARGETS = ("product", "category", "categories")
_WHOLE_STORE = re.compile(
    r"全店|整体|总体|整个店|所有商品|全部商品|\b(?:whole|entire|overall|all products|the store)\b"
)


def carry_from_previous(f: Findings, slots: dict[str, Any], previous: dict[str, Any], catalog: Catalog) -> None:
    """`slots` with the previous sales question's period when the words name none, and its product or category
    when they name only a metric (no period, target, other breakdown, channel or region of their own, nor the
    store: "各商品的退款率呢" after a ranking of one category's products is that category's)."""
    if "period" not in slots and previous.get("period"):
        slots["period"] = previous["period"]
    if f.metric is None or any(slots.get(key) for key in _TARGETS):
        return
    if f.period is not None and previous.get("period"):
        return  # a metric and period of its own: a question of its own, unless the one before named only a target
    if (
        f.catalog.spans
        or (f.by and f.by != previous.get("by"))
        or f.named_channels
        or f.catalog.region
        or f.leftover
        or f.compare
    ):
        return
    if catalog.index.own_store_spans(f.norm) or _WHOLE_STORE.search(f.norm):
        return
    slots.update({key: previous[key] for key in _TARGETS if previous.get(key)})


_QUESTIONS = ("sales_query", "sales_sql", "anomalies")
_MANY = re.compile(r"哪|各|每|所有|全部|\b(?:which|each|every|all|any)\b")


def carry_scope_to_template(f: Findings, slots: dict[str, Any], intent: str, previous: dict[str, Any]) -> None:
    """A store statistic asked right after a sales question about one product or category, naming none of its own
    ("库存还够卖多久" after the trekking poles' sales), is about that product or category; asked of many ("哪些",
    "which") or of the store, it stays the store's. Naming no days, it is about the days just asked about
    ("这个月退款率" then "那退款金额呢": this month's refunds, never all time)."""
    if intent not in _QUESTIONS:
        return
    if slots.get("template") and "period" not in slots and previous.get("period") and not f.unread_period:
        slots["period"] = previous["period"]
    if not takes_scope(slots.get("template") or ""):
        return
    if any(slots.get(key) for key in _TARGETS) or f.catalog.spans or f.by:
        return
    if _MANY.search(f.norm) or _WHOLE_STORE.search(f.norm):
        return
    for key in ("product", "category"):
        if isinstance(previous.get(key), str):
            slots[key] = previous[key]
            return


class _Said(Protocol):
    """What this module reads of an earlier request (nlu.Parse)."""

    @property
    def slots(self) -> dict[str, Any]: ...


_POINTED_MANY = re.compile(
    r"(?:这|那|它)(?:俩|两|2)(?:个|样|款|类|种|件)?|它们|\b(?:these|those) (?:two|2|both)\b"
    r"|\bboth of (?:them|these|those)\b|\bthe two of them\b"
)


def carry_pointed_targets(f: Findings, slots: dict[str, Any], history: Sequence[_Said]) -> None:
    """A sales question naming no goods but pointing at several ("这俩上个月卖了多少件", "how did those two sell") is
    about the goods of the thread's latest request that named some, whatever it asked (a plan, an audience)."""
    if any(slots.get(key) for key in _TARGETS) or f.catalog.spans or not _POINTED_MANY.search(f.norm):
        return
    for said in reversed(history[-RECENT:]):
        named = {key: said.slots[key] for key in _TARGETS if said.slots.get(key)}
        if named:
            slots.update(named)
            return
