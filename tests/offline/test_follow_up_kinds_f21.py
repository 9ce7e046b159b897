"""Follow-ups that keep the previous question's target and period while changing one thing (fresh21's kinds): the
same stretch said again ("同一段"), a metric swapped with the old one refused ("数量就好，不用金额", "i meant units
not money"), the same time a year earlier ("去年这个时候呢"), one product of the category just asked about ("智能
那个单独拎出来"), the categories asked one by one summed ("两个合起来"), and two products of one category named
together (both, never silently one)."""

from __future__ import annotations

import pytest

from tests.offline.planned import first_call, sales_args


@pytest.mark.parametrize(
    ("merchant", "texts", "metric"),
    [
        ("m_pet", ["烘干箱11月1号到15号卖了多少钱", "转化率呢，同一段时间"], "conversion"),
        ("m_outdoor", ["tent gmv from nov 2 to nov 8", "refund rate for the same window?"], "refund_rate"),
    ],
)
def test_the_same_stretch_said_again_keeps_the_target_and_period(merchant: str, texts: list[str], metric: str) -> None:
    before, after = sales_args(merchant, texts[0]), sales_args(merchant, *texts)
    assert after["metric"] == metric
    assert {k: v for k, v in after.items() if k != "metric"} == {k: v for k, v in before.items() if k != "metric"}


@pytest.mark.parametrize(
    ("merchant", "texts", "metric"),
    [
        ("m_pet", ["猫条上周卖了多少钱，跟前一周比", "件数就行，金额不用"], "units"),
        ("m_pet", ["猫条上周卖了多少钱", "不要金额，看数量"], "units"),
        ("m_pet", ["猫条上周卖了多少钱", "看销量"], "units"),
        ("m_pet", ["how much did the cat teaser make last week", "oh i meant orders, not revenue"], "paid_orders"),
    ],
)
def test_a_metric_swapped_for_another_keeps_the_rest(merchant: str, texts: list[str], metric: str) -> None:
    before, after = sales_args(merchant, texts[0]), sales_args(merchant, *texts)
    assert after["metric"] == metric
    assert {k: v for k, v in after.items() if k != "metric"} == {k: v for k, v in before.items() if k != "metric"}


@pytest.mark.parametrize("said", ["去年这个时候呢", "去年那个时间段呢", "and around this time last year?"])
def test_the_same_time_a_year_earlier_compares_the_period_asked(said: str) -> None:
    before, after = sales_args("m_baby", "推车这个月卖了多少钱"), sales_args("m_baby", "推车这个月卖了多少钱", said)
    assert (after["period"], after["compare"]) == (before["period"], "year_over_year")
    assert after["category"] == before["category"]


def test_one_product_of_the_category_just_asked_about_is_singled_out() -> None:
    texts = ["猫砂盆这个月卖了多少钱", "把全自动的那个拎出来看"]
    assert sales_args("m_pet", *texts) == {"metric": "gmv", "period": "this_month", "product": "pet_smart_litterbox"}
    assert sales_args("m_pet", *texts, "同比呢")["compare"] == "year_over_year"


@pytest.mark.parametrize(
    ("merchant", "texts", "categories"),
    [
        ("m_baby", ["上个月推车的退款率", "婴儿床呢", "俩合在一起算个总数"], "婴儿推车,婴儿床"),
        ("m_pet", ["cat food gmv last month", "dog food?", "combined please, by week"], "猫粮,狗粮"),
    ],
)
def test_the_categories_asked_one_by_one_summed(merchant: str, texts: list[str], categories: str) -> None:
    assert sales_args(merchant, *texts)["category"] == categories


@pytest.mark.parametrize(
    ("text", "by"),
    [("蛋卷桌和月亮椅这个月卖了几件", None), ("月亮椅跟蛋卷桌上周哪个卖得好", "product")],
)
def test_two_products_of_one_category_named_together_are_both_answered(text: str, by: str | None) -> None:
    args = sales_args("m_outdoor", text)
    assert args["category"] == "折叠桌椅" and "product" not in args
    assert args.get("by") == by
    assert sales_args("m_outdoor", text, "按地区看")["category"] == "折叠桌椅"


@pytest.mark.parametrize(
    ("merchant", "texts", "category"),
    [
        ("m_outdoor", ["冲锋衣这周卖了多少钱", "为什么掉了这么多？查一下"], "冲锋衣"),
        ("m_pet", ["dog food gmv last week", "why did it fall so much?"], "狗粮"),
    ],
)
def test_an_anomaly_question_about_it_searches_the_category_just_asked_about(
    merchant: str, texts: list[str], category: str
) -> None:
    tool, args = first_call(merchant, *texts)
    assert tool == "detect_sales_anomalies"
    assert (args["category"], args["direction"]) == (category, "drop")


def test_an_anomaly_question_about_everything_is_not_narrowed() -> None:
    tool, args = first_call("m_outdoor", "冲锋衣这周卖了多少钱", "全店最近有什么异常吗")
    assert tool == "detect_sales_anomalies" and "category" not in args


def test_the_stretch_before_compared_with_said_shortened() -> None:
    texts = ["gps watch revenue over the last 2 weeks", "now compare w/ the 2 weeks before"]
    before, after = sales_args("m_outdoor", texts[0]), sales_args("m_outdoor", *texts)
    assert after == {**before, "compare": "previous_period"}


def test_the_sale_of_a_product_is_its_sales_and_the_same_for_another_keeps_the_period() -> None:
    texts = ["pls tell what is the sale of the headlamp in past 14 days", "and same for the gps watch"]
    before, after = sales_args("m_outdoor", texts[0]), sales_args("m_outdoor", *texts)
    assert before["period"] == after["period"] == "last_14_days"
    assert after["product"] == "out_gps_watch" and after["metric"] == before["metric"]
