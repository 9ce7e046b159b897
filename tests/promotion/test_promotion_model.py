"""The promotion model on the demo store: it recovers the planted truth, answers at once while a fit runs in the
background, says when the history is too thin, and an imported Alimama report changes the merchant's forecast."""

from __future__ import annotations

import csv
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session

from copilot.clock import demo_clock
from copilot.importers import import_files
from copilot.promotion import jobs, service
from copilot.promotion.history import load_history
from copilot.promotion.jobs import fit_now, jobs_for
from copilot.promotion.model import PromotionModel
from copilot.promotion.response import PAID_CHANNELS
from copilot.store import Store
from copilot.store.models import Customer, Merchant, Order

MERCHANTS = ("m_outdoor", "m_baby", "m_pet")
ALIMAMA_HEADER = ["日期", "计划ID", "计划名称", "场景名称", "花费", "展现量", "点击量", "点击率", "平均点击花费",
                  "总成交金额", "总成交笔数", "投入产出比"]  # fmt: skip


def _truth(session: Session, merchant: str) -> tuple[dict[str, tuple[float, float]], float]:
    channels = {
        row[0]: (float(row[1]), float(row[2]))
        for row in session.execute(
            text("SELECT channel, roi, carryover_days FROM demo_truth_promotion_channels WHERE merchant_id = :m"),
            {"m": merchant},
        )
    }
    share = session.execute(
        text("SELECT share FROM demo_truth_promotion_halo WHERE merchant_id = :m"), {"m": merchant}
    ).scalar_one()
    return channels, float(share)


def test_the_fit_recovers_the_planted_truth_of_every_demo_merchant(demo_store: Store) -> None:
    with Session(demo_store.engine) as session:
        for merchant in MERCHANTS:
            model = fit_now(session, merchant)
            assert isinstance(model, PromotionModel), model
            channels, share = _truth(session, merchant)
            fitted = {s.channel: s for s in model.summaries}
            assert sorted(fitted, key=lambda c: -fitted[c].roi) == sorted(channels, key=lambda c: -channels[c][0])
            for channel, (_, carryover) in channels.items():
                assert abs(fitted[channel].carryover_days - carryover) <= 1.0, (merchant, channel)
            # m_pet is the smallest store (8,100 orders a year): its halo is the hardest to tell from noise; the
            # +-25% goal is measured on unseen seeds in benchmarks/promotion.py
            bound = 0.4 if merchant == "m_pet" else 0.25
            assert abs(model.halo_share / share - 1) <= bound, (merchant, model.halo_share, share)


def test_an_estimate_never_waits_for_a_fit_and_then_answers_with_intervals(demo_store: Store, tmp_path: Path) -> None:
    folder = tmp_path / "models"
    start, end = date(2026, 12, 1), date(2026, 12, 14)
    with Session(demo_store.engine) as session:
        first = service.estimate_budget(session, "m_outdoor", 30000, None, start, end, cache_dir=folder)
        assert first.model.state == "fitting" and first.paid_gmv is None and first.model.reason
        status = jobs_for(folder).wait("m_outdoor", timeout=120)
        assert status is not None and status.state == "done"

        estimate = service.estimate_budget(session, "m_outdoor", 30000, None, start, end, cache_dir=folder)
        assert estimate.model.state == "ready"
        assert estimate.paid_gmv and estimate.organic_lift and estimate.total and estimate.roi
        for interval in (estimate.paid_gmv, estimate.organic_lift, estimate.total):
            assert interval.low <= interval.value <= interval.high
        assert estimate.organic_lift.value > 0
        assert estimate.total.value == pytest.approx(estimate.paid_gmv.value + estimate.organic_lift.value, abs=0.02)
        assert sum(s.budget for s in estimate.split) == pytest.approx(30000)
        gains = [p.paid_gmv + p.organic_gmv for p in estimate.curve]
        assert gains == sorted(gains)
        per_yuan = [g / p.budget for g, p in zip(gains, estimate.curve, strict=True)]
        assert per_yuan == sorted(per_yuan, reverse=True)  # diminishing returns

        capped = service.estimate_budget(
            session, "m_outdoor", 30000, ["search", "live"], start, end, caps={"live": 5000}, cache_dir=folder
        )
        budgets = {s.channel: s.budget for s in capped.split}
        assert set(budgets) == {"search", "live"} and budgets["live"] <= 5000
        assert sum(budgets.values()) == pytest.approx(30000)


