"""Words of a merchant's message that name nothing sold, read by kind in wordings of their own: a group chat's
@-mention of the bot (an address, not a product), a feeling (心里没底) or a verdict ("numbers are trash") said
beside the question, the Jianghuai 阿 that asks yes or no (阿有, 阿是, 阿晓得), the Wu 卖掉 of a count sold, and a
size counted in people ("the 2 person one"). Requests to change a price, delete orders or write to customers are
refused by kind, whatever the question mark."""

from __future__ import annotations

import pytest

from tests.offline.planned import sales_args
from tests.offline.test_refusals_and_actions_by_kind import _intent, _message


@pytest.mark.parametrize(
    ("merchant", "text", "expected"),
    [
        ("m_outdoor", "@小助手 前天搜索渠道成交多少 🙏", {"channel": "search", "period": "2026-11-18..2026-11-18"}),
        ("m_outdoor", "@机器人 上周冲锋衣卖了几件", {"category": "冲锋衣", "metric": "units"}),
        ("m_outdoor", "@机器人帮我看下上周冲锋衣卖了几件", {"category": "冲锋衣", "metric": "units"}),
        ("m_pet", "@copilot refund rate last week by region pls 👀", {"metric": "refund_rate", "by": "region"}),
        ("m_pet", "@小助手 @老王 这个月猫粮卖了多少钱", {"category": "猫粮", "metric": "gmv"}),
    ],
)
def test_a_mention_of_the_bot_is_an_address_not_a_product(merchant: str, text: str, expected: dict) -> None:
    args = sales_args(merchant, text)
    assert "product" not in args or args["product"] not in {"小助手", "机器人", "copilot", "老王"}, args
    for key, value in expected.items():
        assert args.get(key) == value, args


def test_a_mention_in_a_follow_up_keeps_the_scope() -> None:
    args = sales_args("m_outdoor", "@小助手 睡袋上个月卖了多少钱", "@小助手 按周拆开")
    assert args.get("category") == "睡袋" and args.get("by") == "week" and "product" not in args, args


@pytest.mark.parametrize(
    ("merchant", "text", "expected"),
    [
        ("m_pet", "说实话我心里没底，上周每天的成交额给我列一下", {"by": "day", "metric": "gmv"}),
        ("m_pet", "猫粮这个月卖了多少钱，心里有数就好", {"category": "猫粮"}),
        ("m_outdoor", "numbers look like trash. gmv by channel last week?", {"by": "channel"}),
        ("m_pet", "这周猫砂卖掉多少包了", {"category": "猫砂", "metric": "units"}),
        ("m_pet", "上周猫粮卖掉几袋，阿晓得", {"category": "猫粮", "metric": "units"}),
        ("m_pet", "这个月各渠道卖了多少钱，推荐阿有用", {"by": "channel"}),
    ],
)
def test_feelings_verdicts_and_dialect_particles_name_nothing(merchant: str, text: str, expected: dict) -> None:
    args = sales_args(merchant, text)
    assert "product" not in args, args
    for key, value in expected.items():
        assert args.get(key) == value, args


@pytest.mark.parametrize(
    "texts",
    [
        ("units of the family tent last week", "and the 2 person one?"),
        ("how many 2 person tents did we sell last week",),
    ],
)
def test_a_size_counted_in_people_names_that_product(texts: tuple[str, ...]) -> None:
    assert sales_args("m_outdoor", *texts).get("product") == "out_tent_2p"


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("猫砂价钱帮我往下调5块", "change_data"),
        ("冻干单价给我涨10元", "change_data"),
        ("帮我把猫条降价", "change_data"),
        ("那几单退货的帮我删掉", "change_data"),
        ("could you send an email to the customers who returned the feeder?", "contact_customers"),
        ("pls write a message to all our buyers about the delay", "contact_customers"),
    ],
)
def test_changing_prices_deleting_orders_and_mailing_customers_are_refused(text: str, intent: str) -> None:
    assert _intent("m_pet", text) == intent
    assert _message("m_pet", text).tool_calls == []


@pytest.mark.parametrize(
    "text",
    ["猫粮降价以后卖得怎么样", "上次价格调低5块之后销量有变化吗", "how many customers did we e-mail last month?"],
)
def test_questions_about_prices_and_customers_stay_questions(text: str) -> None:
    assert _intent("m_pet", text) not in {"change_data", "contact_customers"}


def test_the_price_refusal_says_prices() -> None:
    answer = str(_message("m_pet", "猫砂价钱帮我往下调5块").content)
    assert "价格" in answer
