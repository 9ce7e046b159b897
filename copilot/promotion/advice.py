"""What the merchant gets from the promotion model: a planned budget's expected effect, a past period's
incremental effect, and a holdout test design; each answer names the source of its numbers, and falls back
to stated assumptions (the ad platform's own attributed ROI) when the model is not ready.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from copilot.analytics.charts import chart_file
from copilot.calendar.festivals import festival_promotion, festivals
from copilot.i18n.money import format_money, format_money_compact
from copilot.promotion.history import load_history
from copilot.promotion.service import Effect, Estimate, estimate_budget, incremental_effect
from copilot.promotion.track_record import track_record
from tools.lookup import merchant_currency
from tools.result import ToolOutput, ToolRefusal

if TYPE_CHECKING:
    from copilot.context import Context
    from copilot.promotion.history import History

Mode = Literal["plan", "past", "holdout", "track_record"]
FALLBACK_SPREAD = 0.3  # the assumption-based range: +-30% around the attributed ROI
DEFAULT_DAYS = 14
Z_ALPHA, Z_POWER = 1.96, 0.84  # two-sided 5% test, 80% power


@dataclass(frozen=True)
class Window:
    start: date
    end: date


def _festival(event: str, today: date, *, past: bool) -> Window:
    if event not in festivals():
        raise ToolRefusal(f"unknown event {event!r}; expected one of {', '.join(sorted(festivals()))}")
    this_year = festival_promotion(event, today.year)
    if past:
        return Window(*(this_year if this_year[1] < today else festival_promotion(event, today.year - 1)))
    tomorrow = today + timedelta(days=1)
    first, last = this_year if this_year[1] >= tomorrow else festival_promotion(event, today.year + 1)
    return Window(max(first, tomorrow), last)


def _window(start: str | None, end: str | None, event: str | None, today: date, *, past: bool) -> Window:
    if event:
        return _festival(event, today, past=past)
    try:
        first = date.fromisoformat(start) if start else None
        last = date.fromisoformat(end) if end else None
    except ValueError as exc:
        raise ToolRefusal("dates must be YYYY-MM-DD") from exc
    if past:
        last = last or today - timedelta(days=1)
        first = first or last - timedelta(days=DEFAULT_DAYS - 1)
    else:
        first = first or today + timedelta(days=1)
        last = last or first + timedelta(days=DEFAULT_DAYS - 1)
    if last < first:
        raise ToolRefusal("the end date is before the start date")
    return Window(first, last)


def when_window(when: str | None, today: date, *, past: bool) -> Window:
    """The days a `when` argument covers: a festival id's promotion window (the latest one over for a readout, the
    coming one otherwise) or a `start..end` range, with the defaults of what it leaves out."""
    return _window(*_when_parts(when), today, past=past)


def _when_parts(when: str | None) -> tuple[str | None, str | None, str | None]:
    """The start, end and festival id of a `when` argument."""
    text = (when or "").strip()
    event = text if text in festivals() else None
    first, _, last = text.partition("..") if text and event is None else ("", "", "")
    return first.strip() or None, last.strip() or None, event


def _cache(ctx: Context) -> Path:
    return ctx.settings.data_dir / "promotion"


@dataclass(frozen=True)
class _Money:
    """Amounts in the merchant's currency (copilot.i18n.money), in the answer's language."""

    currency: str
    lang: str

    def __call__(self, value: float) -> str:
        return format_money(value, self.currency, self.lang)


def _money_for(ctx: Context) -> _Money:
    with ctx.store.session() as session:
        currency = merchant_currency(session, ctx.merchant_id)
    return _Money(currency, "en" if ctx.lang == "en" else "zh")


def _range(money: _Money, interval: Any) -> str:
    return f"{money(interval.value)} ({money(interval.low)}–{money(interval.high)})"


def _attributed_roi(history: History | None) -> tuple[float, date, date] | None:
    if history is None:
        return None
    spend, gmv = float(history.spend.sum()), float(history.paid_gmv.sum())
    if spend <= 0:
        return None
    first, last = history.dates[0].astype(date), history.dates[-1].astype(date)
    return gmv / spend, first, last


def _curve_chart(ctx: Context, estimate: Estimate, money: _Money) -> str | None:
    lang = money.lang
    if len(estimate.curve) < 2:
        return None
    zh = lang == "zh"
    paid = "付费成交" if zh else "paid GMV"
    organic = "自然增量" if zh else "organic lift"
    path = chart_file(
        ctx.settings.charts_dir,
        ctx.merchant_id,
        "line",
        title="预算响应曲线" if zh else "Budget response curve",
        labels=[format_money_compact(p.budget, money.currency, money.lang) for p in estimate.curve],
        series={paid: [p.paid_gmv for p in estimate.curve], organic: [p.organic_gmv for p in estimate.curve]},
        axis_label="GMV",
        currency=money.currency,
        lang=lang,
    )
    return str(path)


def _plan(ctx: Context, money: _Money, budget: float, window: Window, channels: tuple[str, ...] | None) -> ToolOutput:
    with ctx.store.session() as session:
        estimate = estimate_budget(
            session, ctx.merchant_id, budget, channels, window.start, window.end, cache_dir=_cache(ctx)
        )
        history = load_history(session, ctx.merchant_id) if estimate.paid_gmv is None else None
    info = estimate.model
    lines = [f"Planned budget {money(budget)} over {window.start}..{window.end}."]
    payload: dict[str, Any] = {"mode": "plan", "budget": budget, "start": str(window.start),
                               "end": str(window.end), "model_state": info.state}  # fmt: skip
    if estimate.paid_gmv is not None and estimate.organic_lift is not None and estimate.total is not None:
        lines.append(f"Source: promotion model {info.source} (model {info.state}); intervals are 80%.")
        lines.append(f"Expected paid GMV {_range(money, estimate.paid_gmv)}")
        lines.append(f"Organic lift {_range(money, estimate.organic_lift)}")
        lines.append(f"Total {_range(money, estimate.total)}")
        lines.append("Best split (marginal ROI = GMV of the next yuan):")
        lines += [f"- {s.channel}: {money(s.budget)}, marginal ROI {s.marginal_roi:.2f}" for s in estimate.split]
        if estimate.unallocated > 0:
            lines.append(f"{money(estimate.unallocated)} left unallocated by the channel caps.")
        if estimate.unmodelled_channels:
            lines.append(f"Not modelled (too little history): {', '.join(estimate.unmodelled_channels)}.")
        payload.update(source="model", model_source=info.source, paid_gmv=estimate.paid_gmv.to_json(),
                       organic_lift=estimate.organic_lift.to_json(), total=estimate.total.to_json(),
                       split=[{"channel": s.channel, "budget": s.budget, "marginal_roi": s.marginal_roi}
                              for s in estimate.split])  # fmt: skip
        chart = _curve_chart(ctx, estimate, money)
        if chart:
            payload["chart"] = chart
        return ToolOutput("\n".join(lines), payload)
    lines.append(f"Model not available: {info.reason or info.state}.")
    fallback = _attributed_roi(history)
    if fallback is None:
        lines.append("No ad history either: no estimate; import the ad platform's daily reports first.")
        payload["source"] = "none"
        return ToolOutput("\n".join(lines), payload)
    roi, first, last = fallback
    paid = budget * roi
    lines.append(
        f"Source: ASSUMPTION, the ad platform's attributed ROI {roi:.2f} over {first}..{last} applied to the budget, "
        f"±{FALLBACK_SPREAD:.0%} range, organic lift not estimated."
    )
    lines.append(f"Expected paid GMV {money(paid)} ({money(paid * (1 - FALLBACK_SPREAD))}–"
                 f"{money(paid * (1 + FALLBACK_SPREAD))})")  # fmt: skip
    payload.update(source="assumption", attributed_roi=round(roi, 3), paid_gmv=round(paid, 2))
    return ToolOutput("\n".join(lines), payload)


def _past(ctx: Context, money: _Money, window: Window) -> ToolOutput:
    with ctx.store.session() as session:
        effect: Effect = incremental_effect(session, ctx.merchant_id, window.start, window.end, cache_dir=_cache(ctx))
    info = effect.model
    lines = [
        f"Period {window.start}..{window.end}: ad spend {money(effect.spend)}, "
        f"platform-attributed GMV {money(effect.attributed_gmv)}."
    ]
    payload: dict[str, Any] = {"mode": "past", "start": str(window.start), "end": str(window.end),
                               "spend": effect.spend, "attributed_gmv": effect.attributed_gmv,
                               "model_state": info.state}  # fmt: skip
    if effect.paid_gmv is not None and effect.organic_gmv is not None and effect.total is not None:
        lines.append(f"Source: promotion model {info.source}; counterfactual = the same days without these ads; "
                     "intervals are 80%.")  # fmt: skip
        lines.append(f"Incremental paid GMV {_range(money, effect.paid_gmv)}")
        lines.append(f"Incremental organic GMV {_range(money, effect.organic_gmv)}")
        lines.append(f"Incremental total {_range(money, effect.total)}")
        if effect.counted_until:
            lines.append(f"Carry-over counted until {effect.counted_until}.")
        payload.update(source="model", model_source=info.source, paid_gmv=effect.paid_gmv.to_json(),
                       organic_gmv=effect.organic_gmv.to_json(), total=effect.total.to_json())  # fmt: skip
    elif effect.spend <= 0:
        lines.append("No ad spend in this period: nothing to measure.")
        payload["source"] = "none"
    else:
        lines.append(f"Model not available: {info.reason or info.state}. Only the platform's attributed GMV is "
                     "known; it is not incremental and says nothing of organic lift.")  # fmt: skip
        payload["source"] = "platform attribution"
    return ToolOutput("\n".join(lines), payload)


def _usual_budget(history: History | None, window: Window) -> float | None:
    """The budget a test without one is sized at: the store's mean daily ad spend over its last 4 weeks, for the
    window's days (a test of whether the ads work tests the ads as they run); None without ad spend."""
    if history is None or history.days == 0:
        return None
    daily = float(history.spend[:, -28:].sum(axis=0).mean())
    return round(daily * ((window.end - window.start).days + 1), 2) if daily > 0 else None


