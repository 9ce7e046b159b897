"""The merchant's caps and remembered rules, and dates a budget fits in under the daily cap."""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from datetime import timedelta
from decimal import Decimal
from typing import Any

from copilot.campaigns.config import CENT, load_config
from copilot.campaigns.dates import Dates
from copilot.context import Context
from copilot.i18n import format_money
from copilot.store.models import Merchant
from tools.result import ToolRefusal


@dataclass(frozen=True)
class Constraints:
    daily_cap: Decimal
    cap_source: str  # merchant | remembered
    blackout_hours: list[int]
    brand_rules: dict[str, Any]
    excluded_channels: tuple[str, ...] = ()


def merchant_constraints(ctx: Context, merchant: Merchant) -> Constraints:
    remembered = ctx.memory.constraints(ctx.merchant_id) if ctx.memory is not None else {}
    cap, source = Decimal(str(merchant.daily_budget_cap)).quantize(CENT), "merchant"
    if remembered.get("daily_budget_cap") is not None:
        own = Decimal(str(remembered["daily_budget_cap"])).quantize(CENT)
        if own < cap:
            cap, source = own, "remembered"
    rules = {k: remembered[k] for k in ("brand_color", "banned_words") if remembered.get(k)}
    hours = sorted({int(h) for h in remembered.get("blackout_hours") or []})
    return Constraints(cap, source, hours, rules, tuple(remembered.get("excluded_channels") or ()))


def plan_channels(
    asked: tuple[str, ...] | None, default: tuple[str, ...], excluded: tuple[str, ...]
) -> tuple[tuple[str, ...], str | None]:
    """The channels of a plan and a note on the remembered rule that left some out: channels the request names
    are kept as asked (the latest word wins) with a note that the rule says otherwise; defaulted channels lose
    the excluded ones. ToolRefusal when the rule leaves none of the defaults."""
    if asked:
        against = [c for c in asked if c in excluded]
        if against:
            return asked, f"kept {', '.join(against)} as asked, although a remembered rule says not to use it"
        return asked, None
    kept = tuple(c for c in default if c not in excluded)
    left_out = [c for c in default if c in excluded]
    if not kept:
        raise ToolRefusal(
            f"a remembered rule excludes {', '.join(left_out)}, which leaves this objective no channel; "
            "name the channels to use"
        )
    return kept, f"left out {', '.join(left_out)}: a remembered rule says not to use it" if left_out else None


def fit_dates(dates: Dates, budget: Decimal, cap: Decimal, objective: str, currency: str) -> tuple[Dates, str | None]:
    """Dates on which `budget` fits under `cap`/day: a defaulted end is extended (non-events), else ToolRefusal."""
    if budget <= cap * dates.days:
        return dates, None
    needed = math.ceil(budget / cap)
    if dates.end_defaulted and objective != "event" and needed <= load_config().limits.max_days:
        end = dates.start + timedelta(days=needed - 1)
        note = (
            f"{show(budget, currency)} over {dates.days} days would exceed the daily cap of "
            f"{show(cap, currency)}/day; the end date was extended to {end} ({needed} days)"
        )
        return replace(dates, end=end), note
    raise ToolRefusal(
        f"{show(budget, currency)} over {dates.days} day(s) ({dates.start} to {dates.end}) is "
        f"{show(budget / dates.days, currency)}/day, over the daily cap of {show(cap, currency)}/day; at most "
        f"{show(cap * dates.days, currency)} fits these dates, or the campaign needs at least {needed} days"
    )


def show(amount: Decimal | float | str, currency: str) -> str:
    return format_money(amount, currency, "en")
