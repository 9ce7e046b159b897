"""A value's share of the total ("直播占总销售额的比例", "what share of GMV came from tents"), and that share month by
month: the breakdown the sales tool shares out, or its SQL template."""

from __future__ import annotations

from typing import Any

from copilot.analytics.metrics import is_additive
from copilot.offline.findings import Findings, put
from copilot.offline.lexicon import lexicon


def metric_for(metric: str, by: str | None) -> str:
    """GMV is an order total (DESIGN.md's metric definitions): split by product or category it is product
    revenue, and the answer says so."""
    return "revenue" if metric == "gmv" and by in ("product", "category") else metric


_SHARED_BY = ("channel", "region", "category", "product")  # the part a share asks about first: a channel or region
# named beside a product or category is the part ("what % of stroller GMV came from live"), the product its scope


def share_of_total(f: Findings, slots: dict[str, Any]) -> None:
    """ "直播占总销售额的比例", "what share of GMV came from tents": the breakdown by the dimension of the value
    named, unfiltered, whose share the answer says (`share_of`; several named, "防晒霜、防晒衣占全店几成", their share
    together); a channel or region named beside a product or category is the part, the product or category its scope
    ("what % of stroller GMV came from live"); "各渠道GMV占比": each row's share (`share`). A ratio (refund rate, AOV)
    has no shares; an exclusion ("除了直播") keeps its filter."""
    if lexicon().single["share"].search(f.rest) is None or f.excluded or not is_additive(slots["metric"]):
        return
    if slots.get("by") is None:
        if isinstance(slots.get("categories"), list) and not any(slots.get(k) for k in ("channel", "region")):
            slots["category"] = ",".join(slots.pop("categories"))  # "防晒霜、防晒衣、防晒袖套占全店几成": together
        named = [key for key in _SHARED_BY if isinstance(slots.get(key), str)]
        if not named or (len(named) > 1 and named[0] in ("category", "product")):
            return
        slots["share_of"] = slots.pop(named[0])  # several named ("防晒霜、防晒衣、防晒袖套"): their share together
        slots["by"] = named[0]
        slots["metric"] = metric_for(slots["metric"], named[0])
    if slots["by"] in _SHARED_BY:
        slots["share"] = True


def share_over_months(f: Findings, previous: dict[str, Any], slots: dict[str, Any]) -> dict[str, Any] | None:
    """After a product's or category's share of the store ("今年狗粮占全店几成"), the same share month by month
    ("按月看这个占比怎么变的", "and month by month?"): the SQL template of it, over the same days; None otherwise."""
    part, by = previous.get("share_of"), previous.get("by")
    if not part or by not in ("product", "category") or f.by != "month":
        return None
    shared: dict[str, Any] = {"question": f.text.strip(), "template": "share_by_month", by: part}
    put(shared, "period", slots.get("period"))
    return shared