def _holdout(ctx: Context, money: _Money, budget: float | None, window: Window) -> ToolOutput:
    assumed = not budget
    with ctx.store.session() as session:
        history = load_history(session, ctx.merchant_id)
        budget = _usual_budget(history, window) if assumed else budget
        if budget is None:
            raise ToolRefusal("give a budget (and dates) to size the test; there is no ad spend to assume one from")
        estimate = (
            estimate_budget(session, ctx.merchant_id, budget, None, window.start, window.end, cache_dir=_cache(ctx))
            if budget
            else None
        )
    if history is None or history.days < 28:
        raise ToolRefusal("the store has less than 4 weeks of sales: too little to size a test")
    recent = history.gmv[-56:]
    sigma = float(np.std(recent, ddof=1))
    days = (window.end - window.start).days + 1
    if estimate is not None and estimate.total is not None:
        daily_lift, source = estimate.total.value / days, f"promotion model {estimate.model.source}"
    else:
        fallback = _attributed_roi(history)
        if fallback is None or not budget:
            raise ToolRefusal("give a budget (and dates) to size the test; there is no ad history to assume from")
        daily_lift = budget * fallback[0] / days
        source = f"ASSUMPTION, the platform's attributed ROI {fallback[0]:.2f}, no organic lift"
    said = " (no budget given: the store's mean daily ad spend of the last 4 weeks, for these days)" if assumed else ""
    lines = [
        f"Holdout design for budget {money(budget or 0)}{said}: days with ads on and days with ads off, assigned at "
        "random (days, not regions: the ad reports carry no region, so a region holdout could not be read out).",
        f"Daily GMV standard deviation {money(sigma)} (the store's last {len(recent)} days); expected lift "
        f"{money(daily_lift)} a day ({source}).",
    ]
    per_arm: int | None = None
    if daily_lift <= 0:
        lines.append("The expected lift is not positive: a test cannot detect a non-positive lift, so no duration "
                     "can be given; reconsider the budget or the channels before testing.")  # fmt: skip
    else:
        per_arm = int(np.ceil(2 * (Z_ALPHA + Z_POWER) ** 2 * sigma**2 / daily_lift**2))
        lines += [
            f"Days needed: {per_arm} per arm, {2 * per_arm} in all (5% significance, 80% power).",
            "Readout when done: mean GMV on ads-on days minus ads-off days, with its 95% interval; the lift is "
            "real when the interval excludes 0.",
        ]
    payload = {"mode": "holdout", "source": "model" if estimate and estimate.total else "assumption",
               "days_per_arm": per_arm, "total_days": 2 * per_arm if per_arm else None,
               "daily_sd": round(sigma, 2), "daily_lift": round(daily_lift, 2), "lift_source": source,
               "budget": round(budget or 0, 2), "budget_assumed": assumed}  # fmt: skip
    return ToolOutput("\n".join(lines), payload)


