"""Follow-ups that change one thing of the previous question (issue 18): an anomaly question's direction or
scope, a ranking turned around ("now the bottom 10", "最低的三个"), a metric corrected ("我要看单量 不是销售额"),
and what is named split apart ("分开看", "分别", "各卖了多少"). The rest of the previous question stays."""

from __future__ import annotations

from typing import Any

import pytest

from tests.offline.planned import first_call

_call = first_call


@pytest.mark.parametrize(
    ("texts", "expected"),
    [
        (["最近30天有什么异常", "只看掉的"], {"days": 30, "direction": "drop", "scope": "product"}),
        (["最近30天有什么异常", "换成按品类看"], {"days": 30, "direction": "both", "scope": "category"}),
        (["any anomalies in the last 2 weeks?", "just spikes, by category"],
         {"days": 14, "direction": "spike", "scope": "category"}),
    ],
)  # fmt: skip
def test_an_anomaly_follow_up_changes_direction_or_scope(texts: list[str], expected: dict[str, Any]) -> None:
    assert _call("m_outdoor", *texts) == ("detect_sales_anomalies", expected)


@pytest.mark.parametrize(
    ("texts", "changed"),
    [
        (["top 10 products by units this year", "now the bottom 10"], {"order": "asc", "top": 10}),
        (["上个月各品类的毛利率", "最低的三个"], {"order": "asc", "top": 3}),
        (["上周各渠道的销售额", "我要看单量 不是销售额"], {"metric": "paid_orders"}),
    ],
)
def test_a_sales_follow_up_keeps_what_it_does_not_change(texts: list[str], changed: dict[str, Any]) -> None:
    _, first = _call("m_outdoor", texts[0])
    name, args = _call("m_outdoor", *texts)
    assert name == "query_store_sales"
    assert args == {**first, **changed}


@pytest.mark.parametrize(
    ("merchant", "texts", "by"),
    [
        ("m_outdoor", ["登山鞋和越野跑鞋这个月卖了多少", "分开看"], "category"),
        ("m_pet", ["狗粮和猫粮上个月分别卖了多少"], "category"),
        ("m_outdoor", ["背包两款上半年各卖了多少钱"], "product"),
        ("m_outdoor", ["头灯 登山杖 各走了多少"], "category"),
        ("m_pet", ["猫粮和猫砂这周各出了几单"], "category"),
    ],
)
def test_what_is_named_is_split_apart_when_asked_separately(merchant: str, texts: list[str], by: str) -> None:
    assert _call(merchant, *texts)[1]["by"] == by


@pytest.mark.parametrize(
    ("texts", "tool", "top"),
    [
        (["看下近三个月哪些品类不正常 给我前10"], "detect_sales_anomalies", 10),
        (["top 3 drops over the last 2 weeks", "and spikes?"], "detect_sales_anomalies", 3),
        (["找下喜欢徒步的人群 top 5"], "find_target_segments", 5),
    ],
)
def test_how_many_anomalies_or_audiences_is_passed_on(texts: list[str], tool: str, top: int) -> None:
    name, args = _call("m_outdoor", *texts)
    assert name == tool and args["top"] == top, args


@pytest.mark.parametrize(
    ("merchant", "texts", "changed"),
    [
        ("m_pet", ["猫喂食器最近一周转化率", "拉长到30天"], {"period": "last_30_days"}),
        ("m_outdoor", ["gmv last 7 days", "vs the 7 days before?"], {"compare": "previous_period"}),
        ("m_outdoor", ["最近一周有什么异常", "放宽到两个月看看"], {"days": 60}),
    ],
)
def test_a_follow_up_stretches_or_compares_the_period(merchant: str, texts: list[str], changed: dict[str, Any]) -> None:
    _, first = _call(merchant, texts[0])
    assert _call(merchant, *texts)[1] == {**first, **changed}


def test_a_product_that_suddenly_sold_out_is_a_spike() -> None:
    assert _call("m_outdoor", "最近一周有没有哪个货突然爆了")[1]["direction"] == "spike"
