"""The weekend said plainly of sales ("over the weekend", "this past weekend") is the latest Saturday and Sunday begun
before today; "the weekend before" after it is the Saturday and Sunday a week earlier."""

from __future__ import annotations

from datetime import date

import pytest

from copilot.offline.nlu import normalise
from copilot.offline.recognizers.time import find_period
from tests.offline.planned import period_read, sales_args


@pytest.mark.parametrize("text", ["what were sales like over the weekend", "orders this past weekend?"])
def test_the_weekend_is_the_latest_one(text: str) -> None:
    assert sales_args("m_outdoor", text)["period"] == "2026-11-14..2026-11-15"  # the demo's today is a Friday


def test_on_a_sunday_the_weekend_is_the_one_going_on() -> None:
    found = find_period(normalise("revenue over the weekend"), date(2026, 11, 22))
    assert found is not None and found.value == "2026-11-21..2026-11-22"


def test_the_weekend_before_last_is_still_two_back() -> None:
    assert period_read("the weekend before last") == "2026-11-07..2026-11-08"


@pytest.mark.parametrize(
    ("first", "then", "expected"),
    [
        ("what were sales like over the weekend", "what about the weekend before that?", "2026-11-07..2026-11-08"),
        ("上周末卖了多少", "再往前一个周末呢", "2026-11-07..2026-11-08"),
    ],
)
def test_the_weekend_before_is_a_week_earlier(first: str, then: str, expected: str) -> None:
    assert sales_args("m_pet", first, then)["period"] == expected
