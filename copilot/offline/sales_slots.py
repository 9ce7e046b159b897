"""The slots of a sales question (intent sales_query): metric, breakdown, period, comparison, ranking, filters, and
the two readings over a whole ranking: a named value's share of the total and its place among all."""

from __future__ import annotations

import re
from typing import Any

from copilot.analytics.metrics import is_additive
from copilot.offline.findings import Findings, all_keys, put, ranked_order, said_channels, singular_top, targets
from copilot.offline.lexicon import lexicon
from copilot.offline.shares import metric_for, share_of_total


def sales_query_slots(f: Findings) -> dict[str, Any]:
    """The sales tool's arguments for a sales question's findings."""
    metric = f.metric or ("units" if f.rank_units else "gmv")
    by = f.by or ("channel" if len(f.named_channels) > 1 else None)  # "直播 vs 搜索": the channels side by side
    apart = _TOGETHER.search(f.rest) is None and lexicon().single["share"].search(f.rest) is None
    listed_apart = apart and f.order is None and f.top is None  # "两个类目中按销量排前三" ranks their products
    if (
        by is None
        and len(f.catalog.categories) > 1
        and (listed_apart or lexicon().single["side_by_side"].search(f.rest))
    ):
        by = "category"  # "露营灯跟头灯哪个卖得多", "猫粮 猫砂 罐头 GMV": each category named its row (and their total)
    if by is None and f.catalog.products_named and lexicon().single["side_by_side"].search(f.rest):
        by = "product"  # "月亮椅和蛋卷桌哪个卖得多": the two products named, side by side
    ranking = f.order is not None or f.top is not None
    several_regions = "," in (f.catalog.region or "")
    listed = f.catalog.regions_listed and apart  # "浙江 江苏 上海 订单数": each of them
    if by is None and several_regions and (listed or lexicon().single["side_by_side"].search(f.rest)):
        by = "region"  # "湖北跟湖南哪个卖得多": the regions named, side by side
    compare = f.compare or ("previous_period" if _CHANGE_ASKED.search(f.rest) else None)
    if compare is None and by in _PARTS and _CHANGED.search(f.rest) and lexicon().single["side_by_side"].search(f.rest):
        compare, ranking = "previous_period", False  # "哪个地区突然不买了": every part with its change, not a ranking
    if ranking and f.top is None and compare is not None and all_keys(lexicon().groups["anomaly_direction"], f.rest):
        ranking = False  # "跟上周比哪个渠道跌得最多": every row with its change, not the one with the most sales
    match = f.catalog
    apart_words = bool(match.product_spans) and match.category_span not in (None, *match.product_spans)
    among = ranking and by in (None, "product") and match.product and match.category is not None and apart_words
    if among:  # "奶瓶哪个卖得多 PPSU那个还是玻璃的": the category's products side by side, the one named among them
        by, ranking = "product", False
    if ranking and by is None and f.catalog.product is None:
        by = "product"
    slots: dict[str, Any] = {"metric": metric_for(metric, by)}
    put(slots, "by", by)
    put(slots, "period", f.period)
    put(slots, "compare", compare)
    top = None if among else f.top  # the products named side by side are all shown, not the first one
    put(slots, "top", top if top is not None or not ranking else singular_top(f.rest))
    if ranking:
        slots["order"] = ranked_order(f, slots["metric"]) or "desc"
    targets(f, slots, leftover=True)
    if among:
        slots.pop("product", None)
        slots["category"] = f.catalog.category
    put(slots, "channel", said_channels(f.named_channels, by))
    put(slots, "region", f.catalog.region if by != "region" or several_regions else None)
    _ranked_among_all(f, slots)
    slots.update(f.excluded)
    share_of_total(f, slots)
    if slots.get("by") == "day" and is_additive(slots["metric"]) and lexicon().single["daily_average"].search(f.norm):
        slots["per_day"] = True
    return slots


_PARTS = ("region", "channel", "category", "product")
# a change said of the parts ("哪个地区突然不买了", "which channel dropped"): against the period before
_CHANGED = re.compile(
    r"突然|(?:不|没人)(?:买|下单)了|掉了|跌了|下滑|下降|变少|"
    r"\b(?:dropped|fell|declined|slipped|stopped (?:buying|ordering))\b"
)
# a change asked of a figure with nothing to set it against ("退款率最近是不是涨了", "has AOV gone down"): against
# the period before
_CHANGE_ASKED = re.compile(
    r"(?:是不是|是否|有没有|有冇)(?:又)?(?:涨|跌|掉|降|升|少|多|下滑|下降|上涨|上升)了?|"
    r"\b(?:did|has|have|is|are)\b[^.?!]{0,30}"
    r"\b(?:go(?:ne)? (?:up|down)|drop(?:ped)?|fall(?:en)?|fell|ris(?:e|en)|rose)\b"
)
_TOGETHER = re.compile(
    r"[+＋]|一共|总共|合计|加起来|加一起|加在一起|共计|总计|\b(?:in total|combined|together|altogether)\b"
)


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
