"""Answers in the merchant's language: an edited draft's changes ("预算 ¥8,000.00 → ¥6,000.00", "去掉渠道：直播"), why
the promotion model was not used, an estimate's details — were English internals inside Chinese answers ("budget ->
6000.00", "removed channels live", "the model of this store is being fitted…", "Expected paid GMV")."""

from __future__ import annotations

import re

from copilot.service import Copilot

_LATIN_WORDS = re.compile(r"\b(?:removed|channels|budget|model|fitted|ask again)\b")


def test_a_chinese_edit_says_each_change_in_chinese(copilot: Copilot) -> None:
    drafted = copilot.ask("m_outdoor", "t", "给帐篷做个双12推广，预算8000")
    assert drafted.tools_called == ["draft_campaign"]
    assert not _LATIN_WORDS.search(drafted.answer), drafted.answer

    no_live = copilot.ask("m_outdoor", "t", "直播渠道不要了")
    assert no_live.tools_called == ["draft_campaign"]
    assert "去掉渠道：直播" in no_live.answer and not _LATIN_WORDS.search(no_live.answer), no_live.answer

    cut = copilot.ask("m_outdoor", "t", "预算改成6000")
    assert "预算 ¥8,000.00 → ¥6,000.00" in cut.answer, cut.answer
    assert not _LATIN_WORDS.search(cut.answer), cut.answer


def test_an_english_edit_says_each_change_in_english(copilot: Copilot) -> None:
    copilot.ask("m_outdoor", "t", "draft a double 12 promotion for the tents with a budget of 8000")
    moved = copilot.ask("m_outdoor", "t", "make the budget 9000 and drop live")
    assert "budget CN¥8,000.00 → CN¥9,000.00" in moved.answer, moved.answer
    assert "removed channels: live" in moved.answer, moved.answer


def test_every_state_a_plan_keeps_its_assumptions_in_is_said_in_both_languages() -> None:
    from typing import get_args

    from copilot.offline.answer_text import templates
    from copilot.promotion.service import ModelState

    unusable = [state for state in get_args(ModelState) if state not in ("ready", "stale")]
    for lang in ("zh", "en"):
        assert all(templates(lang).get(f"promotion_model_{state}") for state in unusable), lang
    assert not _LATIN_WORDS.search("".join(templates("zh")[f"promotion_model_{s}"] for s in unusable))


def test_a_chinese_estimate_is_said_in_chinese(copilot: Copilot) -> None:
    for question in (
        "双12投3万推广预算能带来多少GMV？",
        "今年618的推广效果怎么样？花的钱带来多少GMV",
        "上次双11的预测准吗？",
    ):
        result = copilot.ask("m_outdoor", question, question)
        assert result.tools_called == ["estimate_promotion_effect"], question
        assert not _LATIN_WORDS.search(result.answer), result.answer
        assert not re.search(r"[A-Za-z]+(?: [A-Za-z]+){3,}", result.answer), result.answer


def test_a_submission_over_the_drafts_budget_is_refused_in_chinese(copilot: Copilot) -> None:
    copilot.ask("m_outdoor", "cap", "双12前帮我做一个防晒品类的推广方案，预算3万")
    result = copilot.ask("m_outdoor", "cap", "提交预算5000万")
    assert result.approval is None
    assert "预算没有提交" in result.answer and "超过了方案" in result.answer, result.answer
    assert not _LATIN_WORDS.search(result.answer), result.answer
