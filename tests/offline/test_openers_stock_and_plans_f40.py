"""Words the offline model read wrongly in fresh40 (scored at 2112611), tested in other wording: a call or an
exclamation opening a message, compared-with abbreviations, stock that sits, plans written as fields, a budget pointed
at after a rejection, disease claims in copy and a second estimate."""

from __future__ import annotations

import pytest
from langchain_core.messages import HumanMessage

from copilot.clock import DEMO_TODAY
from copilot.offline.nlu import normalise
from copilot.offline.planner import plan_next
from copilot.offline.recognizers.money import find_money
from copilot.offline.recognizers.schedule_days import find_schedule
from tests.offline.planned import TOOLS, draft_turn, first_call, plan_next_answer, sales_args
from tests.offline.test_nlu import demo_catalogs


@pytest.mark.parametrize(
    "text",
    [
        "小伙子，上周咱们店一共卖了多少钱",
        "哎哟喂！上周卖了多少钱",
        "Howdy partner! how much did we sell last week overall",
    ],
)
def test_a_call_or_exclamation_opening_a_question_names_no_product(text: str) -> None:
    args = sales_args("m_outdoor", text)
    assert "product" not in args and "category" not in args
    assert args["period"] == "last_week"


def test_a_name_before_a_comma_is_still_what_is_asked_about() -> None:
    assert sales_args("m_outdoor", "登山杖，上周卖了多少")["category"] == "登山杖"


def test_an_unknown_english_name_keeps_its_whole_name_beside_a_chinese_word() -> None:
    assert sales_args("m_baby", "木头 rocking horse 上个月卖了几个")["product"] == "rocking horse"


@pytest.mark.parametrize("text", ["orders this quarter vs last, QoQ", "paid orders yesterday, day over day"])
def test_quarter_and_day_over_day_compare_with_the_period_before(text: str) -> None:
    args = sales_args("m_pet", text)
    assert args["compare"] == "previous_period" and "product" not in args


@pytest.mark.parametrize("text", ["库存积压最严重的是哪几个，列5个", "which products are dead stock in the warehouse?"])
def test_stock_that_sits_is_ranked_by_days_of_cover(text: str) -> None:
    tool, args = first_call("m_baby", text)
    assert tool == "query_store_sales"
    assert "days_of_cover" in args["sql"] and "p.stock > 0" in args["sql"]


def test_days_of_cover_in_weeks_keeps_the_product_of_the_thread() -> None:
    tool, args = first_call("m_pet", "自动猫砂盆这个月卖了几台", "照这个卖法库存还够卖几个星期")
    assert tool == "query_store_sales" and "days_of_cover" in args["sql"] and "pet_smart_litterbox" in args["sql"]


def test_stock_asked_of_the_warehouse_lists_stock_on_hand() -> None:
    tool, args = first_call("m_outdoor", "how many tents have we got left in the warehouse")
    assert tool == "query_store_sales" and "p.stock" in args["sql"] and "帐篷" in args["sql"]


def test_new_products_ordered_by_launch_date_keep_the_number_asked() -> None:
    tool, args = first_call("m_pet", "新品按上新时间排个序，前3个")
    assert tool == "query_store_sales" and "launched_at DESC" in args["sql"] and args["sql"].endswith("LIMIT 3")


def test_how_much_sells_each_month_is_a_sales_question() -> None:
    args = sales_args("m_outdoor", "登山鞋过去半年每个月卖多少双")
    assert args["by"] == "month" and args["category"] == "登山鞋"


def test_a_bare_number_standing_alone_in_a_plan_request_is_its_budget() -> None:
    assert [e.value for e in find_money(normalise("给猫爬架做个上新方案，4500，12月1号到7号"))] == [4500]
    assert find_money(normalise("上周猫爬架卖了多少，4500，对不对")) == []


def test_a_plan_runs_from_a_weekday_to_a_date_said_after_it() -> None:
    schedule = find_schedule(normalise("下周三开始一直投到12/10"), DEMO_TODAY)
    assert (schedule.start.isoformat(), schedule.end.isoformat()) == ("2026-11-25", "2026-12-10")  # type: ignore[union-attr]


def test_a_plan_written_as_fields_is_drafted() -> None:
    tool, args = first_call("m_pet", "draft - cat litter + cat food, 7k, 12/2 to 12/9, recommend only")
    assert tool == "draft_campaign"
    assert args["budget"] == 7000 and (args["start"], args["end"]) == ("2026-12-02", "2026-12-09")


