"""Follow-ups that change one thing and keep the rest of the question before: a metric alone keeps the product
(carried.py), a comparison asked afterwards is added to the earlier period (lexicon compare words, comparison
._AGAINST_BEFORE), another channel "in comparison" sets both side by side, a correction of the start date moves
only the start (follow_ups._one_end_moved), "上星期一共" is last week in all, 上个周期 is the period before."""

from __future__ import annotations

from copilot.clock import DEMO_TODAY
from copilot.offline.recognizers.schedule_days import find_schedule
from tests.offline.planned import draft_turn, first_call, period_read, sales_args


def test_a_metric_alone_keeps_the_product_and_period() -> None:
    args = sales_args("m_pet", "猫爬架上周卖了多少钱", "转化率多少")
    assert (args["metric"], args["category"], args["period"]) == ("conversion", "猫爬架", "last_week")


def test_the_whole_store_is_not_the_product_before() -> None:
    args = sales_args("m_pet", "猫爬架上周卖了多少钱", "全店转化率多少")
    assert "category" not in args


def test_figures_after_asking_whether_we_sell_it() -> None:
    args = sales_args("m_pet", "店里有卖宠物摄像头吗", "上个月卖了几个")
    assert (args["metric"], args["period"]) == ("units", "last_month")
    assert args.get("product") == "pet_camera" or args.get("category") == "宠物摄像头"


def test_last_week_in_all_after_yesterday() -> None:
    assert sales_args("m_outdoor", "头灯昨天卖了几个", "上星期一共呢")["period"] == "last_week"


def test_the_period_before_said_as_a_cycle() -> None:
    args = sales_args("m_pet", "近14天的GMV按渠道，再对比一下上个周期")
    assert (args["period"], args["compare"]) == ("last_14_days", "previous_period")


def test_the_same_month_a_year_before_added_afterwards() -> None:
    args = sales_args(
        "m_outdoor", "refund rate of the headlamps last month", "and compare it with the same month of the prior year"
    )
    assert (args["period"], args["compare"], args["product"]) == ("last_month", "year_over_year", "out_headlamp")


def test_last_years_figures_for_comparison_in_chinese() -> None:
    args = sales_args("m_baby", "2026年10月的客单价", "再给一下同期去年的做对比")
    assert (args["period"], args["compare"]) == ("2026-10", "year_over_year")


def test_compare_it_to_last_month_keeps_this_month() -> None:
    args = sales_args("m_pet", "units of the cat trees this month", "hmm, compare it to last month")
    assert (args["period"], args["compare"]) == ("this_month", "previous_period")


def test_a_day_compared_with_that_day_of_the_prior_year() -> None:
    args = sales_args("m_outdoor", "orders on 10.10. compared to the 10.10. in the prior year")
    assert args["period"] in ("2026-10-10", "2026-10-10..2026-10-10")
    assert args["compare"] == "year_over_year"


def test_another_channel_in_comparison_sets_both_side_by_side() -> None:
    args = sales_args("m_outdoor", "GMV of the channel recommend last week", "in comparison with live?")
    assert args["channel"] == "recommend,live"
    assert args["by"] == "channel"


def test_a_corrected_start_date_keeps_the_end() -> None:
    args = sales_args("m_outdoor", "2026年11月10日至2026年11月18日头灯的销售额", "更正一下：开始日期是2026年11月3日")
    assert args["period"] == "2026-11-03..2026-11-18"


def test_since_it_launched_some_days_ago_runs_to_today() -> None:
    assert period_read("how did it sell since we launched it 3 days ago") == "2026-11-17..2026-11-20"
    assert period_read("3天前卖了多少") == "2026-11-17..2026-11-17"


def test_a_day_of_the_month_alone_in_a_plan() -> None:
    schedule = find_schedule("只做8号当天", DEMO_TODAY)
    assert (schedule.start.isoformat(), schedule.end.isoformat()) == ("2026-12-08", "2026-12-08")


def test_texts_for_a_drafted_plan_are_copy() -> None:
    plan = {"product": "out_headlamp", "budget": 4000}
    earlier = draft_turn("a campaign for the headlamps, budget 4000", plan, {"campaign_id": "c9", **plan})
    tool, args = first_call("m_outdoor", "now write two short texts for it", earlier=earlier)
    assert tool == "generate_creatives"
    assert args["kind"] == "copy"
