"""What a dialogue keeps: the goods of a store question for the sales asked next, the audiences just found for the
plan or the pictures asked next, and a day written right after a comma."""

from __future__ import annotations

from tests.offline.planned import first_call, sales_args


def test_sales_asked_after_a_stock_question_keep_its_product() -> None:
    args = sales_args("m_outdoor", "碳素超轻登山杖还剩多少库存", "上周卖了多少支")
    assert args.get("category") == "登山杖" or args.get("product", "").startswith("out_")
    assert args["period"] == "last_week"


def test_a_plan_for_the_top_audiences_found_is_a_draft() -> None:
    tool, args = first_call("m_pet", "养猫新手的人群有哪些，给我4个", "那就拿前3个人群，给猫砂盆出个方案，预算1万")
    assert tool == "draft_campaign"
    assert args["budget"] == 10000


def test_the_first_few_audiences_in_english_are_no_first_step() -> None:
    tool, _ = first_call(
        "m_outdoor",
        "who are the camping audiences?",
        "take the first 3 segments and draft a plan for tents, budget 15k",
    )
    assert tool == "draft_campaign"


def test_pictures_counted_with_spaces_for_the_audience_are_pictures() -> None:
    tool, args = first_call("m_outdoor", "露营的人群有多少", "给 sleeping bag 出 2 张图 for 这些人")
    assert tool == "generate_creatives"
    assert (args["kind"], args["count"]) == ("image", 2)


def test_a_start_day_written_after_a_comma_is_the_start() -> None:
    tool, args = first_call("m_outdoor", "给帐篷做个推广，预算 2万,12/2 开始跑10天")
    assert tool == "draft_campaign"
    assert (args["start"], args["end"]) == ("2026-12-02", "2026-12-11")


def test_the_same_for_the_previous_month_is_the_month_before_the_one_asked() -> None:
    args = sales_args("m_outdoor", "orders by channel for last month", "do the same for the preceding month")
    assert args["period"] in ("2026-09", "2026-09-01..2026-09-30")


def test_the_same_weekday_last_week_is_that_day_a_week_earlier() -> None:
    args = sales_args("m_outdoor", "paid orders from search yesterday", "what about the same weekday last week?")
    assert args["period"] == "2026-11-12..2026-11-12"
