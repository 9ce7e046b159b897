"""draft_campaign on the demo store: plan sums, caps, pacing, a forecast driven by the data, edits, audit."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest
from langchain_core.utils.function_calling import convert_to_openai_tool
from sqlalchemy import delete, func, select, update

from copilot.campaigns.config import load_config
from copilot.campaigns.pacing import allocate_cents
from copilot.campaigns.plan import build_plan
from copilot.campaigns.request import CampaignRequest
from copilot.campaigns.service import run_draft_campaign
from copilot.clock import demo_clock
from copilot.config import Settings
from copilot.context import Context
from copilot.promotion.jobs import jobs_for
from copilot.store import Store
from copilot.store.models import AuditLog, Campaign, Event, Merchant, Product
from tools.budget import submit_budget_action
from tools.campaign import draft_campaign
from tools.result import ToolOutput, ToolRefusal

SUN = "防晒霜,防晒衣,遮阳帽,防晒袖套"
DOUBLE12 = {"objective": "event", "event": "double12", "category": SUN, "budget": 30000}


class Remembered:
    """The part of the memory draft_campaign reads: constraints parsed from remembered preferences."""

    def __init__(self, constraints: dict[str, Any]) -> None:
        self._constraints = constraints

    def constraints(self, merchant_id: str) -> dict[str, Any]:
        return dict(self._constraints)


def ctx_for(store: Store, merchant: str = "m_outdoor", **kwargs: Any) -> Context:
    return Context(merchant_id=merchant, store=store, settings=Settings(), clock=demo_clock(), **kwargs)


def campaign(store: Store, campaign_id: str) -> Campaign:
    with store.session() as s:
        return s.get_one(Campaign, campaign_id)


def audit(store: Store, merchant: str = "m_outdoor") -> list[tuple[str, dict[str, Any]]]:
    with store.session() as s:
        rows = s.execute(select(AuditLog.action, AuditLog.detail).where(AuditLog.merchant_id == merchant)).all()
    return [(a, d) for a, d in rows]


def cents(values: list[str]) -> Decimal:
    return sum((Decimal(v) for v in values), Decimal(0))


def check_plan_sums(out: ToolOutput, budget: Decimal, cap: Decimal) -> None:
    plan = out.payload["plan"]
    assert cents([d["budget"] for d in plan["schedule"]]) == budget
    assert cents([c["budget"] for c in plan["channels"]]) == budget
    assert cents([s["budget"] for s in plan["segments"]]) == budget
    assert cents([s["budget"] for s in plan["split"]]) == budget
    assert all(Decimal(d["budget"]) <= cap for d in plan["schedule"])
    assert all(Decimal(d["budget"]) > 0 for d in plan["schedule"])


# ---------------------------------------------------------------- allocation


def test_allocate_cents_is_exact_proportional_and_capped():
    assert allocate_cents(1000, [1, 1, 1]) == [334, 333, 333]
    parts = allocate_cents(10_000, [1, 1, 8], cap=5_000)
    assert parts[2] == 5_000 and sum(parts) == 10_000 and parts[0] == parts[1] == 2_500
    assert allocate_cents(15_000, [1, 2, 3], cap=5_000) == [5_000, 5_000, 5_000]
    with pytest.raises(ValueError):
        allocate_cents(15_001, [1, 2, 3], cap=5_000)
    with pytest.raises(ValueError):
        allocate_cents(100, [1, 0])


# ---------------------------------------------------------------- the model's view


def test_schema_has_no_merchant_field_and_the_planner_names():
    spec = convert_to_openai_tool(draft_campaign)["function"]
    properties = set(spec["parameters"]["properties"])
    assert spec["name"] == "draft_campaign"
    assert properties == {
        "objective",
        "event",
        "category",
        "product",
        "budget",
        "start",
        "end",
        "channels",
        "segments",
        "campaign_id",
        "edit",
        "remove_channels",
    }
    assert not any("merchant" in name or "runtime" in name for name in properties)
    objective = spec["parameters"]["properties"]["objective"]["anyOf"][0]
    assert objective["enum"] == ["launch", "clearance", "event", "full_site"]


# ---------------------------------------------------------------- a new draft


def test_double12_sunscreen_draft_is_saved_with_a_plan_that_sums_to_the_budget(demo_store: Store):
    out = run_draft_campaign(ctx_for(demo_store), **DOUBLE12)
    row = campaign(demo_store, out.payload["campaign_id"])
    assert (row.merchant_id, row.status, row.objective) == ("m_outdoor", "draft", "event")
    assert row.budget_total == Decimal(30000)
    assert date(2026, 11, 20) < row.start_date <= row.end_date < date(2026, 12, 12)
    assert "双12" in row.name
    plan = row.plan
    assert plan is not None
    check_plan_sums(out, Decimal(30000), Decimal(5000))
    assert len(plan["schedule"]) == (row.end_date - row.start_date).days + 1
    assert {c["channel"] for c in plan["channels"]} == {"search", "recommend", "live"}
    assert set(plan["categories"]) == set(SUN.split(","))
    with demo_store.session() as s:
        sun_products = set(s.scalars(select(Product.id).where(Product.category.in_(SUN.split(",")))))
    assert {p["id"] for p in plan["products"]} == sun_products
    # Pacing: ramp-up first, the pre-event sprint is the peak.
    schedule = plan["schedule"]
    assert Decimal(schedule[0]["budget"]) < Decimal(plan["pacing"]["average"])
    peak = max(schedule, key=lambda d: Decimal(d["budget"]))
    assert peak["date"] >= "2026-12-09" and peak["labels"]
    total = plan["forecast"]["total"]
    for key in ("spend", "clicks", "orders", "gmv", "roi"):
        assert total[key] > 0
    for key in ("clicks", "orders", "gmv", "roi"):
        low, high = total[f"{key}_range"]
        assert low < total[key] < high
    assert out.payload["campaign_id"] in out.text and "ROI" in out.text and "30,000.00" in out.text


def _day(store: Store, day: date) -> str | datetime:
    """Midnight of a day as the stored timestamps compare: ISO text on SQLite, an aware datetime on PostgreSQL."""
    return day.isoformat() if store.dialect == "sqlite" else datetime.combine(day, datetime.min.time(), tzinfo=UTC)


def test_forecast_follows_the_stated_assumptions_and_the_stores_own_conversion(demo_store: Store):
    plan = run_draft_campaign(ctx_for(demo_store), **DOUBLE12).payload["plan"]
    a = plan["forecast"]["assumptions"]
    with demo_store.session() as s:
        ids = [p["id"] for p in plan["products"]]
        kinds = dict(
            s.execute(
                select(Event.kind, func.count())
                .where(Event.merchant_id == "m_outdoor", Event.product_id.in_(ids))
                .where(Event.created_at >= _day(demo_store, date(2026, 8, 23)))
                .where(Event.created_at < _day(demo_store, date(2026, 11, 21)))
                .group_by(Event.kind)
            ).all()
        )
    assert a["views"] == kinds["view"] and a["purchases"] == kinds["purchase"]
    assert a["view_to_purchase"] == pytest.approx(kinds["purchase"] / kinds["view"], abs=1e-4)
    # Orders of each channel = spend / CPC x segment conversion x channel index x paid ratio x event lift.
    segment = plan["segments"][0]
    for channel, f in plan["forecast"]["by_channel"].items():
        p = a["platform"][channel]
        expected = (
            f["spend"]
            / p["cpc"][1]
            * segment["conversion"]
            * p["conversion_index"]
            * a["paid_click_conversion"]
            * a["event_conversion_lift"]
        )
        assert f["orders"] == pytest.approx(expected, rel=2e-3)
        aov = a["aov_by_channel"][channel]["aov"] * a["event_aov_lift"]
        assert f["gmv"] == pytest.approx(f["orders"] * aov, rel=2e-3)


def test_lower_conversion_in_the_data_lowers_the_forecast(demo_store: Store):
    before = run_draft_campaign(ctx_for(demo_store), **DOUBLE12).payload["plan"]["forecast"]
    ids = [p for p in SUN.split(",")]
    with demo_store.session() as s:
        products = list(s.scalars(select(Product.id).where(Product.category.in_(ids))))
        purchases = list(
            s.scalars(
                select(Event.id).where(
                    Event.merchant_id == "m_outdoor", Event.kind == "purchase", Event.product_id.in_(products)
                )
            )
        )
        s.execute(delete(Event).where(Event.id.in_(purchases[::2])))
    after = run_draft_campaign(ctx_for(demo_store), **DOUBLE12).payload["plan"]["forecast"]
    ratio = after["assumptions"]["view_to_purchase"] / before["assumptions"]["view_to_purchase"]
    assert 0.4 < ratio < 0.6
    assert after["total"]["orders"] < 0.75 * before["total"]["orders"]
    assert after["total"]["gmv"] < 0.75 * before["total"]["gmv"]
    assert after["total"]["clicks"] == before["total"]["clicks"]


def test_missing_budget_asks_for_the_amount(demo_store: Store):
    with pytest.raises(ToolRefusal, match="budget"):
        run_draft_campaign(ctx_for(demo_store), objective="event", event="double12", category=SUN)
    assert audit(demo_store) == []


def test_default_dates_and_scene_segments_are_stated(demo_store: Store):
    out = run_draft_campaign(
        ctx_for(demo_store), category="帐篷", budget=7000, segments=["露营", "养猫"], channels=["search", "live"]
    )
    assert (out.payload["start_date"], out.payload["end_date"]) == ("2026-11-21", "2026-12-04")
    assert "14 days from tomorrow" in out.text and "objective not given" in out.text
    plan = out.payload["plan"]
    assert [s["key"] for s in plan["segments"]] == ["露营"] and plan["segments"][0]["size"] > 0
    assert "'养猫' dropped" in out.text
    assert [c["channel"] for c in plan["channels"]] == ["search", "live"]
    check_plan_sums(out, Decimal(7000), Decimal(5000))


def test_several_segments_share_the_budget_by_audience(demo_store: Store):
    out = run_draft_campaign(ctx_for(demo_store), **DOUBLE12, segments=["户外出游", "防晒"])
    segments = out.payload["plan"]["segments"]
    assert len(segments) == 2 and all(s["size"] > 0 for s in segments)
    assert len(out.payload["plan"]["split"]) == 6
    check_plan_sums(out, Decimal(30000), Decimal(5000))


# ---------------------------------------------------------------- caps and constraints


def test_over_cap_event_budget_is_refused_with_the_numbers(demo_store: Store):
    with pytest.raises(ToolRefusal, match=r"at most CN¥55,000\.00 fits these dates") as refused:
        run_draft_campaign(ctx_for(demo_store), **{**DOUBLE12, "budget": 80000})
    assert "CN¥5,000.00/day" in str(refused.value)
    with demo_store.session() as s:
        assert s.scalar(select(func.count()).select_from(Campaign)) == 0


def test_over_cap_budget_with_default_dates_extends_the_end_and_says_so(demo_store: Store):
    out = run_draft_campaign(ctx_for(demo_store), objective="full_site", budget=90000)
    assert out.payload["end_date"] == "2026-12-08"
    assert "extended to 2026-12-08 (18 days)" in out.text
    check_plan_sums(out, Decimal(90000), Decimal(5000))


def test_remembered_cap_is_stricter_and_blackout_and_brand_rules_are_recorded(demo_store: Store):
    memory = Remembered(
        {"daily_budget_cap": Decimal(2000), "blackout_hours": [0, 1, 2], "brand_color": "橙", "banned_words": ["最"]}
    )
    out = run_draft_campaign(ctx_for(demo_store, memory=memory), **DOUBLE12, start="2026-11-25")
    constraints = out.payload["plan"]["constraints"]
    assert constraints["daily_cap"] == "2000.00" and constraints["daily_cap_source"] == "remembered"
    assert constraints["blackout_hours"] == [0, 1, 2] and constraints["active_hours"] == 21
    assert constraints["brand_rules"] == {"brand_color": "橙", "banned_words": ["最"]}
    check_plan_sums(out, Decimal(30000), Decimal(2000))
    assert "remembered constraint" in out.text and "blackout" in out.text
    with pytest.raises(ToolRefusal, match=r"CN¥2,000\.00/day"):
        run_draft_campaign(ctx_for(demo_store, memory=memory), **DOUBLE12)


def test_the_saved_draft_passes_the_budget_tool(demo_store: Store):
    ctx = ctx_for(demo_store)
    campaign_id = run_draft_campaign(ctx, **DOUBLE12).payload["campaign_id"]
    request = submit_budget_action.prepare(ctx, {}, key="t:1", tool_call_id="call1")
    assert request.details["campaign_id"] == campaign_id
    assert Decimal(request.amount) == Decimal(30000)
    assert campaign(demo_store, campaign_id).status == "pending_approval"


# ---------------------------------------------------------------- edits


def test_edits_re_split_and_are_audited(demo_store: Store):
    ctx = ctx_for(demo_store)
    first = run_draft_campaign(ctx, **DOUBLE12)
    campaign_id = first.payload["campaign_id"]
    cut = run_draft_campaign(ctx, budget=20000, edit=True)
    assert cut.payload["campaign_id"] == campaign_id and cut.payload["edited"]
    assert campaign(demo_store, campaign_id).budget_total == Decimal(20000)
    check_plan_sums(cut, Decimal(20000), Decimal(5000))
    assert cut.payload["change_list"] == [{"field": "budget", "before": "30000.00", "after": "20000.00"}]
    assert cut.payload["plan"]["forecast"]["total"]["spend"] == pytest.approx(20000)
    assert cut.payload["plan"]["forecast"]["total"]["gmv"] < first.payload["plan"]["forecast"]["total"]["gmv"]

    no_live = run_draft_campaign(ctx, remove_channels=["live"], edit=True)
    plan = campaign(demo_store, campaign_id).plan
    assert plan is not None
    assert {c["channel"] for c in plan["channels"]} == {"search", "recommend"}
    assert all(s["channel"] != "live" for s in plan["split"]) and "live" not in plan["forecast"]["by_channel"]
    check_plan_sums(no_live, Decimal(20000), Decimal(5000))
    assert no_live.payload["change_list"] == [{"field": "channels", "removed": ["live"]}]

    moved = run_draft_campaign(ctx, campaign_id=campaign_id, start="2026-12-05", end="2026-12-11")
    assert (moved.payload["start_date"], moved.payload["end_date"]) == ("2026-12-05", "2026-12-11")
    assert len(moved.payload["plan"]["schedule"]) == 7
    check_plan_sums(moved, Decimal(20000), Decimal(5000))

    with demo_store.session() as s:
        assert s.scalar(select(func.count()).select_from(Campaign)) == 1
    log = audit(demo_store)
    assert [a for a, _ in log] == ["campaign.drafted", "campaign.edited", "campaign.edited", "campaign.edited"]
    assert log[1][1]["campaign_id"] == campaign_id and log[1][1]["previous_budget_total"] == "30000.00"


def test_an_edit_to_what_the_plan_already_is_returns_it_unchanged_and_saves_nothing(demo_store: Store):
    ctx = ctx_for(demo_store)
    drafted = run_draft_campaign(ctx, **DOUBLE12, start="2026-12-01", end="2026-12-12").payload
    same = run_draft_campaign(ctx, edit=True, start="2026-12-01", end="2026-12-12", budget=30000)
    assert same.payload["edited"] and same.payload["changes"] == []
    assert (same.payload["start_date"], same.payload["budget_total"]) == (drafted["start_date"], "30000.00")
    assert [a for a, _ in audit(demo_store)] == ["campaign.drafted"]
    moved = run_draft_campaign(ctx, edit=True, start="2026-12-01", budget=25000)
    assert moved.payload["changes"] == ["budget -> 25000.00"]


def test_edit_refusals(demo_store: Store):
    ctx = ctx_for(demo_store)
    with pytest.raises(ToolRefusal, match="no campaign to edit"):
        run_draft_campaign(ctx, budget=20000, edit=True)
    campaign_id = run_draft_campaign(ctx, **DOUBLE12).payload["campaign_id"]
    with pytest.raises(ToolRefusal, match="nothing to change"):
        run_draft_campaign(ctx, edit=True)
    with pytest.raises(ToolRefusal, match="leaves none"):
        run_draft_campaign(ctx, edit=True, remove_channels=["search", "recommend", "live"])
    with pytest.raises(ToolRefusal, match="unknown channel"):
        run_draft_campaign(ctx, edit=True, remove_channels=["tv"])
    with pytest.raises(ToolRefusal, match="not found in this store"):
        run_draft_campaign(ctx_for(demo_store, "m_pet"), campaign_id=campaign_id, budget=1000)
    with pytest.raises(ToolRefusal, match=r"at most CN¥55,000\.00"):
        run_draft_campaign(ctx, edit=True, budget=60000)
    assert campaign(demo_store, campaign_id).budget_total == Decimal(30000)
    with demo_store.session() as s:
        s.execute(update(Campaign).where(Campaign.id == campaign_id).values(status="pending_approval"))
    with pytest.raises(ToolRefusal, match="awaiting approval"):
        run_draft_campaign(ctx, edit=True, budget=20000)
    assert [a for a, _ in audit(demo_store)] == ["campaign.drafted"]
    assert audit(demo_store, "m_pet") == []


def test_unknown_category_and_bad_dates_are_refused(demo_store: Store):
    ctx = ctx_for(demo_store)
    with pytest.raises(ToolRefusal, match="no category"):
        run_draft_campaign(ctx, category="猫粮", budget=1000)
    with pytest.raises(ToolRefusal, match="past"):
        run_draft_campaign(ctx, category="帐篷", budget=1000, start="2026-11-01", end="2026-11-30")
    with pytest.raises(ToolRefusal, match="before it starts"):
        run_draft_campaign(ctx, category="帐篷", budget=1000, start="2026-12-05", end="2026-12-01")
    with pytest.raises(ToolRefusal, match="organic"):
        run_draft_campaign(ctx, category="帐篷", budget=1000, channels=["direct"])
    with pytest.raises(ToolRefusal, match="positive"):
        run_draft_campaign(ctx, category="帐篷", budget=-5)


def test_a_lower_merchant_cap_in_the_store_is_respected(demo_store: Store):
    with demo_store.session() as s:
        s.execute(update(Merchant).where(Merchant.id == "m_outdoor").values(daily_budget_cap=Decimal(3000)))
    out = run_draft_campaign(ctx_for(demo_store), **DOUBLE12)
    check_plan_sums(out, Decimal(30000), Decimal(3000))
    assert max(Decimal(d["budget"]) for d in out.payload["plan"]["schedule"]) == Decimal(3000)


def test_config_channels_are_platform_channels():
    cfg = load_config()
    for objective in cfg.objectives.values():
        assert set(objective.channels) <= set(cfg.platform)


def test_postgresql_plans_the_same_as_sqlite(demo_store: Store, pg_demo_store: Store):
    """Same demo data, same plan: the day bounds, date() grouping and EXISTS agree across dialects.

    Only the read path runs on PostgreSQL (the shared demo database stays read-only)."""
    request = CampaignRequest(
        objective="event",
        event="double12",
        category=SUN,
        product=None,
        budget=Decimal(30000),
        start=None,
        end=None,
        channels=None,
        segments=("户外出游",),
    )
    plans = []
    for store in (demo_store, pg_demo_store):
        ctx = ctx_for(store)
        with store.session() as s:
            merchant = s.get_one(Merchant, "m_outdoor")
            plans.append(build_plan(s, ctx, merchant, request).plan)
    sqlite_plan, pg_plan = plans
    assert pg_plan["forecast"]["assumptions"] == sqlite_plan["forecast"]["assumptions"]
    assert pg_plan["schedule"] == sqlite_plan["schedule"]
    assert pg_plan["segments"] == sqlite_plan["segments"]
    assert pg_plan["forecast"]["total"] == sqlite_plan["forecast"]["total"]


def test_tool_wrapper_uses_the_runtime_context(demo_store: Store):
    from types import SimpleNamespace

    assert draft_campaign.func is not None
    content, artifact = draft_campaign.func(runtime=SimpleNamespace(context=ctx_for(demo_store)), **DOUBLE12)
    assert artifact["campaign_id"] in content
    assert campaign(demo_store, artifact["campaign_id"]).merchant_id == "m_outdoor"


def test_the_forecast_comes_from_the_promotion_model_when_ready_and_says_so_otherwise(demo_store: Store):
    ctx = ctx_for(demo_store)
    before = run_draft_campaign(ctx, **DOUBLE12)
    fallback = before.payload["plan"]["forecast"]["model"]
    assert fallback["source"] == "assumptions" and fallback["reason"]
    assert "Forecast source: ASSUMPTIONS" in before.text and fallback["reason"] in before.text

    fitted = jobs_for(ctx.settings.data_dir / "promotion").wait("m_outdoor", timeout=300)  # the fit the draft started
    assert fitted is not None and fitted.state == "done"
    after = run_draft_campaign(ctx, **DOUBLE12)
    model = after.payload["plan"]["forecast"]["model"]
    assert model["source"] == "promotion model" and "Forecast source: promotion model fitted on" in after.text
    for key in ("paid_gmv", "organic_lift", "total"):
        assert model[key]["low"] <= model[key]["value"] <= model[key]["high"]
    assert model["organic_lift"]["value"] > 0
    assert set(model["by_channel"]) == {c["channel"] for c in after.payload["plan"]["channels"]}
    paid = sum(v["value"] for v in model["by_channel"].values())
    assert paid == pytest.approx(model["paid_gmv"]["value"], abs=0.05)
    assert model["total"]["value"] == pytest.approx(paid + model["organic_lift"]["value"], abs=0.05)


def _channels_of(out: Any) -> list[str]:
    return [row["channel"] for row in out.payload["plan"]["channels"]]


def test_a_remembered_channel_rule_leaves_the_channel_out_of_a_defaulted_plan(demo_store: Store):
    memory = Remembered({"excluded_channels": ["live"]})
    out = run_draft_campaign(ctx_for(demo_store, memory=memory), **DOUBLE12, start="2026-11-25")
    assert "live" not in _channels_of(out) and _channels_of(out)
    assert out.payload["plan"]["constraints"]["excluded_channels"] == ["live"]
    assert "left out live" in out.text
    check_plan_sums(out, Decimal(30000), Decimal(5000))


def test_a_channel_named_now_is_kept_against_the_rule_and_the_rule_is_said(demo_store: Store):
    memory = Remembered({"excluded_channels": ["live"]})
    out = run_draft_campaign(ctx_for(demo_store, memory=memory), **DOUBLE12, start="2026-11-25", channels=["live"])
    assert _channels_of(out) == ["live"]
    assert "remembered rule says not to use it" in out.text


def test_a_rule_that_leaves_no_default_channel_asks_for_channels(demo_store: Store):
    memory = Remembered({"excluded_channels": ["search", "recommend", "live"]})
    with pytest.raises(ToolRefusal, match="name the channels"):
        run_draft_campaign(ctx_for(demo_store, memory=memory), **DOUBLE12, start="2026-11-25")
