"""A part's share of the whole ("直播占总销售额的比例", "what share of GMV came from each channel"): the breakdown by
the part's dimension with each row's share, the part named said with its share — was the part's own figure alone,
silently (issue 18). Ratios have no shares; an exclusion stays an exclusion."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import text

from copilot.service import Copilot
from copilot.store import Store
from tests.offline.planned import sales_args


@pytest.mark.parametrize(
    ("merchant", "question", "by"),
    [
        ("m_outdoor", "上个月直播渠道的成交额占全店多大比例", "channel"),
        ("m_outdoor", "今年广东的订单在总订单里的比重", "region"),
        ("m_pet", "猫砂这个月的销量占了所有商品的百分之几", "category"),
        ("m_baby", "what share of last month's sales came through search", "channel"),
        ("m_outdoor", "percentage of total orders from Zhejiang in October?", "region"),
        ("m_outdoor", "what % of last month's GMV was live", "channel"),
        ("m_pet", "这个月的销售额里几成来自直播", "channel"),
        ("m_baby", "上个月浙江的订单占多少？", "region"),
        ("m_pet", "近两周 GMV 有多少 share 是 search 带来的", "channel"),
    ],
)
def test_the_share_of_one_value_breaks_down_by_its_dimension_unfiltered(merchant: str, question: str, by: str) -> None:
    args = sales_args(merchant, question)
    assert args["by"] == by and by not in args, args


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("上个月退款比例是多少", {"metric": "refund_rate"}),
        ("上个月直播的客单价占比", {"metric": "aov", "channel": "live"}),
        ("what % of orders were refunded last month", {"metric": "refund_rate"}),
        ("what % of tent orders got refunded in Q3", {"metric": "refund_rate", "category": "帐篷"}),
    ],
)
def test_a_ratio_metric_keeps_its_filter_and_has_no_shares(question: str, expected: dict[str, str]) -> None:
    args = sales_args("m_outdoor", question)
    assert {k: args.get(k) for k in expected} == expected and "by" not in args, args


def test_an_excluded_channel_stays_excluded_under_a_share_word() -> None:
    args = sales_args("m_outdoor", "除了直播以外其他渠道的销售额占比 上个月")
    assert set(args["channel"].split(",")) == {"search", "recommend", "direct"}


def _october_gmv(store: Store, merchant: str) -> dict[str, float]:
    sql = "SELECT channel, total_amount, created_at FROM orders WHERE merchant_id = :m AND status = 'paid'"
    by_channel: dict[str, float] = {}
    with store.engine.connect() as conn:
        for channel, amount, created in conn.execute(text(sql), {"m": merchant}):
            at = created if isinstance(created, datetime) else datetime.fromisoformat(str(created))
            if datetime(2026, 10, 1) <= at.replace(tzinfo=None) < datetime(2026, 11, 1):
                by_channel[channel] = by_channel.get(channel, 0.0) + float(amount)
    return by_channel


@pytest.mark.parametrize(
    ("question", "said"),
    [
        ("10月直播的GMV在总的里面占几成", "“直播”占成交额GMV的 {share}。"),
        ("what share of October GMV came from live?", '"live" is {share} of the GMV.'),
    ],
)
def test_the_answer_says_the_share_counted_from_the_orders(
    copilot: Copilot, demo_store: Store, question: str, said: str
) -> None:
    by_channel = _october_gmv(demo_store, "m_outdoor")
    share = f"{by_channel['live'] / sum(by_channel.values()) * 100:.2f}%"
    answer = copilot.ask("m_outdoor", "share", question).answer
    assert said.format(share=share) in answer, answer
    for channel, gmv in by_channel.items():
        assert f"{gmv / sum(by_channel.values()) * 100:.2f}%" in answer, (channel, answer)
