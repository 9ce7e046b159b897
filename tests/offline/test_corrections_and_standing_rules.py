"""An amount the merchant corrects right after saying it gives way to the correction; a limit made the standing
rule ("以后就照这个办") is remembered, never drafted or queried; orders (单子) asked to be wiped are refused."""

from __future__ import annotations

import pytest

from copilot.offline.nlu import normalise
from copilot.offline.recognizers.money import find_money
from tests.offline.planned import first_call, plan_next_answer


@pytest.mark.parametrize(
    ("said", "amounts"),
    [
        ("预算三万 哦不 两万八", [28000]),
        ("give it 10k, sorry, 8k", [8000]),
        ("budget 12k — no wait — 9.5k", [9500]),
        ("预算先按5千，说错了，是6千", [6000]),
        ("两档预算：1万和2万，各估一下", [10000, 20000]),
    ],
)
def test_an_amount_corrected_right_after_gives_way(said: str, amounts: list[int]) -> None:
    assert [e.value for e in find_money(normalise(said))] == amounts


def test_a_draft_takes_the_corrected_budget() -> None:
    tool, args = first_call("m_pet", "给猫爬架做个推广，预算八千，啊不，六千五")
    assert tool == "draft_campaign"
    assert args["budget"] == 6500


@pytest.mark.parametrize("said", ["直播投放每天不超过两千 以后就照这个办", "单日推广最多四千块，往后都按这个执行"])
def test_a_limit_made_the_standing_rule_is_remembered(said: str) -> None:
    assert first_call("m_outdoor", said)[0] == "remember_preference"


def test_wiping_orders_called_by_their_everyday_name_is_refused() -> None:
    answer = plan_next_answer("m_outdoor", "把那些取消的单子都给我清空掉")
    assert "不能" in answer
