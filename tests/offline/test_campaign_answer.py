"""The offline answer to a campaign draft gives one GMV and ROI forecast, from the source the plan used."""

from __future__ import annotations

from typing import Any

import pytest
from langchain_core.messages import ToolMessage

from copilot.campaigns.model_forecast import MODEL
from copilot.offline.answers import _write_campaign
from copilot.offline.nlu import Parse
from copilot.offline.turn import TurnSoFar


def _interval(value: float) -> dict[str, float]:
    return {"value": value, "low": value * 0.8, "high": value * 1.2}


def _answer(lang: str, model: dict[str, Any]) -> str:
    total = {"clicks": 12000, "clicks_range": [10000, 14000], "orders": 300, "orders_range": [250, 350],
             "gmv": 77777, "gmv_range": [66666, 88888], "roi": 2.59, "roi_range": [2.2, 2.96]}  # fmt: skip
    plan = {"channels": [], "forecast": {"total": total, "model": model}}
    payload = {"plan": plan, "name": "双12·防晒", "campaign_id": "c1", "budget_total": 30000, "currency": "CNY"}
    result = ToolMessage("saved", tool_call_id="c1", name="draft_campaign", artifact=payload)
    turn = TurnSoFar(parse=Parse("campaign", {}, lang), calls=[], results={})
    return _write_campaign(lang, {"name": "draft_campaign", "args": {}}, result, turn)


MODEL_FORECAST = {"source": MODEL, "model_source": "fitted on 2025-10-01..2026-11-19", "paid_gmv": _interval(90000),
                  "organic_lift": _interval(30000), "total": _interval(120000), "roi": _interval(4.0)}  # fmt: skip


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_model_based_plan_states_the_models_gmv_and_roi_only(lang: str):
    answer = _answer(lang, MODEL_FORECAST)
    assert "120,000" in answer and "4" in answer.split("ROI")[-1]
    assert "77,777" not in answer and "2.59" not in answer
    assert "12,000" in answer and "300" in answer  # clicks and orders still come from the funnel, labelled so


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_an_assumption_based_plan_states_the_funnels_gmv_and_roi(lang: str):
    answer = _answer(lang, {"source": "assumptions", "reason": "the model is fitting"})
    assert "77,777" in answer and "2.59" in answer and "the model is fitting" in answer


@pytest.mark.parametrize(("lang", "said"), [("zh", "没有改动"), ("en", "nothing changed")])
def test_an_edit_that_changed_nothing_says_so_in_the_merchants_language(lang: str, said: str):
    plan = {"channels": [], "forecast": {"total": {}, "model": {}}}
    payload = {"plan": plan, "name": "双12·猫砂", "campaign_id": "c2", "budget_total": 10000, "currency": "CNY",
               "start_date": "2026-12-01", "end_date": "2026-12-12", "edited": True, "changes": []}  # fmt: skip
    result = ToolMessage("unchanged", tool_call_id="c2", name="draft_campaign", artifact=payload)
    turn = TurnSoFar(parse=Parse("campaign", {"edit": True}, lang), calls=[], results={})
    answer = _write_campaign(lang, {"name": "draft_campaign", "args": {"edit": True}}, result, turn)
    assert said in answer and "2026-12-01" in answer and "nothing to change" not in answer