def _holdout_readout(ctx: Context, money: _Money, window: Window) -> ToolOutput:
    """A test that has run: mean GMV on ads-on days minus ads-off days over the window, with its 95% interval. A
    day is on when the store's ad reports show spend on it (the reports record the design as it was run)."""
    with ctx.store.session() as session:
        history = load_history(session, ctx.merchant_id)
    if history is None:
        raise ToolRefusal("the store has no sales yet: nothing to read out")
    first, last = max(history.index(window.start), 0), min(history.index(window.end), history.days - 1)
    if last < first:
        raise ToolRefusal(f"no sales data in {window.start}..{window.end}")
    gmv, spend = history.gmv[first : last + 1], history.spend[:, first : last + 1].sum(axis=0)
    on, off = gmv[spend > 0], gmv[spend <= 0]
    payload: dict[str, Any] = {"mode": "holdout", "readout": True, "start": str(window.start), "end": str(window.end),
                               "on_days": len(on), "off_days": len(off)}  # fmt: skip
    lines = [f"Holdout readout {window.start}..{window.end}: {len(on)} ads-on days, {len(off)} ads-off days.",
             "Source: the store's orders and ad reports; a day is on when the ad report shows spend."]  # fmt: skip
    if len(on) < 2 or len(off) < 2:
        payload["source"] = "none"
        lines.append("A readout needs at least 2 days of each: no difference can be measured in this window.")
        return ToolOutput("\n".join(lines), payload)
    difference = float(on.mean() - off.mean())
    margin = Z_ALPHA * float(np.sqrt(on.var(ddof=1) / len(on) + off.var(ddof=1) / len(off)))
    low, high = difference - margin, difference + margin
    verdict = "the lift is real (the interval excludes 0)" if low > 0 else (
        "ads-on days sold less (the interval excludes 0)" if high < 0 else "not distinguishable from 0")  # fmt: skip
    lines.append(f"Mean daily GMV on {money(float(on.mean()))}, off {money(float(off.mean()))}: difference "
                 f"{money(difference)} a day (95% interval {money(low)}–{money(high)}); {verdict}.")  # fmt: skip
    payload.update(source="holdout readout", difference={"value": round(difference, 2), "low": round(low, 2),
                                                         "high": round(high, 2)})  # fmt: skip
    return ToolOutput("\n".join(lines), payload)


