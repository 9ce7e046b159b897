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
        ("spend 25 thousand on it", "spend 25000 on it"),
        ("a 2.5 thousand cap", "a 2500 cap"),
        ("1,200 thousand views", "1200000 views"),
        ("3 million yuan", "3000000 yuan"),
    ],
)
def test_number_words_are_written_in_digits(said: str, written: str) -> None:
    assert normalise_english_numbers(said) == written


def test_a_spoken_year_and_count_reach_the_tools() -> None:
    assert first_call("m_baby", "units in twenty twenty six march")[1].get("period") == "2026-03"
    tool, args = first_call("m_pet", "any odd drops over the last forty five days")
    assert (tool, args.get("days")) == ("detect_sales_anomalies", 45)


def test_digits_with_a_scale_word_are_the_amount_a_tool_gets() -> None:
    tool, args = first_call("m_pet", "if we put 25 thousand into ads for 618, what comes back")
    assert (tool, args.get("budget")) == ("estimate_promotion_effect", 25000)
    tool, args = first_call("m_baby", "draft an event plan for double 12 on the strollers, 15 thousand budget")
    assert (tool, args.get("budget")) == ("draft_campaign", 15000)
