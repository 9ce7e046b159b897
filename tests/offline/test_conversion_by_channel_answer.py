"""Conversion asked by or for a channel: the planner asks the sales tool with the channel (it never drops it for a
store-wide rate), and the tool's refusal is said in the merchant's language with what can be given instead."""

from __future__ import annotations

import pytest

from copilot.analytics.metrics import MetricError, MetricRequest, compile_metric
from copilot.calendar.periods import resolve_period
from copilot.clock import DEMO_TODAY
from copilot.offline.answers import _write_error
from tests.offline.planned import sales_args


def _refusal() -> str:
    request = MetricRequest(metric="conversion", period=resolve_period("last_7_days", DEMO_TODAY), channels=("live",))
    with pytest.raises(MetricError) as refused:
        compile_metric(request, dialect="sqlite")
    return str(refused.value)


@pytest.mark.parametrize(
    ("lang", "said", "offered"),
    [("zh", "没法按渠道", "订单数"), ("en", "cannot be split by channel", "orders")],
)
def test_the_refusal_says_plainly_that_conversion_has_no_channel(lang: str, said: str, offered: str) -> None:
    answer = _write_error(lang, _refusal())
    assert said in answer and offered in answer
    assert "events, which carry no channel" not in answer


def test_a_conversion_asked_for_the_search_channel_keeps_the_channel() -> None:
    args = sales_args("m_outdoor", "搜索进来的人上周转化率多少")
    assert (args.get("metric"), args.get("channel")) == ("conversion", "search")
