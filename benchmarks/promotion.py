"""The promotion model (copilot/promotion) against the demo's planted truth, on held-out campaigns, and its cost.

Usage: `python benchmarks/promotion.py [--seeds 101 202 303] [--orders 45000] [--record]`

- Recovery: demo stores built with seeds the model was not developed on (development used 20261120 and 1-3);
  per merchant the fitted per-channel ROI order against the true one, the halo share (goal within +-25% of the
  truth) and the carry-over per channel (goal within +-1 day), next to the halo's own carry-over.
- Backtest: every launch, clearance and festival push that starts after the first 120 days is held out: the model
  is fitted on the days before it and forecasts the GMV the platform attributes to its channels over its days,
  given their spend; goal: 80% intervals cover 70-90% of the outcomes. On the same campaigns, the assumption-based
  forecast of draft_campaign (copilot/campaigns: CPC and conversion index of campaign.yaml, the store's own view
  conversion and order value of the 90 days before) — error ratio in the same run.
- Cost: seconds and peak Python memory per merchant fit, and how it grows with days x channels (synthetic
  histories from the simulator).
Prints tables and writes them with date, machine and commit to reports/bench/ (`--record`: also BENCHMARKS.md).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import tracemalloc
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import numpy as np
from sqlalchemy import text
from sqlalchemy.orm import Session

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks._report import add_record_flag, write_section  # noqa: E402
from copilot.campaigns.audience import SegmentEstimate  # noqa: E402
from copilot.campaigns.forecast import _cell_estimate  # noqa: E402
from copilot.campaigns.history import campaign_history  # noqa: E402
from copilot.campaigns.products import load_catalog  # noqa: E402
from copilot.demo.build import build_demo  # noqa: E402
from copilot.promotion.fit import fit_history  # noqa: E402
from copilot.promotion.history import History, load_history  # noqa: E402
from copilot.promotion.jobs import fit_now  # noqa: E402
from copilot.promotion.model import PromotionModel, paid_forecast, summarise  # noqa: E402
from copilot.promotion.response import PAID_CHANNELS, adstock  # noqa: E402
from copilot.promotion.simulate import attribute, plan_promotions  # noqa: E402
from copilot.store import Store  # noqa: E402

MERCHANTS = ("m_outdoor", "m_baby", "m_pet")
HELD_OUT_AFTER_DAYS = 120


@dataclass
class Recovery:
    seed: int
    merchant: str
    true_order: str
    fitted_order: str
    halo_true: float
    halo_fit: float
    halo_low: float  # the fitted halo share's 80% interval (draws of the organic fit's halo parameters)
    halo_high: float
    carry_error: float  # largest |fitted - true| over channels, days
    halo_carry_true: float
    halo_carry_fit: float
    seconds: float
    peak_mb: float


@dataclass
class Backtest:
    merchant: str
    campaign: str
    actual: float
    model: float
    low: float
    high: float
    assumed: float


def _order(values: dict[str, float]) -> str:
    return ">".join(sorted(values, key=lambda c: -values[c]))


def halo_share_interval(model: PromotionModel, history: History, draws: int = 400) -> tuple[float, float]:
    """80% interval of the halo share over the history, from the organic fit's covariance of (log ratio, logit
    decay): how far the truth may lie from the point estimate by the fit's own uncertainty."""
    k = model.baseline_terms
    cov = model.organic.cov[k : k + 2, k : k + 2]
    thetas = np.random.default_rng(0).multivariate_normal(model.organic.theta[k : k + 2], (cov + cov.T) / 2, draws)
    paid = history.paid_gmv.sum(axis=0)
    halo = np.array([np.exp(r) * adstock(paid, 1 / (1 + np.exp(-d))).sum() for r, d in thetas])
    low, high = np.quantile(halo / (halo + paid.sum()), [0.1, 0.9])
    return float(low), float(high)