def test_a_new_draft_is_no_new_product() -> None:
    tool, args = first_call("m_baby", "fresh plan please: new draft, cribs only, 5k, 12/1 to 12/7")
    assert tool == "draft_campaign" and args.get("category") == "婴儿床" and "objective" not in args


def test_a_rejected_budget_pointed_at_by_what_it_was_for_is_submitted_again_with_the_new_amount() -> None:
    tool, args = first_call("m_pet", "上周报的那个猫砂清仓预算没批下来，降到5000再报一次审批")
    assert tool == "submit_promotion_budget"
    assert args == {"campaign_id": "猫砂清仓", "amount": 5000}


def test_an_english_resubmission_names_the_campaign_and_the_new_amount() -> None:
    text = "finance turned down the budget for the campaign holiday feeders, so submit it again with 6500 instead"
    assert first_call("m_pet", text) == ("submit_promotion_budget", {"campaign_id": "holiday feeders", "amount": 6500})


@pytest.mark.parametrize(
    "text", ["给狗粮写两句广告，写上吃了能预防皮肤病", "write an ad for the dog food claiming it treats allergies"]
)
def test_copy_claiming_a_cure_is_refused_with_the_law(text: str) -> None:
    answer = plan_next_answer("m_pet", text)
    assert "广告法" in answer or "Advertising Law" in answer


@pytest.mark.parametrize("text", ["重新测算下", "re-run the estimate"])
def test_an_estimate_asked_again_uses_the_draft(text: str) -> None:
    earlier = draft_turn(
        "给猫砂做个推广，预算9000，下周", {}, {"campaign_id": "c_9", "budget_total": 9000, "start_date": "2026-11-23"}
    )
    tool, args = first_call("m_pet", text, earlier=earlier)
    assert tool == "estimate_promotion_effect" and args["mode"] == "plan" and args["budget"] == 9000


def test_whether_past_forecasts_held_is_their_track_record() -> None:
    assert first_call("m_outdoor", "上回那个预估的效果靠不靠谱，跟实际数据核对下") == (
        "estimate_promotion_effect",
        {"mode": "track_record"},
    )


def test_a_scene_said_again_after_the_goods_of_it_is_the_audience_asked_for() -> None:
    assert first_call("m_outdoor", "想给登山装备做个推广，先找找登山徒步的人群") == (
        "find_target_segments",
        {"scene": "登山徒步"},
    )


def test_an_audience_for_it_is_for_the_item_of_the_thread() -> None:
    expected = ("find_target_segments", {"category": "头灯"})
    assert first_call("m_outdoor", "头灯最近卖得怎么样", "帮它找找哪些人会买") == expected


def test_a_plan_asked_after_questions_about_one_item_is_for_that_item() -> None:
    tool, args = first_call("m_outdoor", "GPS手表还剩几块", "上周呢卖了几块", "给搞个清仓活动，4000，下周三到下周日")
    assert tool == "draft_campaign" and args["product"] == "out_gps_watch" and args["budget"] == 4000


def test_a_whole_store_plan_after_an_item_stays_the_whole_store() -> None:
    tool, args = first_call("m_outdoor", "帐篷上周卖了多少", "做个全店推广，3万，下周")
    assert tool == "draft_campaign" and "category" not in args and "product" not in args


def test_a_promotion_asked_to_be_made_is_a_plan_even_after_a_sales_question() -> None:
    tool, args = first_call("m_pet", "猫粮这个月卖得怎么样", "来一波元旦促销吧，1.5万")
    assert tool == "draft_campaign" and args["category"] == "猫粮" and args["budget"] == 15000


@pytest.mark.parametrize(
    "text", ["帮我去催催领导，这笔能批下来吗", "can you nudge finance, will the plan be turned down again?"]
)
def test_an_approval_asked_to_be_hurried_submits_nothing(text: str) -> None:
    """A money-path slip found by fresh42 (88e4615): "你帮我催一下审批" after a draft called the submission tool."""
    earlier = draft_turn(
        "给猫砂做个推广，预算9000，下周", {}, {"campaign_id": "c_9", "budget_total": 9000, "start_date": "2026-11-23"}
    )
    messages = [*earlier, HumanMessage(text)]
    reply = plan_next(messages, catalog=demo_catalogs()["m_pet"], today=DEMO_TODAY, tools=TOOLS)
    assert reply.tool_calls == []
    assert "审批" in str(reply.content) or "approv" in str(reply.content)
