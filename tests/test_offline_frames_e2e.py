"""Slots the offline model recognised reach the tools end to end (issue 17: typed frames)."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from sqlalchemy import select

from copilot.offline import planner
from copilot.offline.frames import Slots
from copilot.service import Copilot
from copilot.store import Store
from copilot.store.models import Campaign


def test_adding_a_channel_to_a_draft_adds_it(copilot: Copilot):
    copilot.ask("m_outdoor", "t", "双12前帮我做一个防晒品类的推广方案，预算3万")
    removed = copilot.ask("m_outdoor", "t", "去掉直播渠道")
    assert "直播 ¥" not in removed.answer
    added = copilot.ask("m_outdoor", "t", "加上直播渠道")
    assert added.tool_calls[0]["args"]["channels"] == ["search", "recommend", "live"]
    assert "直播 ¥" in added.answer and "nothing to change" not in added.answer


def test_a_budget_named_by_its_campaign_goes_to_that_campaign(copilot: Copilot, demo_store: Store):
    copilot.ask("m_outdoor", "t", "双12前帮我做一个防晒品类的推广方案，预算3万")
    copilot.ask("m_outdoor", "t", "给冲锋衣做个上新推广方案，预算2万")
    with demo_store.session() as session:
        double12 = session.scalars(
            select(Campaign.id).where(Campaign.merchant_id == "m_outdoor", Campaign.name.like("双12%"))
        ).one()
    result = copilot.ask("m_outdoor", "t", "提交双12防晒方案的预算")
    assert result.approval is not None
    assert double12 in result.approval.summary and "30,000.00" in result.approval.summary


def test_a_slot_no_step_takes_is_logged_as_an_error_and_said_unused(
    copilot: Copilot, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
):
    """A planner bug that leaves a recognised slot untaken neither fails the turn nor drops the slot silently."""
    step = planner.STEPS["anomalies"]

    def forgets_the_category(turn: Any, slots: Slots, *args: Any) -> dict[str, Any] | None:
        call = step(turn, slots, *args)
        if call is not None:
            call["args"].pop("category", None)
        slots.taken.discard("category")
        return call

    monkeypatch.setitem(planner.STEPS, "anomalies", forgets_the_category)
    with caplog.at_level(logging.ERROR, logger="copilot.offline.frames"):
        result = copilot.ask("m_outdoor", "t", "最近3天露营灯的销量有没有异常？")
    assert {r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR} == {
        "offline planner: slots recognised but used by no frame: category"
    }
    assert result.tool_calls[0]["name"] == "detect_sales_anomalies"
    assert "不能按品类“露营灯”筛选" in result.answer
