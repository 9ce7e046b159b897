"""The sales of the products a catalog answer just listed ("库存少于200件的有哪些" → "这些里面最近一周卖得最快的是哪个",
"上架超过两年的老款" → "这些老款今年卖了多少钱"): the same bounds and scope, with their units and revenue in the period
asked, never the whole store's figure in their place."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from copilot.calendar.periods import resolve_period
from copilot.offline.findings import Findings, put
from copilot.offline.sql_templates import takes_filters

_POINTED_BACK = re.compile(
    r"这些|这几(款|个|样|种)|那些|那几(款|个|样|种)|它们|其中|里面|当中|\b(these|those|them|of them|among them)\b"
)
_QUESTIONS = ("sales_query", "sales_sql")


def listed_bounds(prev_slots: dict[str, Any], today: date) -> str | None:
    """The bounds of the products the previous answer listed: its own, and the launch days of its period when it
    listed the products launched then."""
    bounds = [str(prev_slots["filters"])] if prev_slots.get("filters") else []
    if prev_slots.get("template") == "new_products" and prev_slots.get("period"):
        window = resolve_period(str(prev_slots["period"]), today)
        bounds += [f"launched>={window.start.isoformat()}", f"launched<{window.end.isoformat()}"]
    return ";".join(bounds) or None


def sales_of_listed(
    f: Findings, intent: str, prev_intent: str, prev_slots: dict[str, Any], today: date
) -> dict[str, Any] | None:
    """The slots of the sales of the products listed just before, when the words point back at them and ask a sales
    question naming no product or category of their own; None otherwise."""
    template = str(prev_slots.get("template") or "")
    listed = prev_intent == "sales_sql" and (takes_filters(template) or template == "new_products")
    if not listed or intent not in _QUESTIONS or not _POINTED_BACK.search(f.norm):
        return None
    if f.catalog.product or f.catalog.category or f.catalog.categories:
        return None
    slots: dict[str, Any] = {"question": f.text.strip(), "template": "listed_products_sales"}
    put(slots, "filters", listed_bounds(prev_slots, today))
    put(slots, "product", prev_slots.get("product"))
    put(slots, "category", prev_slots.get("category"))
    put(slots, "period", f.period)
    put(slots, "top", f.top)
    return slots
