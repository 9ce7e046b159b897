"""The period grammar: every keyword, edge cases, comparisons."""

from __future__ import annotations

from datetime import date

import pytest

from copilot.calendar.periods import PeriodError, resolve_period

TODAY = date(2026, 11, 20)  # a Friday


def _range(spec: str, today: date = TODAY) -> tuple[str, str]:
    period = resolve_period(spec, today)
    return period.start.isoformat(), period.end.isoformat()


@pytest.mark.parametrize(
    ("spec", "start", "end"),
    [
        ("today", "2026-11-20", "2026-11-21"),
        ("yesterday", "2026-11-19", "2026-11-20"),
        ("this_week", "2026-11-16", "2026-11-21"),
        ("last_week", "2026-11-09", "2026-11-16"),
        ("this_month", "2026-11-01", "2026-11-21"),
        ("last_month", "2026-10-01", "2026-11-01"),
        ("this_year", "2026-01-01", "2026-11-21"),
        ("last_year", "2025-01-01", "2026-01-01"),
        ("last_7_days", "2026-11-14", "2026-11-21"),
        ("last_1_days", "2026-11-20", "2026-11-21"),
        ("last_30_days", "2026-10-22", "2026-11-21"),
        ("last_2_weeks", "2026-11-07", "2026-11-21"),
        ("last_3_months", "2026-08-21", "2026-11-21"),
        ("2025", "2025-01-01", "2026-01-01"),
        ("2026-02", "2026-02-01", "2026-03-01"),
        ("2025-12", "2025-12-01", "2026-01-01"),
        ("2026-10-05", "2026-10-05", "2026-10-06"),
        ("2026-10-01..2026-10-31", "2026-10-01", "2026-11-01"),
        ("618", "2026-06-01", "2026-06-19"),
        ("double11", "2026-10-20", "2026-11-12"),
        ("double12", "2025-12-01", "2025-12-13"),
        ("Last Month", "2026-10-01", "2026-11-01"),
        ("上个月", "2026-10-01", "2026-11-01"),
        ("双11", "2026-10-20", "2026-11-12"),
        ("LAST-7-DAYS", "2026-11-14", "2026-11-21"),
    ],
)
def test_every_keyword_on_the_demo_day(spec: str, start: str, end: str) -> None:
    assert _range(spec) == (start, end)


def test_last_month_in_january_is_december_of_the_year_before() -> None:
    assert _range("last_month", date(2026, 1, 15)) == ("2025-12-01", "2026-01-01")


def test_last_week_across_the_new_year() -> None:
    # 2027-01-01 is a Friday: its week started Monday 2026-12-28.
    assert _range("this_week", date(2027, 1, 1)) == ("2026-12-28", "2027-01-02")
    assert _range("last_week", date(2027, 1, 4)) == ("2026-12-28", "2027-01-04")


def test_this_week_on_a_monday_and_a_sunday() -> None:
    assert _range("this_week", date(2026, 11, 16)) == ("2026-11-16", "2026-11-17")
    assert _range("this_week", date(2026, 11, 22)) == ("2026-11-16", "2026-11-23")


def test_last_n_months_clamps_to_the_end_of_a_short_month() -> None:
    assert _range("last_1_months", date(2026, 3, 31)) == ("2026-03-01", "2026-04-01")


def test_festivals_before_and_during_their_window() -> None:
    assert _range("618", date(2026, 5, 31)) == ("2025-06-01", "2025-06-19")
    assert _range("618", date(2026, 6, 10)) == ("2026-06-01", "2026-06-11")
    assert _range("double12", date(2026, 12, 20)) == ("2026-12-01", "2026-12-13")
    assert _range("double11", date(2026, 10, 19)) == ("2025-10-20", "2025-11-12")


def test_labels_name_the_days() -> None:
    period = resolve_period("last_month", TODAY)
    assert period.label_zh == "上个月（2026-10-01 .. 2026-10-31）"
    assert period.label_en == "last month (2026-10-01 .. 2026-10-31)"
    assert period.days == 31
    assert period.as_dict()["last_day"] == "2026-10-31"


@pytest.mark.parametrize(
    ("spec", "start", "end"),
    [
        ("last_month", "2026-09-01", "2026-10-01"),
        ("last_7_days", "2026-11-07", "2026-11-14"),
        ("2025", "2024-01-01", "2025-01-01"),
        ("2026-03", "2026-02-01", "2026-03-01"),
        ("this_month", "2026-10-01", "2026-10-21"),
        ("this_week", "2026-11-09", "2026-11-14"),
        ("2026-11-01", "2026-10-31", "2026-11-01"),
        ("2026-03-01..2026-03-30", "2026-02-01", "2026-03-01"),
        ("2026-11-04..2026-11-20", "2026-10-18", "2026-11-04"),
    ],
)
def test_previous_period(spec: str, start: str, end: str) -> None:
    previous = resolve_period(spec, TODAY).compared("previous_period")
    assert (previous.start.isoformat(), previous.end.isoformat()) == (start, end)


def test_year_over_year_keeps_the_dates_and_clamps_leap_days() -> None:
    period = resolve_period("double11", TODAY).compared("year_over_year")
    assert (period.start, period.end) == (date(2025, 10, 20), date(2025, 11, 12))
    leap = resolve_period("2028-02-29", TODAY).compared("year_over_year")
    assert (leap.start, leap.end) == (date(2027, 2, 28), date(2027, 3, 1))


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("last_0_days", "between 1 and"),
        ("last_99999_days", "between 1 and"),
        ("2026-13", "not a valid month"),
        ("2026-02-30", "not a valid date"),
        ("2026-11-10..2026-11-01", "after the last day"),
        ("next_month", "unknown period"),
        ("", "unknown period"),
        ("last month; DROP TABLE orders", "unknown period"),
    ],
)
def test_bad_specs_are_refused_with_the_grammar(spec: str, message: str) -> None:
    with pytest.raises(PeriodError, match=message):
        resolve_period(spec, TODAY)
