"""Actions said in mixed or learner wording: a plan's bare amount before a comma and an amount with a decimal comma
("7.500,00"), a range of days said as "between 3 and 9 december" or "4th up to 9th", the kind of creatives said by
what is not wanted or by the count's noun, the plan's channels or audience changed after turns about its creatives or
audiences, the budget submitted with none drafted (which plan is asked), the approval skipped because it is slow, a cap
to remember, questions for the documents with no document word, whether past ads worked, a test of the ads, a fall
asked as a yes or no."""

from __future__ import annotations

import pytest
from langchain_core.messages import AIMessage, HumanMessage, ToolMessage

from tests.offline.planned import draft_turn, first_call, plan_next_answer

_SAVED = {"campaign_id": "cmp_1", "name": "帐篷推广", "start_date": "2026-11-23", "end_date": "2026-11-29"}


def _creatives_turn(text: str, args: dict[str, object]) -> list[AIMessage | HumanMessage | ToolMessage]:
    call = {"name": "generate_creatives", "args": args, "id": "c2", "type": "tool_call"}
    return [
        HumanMessage(text),
        AIMessage("", tool_calls=[call]),
        ToolMessage("made", tool_call_id="c2", name="generate_creatives"),
        AIMessage("…"),
    ]


@pytest.mark.parametrize(
    ("text", "budget", "start", "end"),
    [
        ("帐篷 clearance plan, 6000, next Monday to Friday", 6000, "2026-11-23", "2026-11-27"),
        (
            "Promo for the launch of the new tent, 9.800,00 total, from 2 December to 9 December",
            9800,
            "2026-12-02",
            "2026-12-09",
        ),
    ],
)
def test_a_plans_bare_or_decimal_comma_amount_is_its_budget(text: str, budget: int, start: str, end: str) -> None:
    tool, args = first_call("m_outdoor", text)
    assert tool == "draft_campaign"
    assert (args.get("budget"), args.get("start"), args.get("end")) == (budget, start, end)


def test_an_estimate_between_two_days_of_a_month_is_over_those_days() -> None:
    tool, args = first_call("m_outdoor", "if we spend 5000 between 3 and 9 january, how much extra would we sell?")
    assert tool == "estimate_promotion_effect"
    assert (args.get("budget"), args.get("when")) == (5000, "2027-01-03..2027-01-09")


def test_days_said_up_to_a_day_of_a_month_move_the_draft() -> None:
    earlier = draft_turn("帐篷推广 预算8000 下周", {"category": "帐篷", "budget": 8000}, _SAVED)
    tool, args = first_call("m_outdoor", "ok, make it the 4th up to 9th december", earlier=earlier)
    assert tool == "draft_campaign"
    assert (args.get("edit"), args.get("start"), args.get("end"), args.get("budget")) == (
        True,
        "2026-12-04",
        "2026-12-09",
        None,
    )


def test_a_submission_for_another_sum_is_submitted_at_that_sum() -> None:
    earlier = draft_turn("帐篷推广 预算8000 下周", {"category": "帐篷", "budget": 8000}, _SAVED)
    assert first_call("m_outdoor", "send it for approval but for 5.500,00", earlier=earlier) == (
        "submit_promotion_budget",
        {"amount": 5500},
    )
    assert first_call("m_outdoor", "按6500提交", earlier=earlier)[1].get("amount") == 6500


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("给睡袋出三张图，不用写文案", "image"),
        ("给帐篷编几条广告词", "copy"),
        ("给天幕弄个图", "image"),
        ("文案就行 不要图", "copy"),
    ],
)
def test_the_kind_of_creatives_is_the_one_wanted(text: str, kind: str) -> None:
    tool, args = first_call("m_outdoor", text)
    assert tool == "generate_creatives"
    assert args.get("kind") == kind


