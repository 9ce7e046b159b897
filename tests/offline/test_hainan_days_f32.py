"""Hainan day words (今旦, 昨旦) are today and yesterday — were unread and silently the last 30 days (fresh32)."""

from __future__ import annotations

import pytest

from tests.offline.planned import sales_args


@pytest.mark.parametrize(
    ("question", "period"),
    [
        ("今旦店里进了好多钱", "today"),
        ("昨旦猫砂走了几单", "yesterday"),
    ],
)
def test_hainan_day_words_are_the_days(question: str, period: str) -> None:
    assert sales_args("m_pet", question)["period"] == period


def test_new_year_s_day_is_not_read_as_today() -> None:
    assert sales_args("m_pet", "去年元旦卖了多少")["period"] != "today"
