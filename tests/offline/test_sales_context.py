"""Sales questions read in their thread and in their regional words (own wordings, not the blind sets'): a question
naming no period keeps the thread's; "X vs 前一个月" compares with the unit before; Taiwan words (通路, 照地区,
品项, 转换率) read as the mainland ones."""

from __future__ import annotations

import pytest

from tests.offline.planned import sales_args


@pytest.mark.parametrize(
    ("merchant", "texts", "period"),
    [
        ("m_outdoor", ("上个月各地区的销售额", "退款率也按地区看看"), "last_month"),
        ("m_baby", ("本周按渠道的订单", "直播那块按天看走势"), "this_week"),
        ("m_pet", ("GMV by region last month", "AOV by channel too"), "last_month"),
        ("m_outdoor", ("上周各品类销量", "营业额也照品类排一下"), "last_week"),
    ],
)
def test_no_period_named_keeps_the_threads(merchant: str, texts: tuple[str, str], period: str) -> None:
    assert sales_args(merchant, *texts)["period"] == period


def test_a_period_of_its_own_wins_over_the_threads() -> None:
    assert sales_args("m_outdoor", "上个月各地区的销售额", "昨天的订单呢")["period"] == "yesterday"


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("直播渠道的客单价 上个月 vs 前一个月", "last_month"),
        ("本周 vs 上一周 的订单", "this_week"),
        ("近7天销售额 跟上个7天对比一下", "last_7_days"),
        ("units last 7 days vs the previous 7 days", "last_7_days"),
    ],
)
def test_a_period_set_against_the_unit_before_it_is_compared_with_the_previous(text: str, period: str) -> None:
    args = sales_args("m_outdoor", text)
    assert args["period"] == period and args["compare"] == "previous_period"


def test_the_two_weeks_asked_before_are_compared_when_the_difference_is_asked() -> None:
    args = sales_args("m_pet", "上周的订单数", "那上上周呢", "这两周相差多少")
    assert args["compare"] == "previous_period" and args["period"] == "last_week"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("上個月各通路的營業額", {"by": "channel", "metric": "gmv"}),
        ("這個月的訂單量照地區排", {"by": "region", "metric": "paid_orders"}),
        ("上週各品項的銷量", {"by": "product", "metric": "units"}),
        ("上個月的轉換率多少", {"metric": "conversion"}),
    ],
)
def test_taiwan_words_read_as_the_mainland_ones(text: str, expected: dict[str, str]) -> None:
    args = sales_args("m_outdoor", text)
    assert {key: args.get(key) for key in expected} == expected and "product" not in args


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("which 4 products had the highest refund rate last month", {"by": "product", "top": 4, "order": "desc"}),
        ("Which 6 items sold the fewest units this week?", {"by": "product", "top": 6, "order": "asc"}),
        ("上个月销售额按商品排名后三", {"by": "product", "top": 3, "order": "asc"}),
        ("本月退款率 top 4 的类目", {"by": "category", "top": 4, "order": "desc"}),
        ("worst 3 categories by revenue last week", {"by": "category", "top": 3, "order": "asc"}),
        ("lowest 2 category by orders this month", {"by": "category", "top": 2, "order": "asc"}),
    ],
)
def test_a_number_of_ranked_rows_and_what_they_are(text: str, expected: dict[str, object]) -> None:
    args = {"order": "desc", **sales_args("m_pet", text)}  # the planner leaves the default order out
    assert {key: args.get(key) for key in expected} == expected


@pytest.mark.parametrize(
    ("text", "period", "by"),
    [
        ("last 14 days every day how much revenue", "last_14_days", "day"),
        ("退款率今天多少昨天多少", "2026-11-19..2026-11-20", "day"),
        ("销量上周多少上上周多少", "2026-11-02..2026-11-15", "week"),
    ],
)
def test_each_day_or_each_of_two_days_said_side_by_side_is_broken_down(text: str, period: str, by: str) -> None:
    args = sales_args("m_baby", text)
    assert (args.get("period"), args.get("by")) == (period, by)


def test_a_follow_up_doing_the_same_for_another_metric_keeps_the_breakdown() -> None:
    args = sales_args("m_baby", "退款率今天多少昨天多少", "销量也来一下")
    assert (args["metric"], args.get("by"), args.get("period")) == ("units", "day", "2026-11-19..2026-11-20")


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("去年双11当天的订单数 和今年比增长了多少", "2026-11-11..2026-11-11"),
        ("去年10月的销量，跟今年比", "2026-10"),
    ],
)
def test_a_dated_period_set_against_this_year_asks_this_years_against_it(text: str, period: str) -> None:
    args = sales_args("m_outdoor", text)
    assert (args.get("period"), args.get("compare")) == (period, "year_over_year")


