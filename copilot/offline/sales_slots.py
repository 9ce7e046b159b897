"""The slots of a sales question (intent sales_query): metric, breakdown, period, comparison, ranking, filters, and
the two readings over a whole ranking: a named value's share of the total and its place among all."""

from __future__ import annotations

from typing import Any

from copilot.analytics.metrics import is_additive
from copilot.offline.findings import Findings, all_keys, put, ranked_order, said_channels, singular_top, targets
from copilot.offline.follow_ups import metric_for
from copilot.offline.lexicon import lexicon


def sales_query_slots(f: Findings) -> dict[str, Any]:
    """The sales tool's arguments for a sales question's findings."""
    metric = f.metric or ("units" if f.rank_units else "gmv")
    by = f.by or ("channel" if len(f.named_channels) > 1 else None)  # "直播 vs 搜索": the channels side by side
    if by is None and len(f.catalog.categories) > 1 and lexicon().single["side_by_side"].search(f.rest):
        by = "category"  # "露营灯跟头灯哪个卖得多": the categories named, side by side
    if by is None and f.catalog.products_named and lexicon().single["side_by_side"].search(f.rest):
        by = "product"  # "月亮椅和蛋卷桌哪个卖得多": the two products named, side by side
    ranking = f.order is not None or f.top is not None
    several_regions = "," in (f.catalog.region or "")
    if by is None and several_regions and lexicon().single["side_by_side"].search(f.rest):
        by = "region"  # "湖北跟湖南哪个卖得多": the regions named, side by side
    if ranking and f.top is None and f.compare is not None and all_keys(lexicon().groups["anomaly_direction"], f.rest):
        ranking = False  # "跟上周比哪个渠道跌得最多": every row with its change, not the one with the most sales
    if ranking and by is None and f.catalog.product is None:
        by = "product"
    slots: dict[str, Any] = {"metric": metric_for(metric, by)}
    put(slots, "by", by)
    put(slots, "period", f.period)
    put(slots, "compare", f.compare)
    put(slots, "top", f.top if f.top is not None or not ranking else singular_top(f.rest))
    if ranking:
        slots["order"] = ranked_order(f, slots["metric"]) or "desc"
    targets(f, slots, leftover=True)
    put(slots, "channel", said_channels(f.named_channels, by))
    put(slots, "region", f.catalog.region if by != "region" or several_regions else None)
    _ranked_among_all(f, slots)
    slots.update(f.excluded)
    _share_of_total(f, slots)
    if slots.get("by") == "day" and is_additive(slots["metric"]) and lexicon().single["daily_average"].search(f.norm):
        slots["per_day"] = True
    return slots


_SHARED_BY = ("channel", "region", "category", "product")


def _share_of_total(f: Findings, slots: dict[str, Any]) -> None:
    """ "直播占总销售额的比例", "what share of GMV came from tents": the breakdown by the dimension of the one value
    named, unfiltered, whose share the answer says (`share_of`); "各渠道GMV占比": each row's share (`share`). A ratio
    (refund rate, AOV) has no shares; an exclusion ("除了直播") keeps its filter."""
    if lexicon().single["share"].search(f.rest) is None or f.excluded or not is_additive(slots["metric"]):
        return
    if slots.get("by") is None:
        named = [key for key in _SHARED_BY if isinstance(slots.get(key), str) and "," not in slots[key]]
        if len(named) != 1:
            return
        slots["share_of"] = slots.pop(named[0])
        slots["by"] = named[0]
        slots["metric"] = metric_for(slots["metric"], named[0])
    if slots["by"] in _SHARED_BY:
        slots["share"] = True


def _ranked_among_all(f: Findings, slots: dict[str, Any]) -> None:
    """ "头灯排第几", "what rank is the stove", "广东排老几": the ranking of all products (or categories, regions,
    channels), not filtered to the one named, whose place the answer says (`rank_of`)."""
    named = f.catalog.only_member or slots.get("product") or slots.get("category")
    if lexicon().single["rank_of"].search(f.rest) is None or slots.get("categories"):
        return
    if not named:  # "广东排老几", "where does live rank": the region's (channel's) place among all
        place = next((key for key in ("region", "channel") if isinstance(slots.get(key), str)), None)
        if place is None or "," in slots[place]:
            return
        for key in ("order", "top"):
            slots.pop(key, None)
        slots.update({"by": place, "rank_of": slots.pop(place)})
        return
    product = named != slots.get("category") or f.catalog.only_member is not None
    for key in ("product", "category", "order", "top"):
        slots.pop(key, None)
    slots.update({"by": "product" if product else "category", "rank_of": named})
    slots["metric"] = metric_for(slots["metric"], slots["by"])
