"""Days said in words the rules were not tuned on (issue 18): a weekend or a Saturday-and-Sunday pair counted
back, a festival's day set against last year, a count of days written with spaces, days that move with the
weekdays (Black Friday), and a word of a title that qualifies another thing (宝宝辅食机 is no high chair).
Today is the demo's 2026-11-20 (a Friday)."""

from __future__ import annotations

import pytest

from tests.offline.planned import first_call, period_read


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("上周六日卖了多少", "2026-11-14..2026-11-15"),
        ("上周六和周日的订单", "2026-11-14..2026-11-15"),
        ("上星期六跟星期天的销售额", "2026-11-14..2026-11-15"),
        ("last saturday and sunday revenue", "2026-11-14..2026-11-15"),
        ("上上周末的单量", "2026-11-07..2026-11-08"),
        ("上上个周末卖得怎么样", "2026-11-07..2026-11-08"),
        ("sales the weekend before last", "2026-11-07..2026-11-08"),
        ("上周六卖了多少", "2026-11-14..2026-11-14"),
        ("上上周呢", "2026-11-02..2026-11-08"),
        ("上周末", "2026-11-14..2026-11-15"),
    ],
)
def test_weekends_and_day_pairs_counted_back(text: str, period: str) -> None:
    assert period_read(text) == period


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("最近 7 天卖得最好的3个", "last_7_days"),
        ("过去 30 天的订单", "last_30_days"),
        ("近 2 周退款率", "last_2_weeks"),
        ("最近7天", "last_7_days"),
    ],
)
def test_a_count_of_days_with_spaces_is_that_many_days(text: str, period: str) -> None:
    assert period_read(text) == period


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("how did we do on black friday last year", "2025-11-28..2025-11-28"),
        ("去年黑五卖了多少", "2025-11-28..2025-11-28"),
        ("黑色星期五的订单", "2025-11-28..2025-11-28"),
        ("thanksgiving revenue", "2025-11-27..2025-11-27"),
        ("cyber monday last year", "2025-12-01..2025-12-01"),
        ("国庆当天的订单", "2026-10-01..2026-10-01"),
    ],
)
def test_days_that_move_with_the_weekdays(text: str, period: str) -> None:
    assert period_read(text) == period


@pytest.mark.parametrize(
    "text",
    ["双11 当天 GMV 多少 vs 去年", "618 当天卖了多少 对比去年", "double 11 day itself revenue vs last year"],
)
def test_a_festival_day_set_against_last_year_is_this_years_day_compared(text: str) -> None:
    _, args = first_call("m_outdoor", text)
    assert args["period"] in {"2026-11-11..2026-11-11", "2026-06-18..2026-06-18"}
    assert args["compare"] == "year_over_year"


def test_a_festival_with_its_year_before_it_stays_that_years() -> None:
    assert period_read("去年双11卖了多少") == "2025-10-20..2025-11-11"
    assert period_read("双11 期间 GMV") == "double11"


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("宝宝辅食机这个月卖了几台", {"product": "宝宝辅食机"}),
        ("宝宝奶瓶卖了多少", {"category": "奶瓶"}),
        ("宝宝推车这个月卖了几台", {"category": "婴儿推车"}),
        ("宝宝餐椅卖了几台", {"product": "baby_high_chair"}),
        ("多功能宝宝餐椅卖了多少", {"product": "baby_high_chair"}),
        ("实木婴儿床卖了多少", {"product": "baby_crib"}),
    ],
)
def test_a_title_word_before_another_noun_qualifies_that_noun(text: str, found: dict[str, str]) -> None:
    _, args = first_call("m_baby", text)
    assert {key: args.get(key) for key in found} == found


def test_a_title_word_of_another_category_does_not_name_its_product() -> None:
    _, args = first_call("m_outdoor", "给超轻防晒霜生成2套创意")  # 超轻 is of the carbon trekking poles' title
    assert (args.get("product"), args.get("category")) == (None, "防晒霜")


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("daily orders over the passed two weeks", "last_2_weeks"),
        ("revenue for the passed 3 days", "last_3_days"),
        ("the past two weeks", "last_2_weeks"),
    ],
)
def test_a_slip_of_past_still_counts_back(text: str, period: str) -> None:
    assert period_read(text) == period


@pytest.mark.parametrize(
    ("text", "top", "order"),
    [
        ("哪3个商品10月卖得最差", 3, "asc"),
        ("哪5款上个月卖得最好", 5, None),
        ("哪个商品10月卖得最差", 1, "asc"),
    ],
)
def test_a_count_after_which_is_how_many_of_the_ranking(text: str, top: int, order: str | None) -> None:
    _, args = first_call("m_outdoor", text)
    assert (args.get("top"), args.get("order")) == (top, order)
