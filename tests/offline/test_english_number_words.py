"""English numbers said in words, as voice input writes them: compounds ("forty two", "twenty-five thousand"), a year
in two pairs ("twenty twenty five"), and a day of a month as an ordinal word ("march the third", "the first of june")
are read as the digits they say; words that make no one number are left as written."""

from __future__ import annotations

import pytest

from copilot.offline.numbers import normalise_english_numbers
from tests.offline.planned import first_call


@pytest.mark.parametrize(
    ("said", "written"),
    [
        ("forty two days", "42 days"),
        ("a budget of twenty-five thousand", "a budget of 25000"),
        ("three hundred and twenty", "320"),
        ("orders in twenty twenty five", "orders in 2025"),
        ("march the third to march the ninth", "march 3 to march 9"),
        ("the first of june", "the 1st of june"),
        ("the twenty second of july", "the 22nd of july"),
        ("one of the jackets", "one of the jackets"),
        ("two three", "two three"),
        ("the first week of may", "the first week of may"),
    ],
)
def test_number_words_are_written_in_digits(said: str, written: str) -> None:
    assert normalise_english_numbers(said) == written


def test_a_spoken_year_and_count_reach_the_tools() -> None:
    assert first_call("m_baby", "units in twenty twenty six march")[1].get("period") == "2026-03"
    tool, args = first_call("m_pet", "any odd drops over the last forty five days")
    assert (tool, args.get("days")) == ("detect_sales_anomalies", 45)
