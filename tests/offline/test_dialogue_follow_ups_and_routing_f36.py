"""Follow-ups that add a breakdown said as 拆到/分一下 ("拆到地区", "分一下品类吧"), a correction that
replaces it, goods kept with "只看" that leave a series by month as it was, regions asked one by one then set
side by side; drafts whose days are said in words ("3号起，跑到15号", "月底前投完") or whose channels are set
("渠道用搜索和直播"); and requests routed by what they ask: a courier booked (no tool does it), a sum's paid and
organic return, the brand voice, a past campaign's cost and the ads' effect "in that period", a margin question
with a remark after it, amounts counted with refunded orders and the revenue of products with a cost on record
(SQL)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.offline.planned import draft_turn, first_call, plan_next_answer


@pytest.mark.parametrize(
    ("merchant", "texts", "by"),
    [
        ("m_pet", ["上周猫粮卖了多少钱，跟前一周比", "拆到地区"], "region"),
        ("m_outdoor", ["这个月的退款率同比怎么样", "分一下品类吧"], "category"),
        ("m_baby", ["上个月纸尿裤的销售额", "拆成渠道"], "channel"),
    ],
)
def test_a_breakdown_said_after_a_question_keeps_it_and_splits_it(merchant: str, texts: list[str], by: str) -> None:
    _, first = first_call(merchant, texts[0])
    _, split = first_call(merchant, *texts)
    assert split["by"] == by
    kept = ("by", "metric")
    assert {k: v for k, v in split.items() if k not in kept} == {k: v for k, v in first.items() if k not in kept}


def test_a_breakdown_corrected_replaces_the_one_before() -> None:
    _, args = first_call("m_pet", "猫砂上周卖了多少钱", "分一下渠道", "不对，我要的是按地区")
    assert args["by"] == "region" and args["category"] == "猫砂"


def test_goods_kept_with_only_leave_a_monthly_series_by_month() -> None:
    _, args = first_call("m_pet", "8月到10月每个月的客单价", "只看猫粮和猫砂这两个品类")
    assert args["by"] == "month" and set(args["category"].split(",")) == {"猫粮", "猫砂"}


@pytest.mark.parametrize(
    "texts",
    [
        ["上个月湖南的订单数", "那湖北呢", "两个放一起比比，再加上四川"],
        ["orders from Hunan last month?", "what about Hubei?", "show them side by side, and add Sichuan as well"],
    ],
)
def test_regions_asked_one_by_one_set_side_by_side_are_all_of_them_by_region(texts: list[str]) -> None:
    _, args = first_call("m_outdoor", *texts)
    assert args["by"] == "region" and set(args["region"].split(",")) == {"湖南", "湖北", "四川"}


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("给帐篷做个推广，预算嗯……一万八，下个月3号起，跑到15号", "2026-12-03", "2026-12-15"),
        ("给头灯做个推广，预算……6000，12月2号开始，到9号结束", "2026-12-02", "2026-12-09"),
    ],
)
def test_a_draft_with_fillers_and_days_said_in_words(text: str, start: str, end: str) -> None:
    tool, args = first_call("m_outdoor", text)
    assert tool == "draft_campaign" and (args["start"], args["end"]) == (start, end)
    assert args["budget"] in (18000, 6000)


@pytest.mark.parametrize(
    ("text", "end"),
    [
        ("帐篷清仓，预算3000，月底前投完", "2026-11-30"),
        ("clear the tents, 3000 budget, by the end of the month", "2026-11-30"),
    ],
)
def test_a_plan_run_out_by_the_months_end_ends_on_its_last_day(text: str, end: str) -> None:
    tool, args = first_call("m_outdoor", text)
    assert tool == "draft_campaign" and args["end"] == end and "start" not in args


_SAVED = {"campaign_id": "cmp_5", "budget": 8000, "category": "帐篷", "start": "2026-12-01", "end": "2026-12-07"}


@pytest.mark.parametrize(
    ("text", "channels"),
    [("先不提交，渠道用搜索和直播", ["search", "live"]), ("channels: recommend and live", ["recommend", "live"])],
)
def test_channels_set_after_a_draft_edit_it(text: str, channels: list[str]) -> None:
    earlier = draft_turn("帐篷做个推广 预算8000 12月1到7号", {"category": "帐篷", "budget": 8000}, _SAVED)
    assert first_call("m_outdoor", text, earlier=earlier) == ("draft_campaign", {"edit": True, "channels": channels})


def test_a_correction_of_the_budget_after_a_draft_with_fillers_edits_only_the_budget() -> None:
    texts = ("那个，帐篷推广，预算嗯……三万，12月1号开始，到7号结束", "说错了，预算是两万八，不是三万")
    assert first_call("m_outdoor", *texts) == ("draft_campaign", {"edit": True, "budget": 28000})


@pytest.mark.parametrize("text", ["could you arrange a courier pickup for this refund parcel?", "帮我约个快递上门取件"])
def test_a_courier_booked_is_declined_never_a_document_search(text: str) -> None:
    answer = plan_next_answer("m_outdoor", text)
    assert "超出" in answer or "outside" in answer


def test_what_a_sum_would_bring_paid_and_organic_after_a_draft_is_a_plan_estimate_over_its_days() -> None:
    texts = ("Draft a push for the tents, budget 7000, Dec 1 through Dec 7.", "what would 7000 bring, paid vs organic?")
    tool, args = first_call("m_outdoor", *texts)
    assert tool == "estimate_promotion_effect"
    assert args == {"mode": "plan", "budget": 7000, "when": "2026-12-01..2026-12-07"}


@pytest.mark.parametrize("text", ["what is our brand voice, how should our ads read?", "我们文案应该是什么调性"])
def test_the_brand_voice_asked_is_a_document_search(text: str) -> None:
    assert first_call("m_pet", text)[0] == "search_merchant_docs"


def test_a_past_campaigns_cost_is_its_review_and_the_ads_effect_then_is_its_window() -> None:
    first = "How much did our double 11 campaign cost last year, and the ROI?"
    assert first_call("m_outdoor", first)[0] == "search_merchant_docs"
    tool, args = first_call("m_outdoor", "上个月卖了多少钱", "那段时间广告带来了多少自然的成交")
    assert tool == "estimate_promotion_effect" and args == {"mode": "past", "when": "2026-10-01..2026-10-31"}


def test_a_margin_question_with_a_remark_after_it_is_a_sales_question() -> None:
    tool, args = first_call("m_outdoor", "帐篷这个月毛利率怎么样？快递费涨了不少")
    assert tool == "query_store_sales" and args["metric"] == "gross_margin" and args["category"] == "帐篷"


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("上周包括退款的订单总共多少金额", "SUM(o.total_amount)"),
        ("order value last week, paid and refunded both counted", "SUM(o.total_amount)"),
        ("录了成本的商品这个月卖了多少钱", "revenue_with_cost"),
    ],
)
def test_counts_no_metric_names_are_written_in_sql(text: str, words: str) -> None:
    tool, args = first_call("m_pet", text)
    sql: Any = args.get("sql")
    assert tool == "query_store_sales" and "metric" not in args and words in str(sql) and "product" not in args
