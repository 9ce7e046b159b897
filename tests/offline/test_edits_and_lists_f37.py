"""A list of N asked for in words, draft edits said in mixed Chinese and English, an amount taken back, judgement
words and a clause of what the merchant will do (classes fresh36 and fresh37 missed), in wording of their own."""

from __future__ import annotations

import pytest

from tests.offline.planned import draft_turn, first_call, sales_args

SAVED = {"id": "cmp_1", "budget": 15000, "category": "帐篷", "channels": ["search", "live"]}
DRAFTED = draft_turn("帐篷双12推广 预算1.5万 投搜索和直播", {"category": "帐篷", "budget": 15000}, SAVED)


@pytest.mark.parametrize(
    ("text", "top"), [("上个月卖得最好的商品，列出八个", 8), ("best sellers this month, list 6", 6)]
)
def test_a_list_of_n_asked_for_is_the_top_n(text: str, top: int) -> None:
    assert sales_args("m_pet", text)["top"] == top


def test_anomalies_listed_n_keep_the_n() -> None:
    tool, args = first_call("m_pet", "三个月内有哪些不正常的波动，列五个")
    assert (tool, args["top"]) == ("detect_sales_anomalies", 5)


@pytest.mark.parametrize(
    ("text", "change"),
    [
        ("再加个露营人群 as audience", {"segments": ["露营"]}),
        ("search 砍掉", {"remove_channels": ["search"]}),
        ("make it 9000 not 15000", {"budget": 9000}),
    ],
)
def test_an_edit_in_mixed_words_changes_the_draft(text: str, change: dict[str, object]) -> None:
    tool, args = first_call("m_outdoor", text, earlier=DRAFTED)
    assert tool == "draft_campaign" and args.get("edit") is True
    assert {key: args.get(key) for key in change} == change


def test_a_judgement_word_names_no_product() -> None:
    args = sales_args("m_baby", "这周每天的 GMV，看看哪天 weird")
    assert "product" not in args and args["by"] == "day"


def test_what_the_merchant_will_do_after_the_answer_is_no_request() -> None:
    args = sales_args("m_outdoor", "今天卖了几单，要是过百单我就去哈啤酒")
    assert (args["metric"], args["period"]) == ("paid_orders", "today")
    assert "product" not in args
