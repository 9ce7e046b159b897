"""Recognizers of the offline model: periods the word lists did not read, and money with separators/signs."""

from __future__ import annotations

import logging

import pytest

from copilot.clock import DEMO_TODAY
from copilot.offline.nlu import normalise
from copilot.offline.numbers import money_amounts
from copilot.offline.recognizers.time import find_period, recognise_period
from tests.offline.planned import period_read


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("今年第三季度帐篷卖了多少", "2026-07-01..2026-09-30"),
        ("这个季度的退款率", "2026-10-01..2026-11-20"),
        ("上个季度", "2026-07-01..2026-09-30"),
        ("Q2 revenue", "2026-04-01..2026-06-30"),
        ("2025年q4", "2025-10-01..2025-12-31"),
        ("last quarter", "2026-07-01..2026-09-30"),
        ("上半年", "2026-01-01..2026-06-30"),
        ("去年下半年", "2025-07-01..2025-12-31"),
        ("H2 so far", "2026-07-01..2026-11-20"),
        ("第45周", "2026-11-02..2026-11-08"),
        ("上上周的订单", "2026-11-02..2026-11-08"),
        ("前天出了几单", "2026-11-18..2026-11-18"),
        ("大前天", "2026-11-17..2026-11-17"),
        ("5天前", "2026-11-15..2026-11-15"),
        ("the day before yesterday", "2026-11-18..2026-11-18"),
        ("3 days ago", "2026-11-17..2026-11-17"),
        ("3个月前", "2026-08"),
        ("11月3号到9号", "2026-11-03..2026-11-09"),
        ("Nov 3-9", "2026-11-03..2026-11-09"),
        ("双11当天", "2026-11-11..2026-11-11"),
        ("去年双11当天", "2025-11-11..2025-11-11"),
        ("上周三卖了多少", "2026-11-11..2026-11-11"),
    ],
)
def test_periods_beyond_the_word_lists(text: str, period: str) -> None:
    assert period_read(text) == period


def test_the_longest_reading_wins_and_keeps_its_span() -> None:
    text = normalise("今年第三季度帐篷卖了多少")
    found = recognise_period(text, DEMO_TODAY)
    assert found is not None
    assert found.text(text) == "今年第三季度"


def test_no_period_in_a_budget() -> None:
    assert find_period(normalise("给帐篷做个推广，预算8000"), DEMO_TODAY) is None


@pytest.mark.parametrize(
    ("text", "amounts"),
    [
        ("预算8,000", [8000]),
        ("budget of 12,500 yuan", [12500]),
        ("RMB 5,000", [5000]),
        ("¥3,200.50 a day", [3200.5]),
        ("budget: 10 000", [10000]),
        ("预算六千块钱", [6000]),
        ("top 10 products", []),
    ],
)
def test_money_with_separators_and_signs(text: str, amounts: list[float]) -> None:
    assert money_amounts(normalise(text)) == amounts


def test_a_string_jionlp_cannot_read_logs_no_error(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING):
        for question in ("最近8周每周的GMV", "本月花费大的渠道"):
            recognise_period(question, DEMO_TODAY)
    assert [r for r in caplog.records if r.levelno >= logging.WARNING] == []