def test_the_double_eleven_push_lifted_paid_and_organic_gmv(demo_store: Store, tmp_path: Path) -> None:
    folder = tmp_path / "models"
    with Session(demo_store.engine) as session:
        model = fit_now(session, "m_outdoor")
        assert isinstance(model, PromotionModel)
        jobs_for(folder).cache.save(model)
        effect = service.incremental_effect(session, "m_outdoor", date(2025, 10, 20), date(2025, 11, 11),
                                            cache_dir=folder)  # fmt: skip
    assert effect.model.state == "ready" and effect.paid_gmv and effect.organic_gmv and effect.total
    assert effect.spend > 0 and effect.counted_until is not None and effect.counted_until > date(2025, 11, 11)
    assert effect.paid_gmv.low <= effect.paid_gmv.value <= effect.paid_gmv.high
    assert effect.paid_gmv.value == pytest.approx(effect.attributed_gmv, rel=0.25)
    assert 0 < effect.organic_gmv.value < effect.paid_gmv.value


def test_a_thin_history_is_said_to_be_too_thin(empty_store: Store, tmp_path: Path) -> None:
    now = datetime(2026, 11, 20, tzinfo=UTC)
    with Session(empty_store.engine) as session:
        session.add(Merchant(id="m_new", name="New", currency="CNY", created_at=now))
        session.flush()
        session.add(Customer(id="c_new", merchant_id="m_new", region="Shanghai", age_band="25-34",
                             registered_at=now - timedelta(days=40)))  # fmt: skip
        session.flush()
        for day in range(30):
            session.add(Order(id=f"o_new_{day}", merchant_id="m_new", customer_id="c_new", status="paid",
                              channel="search", total_amount=Decimal("100.00"),
                              created_at=now - timedelta(days=day)))  # fmt: skip
        session.commit()
        first = service.estimate_budget(session, "m_new", 1000, None, date(2026, 12, 1), date(2026, 12, 7),
                                        cache_dir=tmp_path)  # fmt: skip
        jobs_for(tmp_path).wait("m_new", timeout=60)
        again = service.estimate_budget(session, "m_new", 1000, None, date(2026, 12, 1), date(2026, 12, 7),
                                        cache_dir=tmp_path)  # fmt: skip
    assert first.paid_gmv is None
    assert again.model.state == "too_thin" and again.paid_gmv is None
    assert again.model.reason and "days of history" in again.model.reason


