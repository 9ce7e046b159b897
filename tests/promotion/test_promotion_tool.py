"""The estimate_promotion_effect tool on the demo store: model numbers once fitted, a stated assumption before,
a past festival's incremental effect, and a holdout design sized from the store's own daily variance."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from copilot.campaigns.service import run_draft_campaign
from copilot.clock import demo_clock
from copilot.config import Settings
from copilot.context import Context
from copilot.promotion import advice
from copilot.promotion.advice import run_estimate_promotion_effect
from copilot.promotion.history import load_history
from copilot.promotion.jobs import ModelCache, fit_now, jobs_for
from copilot.promotion.model import Interval, PromotionModel
from copilot.promotion.service import Estimate
from copilot.promotion.track_record import track_record
from copilot.store import Store
from copilot.store.models import Campaign, CampaignForecast
from tools.budget import submit_budget_action
from tools.result import ToolRefusal


def _ctx(store: Store, tmp_path: Path, merchant: str = "m_outdoor", lang: str = "en") -> Context:
    return Context(merchant_id=merchant, store=store, settings=Settings(data_dir=tmp_path / "data"),
                   clock=demo_clock(), lang=lang)  # fmt: skip


def _fit(store: Store, ctx: Context, merchant: str = "m_outdoor") -> None:
    with Session(store.engine) as session:
        model = fit_now(session, merchant)
    assert isinstance(model, PromotionModel)
    ModelCache(ctx.settings.data_dir / "promotion").save(model)


def _run(ctx: Context, **kwargs: object) -> tuple[str, dict[str, object]]:
    args: dict[str, object] = {"mode": "plan", "budget": None, "when": None, **kwargs}
    return run_estimate_promotion_effect(ctx, **args).as_tuple()  # type: ignore[arg-type]


def test_before_the_fit_the_plan_says_it_assumes_and_uses_the_attributed_roi(demo_store: Store, tmp_path: Path) -> None:
    ctx = _ctx(demo_store, tmp_path, lang="zh")
    text, payload = _run(ctx, budget=30000, when="2026-12-01..2026-12-14")
    assert payload["source"] == "assumption" and "ASSUMPTION" in text and "Model not available" in text
    assert payload["paid_gmv"] == pytest.approx(30000 * payload["attributed_roi"], rel=1e-3)  # type: ignore[operator]
    lead = text.splitlines()[0]
    assert lead.startswith("预算 ¥30,000.00（2026-12-01至2026-12-14）：预计付费成交") and "数据来源：假设" in lead
    jobs_for(ctx.settings.data_dir / "promotion").wait("m_outdoor", timeout=120)
    _, after = _run(ctx, budget=30000, when="2026-12-01..2026-12-14")
    assert after["source"] == "model"


def test_a_fitted_model_gives_paid_organic_total_with_intervals_a_split_and_a_chart(
    demo_store: Store, tmp_path: Path
) -> None:
    ctx = _ctx(demo_store, tmp_path)
    _fit(demo_store, ctx)
    text, payload = _run(ctx, budget=30000, when="2026-12-01..2026-12-14")
    assert payload["source"] == "model" and "Source: promotion model fitted on" in text
    for key in ("paid_gmv", "organic_lift", "total"):
        interval = payload[key]
        assert isinstance(interval, dict) and interval["low"] <= interval["value"] <= interval["high"]
    split = payload["split"]
    assert isinstance(split, list) and sum(s["budget"] for s in split) == pytest.approx(30000, abs=1)
    assert Path(str(payload["chart"])).is_file()


def test_a_past_festival_reads_its_incremental_paid_and_organic_gmv(demo_store: Store, tmp_path: Path) -> None:
    ctx = _ctx(demo_store, tmp_path)
    _fit(demo_store, ctx)
    text, payload = _run(ctx, mode="past", when="double11")
    assert (payload["start"], payload["end"]) == ("2026-10-20", "2026-11-11")
    assert payload["source"] == "model" and float(payload["spend"]) > 0  # type: ignore[arg-type]
    organic = payload["organic_gmv"]
    assert isinstance(organic, dict) and organic["value"] > 0 and "Incremental organic GMV" in text


def test_the_holdout_design_needs_more_days_for_a_smaller_budget(demo_store: Store, tmp_path: Path) -> None:
    ctx = _ctx(demo_store, tmp_path)
    _, big = _run(ctx, mode="holdout", budget=60000, when="2026-12-01..2026-12-14")
    _, small = _run(ctx, mode="holdout", budget=6000, when="2026-12-01..2026-12-14")
    assert int(small["days_per_arm"]) > int(big["days_per_arm"]) >= 1  # type: ignore[call-overload]


def test_a_holdout_design_without_a_budget_is_sized_at_the_stores_usual_ad_spend(
    demo_store: Store, tmp_path: Path
) -> None:
    text, payload = _run(_ctx(demo_store, tmp_path, lang="zh"), mode="holdout")
    assert payload["budget_assumed"] is True and float(payload["budget"]) > 0  # type: ignore[arg-type]
    assert int(payload["days_per_arm"]) >= 1  # type: ignore[call-overload]
    assert "no budget given" in text and "未给预算" in text.splitlines()[0]


def test_a_plan_without_a_budget_is_refused_with_a_reason(demo_store: Store, tmp_path: Path) -> None:
    with pytest.raises(ToolRefusal, match="budget"):
        _run(_ctx(demo_store, tmp_path))


def test_a_holdout_for_a_non_positive_lift_says_no_test_can_detect_it(
    demo_store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ctx = _ctx(demo_store, tmp_path, lang="zh")
    real = advice.estimate_budget

    def no_lift(*args: object, **kwargs: object) -> Estimate:
        estimate = real(*args, **kwargs)  # type: ignore[arg-type]
        return replace(estimate, total=Interval(-120.0, -900.0, 400.0))

    monkeypatch.setattr(advice, "estimate_budget", no_lift)
    _fit(demo_store, ctx)
    text, payload = _run(ctx, mode="holdout", budget=6000, when="2026-12-01..2026-12-14")
    assert payload["days_per_arm"] is None and payload["daily_lift"] < 0  # type: ignore[operator]
    assert "cannot detect a non-positive lift" in text and "无法" in text.splitlines()[0]


def test_the_track_record_scores_last_double11s_stored_forecast_against_the_ad_reports(
    demo_store: Store, tmp_path: Path
) -> None:
    ctx = _ctx(demo_store, tmp_path, lang="zh")
    text, payload = _run(ctx, mode="track_record", when="double11")
    campaigns = payload["campaigns"]
    assert isinstance(campaigns, list) and len(campaigns) == 1
    record = campaigns[0]
    assert (record["name"], record["start"], record["end"]) == ("双11 2026", "2026-10-20", "2026-11-11")
    assert record["forecast_source"] == "promotion model" and record["actual_paid_gmv"] > 0
    forecast = record["forecast_paid_gmv"]
    assert record["error"] == pytest.approx(forecast["value"] / record["actual_paid_gmv"] - 1, abs=1e-3)
    assert record["inside_interval"] == (forecast["low"] <= record["actual_paid_gmv"] <= forecast["high"])
    assert "预测付费成交" in text.splitlines()[0] and "Source: each campaign's forecast as stored" in text

    _, everything = _run(ctx, mode="track_record")
    names = [c["name"] for c in everything["campaigns"]]  # type: ignore[union-attr]
    assert names[0] == "双11 2026" and len(names) >= 2


def test_a_submitted_campaign_stores_its_forecast_and_is_scored_once_it_has_ended(
    demo_store: Store, tmp_path: Path
) -> None:
    ctx = _ctx(demo_store, tmp_path)
    draft = run_draft_campaign(ctx, objective="event", event="double12", category="防晒霜", budget=20000)
    campaign_id = draft.payload["campaign_id"]
    submit_budget_action.prepare(ctx, {}, key="t:1", tool_call_id="call1")
    with Session(demo_store.engine) as session:
        stored = session.scalars(select(CampaignForecast).where(CampaignForecast.campaign_id == campaign_id)).one()
        campaign = session.get_one(Campaign, campaign_id)
        assert stored.forecast == {k: draft.payload["plan"]["forecast"][k] for k in ("model", "total")}
        assert stored.end_date == campaign.end_date and campaign.status == "pending_approval"
        later = campaign.end_date + timedelta(days=1)
        assert next(r.campaign_id for r in track_record(session, "m_outdoor", later)) == campaign_id
        assert campaign_id not in [r.campaign_id for r in track_record(session, "m_outdoor", campaign.end_date)]


def test_a_holdout_that_has_run_reads_out_on_minus_off_days_with_a_95_percent_interval(
    demo_store: Store, tmp_path: Path
) -> None:
    ctx = _ctx(demo_store, tmp_path, lang="zh")
    with Session(demo_store.engine) as session:
        history = load_history(session, "m_outdoor")
    assert history is not None
    on = history.spend.sum(axis=0) > 0
    start = next(i for i in range(history.days - 28) if 2 <= on[i : i + 28].sum() <= 26)
    first, last = history.dates[start].astype(date), history.dates[start + 27].astype(date)
    text, payload = _run(ctx, mode="holdout", when=f"{first}..{last}")
    gmv, days_on = history.gmv[start : start + 28], on[start : start + 28]
    difference = payload["difference"]
    assert isinstance(difference, dict) and payload["on_days"] == days_on.sum()
    assert difference["value"] == pytest.approx(gmv[days_on].mean() - gmv[~days_on].mean(), abs=0.01)
    assert difference["low"] < difference["value"] < difference["high"]
    assert text.startswith("对照测试结果") and "数据来源：本店订单与广告报表" in text.splitlines()[0]

    _, all_on = _run(ctx, mode="holdout", when="2026-10-23..2026-11-19")
    assert all_on["off_days"] == 0 and all_on["source"] == "none" and "difference" not in all_on