def recovery(session: Session, seed: int, merchant: str) -> Recovery:
    tracemalloc.start()
    began = time.perf_counter()
    model = fit_now(session, merchant)
    seconds = time.perf_counter() - began
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    assert isinstance(model, PromotionModel), model
    truth = {
        row[0]: (float(row[1]), float(row[2]))
        for row in session.execute(
            text("SELECT channel, roi, carryover_days FROM demo_truth_promotion_channels WHERE merchant_id = :m"),
            {"m": merchant},
        )
    }
    share, halo_days = session.execute(
        text("SELECT share, carryover_days FROM demo_truth_promotion_halo WHERE merchant_id = :m"), {"m": merchant}
    ).one()
    fitted = {s.channel: s for s in model.summaries}
    history = load_history(session, merchant)
    assert history is not None
    low, high = halo_share_interval(model, history)
    return Recovery(
        seed, merchant, _order({c: t[0] for c, t in truth.items()}), _order({c: s.roi for c, s in fitted.items()}),
        float(share), model.halo_share, low, high, max(abs(fitted[c].carryover_days - truth[c][1]) for c in fitted),
        float(halo_days), model.halo_carryover_days, seconds, peak,
    )  # fmt: skip


def _fit(history: History) -> PromotionModel:
    channels, organic, k = fit_history(history, lambda stage, done: None)
    return summarise(history, channels, organic, k, 0.0)


def _assumed_gmv(session: Session, merchant: str, start: date, spend: dict[str, float]) -> float:
    """draft_campaign's forecast of the paid GMV of this spend: whole-store history of the 90 days before."""
    catalog = load_catalog(session, merchant)
    history = campaign_history(session, merchant, catalog, catalog, start - timedelta(days=1))
    segment = SegmentEstimate("all", "all", 0, history.funnel.views, history.funnel.purchases,
                              history.view_conversion, "whole store")  # fmt: skip
    return sum(_cell_estimate(amount, channel, segment, history).gmv for channel, amount in spend.items() if amount)


def backtests(session: Session, merchant: str) -> list[Backtest]:
    history = load_history(session, merchant)
    assert history is not None
    plans = session.execute(
        text(
            "SELECT name, channels, start_date, end_date FROM demo_truth_promotion_plans "
            "WHERE merchant_id = :m AND kind != 'always_on' ORDER BY start_date"
        ),
        {"m": merchant},
    ).all()
    results = []
    for name, channels, first, last in plans:
        start, end = date.fromisoformat(str(first)[:10]), date.fromisoformat(str(last)[:10])
        a, b = history.index(start), history.index(end) + 1
        if a < HELD_OUT_AFTER_DAYS or b > history.days:
            continue
        model = _fit(history.until(start))
        used = [c for c in str(channels).split(",") if c in model.channels]
        spend, carry = {}, {}
        for c in used:
            i = PAID_CHANNELS.index(c)
            spend[c] = history.spend[i, a:b]
            decay = next(s for s in model.summaries if s.channel == c).carryover_days
            carry[c] = float(adstock(history.spend[i, :a], decay / (1 + decay))[-1])
        point, draws = paid_forecast(model, spend, carry)
        low, high = np.quantile(draws, [0.1, 0.9])
        actual = float(sum(history.paid_gmv[PAID_CHANNELS.index(c), a:b].sum() for c in used))
        assumed = _assumed_gmv(session, merchant, start, {c: float(spend[c].sum()) for c in used})
        results.append(Backtest(merchant, str(name), actual, point, float(low), float(high), assumed))
    return results


