"""Kinds fresh14 found, in other wording: a festival's day said with "itself" or with its year after it, a day to
today in English, "best/worst <dimension>" as a breakdown by it, and northern 昨儿个/前儿个."""

from __future__ import annotations

import pytest

from tests.offline.planned import sales_args


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("units on double 12 itself last year", "2025-12-12..2025-12-12"),
        ("orders on 618 last year", "2025-06-18..2025-06-18"),
        ("AOV from oct 20 to date", "2026-10-20..2026-11-20"),
        ("refund rate 5th Nov until today", "2026-11-05..2026-11-20"),
        ("昨儿个的退款率", "yesterday"),
        ("前儿个的客单价", "2026-11-18..2026-11-18"),
    ],
)
def test_days_said_in_these_words(text: str, period: str) -> None:
    assert sales_args("m_pet", text)["period"] == period


@pytest.mark.parametrize(
    ("text", "by"),
    [
        ("which were the weakest regions in Q3 for revenue", "region"),
        ("our strongest performing channel last week, by orders", "channel"),
        ("leading categories this month", "category"),
        ("best selling products yesterday", "product"),
    ],
)
def test_best_or_worst_of_a_dimension_is_a_breakdown_by_it(text: str, by: str) -> None:
    assert sales_args("m_baby", text)["by"] == by
