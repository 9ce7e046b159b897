"""Issue 6 end to end through the graph with the offline model: people, plan, creatives, approved spend."""

from __future__ import annotations

import pytest
from PIL import Image
from sqlalchemy import func, select

from copilot.service import Copilot, NoPendingApproval, collect, thread_key
from copilot.store import Store
from copilot.store.models import AdLedger, BudgetRequest, Campaign, Creative


def _count(store: Store, model: type) -> int:
    with store.session() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def test_people_plan_creatives_and_one_approved_spend(copilot: Copilot, demo_store: Store):
    people = copilot.ask("m_outdoor", "t", "帮我给新款冲锋衣找目标人群")
    assert people.tools_called == ["find_target_segments"]
    assert "新款轻量防风冲锋衣" in people.answer and "依据" in people.answer
    assert "→冲锋衣（×" in people.answer and "lift" not in people.answer  # no English inside the Chinese answer

    plan = copilot.ask("m_outdoor", "t", "双12前做一个防晒品类的推广方案，预算3万")
    assert plan.tools_called == ["draft_campaign"]
    with demo_store.session() as session:
        campaign = session.scalars(select(Campaign).where(Campaign.merchant_id == "m_outdoor")).one()
        assert campaign.status == "draft" and float(campaign.budget_total) == 30000
        assert campaign.end_date.isoformat() < "2026-12-12" and campaign.plan["forecast"]["total"]["gmv"] > 0
        campaign_id = campaign.id
    assert campaign_id in plan.answer and "效果预估" in plan.answer

    creatives = copilot.ask("m_outdoor", "t", "生成3套创意")
    assert creatives.tools_called == ["generate_creatives"]
    with demo_store.session() as session:
        images = session.scalars(select(Creative).where(Creative.kind == "image")).all()
        assert images and all(c.campaign_id == campaign_id for c in images)
        for creative in images[:3]:
            with Image.open(copilot.settings.data_file(creative.image_path or "")) as png:
                assert png.format == "PNG" and png.size in {(800, 800), (1200, 628), (750, 1334)}

    submit = copilot.ask("m_outdoor", "t", "提交预算")
    assert submit.approval is not None and "30,000.00" in submit.approval.summary
    assert _count(demo_store, AdLedger) == 0  # nothing is spent before the approval
    with demo_store.session() as session:
        key = session.scalars(select(BudgetRequest.idempotency_key)).one()
    assert key.startswith(f"{thread_key('m_outdoor', 't')}:")  # the spend's key is per thread and tool call
    done = collect(copilot.decide("m_outdoor", "t", submit.approval.approval_id, approved=True, decided_by="boss"))
    assert "预算已提交" in done.answer
    assert _count(demo_store, AdLedger) == 1
    with pytest.raises(NoPendingApproval):
        list(copilot.decide("m_outdoor", "t", submit.approval.approval_id, approved=True, decided_by="boss"))
    assert _count(demo_store, AdLedger) == 1


@pytest.mark.parametrize(
    ("request_text", "reason"),
    [
        ("提交预算50000000", "cap"),
        ("提交预算-500", "amount"),
    ],
)
def test_hostile_budget_requests_are_refused(copilot: Copilot, demo_store: Store, request_text: str, reason: str):
    copilot.ask("m_outdoor", "t", "双12前做一个防晒品类的推广方案，预算3万")
    result = copilot.ask("m_outdoor", "t", request_text)
    assert result.approval is None
    assert _count(demo_store, BudgetRequest) == 0 and _count(demo_store, AdLedger) == 0
    assert "没有完成" in result.answer


def test_another_merchants_campaign_is_not_found(copilot: Copilot, demo_store: Store):
    copilot.ask("m_baby", "t", "双12前做一个推车的推广方案，预算2万")
    with demo_store.session() as session:
        baby_campaign = session.scalars(select(Campaign.id).where(Campaign.merchant_id == "m_baby")).one()
    from tools.budget import submit_budget_action
    from tools.result import ToolRefusal

    with pytest.raises(ToolRefusal, match="not found"):
        submit_budget_action.prepare(
            copilot.context("m_outdoor"), {"campaign_id": baby_campaign}, key="k", tool_call_id="c"
        )
    assert _count(demo_store, BudgetRequest) == 0


def test_approval_for_a_request_that_does_not_exist(copilot: Copilot):
    with pytest.raises(NoPendingApproval):
        list(copilot.decide("m_outdoor", "nope", "br_missing", approved=True, decided_by="boss"))
