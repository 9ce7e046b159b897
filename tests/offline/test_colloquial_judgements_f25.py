"""Judgements said in plain words: a lull ("pretty slow", "kinda dead") is a drop, goods going fast ("walking out the
door", "through the roof") and a day said to be unusually high a spike; a claim of no sales at all (一单都没有) is a
sales question, never a clarification, and its 一 is no Monday."""

from __future__ import annotations

from tests.offline.planned import first_call, sales_args


def test_a_lull_is_a_drop() -> None:
    tool, args = first_call("m_outdoor", "the headlamps have been pretty slow lately, anything weird?")
    assert tool == "detect_sales_anomalies" and args["direction"] == "drop"


def test_goods_going_fast_is_a_spike() -> None:
    tool, args = first_call("m_pet", "litter's been going through the roof this week, any spikes?")
    assert tool == "detect_sales_anomalies" and args["direction"] == "spike"


def test_spiking_is_a_spike() -> None:
    tool, args = first_call("m_baby", "is anything spiking this week?")
    assert tool == "detect_sales_anomalies" and args["direction"] == "spike"


def test_a_day_said_high_then_why_is_a_spike_of_that_target() -> None:
    tool, args = first_call("m_pet", "猫砂这个月每天的销量", "5号那天特别多，为啥")
    assert tool == "detect_sales_anomalies" and args["direction"] == "spike" and args.get("category") == "猫砂"


def test_no_single_order_is_a_sales_question() -> None:
    args = sales_args("m_pet", "猫砂这周一单都没有吗？帮我看看")
    assert args == {"metric": "paid_orders", "period": "this_week", "category": "猫砂"}


def test_monday_orders_stay_monday() -> None:
    assert sales_args("m_pet", "上周一单量多少")["period"] == "2026-11-09..2026-11-09"
