"""Wordings read by kind, in wordings of their own: a scan for rises and falls asked both ways ("涨的跌的都要",
"dips or peaks"), goods said to be dying, time said to have gone by before the period asked ("都过去半个月了,
上个月…"), the count asked as the answer's unit ("in pieces", "not in dollars"), a why beside a figure asked
outright (the figure), products set side by side ("compare the two …", "…和…比一比") and a describing word only one
product of a category carries ("智能的那个猫砂盆")."""

from __future__ import annotations

import pytest

from tests.offline.planned import first_call, sales_args


@pytest.mark.parametrize(
    ("merchant", "text", "expected"),
    [
        ("m_outdoor", "近两周卖得怪怪的，涨的跌的都要看", {"days": 14, "direction": "both"}),
        ("m_pet", "最近一个月哪些东西少了多了都说说", {"days": 30, "direction": "both"}),
        ("m_baby", "anything weird in the last 14 days? dips or peaks", {"days": 14, "direction": "both"}),
        ("m_outdoor", "which categories are dying this month", {"direction": "drop", "scope": "category"}),
        ("m_outdoor", "numbers are trash. which products are dying? last 2 weeks", {"days": 14, "direction": "drop"}),
    ],
)
def test_a_scan_asked_both_ways_or_for_dying_goods(merchant: str, text: str, expected: dict) -> None:
    tool, args = first_call(merchant, text)
    assert tool == "detect_sales_anomalies", (tool, args)
    for key, value in expected.items():
        assert args.get(key) == value, args


@pytest.mark.parametrize(
    ("merchant", "text", "tool", "expected"),
    [
        ("m_pet", "都过去半个月了，上个月猫粮卖了多少钱", "query_store_sales", {"period": "last_month"}),
        ("m_pet", "国庆早就过去了，这周猫砂卖了几包", "query_store_sales", {"period": "this_week"}),
        ("m_outdoor", "618都过去好几个月了还这样，近30天哪些东西在掉", "detect_sales_anomalies", {"days": 30}),
    ],
)
def test_time_gone_by_before_the_question_is_no_period(merchant: str, text: str, tool: str, expected: dict) -> None:
    called, args = first_call(merchant, text)
    assert called == tool, (called, args)
    for key, value in expected.items():
        assert args.get(key) == value, args


@pytest.mark.parametrize(
    "texts",
    [
        ("wipes sold last week, in pieces please",),
        ("top 5 products of last month by number of pieces",),
        ("gmv of the wipes last week", "no sorry, in units, not in dollars"),
    ],
)
def test_the_count_asked_as_the_unit_of_the_answer(texts: tuple[str, ...]) -> None:
    args = sales_args("m_baby", *texts)
    assert args["metric"] == "units", args
    assert args.get("product") not in {"dollars", "euros"}, args


@pytest.mark.parametrize(
    ("merchant", "text", "expected"),
    [
        (
            "m_outdoor",
            "为啥直播这么差？上个月直播GMV多少",
            {"metric": "gmv", "channel": "live", "period": "last_month"},
        ),
        ("m_outdoor", "why is the tent selling so badly? what was its gmv last week", {"metric": "gmv"}),
        (
            "m_outdoor",
            "why do buyers keep sending the boots back?? refund rate on them this year",
            {"metric": "refund_rate"},
        ),
    ],
)
def test_a_why_beside_a_figure_asked_outright_gets_the_figure(merchant: str, text: str, expected: dict) -> None:
    args = sales_args(merchant, text)
    assert "order" not in args, args
    for key, value in expected.items():
        assert args.get(key) == value, args


def test_the_figure_after_a_why_is_followed_up_with_its_scope() -> None:
    args = sales_args("m_outdoor", "为啥直播这么差？上个月直播GMV多少", "跟去年同期比呢")
    assert args.get("channel") == "live" and args.get("period") == "last_month", args
    assert args.get("compare") == "year_over_year", args


def test_a_why_alone_still_scans_for_drops() -> None:
    assert first_call("m_outdoor", "why is the tent selling so badly?")[0] == "detect_sales_anomalies"


@pytest.mark.parametrize(
    ("merchant", "texts", "category"),
    [
        ("m_baby", ("compare the two strollers last week, units",), "婴儿推车"),
        ("m_baby", ("这两款摇椅上个月卖了多少",), "摇椅"),
        ("m_baby", ("拉拉裤跟M码纸尿裤，这个月比一比",), "纸尿裤"),
        ("m_baby", ("compare the two rockers last month", "and for september?"), "摇椅"),
    ],
)
def test_products_set_side_by_side_are_each_shown(merchant: str, texts: tuple[str, ...], category: str) -> None:
    args = sales_args(merchant, *texts)
    assert args.get("by") == "product" and args.get("category") == category, args


@pytest.mark.parametrize("text", ["gmv in the two weeks before christmas", "冲锋衣跟上个月比一比"])
def test_two_weeks_and_a_period_compared_are_no_products_side_by_side(text: str) -> None:
    assert sales_args("m_outdoor", text).get("by") is None


@pytest.mark.parametrize(
    ("text", "product"),
    [
        ("智能的那个猫砂盆上个月卖了几个", "pet_smart_litterbox"),
        ("封闭那款猫砂盆这个月毛利多少", "pet_litterbox_enclosed"),
    ],
)
def test_a_describing_word_only_one_product_carries_names_it(text: str, product: str) -> None:
    assert sales_args("m_pet", text).get("product") == product


def test_a_pointing_word_alone_keeps_the_category() -> None:
    args = sales_args("m_pet", "上个月那个猫砂盆卖了几个")
    assert args.get("category") == "猫砂盆" and "product" not in args, args
