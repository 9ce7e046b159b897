"""A budget request checked before anything is spent: its arguments, amount, key, dates and every cap,
counting what the store's other approved budgets already pace on the same days."""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from langchain_core.tools import BaseTool
from pydantic import BaseModel, ValidationError

from copilot.adplatform import money
from copilot.budget.commitments import Commitment, peak
from copilot.context import Context
from copilot.i18n import format_money
from copilot.i18n.language import cjk_language
from copilot.store.models import Campaign, Merchant
from tools.result import ToolRefusal

PENDING = "pending_approval"
MAX_AMOUNT = Decimal("999999999999.99")
MAX_KEY_CHARS = 128


@dataclass(frozen=True)
class Plan:
    """A validated budget: what the approval card shows and what the platform receives."""

    merchant_id: str
    currency: str
    campaign_id: str
    campaign_name: str
    amount: Decimal
    start: date
    end: date
    days: int
    pacing: Decimal
    daily_cap: Decimal
    committed: Decimal  # already paced on the busiest of these days by the store's other approved budgets
    cap_source: str  # merchant | remembered
    total_cap: Decimal
    language: str  # the card's: the question's language, else the campaign's and store's names


@dataclass(frozen=True)
class BudgetArgs:
    campaign_id: str | None
    amount: float | None


def parse_args(tool: BaseTool, args: dict[str, Any]) -> BudgetArgs:
    """The model's arguments, validated against the tool's own schema; unknown names are refused."""
    schema = tool.tool_call_schema
    assert isinstance(schema, type) and issubclass(schema, BaseModel)
    unknown = sorted(set(args) - set(schema.model_fields))
    if unknown:
        raise ToolRefusal(f"unknown arguments {unknown}; only campaign_id and amount are accepted")
    try:
        parsed = schema.model_validate(args, strict=True)  # money is a JSON number: `true` or "10" is refused
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc'])) or 'arguments'}: {e['msg']}" for e in exc.errors())
        raise ToolRefusal(f"invalid arguments ({problems}); give campaign_id (text) and amount (a number)") from exc
    return BudgetArgs(**parsed.model_dump())


def parse_amount(value: float | Decimal) -> Decimal:
    """The amount in cents; refuses anything not a positive, finite, storable amount."""
    if isinstance(value, float) and not math.isfinite(value):
        raise ToolRefusal(f"the amount must be a finite number, not {value}")
    amount = Decimal(str(value))
    if not amount.is_finite():
        raise ToolRefusal(f"the amount must be a finite number, not {value}")
    if amount > MAX_AMOUNT:
        raise ToolRefusal(f"the amount {value} is beyond any budget this store can hold")
    amount = amount.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    if amount <= 0:
        raise ToolRefusal(f"the amount must be positive (at least 0.01), got {value}")
    return amount


def storage_key(key: str) -> str:
    """The key as stored (at most 128 characters; a longer key is stored as its SHA-256, still unique)."""
    if len(key) <= MAX_KEY_CHARS:
        return key
    return "sha256:" + hashlib.sha256(key.encode("utf-8")).hexdigest()


def remembered_cap(ctx: Context) -> Decimal | None:
    if ctx.memory is None:
        return None
    value = ctx.memory.constraints(ctx.merchant_id).get("daily_budget_cap")
    return None if value is None else Decimal(str(value))


def campaign_refusal(campaign: Campaign) -> str:
    if campaign.status == PENDING:
        return f"campaign {campaign.id} is already awaiting approval of another budget request"
    return f"campaign {campaign.id} is {campaign.status}; only a draft campaign can get a new budget"


def check_plan(
    ctx: Context,
    merchant: Merchant,
    campaign: Campaign,
    amount: Decimal,
    committed: list[Commitment],
    remembered: Decimal | None,
) -> Plan:
    """Check dates and caps for `amount` on `campaign`, the daily cap counting what the store's other approved
    budgets (`committed`) already pace on the same days; raise ToolRefusal with the reason otherwise."""
    today = ctx.clock.now().date()
    if campaign.end_date < campaign.start_date:
        raise ToolRefusal(
            f"campaign {campaign.id} ends ({campaign.end_date}) before it starts ({campaign.start_date}); "
            "fix its dates first"
        )
    if campaign.end_date < today:
        raise ToolRefusal(
            f"campaign {campaign.id} ended on {campaign.end_date}, before today ({today}); "
            "a budget cannot be spent in the past"
        )
    first_day = max(campaign.start_date, today)
    days = (campaign.end_date - first_day).days + 1
    currency = merchant.currency

    def show(amount: Decimal) -> str:
        return format_money(amount, currency, "en")

    total_cap = money(campaign.budget_total)
    if amount > total_cap:
        raise ToolRefusal(
            f"{show(amount)} is over campaign {campaign.id}'s total budget "
            f"{show(total_cap)}; change the campaign's budget first or ask for less"
        )
    daily_cap, source = money(merchant.daily_budget_cap), "merchant"
    if remembered is not None and remembered < daily_cap:
        daily_cap, source = money(remembered), "remembered"
    pacing = money(amount / days)
    label = "the merchant's remembered daily cap" if source == "remembered" else "the store's daily cap"
    if amount > daily_cap * days:
        raise ToolRefusal(
            f"{show(amount)} over {days} day(s) ({first_day} to {campaign.end_date}) is "
            f"{show(pacing)}/day, over {label} of {show(daily_cap)}/day "
            f"(at most {show(daily_cap * days)} for these dates)"
        )
    busiest = peak(committed, first_day, campaign.end_date)
    if busiest.day is not None and pacing + busiest.committed > daily_cap:
        headroom = max(daily_cap - busiest.committed, Decimal(0))
        raise ToolRefusal(
            f"{show(amount)} over {days} day(s) is {show(pacing)}/day, but "
            f"{show(busiest.committed)}/day of {label} ({show(daily_cap)}/day) "
            f"is already committed on {busiest.day} by approved budgets ({', '.join(busiest.campaigns)}); at most "
            f"{show(headroom * days)} fits these dates"
        )
    return Plan(
        merchant_id=merchant.id,
        currency=currency,
        campaign_id=campaign.id,
        campaign_name=campaign.name,
        amount=amount,
        start=first_day,
        end=campaign.end_date,
        days=days,
        pacing=pacing,
        daily_cap=daily_cap,
        committed=busiest.committed,
        cap_source=source,
        total_cap=total_cap,
        language=ctx.lang if ctx.lang in ("zh", "en") else cjk_language(campaign.name, merchant.name),
    )
