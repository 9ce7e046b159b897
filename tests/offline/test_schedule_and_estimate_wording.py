"""A draft's dates said day first in English ("2nd to 9th December", "20th Nov to 5th Dec"), as the next n days,
or to the end of the month ("下周一到月底"); what a spend is expected to bring asked in dialect, formal English or
with ROI before its verb, read as an estimate and not a draft."""

from __future__ import annotations

import pytest

from tests.offline.planned import first_call, period_read


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("promote the tents, budget 12000, 2nd to 9th December", "2026-12-02", "2026-12-09"),
        ("draft a campaign for the tents with 9000 budget from 3rd to 12th december", "2026-12-03", "2026-12-12"),
        ("tent campaign, budget 20000, 28th Nov to 6th Dec", "2026-11-28", "2026-12-06"),
        ("draft a tent campaign, budget 8000, for the next 7 days", "2026-11-21", "2026-11-27"),
        ("帐篷做个推广 预算六千 下周二到月底", "2026-11-24", "2026-11-30"),
        ("promote the tents from next tuesday to the end of the month, budget 7000", "2026-11-24", "2026-11-30"),
    ],
)
def test_a_drafts_dates_said_day_first_or_to_the_month_end_are_read(text: str, start: str, end: str) -> None:
    tool, args = first_call("m_outdoor", text)
    assert tool == "draft_campaign"
    assert (args.get("start"), args.get("end")) == (start, end)


def test_a_sales_day_said_day_first_is_the_same_day() -> None:
    assert period_read("sales on 4th october") == "2026-10-04"
    assert period_read("gmv from 2nd to 8th october") == "2026-10-02..2026-10-08"


@pytest.mark.parametrize(
    ("text", "budget", "when"),
    [
        ("双12投三万块 能带来好多钱 帮我估下", 30000, "double12"),
        ("Kindly share the expected return if we put 40000 into 618 ads", 40000, "618"),
        ("if we spend 15000 for double 11, what can we expect back?", 15000, "double11"),
        ("ROI 估一下，618 投 5w", 50000, "618"),
    ],
)
def test_what_a_spend_is_expected_to_bring_is_an_estimate(text: str, budget: int, when: str) -> None:
    tool, args = first_call("m_outdoor", text)
    assert tool == "estimate_promotion_effect"
    assert (args.get("mode"), args.get("budget"), args.get("when")) == ("plan", budget, when)


def test_a_draft_asked_with_what_to_expect_stays_a_draft() -> None:
    tool, _ = first_call("m_outdoor", "draft a double 12 campaign, budget 20000, what should we expect")
    assert tool == "draft_campaign"


@pytest.mark.parametrize(
    "text",
    [
        "帮我 search 下 return policy 里退货要几天",
        "product doc 里有没有写猫砂盆能用多大的猫",
        "双11 的 review doc 帮我翻一下，有什么 learnings",
        "去年618活动复盘报告里，点击率是多少？",
        "what does the brand guide say about our logo colours",
    ],
)
def test_a_document_named_in_english_or_searched_for_is_a_documents_question(text: str) -> None:
    tool, _ = first_call("m_pet", text)
    assert tool == "search_merchant_docs"


def test_copy_written_after_the_brand_guide_stays_creatives() -> None:
    tool, _ = first_call("m_pet", "写3条 slogan，参考 brand guide 的调性")
    assert tool == "generate_creatives"


@pytest.mark.parametrize(
    ("text", "when"),
    [
        ("去年618投的钱 有没得用哦", "2025-06-01..2025-06-18"),  # last year's window, not this year's
        ("双11那波广告 管不管用", "double11"),
        ("what did our Double 12 ad spend really bring in?", "double12"),
    ],
)
def test_what_past_spend_brought_is_an_estimate_of_the_past(text: str, when: str) -> None:
    tool, args = first_call("m_outdoor", text)
    assert tool == "estimate_promotion_effect"
    assert (args.get("mode"), args.get("when")) == ("past", when)


@pytest.mark.parametrize("text", ["记到起哈 以后推广一天最多三千", "主色用橙色 记倒起", "记到起 我们从不在直播渠道投"])
def test_a_preference_said_with_a_dialect_remember_is_remembered(text: str) -> None:
    tool, _ = first_call("m_outdoor", text)
    assert tool == "remember_preference"


def test_what_spend_brought_asked_with_a_word_about_the_review_document_stays_an_estimate() -> None:
    tool, _ = first_call("m_outdoor", "双11投的广告回报怎么样 有没有复盘文档")
    assert tool == "estimate_promotion_effect"
