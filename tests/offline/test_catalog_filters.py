"""The bounds a question sets on the products table, read from its words and written as SQL with numbers and ISO
dates only."""

from __future__ import annotations

from datetime import date

import pytest

from copilot.offline.catalog_filters import filters_sql, filters_text, said_filters
from copilot.offline.nlu import normalise

TODAY = date(2026, 11, 20)


@pytest.mark.parametrize(
    ("text", "bounds"),
    [
        ("库存快见底了，不到60件的", "stock<60"),
        ("价格在300块以上的", "price>=300"),
        ("stock of 20 or less", "stock<=20"),
        ("priced above 88.5", "price>88.5"),
        ("上架不到两个月的", "launched>=2026-09-20"),
        ("上架超过三年的", "launched<2023-11-20"),
        ("价格低于100、库存多于30件", "price<100;stock>30"),
    ],
)
def test_bounds_said(text: str, bounds: str) -> None:
    assert said_filters(normalise(text), TODAY) == bounds


@pytest.mark.parametrize("text", ["上个月卖了200件", "前3个商品", "300块预算"])
def test_a_number_without_a_comparison_sets_no_bound(text: str) -> None:
    assert said_filters(normalise(text), TODAY) is None


def test_only_well_formed_bounds_reach_the_sql() -> None:
    assert filters_sql("stock<200;price<1 OR 1=1;title>0") == " AND p.stock < 200"


def test_the_answer_states_the_bounds() -> None:
    assert filters_text("stock<200;launched<2024-11-20", "zh") == "库存 < 200，上架日期 < 2024-11-20"