def _alimama_report(path: Path, first: date, days: int) -> Path:
    """A 万相台 daily report (GBK CSV, as exported): a live-room plan spending 3,000 a day at ROAS 12."""
    with path.open("w", encoding="gbk", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(ALIMAMA_HEADER)
        for i in range(days):
            day = first + timedelta(days=i)
            writer.writerow([day.isoformat(), "90000001", "直播间拉新", "直播推广", "￥3,000.00", "150,000", "2,500",
                             "1.67%", "1.20", "￥36,000.00", "120", "12.00"])  # fmt: skip
        writer.writerow(["合计", "", "", "", "", "", "", "", "", "", "", ""])
    return path


def test_an_imported_ad_report_changes_that_merchants_forecast(demo_store: Store, tmp_path: Path) -> None:
    folder = tmp_path / "models"
    start, end = date(2026, 12, 1), date(2026, 12, 14)
    with Session(demo_store.engine) as session:
        for merchant in ("m_pet", "m_baby"):
            model = fit_now(session, merchant)
            assert isinstance(model, PromotionModel)
            jobs_for(folder).cache.save(model)
        before = service.estimate_budget(session, "m_pet", 20000, ["live"], start, end, cache_dir=folder)
    assert before.model.state == "ready" and before.paid_gmv is not None

    report = _alimama_report(tmp_path / "万相台_日报.csv", date(2026, 9, 1), 40)
    import_files(demo_store, [report], merchant_id="m_pet", secret="test-secret", report_dir=tmp_path / "reports",
                 clock=demo_clock())  # fmt: skip

    with Session(demo_store.engine) as session:
        stale = service.estimate_budget(session, "m_pet", 20000, ["live"], start, end, cache_dir=folder)
        assert stale.model.state == "stale" and stale.paid_gmv == before.paid_gmv
        jobs_for(folder).wait("m_pet", timeout=120)
        after = service.estimate_budget(session, "m_pet", 20000, ["live"], start, end, cache_dir=folder)
        baby = service.estimate_budget(session, "m_baby", 20000, ["live"], start, end, cache_dir=folder)
    assert after.model.state == "ready" and after.paid_gmv is not None
    assert after.paid_gmv.value > 1.3 * before.paid_gmv.value
    assert baby.model.state == "ready"  # another merchant's model is not touched


def test_a_past_roi_divides_by_the_spend_of_the_channels_it_measures(demo_store: Store, tmp_path: Path) -> None:
    folder = tmp_path / "models"
    start, end = date(2025, 10, 20), date(2025, 11, 11)
    with Session(demo_store.engine) as session:
        model = fit_now(session, "m_outdoor")
        assert isinstance(model, PromotionModel) and {"search", "live"} <= set(model.channels)
        without_live = replace(model, channels={c: f for c, f in model.channels.items() if c != "live"})
        jobs_for(folder).cache.save(without_live)
        effect = service.incremental_effect(session, "m_outdoor", start, end, cache_dir=folder)
        history = load_history(session, "m_outdoor")
    assert history is not None and effect.total and effect.roi
    window = slice(history.index(start), history.index(end) + 1)
    modelled = sum(float(history.spend[PAID_CHANNELS.index(c), window].sum()) for c in without_live.channels)
    assert 0 < modelled < effect.spend
    assert effect.roi.value == pytest.approx(effect.total.value / modelled, rel=1e-3)


def _failing_fits(monkeypatch: pytest.MonkeyPatch, folder: Path, error: Exception) -> tuple[jobs.FitJobs, list[str]]:
    """Fit jobs whose every fit raises `error`, and the merchants each fit was started for."""
    calls: list[str] = []

    def failing(session: Session, merchant_id: str, progress: object = None) -> PromotionModel:
        calls.append(merchant_id)
        raise error

    monkeypatch.setattr(jobs, "fit_now", failing)
    return jobs.FitJobs(jobs.ModelCache(folder)), calls


def test_a_failed_fit_is_not_rerun_until_the_history_changes(
    empty_store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fits, calls = _failing_fits(monkeypatch, tmp_path, RuntimeError("broken fit"))
    for _ in range(3):
        fits.submit(empty_store.engine, "m_x", "mark-1")
        status = fits.wait("m_x", timeout=30)
        assert status is not None and status.state == "failed"
    assert calls == ["m_x"]
    fits.submit(empty_store.engine, "m_x", "mark-2")
    fits.wait("m_x", timeout=30)
    assert calls == ["m_x", "m_x"]


def test_a_failed_fit_is_retried_once_its_retry_time_has_passed(
    empty_store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fits, calls = _failing_fits(monkeypatch, tmp_path, RuntimeError("broken fit"))
    fits.submit(empty_store.engine, "m_x", "mark-1")
    failed = fits.wait("m_x", timeout=30)
    assert failed is not None and failed.finished_at is not None
    fits.submit(empty_store.engine, "m_x", "mark-1", now=failed.finished_at + jobs.RETRY_FAILED_AFTER / 2)
    fits.wait("m_x", timeout=30)
    assert calls == ["m_x"]
    fits.submit(empty_store.engine, "m_x", "mark-1", now=failed.finished_at + jobs.RETRY_FAILED_AFTER)
    fits.wait("m_x", timeout=30)
    assert calls == ["m_x", "m_x"]
