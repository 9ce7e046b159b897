"""Yunnan words (板扎, 整哪样, 格卖/给有卖, 憨包) and New Zealand ones (mahi, chuck money at, nappys,
puffers, cat cams), whether the store sells a thing, the copilot's forecast record, a review asked without a
document word, whole weeks before this one, year-ago follow-ups that compare, a draft off the audiences just found
and creatives counted "each" (the classes fresh39 missed), in wording of their own."""

from __future__ import annotations

import pytest

from tests.offline.planned import first_call, period_read, sales_args


def test_yunnan_good_asked_beside_the_figure_names_no_product() -> None:
    args = sales_args("m_pet", "前天卖了好多单？板扎不嘛")
    assert args["metric"] == "paid_orders" and "product" not in args and "category" not in args


@pytest.mark.parametrize("text", ["头灯这两天整哪样了，一个都没卖出去", "睡袋上周怎么回事，一件也没卖掉"])
def test_no_sale_at_all_with_the_why_asked_is_a_drop_to_explain(text: str) -> None:
    tool, args = first_call("m_outdoor", text)
    assert tool == "detect_sales_anomalies" and args["direction"] == "drop"


@pytest.mark.parametrize(
    ("merchant", "text", "asked"),
    [
        ("m_pet", "店里格卖鹦鹉饲料？有个憨包一直问", "鹦鹉饲料"),
        ("m_baby", "你们给有卖婴儿游泳圈？", "婴儿游泳圈"),
        ("m_outdoor", "格有卖潜水镜", "潜水镜"),
    ],
)
def test_yunnan_whether_a_thing_is_sold_asks_its_sales(merchant: str, text: str, asked: str) -> None:
    assert sales_args(merchant, text).get("product") == asked


def test_yunnan_sold_how_many_said_with_diao() -> None:
    args = sales_args("m_outdoor", "上个月睡袋卖掉好多条")
    assert (args["metric"], args["category"], args["period"]) == ("units", "睡袋", "last_month")


def test_one_more_picture_after_copy_keeps_the_target() -> None:
    tool, args = first_call("m_baby", "给妈咪包写两条文案", "再整张图嘛")
    assert tool == "generate_creatives" and args["kind"] == "image" and args["product"] == "baby_diaper_backpack"


def test_a_festival_set_against_last_years_and_a_rise_asked() -> None:
    args = sales_args("m_pet", "猫砂今年618跟去年618比，格有涨")
    assert (args["category"], args["compare"]) == ("猫砂", "year_over_year")


@pytest.mark.parametrize(
    ("merchant", "text", "target"),
    [
        ("m_baby", "how many nappys went out last week", ("category", "纸尿裤")),
        ("m_outdoor", "units of the puffers this month", ("category", "羽绒服")),
        ("m_outdoor", "how many pufffer jackets sold yesterday", ("category", "羽绒服")),
    ],
)
def test_kiwi_names_of_goods(merchant: str, text: str, target: tuple[str, str]) -> None:
    args = sales_args(merchant, text)
    assert args.get(target[0]) == target[1] or args.get("product") == "out_down_jacket"


def test_kiwi_mahi_is_the_business_of_two_channels() -> None:
    args = sales_args("m_pet", "who's been doing the mahi last week, search or recommend?")
    assert (args["by"], set(args["channel"].split(","))) == ("channel", {"search", "recommend"})


def test_kiwi_money_chucked_at_a_festival_asks_its_return() -> None:
    tool, args = first_call("m_outdoor", "say we chuck 15k at 618, what's the expected return")
    assert tool == "estimate_promotion_effect"
    assert (args["mode"], args["budget"], args["when"]) == ("plan", 15000, "618")


def test_a_cat_cam_is_the_pet_camera() -> None:
    tool, args = first_call("m_pet", "who's buying our dog cams")
    assert tool == "find_target_segments" and args["product"] == "pet_camera"


@pytest.mark.parametrize(
    "text",
    [
        "were your sales forecasts any good in the end?",
        "did the promo predictions you gave us come true",
        "have the estimates panned out",
    ],
)
def test_whether_the_forecasts_came_true_is_the_track_record(text: str) -> None:
    assert first_call("m_outdoor", text) == ("estimate_promotion_effect", {"mode": "track_record"})


@pytest.mark.parametrize(
    "text",
    ["what did the 618 post-mortem say about shipping", "anything in last year's debrief on the stroller bundle?"],
)
def test_a_review_named_the_casual_way_is_searched(text: str) -> None:
    assert first_call("m_baby", text)[0] == "search_merchant_docs"


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("the 3 full weeks before this one", "2026-10-26..2026-11-15"),
        ("上2个完整的周", "2026-11-02..2026-11-15"),
    ],
)
def test_whole_weeks_before_this_one(text: str, period: str) -> None:
    assert period_read(text) == period


@pytest.mark.parametrize(
    ("texts", "period"),
    [
        (("上个月卖了多少钱", "去年同期呢，是不是更高"), "last_month"),
        (("this month's orders", "same time last year, was it lower?"), "this_month"),
        (("这周的订单数", "去年这周同期呢"), "this_week"),
    ],
)
def test_a_year_ago_follow_up_asking_higher_or_naming_now_compares(texts: tuple[str, str], period: str) -> None:
    args = sales_args("m_pet", *texts)
    assert (args["period"], args.get("compare")) == (period, "year_over_year")


def test_a_year_ago_follow_up_alone_moves_the_days() -> None:
    args = sales_args("m_pet", "上个月卖了多少钱", "去年同期呢")
    assert args["period"] == "2025-10-01..2025-10-31" and "compare" not in args


def test_up_on_last_year_compares() -> None:
    args = sales_args("m_outdoor", "are the tents up on last year this month?")
    assert args.get("compare") == "year_over_year"


def test_two_products_of_one_category_set_against_each_other() -> None:
    args = sales_args("m_pet", "无谷猫粮的客单价是不是比冻干的高")
    assert (args.get("category"), args.get("by")) == ("猫粮", "product")


def test_cat_litter_in_english_is_the_category_and_a_draft_off_it_keeps_it() -> None:
    tool, args = first_call("m_pet", "audiences for cat litter")
    assert (tool, args.get("category")) == ("find_target_segments", "猫砂")
    tool, args = first_call("m_pet", "audiences for cat litter", "draft one off those, 6k, 3-10 Dec")
    assert tool == "draft_campaign"
    assert (args["category"], args["budget"], args["start"], args["end"]) == ("猫砂", 6000, "2026-12-03", "2026-12-10")


def test_creatives_counted_each() -> None:
    tool, args = first_call("m_outdoor", "copy and images for the sleeping bags, 4 each")
    assert tool == "generate_creatives" and (args["count"], args["kind"]) == (4, "both")


def test_an_ordinal_day_after_to_is_no_budget() -> None:
    tool, args = first_call("m_outdoor", "Boxing Day's coming. promo on the stoves 26th to 28th dec, budget 9k")
    assert tool == "draft_campaign" and args["budget"] == 9000


def test_a_product_variant_the_store_lacks_keeps_its_full_name() -> None:
    assert sales_args("m_baby", "do you guys carry stage 3 formula?").get("product") == "stage 3 formula"


def test_how_long_a_refund_takes_is_in_the_rules() -> None:
    assert first_call("m_outdoor", "退货退款大概要几天")[0] == "search_merchant_docs"