@pytest.mark.parametrize(
    ("texts", "period"),
    [
        (("refund rate yesterday", "what about the day before?"), "2026-11-18..2026-11-18"),
        (("上周的销量", "再往前一周呢"), "2026-11-02..2026-11-08"),
    ],
)
def test_the_day_or_week_before_the_previous_period(texts: tuple[str, str], period: str) -> None:
    assert sales_args("m_pet", *texts)["period"] == period


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("paid orders since November 2025", "2025-11-01..2026-11-20"),
        ("从2025年12月开始的销售额", "2025-12-01..2026-11-20"),
        ("revenue by month from December 2025, the first full month", "2025-12-01..2026-11-20"),
        ("revenue from December 2025 to February 2026", "2025-12-01..2026-02-28"),
        ("从11月2号那周到这周的订单", "2026-11-02..2026-11-20"),
        ("从9月到上个月的退款率", "2026-09-01..2026-10-31"),
    ],
)
def test_a_period_from_one_said_period_on_or_to_another(text: str, period: str) -> None:
    assert sales_args("m_outdoor", text)["period"] == period


@pytest.mark.parametrize(
    ("merchant", "texts", "expected"),
    [
        ("m_outdoor", ("登山帐上周销量",), {"category": "登山杖", "product": None}),  # heard: 帐 -> 杖, no 登山 product
        ("m_baby", ("strollers units last month", "just the high view one"), {"product": "baby_stroller_highview"}),
        ("m_baby", ("how many cabin size strollers did we sell last week",), {"product": "baby_stroller_light"}),
        ("m_outdoor", ("碳素登山杖上周卖了几支", "另外那款呢"), {"product": "out_pole_alu"}),
        (
            "m_outdoor",
            ("carbon trekking poles units last week", "what about the other one?"),
            {"product": "out_pole_alu"},
        ),
        ("m_outdoor", ("直播上周挣了多少钱",), {"metric": "gmv", "channel": "live"}),
        ("m_pet", ("last week litter sell how many",), {"metric": "units"}),
    ],
)
def test_items_and_metrics_said_loosely(merchant: str, texts: tuple[str, ...], expected: dict[str, str]) -> None:
    args = sales_args(merchant, *texts)
    assert {key: args.get(key) for key in expected} == expected, args


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("my manager wants to know which province bought the most tents this year, can help?", {"by": "region"}),
        ("which trekking pole did better last week", {"by": "product", "category": "登山杖"}),
    ],
)
def test_a_sales_question_with_a_polite_help_or_a_comparative(text: str, expected: dict[str, str]) -> None:
    args = sales_args("m_outdoor", text)
    assert {key: args.get(key) for key in expected} == expected, args


def test_the_one_of_a_category_with_several_products_is_asked_back() -> None:
    from langchain_core.messages import HumanMessage

    from copilot.clock import DEMO_TODAY
    from copilot.offline.planner import plan_next
    from tests.offline.planned import TOOLS
    from tests.offline.test_nlu import demo_catalogs

    catalog = demo_catalogs()["m_outdoor"]
    message = plan_next(
        [HumanMessage("the tent one, how many sold last week?")], catalog=catalog, today=DEMO_TODAY, tools=TOOLS
    )
    assert not message.tool_calls and "?" in str(message.content)
    assert sales_args("m_outdoor", "the sleeping bag one, units last week")["product"] == "out_sleeping_bag"  # only one


def test_sold_the_fewest_units_is_units_and_last_stays_last() -> None:
    args = {"order": "desc", **sales_args("m_outdoor", "Which 4 products sold the least units last week?")}
    assert (args["metric"], args["period"], args["top"], args["order"]) == ("units", "last_week", 4, "asc")


@pytest.mark.parametrize(
    "texts",
    [
        ("冲锋衣上周销量多少", "那帐篷呢", "两个加起来按地区看"),
        ("shell jackets revenue last week", "what about tents?", "both together by channel"),
    ],
)
def test_both_categories_asked_one_by_one_are_taken_together(texts: tuple[str, str, str]) -> None:
    assert sales_args("m_outdoor", *texts)["category"] == "冲锋衣,帐篷"
