"""The slots of a question answered in SQL (intent sales_sql): which of the lexicon's SQL templates its words match,
with the period, ranking, breakdown and scope that template takes."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from copilot.offline.age_bands import said_ages
from copilot.offline.catalog_filters import said_filters
from copilot.offline.findings import Findings, put, said_channels, unknown_only
from copilot.offline.lapse import lapse_days
from copilot.offline.lexicon import lexicon
from copilot.offline.numbers import first_int
from copilot.offline.promotion_slots import promotion_slots
from copilot.offline.sql_templates import (
    dated,
    names_one_item,
    takes_ages,
    takes_by,
    takes_channel,
    takes_filters,
    takes_region,
    takes_scope,
)


def sql_template(norm: str) -> tuple[str, dict[str, Any]] | None:
    """The first SQL template whose words the question holds, with its numbers ("前3个", "at least 2 orders")."""
    for template in lexicon().templates:
        match = template.pattern.search(norm)
        if match is None:
            continue
        params: dict[str, Any] = {}
        for name, kind in template.params.items():
            number = first_int(match.group())
            if number is not None and kind == "int":
                params[name] = number - 1 if lexicon().single["at_least"].search(match.group()) else number
            if kind == "days" and (days := lapse_days(norm)) is not None:  # "半年没回购": 180 days
                params[name] = days
        return template.name, params
    return None


def _template_words(norm: str, name: str) -> str:
    """The words of `norm` its template `name` matched ("有成本的商品"): they name what is counted, never a product."""
    template = next((t for t in lexicon().templates if t.name == name), None)
    match = template.pattern.search(norm) if template is not None else None
    return match.group() if match is not None else ""


_RETURN_WORDS = re.compile(
    r"\broas\b|\broi\b|投产比?|投入产出比?|回报率"
    # the spend and what came back asked together ("直播那边投了多少 回来多少", "what search spent and what came back")
    r"|(投|花|烧|砸)(了|的|出去)?(多少|几多|好多)(钱)?.{0,10}(回来|赚回|挣回|带回|收回|拿回)(来)?(了)?(多少|几多|好多)"
    r"|\bspen[dt]\b.{0,40}\b(came|come) back\b"
)


def asks_channel_return(f: Findings, today: date) -> bool:
    """Whether the words ask the return of paid channels over days gone ("搜索渠道上个月ROAS多少", "ROAS on live
    last month"): the ad platform's report of those channels, as the promotion estimate reads no channel."""
    paid = [c for c in f.named_channels if c != "direct"] or f.by == "channel"  # "多少是organic带来的": an estimate
    said = paid and _RETURN_WORDS.search(f.norm) is not None
    return bool(said) and promotion_slots(f.norm, f.money, today)["mode"] == "past"


def sales_sql_slots(f: Findings, today: date) -> dict[str, Any]:
    """The arguments of a question answered in SQL: the template its words match (or the ad report of the channels
    whose return is asked) and the scope that template takes."""
    slots: dict[str, Any] = {"question": f.text.strip()}
    found = sql_template(f.norm) or (("ad_spend", {}) if asks_channel_return(f, today) else None)
    shape = (dated(found[0]) if f.period else found[0]) if found else ""  # with the scope and region it reads
    if found and f.catalog.region and not takes_region(shape):
        found = None  # "how many customers from Guangdong" where the template reads no region: none answers for all
    slots["template"] = found[0] if found else None
    if found:
        slots.update(found[1])
        put(slots, "period", f.period)
        put(slots, "top", f.top)
        by = f.by or ("product" if f.top else None)  # "哪三个商品库存压钱最多": a ranking of products
        put(slots, "by", by if takes_by(shape, by) else None)  # "毛利额按品类", "COGS by month"
        if takes_scope(shape):  # "猫砂这周退款了多少单": the refunds of that category
            put(slots, "product", f.catalog.product)
            categories = ",".join(f.catalog.categories) or None  # "睡袋和防潮垫还有多少货": both
            put(slots, "category", None if f.catalog.product else f.catalog.category or categories)
            if not f.catalog.product and not f.catalog.category and not f.catalog.categories:
                # "冲锋衣退款了多少单" where none is sold: said so; of a template asking of one item by name, any name
                # the words leave unexplained ("鸟笼还有货吗")
                unknown = unknown_only(f, leftover=names_one_item(shape))
                put(slots, "product", None if unknown and unknown in _template_words(f.norm, found[0]) else unknown)
        if takes_filters(shape):  # "库存少于200件的", "price under 100": the bounds the question sets
            put(slots, "filters", said_filters(f.norm, today))
        if takes_ages(shape):  # "50+的客户买什么多": the buyers of those ages
            put(slots, "ages", said_ages(f.norm))
        if takes_region(shape):  # "这个月海南有多少人买防晒衣": the buyers of that region
            put(slots, "region", f.catalog.region)
        if takes_channel(shape):  # "搜索广告上个月花了多少": that channel's rows of the ad report
            put(slots, "channel", said_channels(f.named_channels, None))
    return slots