def _track_record(ctx: Context, money: _Money, window: Window | None, today: date) -> ToolOutput:
    with ctx.store.session() as session:
        records = track_record(session, ctx.merchant_id, today, (window.start, window.end) if window else None)
    payload: dict[str, Any] = {"mode": "track_record", "source": "track record",
                               "campaigns": [r.to_json() for r in records]}  # fmt: skip
    if not records:
        payload["source"] = "none"
        return ToolOutput("No ended, submitted campaign with a stored forecast" + (f" in {window.start}..{window.end}"
                          if window else "") + ": forecasts are stored when a campaign is submitted and scored after "
                          "it ends.", payload)  # fmt: skip
    lines = ["Source: each campaign's forecast as stored when it was submitted, against the platform-attributed GMV "
             "and spend in the store's ad reports over the campaign's days and channels (organic lift is not "
             "observed, so not scored)."]  # fmt: skip
    for r in records:
        error = f"error {r.error:+.0%}" if r.error is not None else "no attributed GMV"
        lines.append(f"- {r.name} {r.start}..{r.end}: forecast paid GMV {money(r.forecast)} ({money(r.low)}–"
                     f"{money(r.high)}, {r.source}); actual {money(r.actual_gmv)} (spend {money(r.actual_spend)}, "
                     f"planned {money(r.planned_spend)}): {error}, {'inside' if r.inside else 'outside'} the 80% "
                     "interval.")  # fmt: skip
    errors = [abs(r.error) for r in records if r.error is not None]
    inside = sum(r.inside for r in records)
    lines.append(f"{inside} of {len(records)} inside their 80% interval" +
                 (f"; mean absolute error {np.mean(errors):.0%}." if errors else "."))  # fmt: skip
    payload.update(inside=inside, mean_abs_error=round(float(np.mean(errors)), 4) if errors else None)
    return ToolOutput("\n".join(lines), payload)


