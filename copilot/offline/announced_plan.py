"""A plan announced beside a data question ("下周想给登山杖加点推广，预算还没想好，先看看上个月登山杖卖得咋样",
"we want to promote the tents next week, first show me last month's sales"): its target is kept, and the budget
and days said next ("预算就5000，下周一到周日", "budget 5k, monday to sunday") draft it, never another sales
question."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from copilot.offline.action_slots import campaign
from copilot.offline.findings import Findings
from copilot.offline.what_if import Parse

_ANNOUNCED = re.compile(
    r"(想|要|打算|准备|计划|考虑)(给|为|帮|对)?.{0,12}(做|加|投|上|搞|来|开)(点|个|一波|一下|一轮)?(推广|活动|投放|广告)"
    r"|\b(want|plan|planning|going|thinking|hoping|like)( to| of| about)? (promot|advertis|push|run (a|some) "
    r"(campaign|promo|ads)|do (a|some) (campaign|promo|promotion|ads))"
)
TARGETS = ("product", "category", "categories")


def announced_targets(f: Findings, intent: str) -> dict[str, Any]:
    """The target of a plan announced beside a sales question, or nothing."""
    if intent != "sales_query" or not _ANNOUNCED.search(f.norm):
        return {}
    said = campaign(f, date.min)
    return {key: said[key] for key in TARGETS if key in said}


def terms_of_announced(f: Findings, prev: Parse | None, today: date) -> dict[str, Any] | None:
    """Right after a sales question that announced a plan, words that give a budget and name no figure of their own
    ("预算就5000，下周一到周日"): that plan's slots; None otherwise."""
    if prev is None or prev.intent != "sales_query" or not prev.plan_terms or not f.money or f.metric is not None:
        return None
    said = campaign(f, today)
    if "budget" not in said or any(said.get(key) for key in TARGETS):
        return None
    return {**prev.plan_terms, **said}
