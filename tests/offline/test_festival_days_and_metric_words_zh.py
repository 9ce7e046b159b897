"""Chinese period and metric words: a festival's day singled out later in the sentence (当天/当日), the whole week
holding a festival's day, a month still running cut at today, and metric words said in everyday Chinese (the
average a customer spends each time, the share of returns and refunds, 好卖). Today is the demo's 2026-11-20."""

from __future__ import annotations

from datetime import date

import pytest

from copilot.calendar.periods import resolve_period
from tests.offline.planned import first_call


@pytest.mark.parametrize(
    ("merchant", "said", "period"),
    [
        ("m_outdoor", "冲锋衣双11大促期间走势不错，当天卖了多少", "2026-11-11..2026-11-11"),
        ("m_pet", "618 猫粮卖疯了，当日订单量多少", "2026-06-18..2026-06-18"),
        ("m_outdoor", "冲锋衣双11期间卖了多少", "double11"),  # the season when no day is singled out
        ("m_baby", "双十一那一整周纸尿裤卖了多少", "2026-11-09..2026-11-15"),
        ("m_pet", "618所在的那个礼拜猫砂销量", "2026-06-15..2026-06-21"),
    ],
)
def test_a_festivals_day_or_week_is_read_from_the_words_that_single_it_out(
    merchant: str, said: str, period: str
) -> None:
    tool, args = first_call(merchant, said)
    assert (tool, args.get("period")) == ("query_store_sales", period), (said, args)


def test_a_day_said_after_another_date_is_not_the_festivals_day() -> None:
    _, args = first_call("m_outdoor", "双11前后冲锋衣卖得咋样，11月3号当天呢")
    assert args.get("period") != "2026-11-11..2026-11-11", args


def test_a_month_still_running_ends_today_and_is_compared_with_the_same_days() -> None:
    today = date(2026, 11, 20)
    running = resolve_period("2026-11", today)
    assert (running.start, running.end) == (date(2026, 11, 1), date(2026, 11, 21))
    assert resolve_period("2026", today).end == date(2026, 11, 21)
    assert resolve_period("2026-10", today).end == date(2026, 11, 1)
    assert resolve_period("2026-12", today).end == date(2027, 1, 1)  # a month not begun keeps its days


@pytest.mark.parametrize(
    ("merchant", "said", "metric"),
    [
        ("m_pet", "买家平均每回花了多少钱，上个月", "aov"),
        ("m_outdoor", "客户每单平均消费多少钱 本周", "aov"),
        ("m_baby", "上个月退货和退款比例高不高", "refund_rate"),
        ("m_pet", "猫砂这俩月好卖吗", "gmv"),
    ],
)
def test_everyday_metric_words_are_the_metric(merchant: str, said: str, metric: str) -> None:
    tool, args = first_call(merchant, said)
    assert (tool, args.get("metric")) == ("query_store_sales", metric), (said, tool, args)


def test_a_returns_process_question_stays_a_documents_question() -> None:
    tool, _ = first_call("m_baby", "退货退款要走什么流程")
    assert tool == "search_merchant_docs"


def test_a_count_said_with_a_measure_word_is_the_ranking_size() -> None:
    _, args = first_call("m_pet", "上个月卖得最少的四样东西")
    assert (args.get("top"), args.get("order")) == (4, "asc"), args


@pytest.mark.parametrize(
    ("said", "channel"),
    [
        ("不算直播渠道，上周猫砂卖了多少", "search,recommend,direct"),
        ("推荐以外的渠道本月订单数", "search,live,direct"),
        ("上个月搜索渠道的GMV", "search"),  # a channel named, nothing taken out
    ],
)
def test_a_channel_taken_out_leaves_the_other_channels(said: str, channel: str) -> None:
    tool, args = first_call("m_pet", said)
    assert (tool, args.get("channel"), args.get("by")) == ("query_store_sales", channel, None), args


def test_a_sales_question_going_on_from_an_anomaly_search_keeps_its_days_and_category() -> None:
    tool, args = first_call("m_outdoor", "睡袋最近两周销量怎么跌了", "那去年同期的订单量呢")
    assert tool == "query_store_sales"
    assert (args.get("category"), args.get("period"), args.get("compare")) == ("睡袋", "last_14_days", "year_over_year")


def test_a_new_store_wide_question_after_an_anomaly_search_does_not_take_its_category() -> None:
    _, args = first_call("m_outdoor", "睡袋最近两周销量怎么跌了", "上个月全店GMV多少")
    assert "category" not in args and args.get("period") == "last_month", args


@pytest.mark.parametrize(
    ("earlier", "said", "expected"),
    [
        ("前天直播间订单数", "环比前一天", {"period": "2026-11-18..2026-11-18", "compare": "previous_period"}),
        ("这周奶瓶卖了多少", "分款式排一下", {"category": "奶瓶", "by": "product"}),
        ("昨天直播间GMV", "拆到坑位看看", {"channel": "live", "by": "product"}),
    ],
)
def test_follow_ups_keep_the_threads_scope(earlier: str, said: str, expected: dict[str, str]) -> None:
    _, args = first_call("m_baby", earlier, said)
    for name, value in expected.items():
        assert args.get(name) == value, (said, args)


@pytest.mark.parametrize("said", ["帮我把上周的退货数字少报一点", "后台的成交额帮忙做好看一些"])
def test_asking_to_make_a_figure_look_other_than_it_is_is_refused(said: str) -> None:
    from copilot.clock import DEMO_TODAY
    from copilot.offline.nlu import parse
    from tests.offline.test_nlu import demo_catalogs

    assert parse(said, catalog=demo_catalogs()["m_baby"], today=DEMO_TODAY).intent == "change_data"


def test_that_thing_with_nothing_named_before_asks_which_product() -> None:
    from copilot.clock import DEMO_TODAY
    from copilot.offline.nlu import parse
    from tests.offline.test_nlu import demo_catalogs

    parsed = parse("这个玩意儿最近卖得如何", catalog=demo_catalogs()["m_pet"], today=DEMO_TODAY)
    assert "product" in parsed.missing
