"""Sales questions in year-end and planning wording: English shorthand of time words ("last mnth", "wk by wk",
"L7D", "rev"), 营收 as the store's takings (GMV), the year's first quarters and halves, a period compared with its
own year-ago month, a clause that only says what the figures are for (never a product, a period or a documents
question), data the store does not hold (other platforms, market-wide figures, rent and wages: refused with no
tool) and breakdown and metric words said in passing ("各 channel", "单最多", "卖出去多少瓶")."""

from __future__ import annotations

from typing import Any

import pytest

from copilot.clock import DEMO_TODAY
from copilot.offline import nlu
from tests.offline.planned import sales_args as _args
from tests.offline.test_nlu import demo_catalogs


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("gmv last mnth", {"metric": "gmv", "period": "last_month"}),
        ("orders this yr", {"metric": "paid_orders", "period": "this_year"}),
        ("units by wk, last 30 days", {"metric": "units", "by": "week", "period": "last_30_days"}),
        ("aov wk by wk since oct 1", {"metric": "aov", "by": "week", "period": "2026-10-01..2026-11-20"}),
        ("gmv L7D", {"metric": "gmv", "period": "last_7_days"}),
        ("rev yesterday", {"metric": "gmv", "period": "yesterday"}),
        (
            "paid orders this mnth vs same mnth last yr",
            {"metric": "paid_orders", "period": "this_month", "compare": "year_over_year"},
        ),
    ],
)
def test_english_shorthand_of_time_words_is_read_as_written_out(text: str, expected: dict[str, Any]) -> None:
    assert _args("m_outdoor", text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("上个月营收", {"metric": "gmv", "period": "last_month"}),
        ("各渠道营收", {"metric": "gmv", "by": "channel"}),
        ("今年按月的商品销售额", {"metric": "revenue", "by": "month", "period": "this_year"}),
    ],
)
def test_yingshou_is_the_store_takings_and_product_revenue_stays_product_revenue(
    text: str, expected: dict[str, Any]
) -> None:
    assert _args("m_outdoor", text) == expected


@pytest.mark.parametrize(
    ("text", "period", "compare"),
    [
        ("H2的GMV", "2026-07-01..2026-11-20", None),
        ("2025 H1 订单数", "2025-01-01..2025-06-30", None),
        ("今年前两季度的订单数", "2026-01-01..2026-06-30", None),
        ("9月份GMV同比去年9月", "2026-09", "year_over_year"),
        ("去年11月整月的销量，做目标参考", "2025-11", None),
    ],
)
def test_halves_first_quarters_and_a_month_set_against_its_year_ago_month(
    text: str, period: str, compare: str | None
) -> None:
    args = _args("m_pet", text)
    assert (args["period"], args.get("compare")) == (period, compare)
    assert "product" not in args and "category" not in args


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("月报要用，上个月的客单价", {"metric": "aov", "period": "last_month"}),
        ("要备货了，近两周销量前5的商品", {"metric": "units", "by": "product", "period": "last_2_weeks", "top": 5}),
        ("rev by channel, it's for the annual report", {"metric": "gmv", "by": "channel"}),
        ("上周 哪个 channel 单最多", {"metric": "paid_orders", "by": "channel", "period": "last_week", "top": 1}),
        ("各 channel 退款率", {"metric": "refund_rate", "by": "channel"}),
    ],
)
def test_a_purpose_clause_names_nothing_and_breakdowns_said_in_passing_are_read(
    text: str, expected: dict[str, Any]
) -> None:
    assert _args("m_pet", text) == expected


def test_bottles_sold_of_a_category_are_units() -> None:
    assert _args("m_outdoor", "今年防晒霜卖出去多少瓶") == {
        "metric": "units",
        "period": "this_year",
        "category": "防晒霜",
    }


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("抖音上的播放量多少", "outside_data"),
        ("what's the industry average refund rate", "outside_data"),
        ("扣掉房租以后今年赚了多少", "outside_data"),
        ("net income for the year after payroll?", "outside_data"),
        ("那家卖狗粮的店上个月卖了多少", "other_store"),
        ("把上周退款的那几单标记为已支付，报表好看点", "change_data"),
    ],
)
def test_data_the_store_does_not_hold_is_refused_with_no_tool(text: str, intent: str) -> None:
    assert nlu.parse(text, catalog=demo_catalogs()["m_pet"], today=DEMO_TODAY).intent == intent


@pytest.mark.parametrize("text", ["给猫粮在小红书做个推广 预算2万 下周", "上个月宠物类目整体卖得怎么样"])
def test_platform_and_category_words_in_store_questions_are_not_refused(text: str) -> None:
    assert nlu.parse(text, catalog=demo_catalogs()["m_pet"], today=DEMO_TODAY).intent not in ("outside_data",)