def _zh_lead(payload: dict[str, Any], money: _Money) -> str:
    """The answer's first line in Chinese: what was estimated and where the numbers come from."""
    source = {"model": "数据来源：本店订单与广告报表拟合的推广模型，区间为80%",
              "assumption": "数据来源：假设（模型尚未就绪，按广告平台归因ROI估算，未计自然流量增量）",
              "platform attribution": "数据来源：仅广告平台归因（模型尚未就绪，非增量，未含自然流量）",
              "track record": "数据来源：方案提交时保存的预测，对照本店广告报表的实际成交",
              "holdout readout": "数据来源：本店订单与广告报表（报表有花费的日子为投放日），区间为95%",
              "none": "没有可用的数据"}.get(str(payload.get("source")), "")  # fmt: skip

    def show_interval(value: dict[str, float]) -> str:
        return f"{money(value['value'])}（{money(value['low'])}–{money(value['high'])}）"

    def show(key: str) -> str:
        value = payload.get(key)
        if isinstance(value, dict):
            return show_interval(value)
        return money(float(value)) if isinstance(value, int | float) else "—"

    planned = (
        f"预算 {show('budget')}（{payload.get('start')}至{payload.get('end')}）：" if payload["mode"] == "plan" else ""
    )
    if payload["mode"] == "plan" and payload.get("source") == "model":
        body = f"{planned}预计付费成交 {show('paid_gmv')}，带动自然成交 {show('organic_lift')}，合计 {show('total')}"
    elif payload["mode"] == "plan":
        body = f"{planned}预计付费成交 {show('paid_gmv')}（±{FALLBACK_SPREAD:.0%}）"
    elif payload["mode"] == "past" and payload.get("source") == "model":
        body = (f"{payload['start']}至{payload['end']}推广带来增量：付费 {show('paid_gmv')}，"
                f"自然流量带动 {show('organic_gmv')}，合计 {show('total')}")  # fmt: skip
    elif payload["mode"] == "past":
        body = f"{payload['start']}至{payload['end']}花费 {show('spend')}，平台归因成交 {show('attributed_gmv')}"
    elif payload["mode"] == "track_record" and payload["campaigns"]:
        first = payload["campaigns"][0]
        error = f"，误差 {first['error']:+.0%}" if first["error"] is not None else ""
        where = "在" if first["inside_interval"] else "不在"
        forecast = show_interval(first["forecast_paid_gmv"])
        body = (f"{first['name']}（{first['start']}至{first['end']}）预测付费成交 {forecast}，"
                f"实际 {money(first['actual_paid_gmv'])}{error}，{where}80%区间内")  # fmt: skip
    elif payload["mode"] == "track_record":
        body = "还没有已结束且保存了预测的已提交方案"
    elif payload.get("readout") and "difference" in payload:
        lift = show_interval(payload["difference"])
        body = (f"对照测试结果（{payload['start']}至{payload['end']}，投放 {payload['on_days']} 天、停投 "
                f"{payload['off_days']} 天）：投放日比停投日平均每天多成交 {lift}")  # fmt: skip
    elif payload.get("readout"):
        body = (f"{payload['start']}至{payload['end']}投放 {payload['on_days']} 天、停投 {payload['off_days']} 天，"
                f"投放日或停投日不足2天，无法读出对照结果")  # fmt: skip
    elif payload.get("days_per_arm") is None:
        body = f"预计每日增量 {show('daily_lift')} 不为正，对照测试无法检测不为正的增量，给不出所需天数"
    else:
        body = f"对照测试需每组 {payload['days_per_arm']} 天，共 {payload['total_days']} 天"
        if payload.get("budget_assumed"):
            body += f"（未给预算，按近4周日均广告花费计，共 {show('budget')}）"
    return f"{body}。{source}。"


def run_estimate_promotion_effect(
    ctx: Context, *, mode: Mode, budget: float | None, when: str | None, channels: tuple[str, ...] | None = None
) -> ToolOutput:
    today = ctx.clock.now().astimezone(UTC).date()
    money = _money_for(ctx)
    start, end, event = _when_parts(when)
    try:
        if mode == "track_record":
            chosen = _window(start, end, event, today, past=True) if (event or start or end) else None
            output = _track_record(ctx, money, chosen, today)
        elif mode == "past":
            output = _past(ctx, money, _window(start, end, event, today, past=True))
        elif mode == "holdout" and end and date.fromisoformat(end) < today:
            output = _holdout_readout(ctx, money, _window(start, end, event, today, past=True))
        elif mode == "holdout":
            output = _holdout(ctx, money, budget, _window(start, end, event, today, past=False))
        elif not budget or budget <= 0:
            raise ToolRefusal("a planned budget (a positive amount) is needed")
        else:
            output = _plan(ctx, money, float(budget), _window(start, end, event, today, past=False), channels)
    except ValueError as exc:
        if isinstance(exc, ToolRefusal):
            raise
        raise ToolRefusal(str(exc)) from exc
    output.payload["currency"] = money.currency
    if ctx.lang != "en":
        output.text = f"{_zh_lead(output.payload, money)}\n{output.text}"
    return output