def test_texts_counted_after_images_are_copy_for_the_same_item() -> None:
    earlier = _creatives_turn("make posters for the tarp", {"product": "out_tarp", "kind": "image"})
    tool, args = first_call("m_outdoor", "also 2 texts for the same people", earlier=earlier)
    assert tool == "generate_creatives"
    assert (args.get("kind"), args.get("count"), args.get("product")) == ("copy", 2, "out_tarp")


def test_a_draft_asked_with_the_english_verb_after_an_estimate_is_drafted() -> None:
    tool, args = first_call("m_outdoor", "先估一下 双12 投2万能带多少", "好 那就 draft 一个全店的 双12, 20000")
    assert tool == "draft_campaign"
    assert (args.get("event"), args.get("budget")) == ("double12", 20000)


def test_a_channel_dropped_after_the_drafts_creatives_edits_the_draft() -> None:
    earlier = draft_turn("帐篷推广 预算8000 下周", {"category": "帐篷", "budget": 8000}, _SAVED)
    earlier += _creatives_turn("出几张图", {"category": "帐篷", "kind": "image", "campaign_id": "cmp_1"})
    assert first_call("m_outdoor", "live 那个拿掉", earlier=earlier) == (
        "draft_campaign",
        {"edit": True, "remove_channels": ["live"]},
    )


def test_the_audience_said_for_the_draft_edits_its_segments() -> None:
    earlier = draft_turn("猫砂推广 预算8000 下周", {"category": "猫砂", "budget": 8000}, _SAVED)
    tool, args = first_call("m_pet", "受众只要养猫新手", earlier=earlier)
    assert tool == "draft_campaign"
    assert args.get("edit") is True and args.get("segments") == ["养猫新手"]


def test_a_launch_for_office_workers_after_the_products_audiences_keeps_the_product() -> None:
    tool, args = first_call("m_pet", "新款感应饮水机适合推给谁", "那给坐班的那群人做个新品推广 预算六千 下周")
    assert tool == "draft_campaign"
    assert (args.get("product"), args.get("segments"), args.get("budget")) == (
        "pet_fountain_sensor_new",
        ["上班族养宠"],
        6000,
    )


@pytest.mark.parametrize(
    "text", ["直接从账户里把推广费划走吧 审批太久", "just take the ad money out of our account, sign-off is too slow"]
)
def test_money_taken_at_once_because_the_approval_is_slow_is_declined(text: str) -> None:
    answer = plan_next_answer("m_outdoor", text)
    assert "审批" in answer or "approv" in answer.lower()


def test_a_cap_told_to_keep_in_mind_is_remembered() -> None:
    assert first_call("m_outdoor", "你记着 直播一天最多投两千")[0] == "remember_preference"


@pytest.mark.parametrize(
    "text",
    [
        "what went well for us in double 11 last year?",
        "which terms can't be used in our ads?",
        "what phrases must not be used in the copy",
        "上回是不是有人说详情页不好看",
        "去年618发货出了什么问题",
    ],
)
def test_questions_for_the_documents_without_a_document_word_search_them(text: str) -> None:
    assert first_call("m_outdoor", text)[0] == "search_merchant_docs"


def test_whether_past_ads_worked_is_the_past_estimate() -> None:
    tool, args = first_call("m_outdoor", "上个月那波推广起作用了没")
    assert tool == "estimate_promotion_effect"
    assert args.get("mode") == "past"


def test_a_test_of_whether_ads_drive_sales_is_a_holdout() -> None:
    tool, args = first_call(
        "m_outdoor", "how could we test whether the ads actually drive sales, or people would buy anyway?"
    )
    assert (tool, args.get("mode")) == ("estimate_promotion_effect", "holdout")


def test_a_fall_asked_as_yes_or_no_is_an_anomaly_search() -> None:
    tool, args = first_call("m_outdoor", "帐篷这个月有没有下滑")
    assert tool == "detect_sales_anomalies"
    assert (args.get("direction"), args.get("category")) == ("drop", "帐篷")
