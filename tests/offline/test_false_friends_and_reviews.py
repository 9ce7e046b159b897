"""Words of other languages said in English, audiences of goods with no sales, and figures asked of a review."""

from __future__ import annotations

from tests.offline.planned import first_call


def test_a_policy_of_devolution_is_the_return_policy() -> None:
    tool, _ = first_call(
        "m_pet", "Which is the politics about devolution of the cat litter box? a buyer wants to give it back"
    )
    assert tool == "search_merchant_docs"


def test_a_public_to_attack_is_an_audience_to_target() -> None:
    tool, args = first_call("m_outdoor", "What public should I attack with the new shell jacket, nobody bought it yet")
    assert tool == "find_target_segments"
    assert args.get("cold_start") is True


def test_audiences_asked_after_saying_no_order_came_are_not_a_sales_check() -> None:
    tool, args = first_call("m_pet", "新款感应饮水机 1单都没有，给我找找冷启动的客群")
    assert tool == "find_target_segments"
    assert args["product"] == "pet_fountain_sensor_new"


def test_what_a_report_says_of_a_figure_is_read_in_the_report() -> None:
    tool, _ = first_call("m_outdoor", "去年618的投产比多少，结案报告里写的那个")
    assert tool == "search_merchant_docs"


def test_one_more_figure_after_a_review_is_read_in_the_review() -> None:
    tool, args = first_call("m_outdoor", "what did the 618 retro say about shipping?", "what about the roas?")
    assert tool == "search_merchant_docs"
    assert "618" in args["query"]


def test_a_figure_with_days_of_its_own_after_a_review_is_not_the_review() -> None:
    tool, _ = first_call("m_outdoor", "what did the 618 retro say about shipping?", "and the roas last month?")
    assert tool != "search_merchant_docs"