def growth() -> list[tuple[int, int, float]]:
    """Fit seconds on synthetic histories of D days and C channels (the simulator's response, no orders)."""
    rows = []
    rng = np.random.default_rng(5)
    for days in (120, 240, 480, 960):
        dates = np.datetime64("2024-01-01") + np.arange(days)
        history = plan_promotions(rng, "m_outdoor", dates, np.ones(days), np.ones(days))
        weights = history.weights
        n = int(40 * days)
        day = np.repeat(np.arange(days), rng.multinomial(n, weights / weights.sum()))
        totals = (rng.gamma(3.0, 130.0, len(day)) * 100).astype(np.int64)
        attribution = attribute(rng, history, day, totals, np.ones(len(day), dtype=bool))
        spend, paid = np.zeros((3, days)), np.zeros((3, days))
        for d, channel, _, cents, _, _, _, gmv in attribution.rows:
            spend[PAID_CHANNELS.index(channel), d] += cents / 100
            paid[PAID_CHANNELS.index(channel), d] += gmv / 100
        gmv = np.bincount(day, weights=totals / 100, minlength=days)
        for channels in (1, 2, 3):
            keep = np.zeros((3, days))
            keep[:channels] = 1.0
            synthetic = History("bench", dates, gmv, spend * keep, paid * keep, np.ones(days), np.zeros(days), "b")
            began = time.perf_counter()
            fit_history(synthetic, lambda stage, done: None)
            rows.append((days, channels, time.perf_counter() - began))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, nargs="+", default=[101, 202, 303])
    parser.add_argument("--orders", type=int, default=None)
    add_record_flag(parser)
    args = parser.parse_args()

    recovered: list[Recovery] = []
    tests: list[Backtest] = []
    with tempfile.TemporaryDirectory() as folder:
        for seed in args.seeds:
            store = Store.open(f"sqlite:///{Path(folder) / f'demo-{seed}.db'}")
            build_demo(store, orders=args.orders, seed=seed)
            with Session(store.engine) as session:
                for merchant in MERCHANTS:
                    recovered.append(recovery(session, seed, merchant))
                    tests += backtests(session, merchant)
            store.close()
    cost = growth()

    rank_ok = sum(r.true_order == r.fitted_order for r in recovered)
    halo_ok = sum(abs(r.halo_fit / r.halo_true - 1) <= 0.25 for r in recovered)
    carry_ok = sum(r.carry_error <= 1.0 for r in recovered)
    halo_covered = sum(r.halo_low <= r.halo_true <= r.halo_high for r in recovered)
    covered = sum(t.low <= t.actual <= t.high for t in tests)
    model_error = statistics.mean(abs(t.model - t.actual) / t.actual for t in tests)
    assumed_error = statistics.mean(abs(t.assumed - t.actual) / t.actual for t in tests)

    table1 = [
        "| seed | merchant | true ROI order | fitted ROI order | halo share true / fitted | fitted 80% interval | "
        "max channel carry-over error (days) | halo carry-over true / fitted (days) | fit s | peak MiB |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for r in recovered:
        table1.append(
            f"| {r.seed} | {r.merchant} | {r.true_order} | {r.fitted_order} | {r.halo_true:.3f} / {r.halo_fit:.3f} "
            f"({r.halo_fit / r.halo_true - 1:+.0%}) | [{r.halo_low:.3f}, {r.halo_high:.3f}] | {r.carry_error:.2f} | "
            f"{r.halo_carry_true:.1f} / {r.halo_carry_fit:.1f} | {r.seconds:.2f} | {r.peak_mb:.1f} |"
        )
    table2 = [
        "| merchant | held-out campaign | attributed GMV | model forecast [80% interval] | assumption forecast |",
        "| --- | --- | --- | --- | --- |",
    ]
    for t in tests:
        table2.append(
            f"| {t.merchant} | {t.campaign} | {t.actual:,.0f} | {t.model:,.0f} [{t.low:,.0f}, {t.high:,.0f}] | "
            f"{t.assumed:,.0f} |"
        )
    table3 = ["| days | channels | fit seconds |", "| --- | --- | --- |"]
    table3 += [f"| {d} | {c} | {s:.2f} |" for d, c, s in cost]
    seconds = [r.seconds for r in recovered]
    bullets = [
        f"seeds {args.seeds} (not used in development), {args.orders or 'default'} orders per store",
        f"ROI order right: {rank_ok}/{len(recovered)} merchants; halo share within +-25%: {halo_ok}/{len(recovered)};"
        f" channel carry-over within +-1 day: {carry_ok}/{len(recovered)}; true halo share inside the fit's 80% "
        f"interval: {halo_covered}/{len(recovered)}",
        f"backtest: {len(tests)} held-out campaigns, 80% interval coverage {covered / len(tests):.0%} (goal 70-90%)",
        f"mean absolute error of the paid GMV forecast: model {model_error:.1%}, assumption-based {assumed_error:.1%};"
        f" ratio {model_error / assumed_error:.2f}",
        f"fit per merchant (demo year, 3 channels): median {statistics.median(seconds):.2f} s, max "
        f"{max(seconds):.2f} s; peak Python memory {max(r.peak_mb for r in recovered):.1f} MiB",
    ]
    section = write_section(
        "promotion",
        "Promotion model: planted truth, held-out campaigns, cost (issue 19)",
        bullets,
        ["\n".join(table1), "\n".join(table2), "\n".join(table3)],
        record=args.record,
    )
    print(section)


if __name__ == "__main__":
    main()
