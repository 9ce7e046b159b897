"""Sales questions said in merchants' own ways (issue 18): a festival said as a day or after "on" is that day and
its promo period the season; the week of a date is its Monday-to-Sunday week; judging words ("worst", "最差")
turn round for a metric whose lower values are the better ones; 从少到多 / 从高到低 order a breakdown."""

from __future__ import annotations

from typing import Any

import pytest

from tests.offline.planned import first_call


def _args(merchant: str, *texts: str) -> dict[str, Any]:
    tool, args = first_call(merchant, *texts)
    assert tool == "query_store_sales"
    return args


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("how many backpacks did we sell on 618", "2026-06-18..2026-06-18"),
        ("gmv on double 11", "2026-11-11..2026-11-11"),
        ("orders on 6.18?", "2026-06-18..2026-06-18"),
        ("6.18那天卖了多少单", "2026-06-18..2026-06-18"),
        ("双12当天的销售额", "2025-12-12..2025-12-12"),
        ("6.18大促卖了多少", "618"),
        ("618期间卖了多少", "618"),
        ("gmv over the 618 promo period", "618"),
        ("618 sales", "618"),
    ],
)
def test_a_festival_said_as_a_day_is_that_day_and_its_promo_period_the_season(text: str, period: str) -> None:
    assert _args("m_outdoor", text)["period"] == period


def test_the_whole_promo_period_after_the_day_is_the_season_and_stays_a_sales_question() -> None:
    texts = ["how many orders on 6.18", "and the whole 618 promo period?", "same thing by channel"]
    assert _args("m_outdoor", *texts[:2]) == {"metric": "paid_orders", "period": "618"}
    assert _args("m_outdoor", *texts) == {"metric": "paid_orders", "period": "618", "by": "channel"}


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("10月26号那周每天的销量", "2026-10-26..2026-11-01"),
        ("11月4日所在的那周卖了多少钱", "2026-11-02..2026-11-08"),
        ("the week of oct 28, gmv by day", "2026-10-26..2026-11-01"),
        ("orders for the week of 11/4", "2026-11-02..2026-11-08"),
        ("10月26号卖了多少钱", "2026-10-26"),
    ],
)
def test_the_week_of_a_date_is_its_monday_to_sunday_week_and_the_date_alone_its_day(text: str, period: str) -> None:
    assert _args("m_outdoor", text)["period"] == period


@pytest.mark.parametrize(
    ("text", "order"),
    [
        ("worst 3 categories by refund rate this year", None),
        ("退款率最差的3个品类 今年", None),
        ("哪些商品退款率最烂 上个月", None),
        ("best 3 products by refund rate last month", "asc"),
        ("退款率最低的3个品类", "asc"),
        ("lowest refund rate categories last month", "asc"),
        ("worst 3 categories by gmv last month", "asc"),
        ("最差的3个品类 上个月销售额", "asc"),
    ],
)
def test_judging_words_turn_round_for_a_metric_whose_lower_values_are_better(text: str, order: str | None) -> None:
    args = _args("m_outdoor", text)
    assert args.get("order") == order  # None: highest first, the tool's default


def test_a_judging_follow_up_of_a_refund_rate_ranking_asks_for_the_highest_rates() -> None:
    assert "order" not in _args("m_outdoor", "refund rate by category last month", "最差的3个呢")


@pytest.mark.parametrize(
    ("text", "order"),
    [
        ("上个季度各渠道订单数 从少到多", "asc"),
        ("上个月各品类销量从低到高排一下", "asc"),
        ("上个月各渠道销售额从高到低", None),
        ("units by category last month, ascending", "asc"),
    ],
)
def test_said_orders_of_a_breakdown(text: str, order: str | None) -> None:
    assert _args("m_outdoor", text).get("order") == order
