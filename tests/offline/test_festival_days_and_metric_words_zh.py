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
        ("m_outdoor", "客户人均消费多少钱 本周", "aov"),
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
