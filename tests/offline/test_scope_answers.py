"""Every offline sales answer states the scope it answered (issue 18, "never silent"): the period's dates, the
breakdown and its direction; a time word no recogniser could read is said before the figures, never replaced by a
default silently."""

from __future__ import annotations

import pytest

from copilot.service import Copilot


@pytest.mark.parametrize(
    ("merchant", "question", "stated"),
    [
        ("m_outdoor", "上个月哪个渠道卖得最差", ["2026-10-01 .. 2026-10-31", "按渠道", "从低到高"]),
        ("m_baby", "What was our GMV by channel last month?", ["2026-10-01 .. 2026-10-31", "by channel", "highest"]),
        ("m_outdoor", "上个月各品类的销售额", ["按品类", "从高到低"]),
    ],
)
def test_a_breakdown_states_its_period_and_direction(
    copilot: Copilot, merchant: str, question: str, stated: list[str]
) -> None:
    answer = copilot.ask(merchant, "scope", question).answer
    for part in stated:
        assert part in answer, (question, answer)


def test_a_time_word_that_was_not_read_is_said_not_replaced_silently(copilot: Copilot) -> None:
    result = copilot.ask("m_outdoor", "unread", "revenue over the past season")
    assert result.answer.startswith('I could not read the time "season"'), result.answer
    assert "2026-10-22 .. 2026-11-20" in result.answer  # the default it used, with its dates


def test_no_time_note_when_nothing_was_computed(copilot: Copilot) -> None:
    answer = copilot.ask("m_outdoor", "unread-unsold", "can you grab last weeks orders for rowing machines").answer
    assert "has no product" in answer and "could not read" not in answer


@pytest.mark.parametrize(
    ("question", "said"),
    [
        ("按颜色看上个月的销售额", "没法按 “颜色” 拆分"),
        ("sales last month by colour", 'I cannot break the figures down by "colour"'),
    ],
)
def test_a_breakdown_the_tool_cannot_do_is_said(copilot: Copilot, question: str, said: str) -> None:
    answer = copilot.ask("m_outdoor", "unread-by", question).answer
    assert answer.startswith(said), answer
    assert "2026-10-01 .. 2026-10-31" in answer and "颜色" not in answer.split("\n\n", 1)[1]


@pytest.mark.parametrize(
    ("question", "said"),
    [
        ("去年618卖了多少", ["2025-06-18）没有数据", "2025-10-01 才开始", "全部在那之前", "不是卖了 0"]),
        ("今年618的销售额和去年同期比", ["对比时段2025-06-01 .. 2025-06-18全部在那之前"]),
        ("GMV 2025-09-01..2025-10-31", ["orders start on 2025-10-01", "is partly before that", "not zero sales"]),
        ("GMV this year vs last year", ["the compared period 2025-01-01 .. 2025-11-20 is partly before that"]),
    ],
)
def test_a_period_before_the_first_order_is_said_to_have_no_data(copilot: Copilot, question: str, said: list[str]):
    answer = copilot.ask("m_outdoor", "before-history", question).answer
    for part in said:
        assert part in answer, (question, answer)


@pytest.mark.parametrize("question", ["上个月卖了多少", "10月和9月比卖得怎么样", "GMV this year"])
def test_no_history_note_for_periods_the_store_has(copilot: Copilot, question: str) -> None:
    answer = copilot.ask("m_outdoor", "within-history", question).answer
    assert "才开始" not in answer and "orders start on" not in answer, answer


@pytest.mark.parametrize(
    ("question", "said", "answered"),
    [
        ("去年十二月对比今年十月的订单量", "“今年10月”没有拿来对比", "2025-12-01 .. 2025-12-31"),
        ("units in Dec 2025 compared with Oct 2026", '"oct 2026" was not compared', "2025-12-01 .. 2025-12-31"),
    ],
)
def test_a_period_the_tool_cannot_compare_with_is_said_not_dropped(
    copilot: Copilot, question: str, said: str, answered: str
) -> None:
    answer = copilot.ask("m_outdoor", "uncompared", question).answer
    assert answer.startswith(said), answer
    assert answered in answer


def test_a_comparable_pair_is_compared_with_no_note(copilot: Copilot) -> None:
    answer = copilot.ask("m_outdoor", "compared", "9月对比8月的订单量").answer
    assert "没有拿来对比" not in answer and "2026-08-01 .. 2026-08-31" in answer


@pytest.mark.parametrize(
    ("question", "said"),
    [
        ("2026年各季度的订单数", "没法按 “季度” 拆分"),
        ("orders each quarter of 2026", 'I cannot break the figures down by "quarter"'),
    ],
)
def test_a_time_unit_the_tool_has_no_series_for_is_said(copilot: Copilot, question: str, said: str) -> None:
    answer = copilot.ask("m_pet", "unread-unit", question).answer
    assert answer.startswith(said), answer
    assert "2026-01-01 .. 2026-11-20" in answer  # the year so far: a running year ends today


@pytest.mark.parametrize(
    ("text", "by"),
    [("每个品类上周的退款率", "category"), ("上个月每个渠道的客单价", "channel"), ("每个城市十月的订单", "region")],
)
def test_each_of_a_dimension_is_a_breakdown_by_it(text: str, by: str) -> None:
    from tests.offline.planned import sales_args

    assert sales_args("m_baby", text)["by"] == by


def test_a_daily_average_is_answered_by_its_days() -> None:
    from tests.offline.planned import sales_args

    args = sales_args("m_pet", "十月份日均卖多少单")
    assert (args["by"], args["metric"], args["period"]) == ("day", "paid_orders", "2026-10")
