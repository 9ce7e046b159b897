"""The approval card a human reads before a budget is spent, in the card's language (budget.yaml)."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Any

from copilot.budget.checks import Plan
from copilot.i18n import format_money
from copilot.yaml_data import load_yaml


@lru_cache(maxsize=1)
def _texts() -> dict[str, Any]:
    return load_yaml(resources.files("copilot.budget").joinpath("budget.yaml").read_text("utf-8"))


def approval_card(plan: Plan, dry_run: dict[str, Any]) -> str:
    texts, lang = _texts(), plan.language
    state = "ok" if dry_run["ok"] else "unavailable"
    return texts["card"][lang].format(
        campaign=plan.campaign_name,
        campaign_id=plan.campaign_id,
        amount=format_money(plan.amount, plan.currency, lang),
        start=plan.start.isoformat(),
        end=plan.end.isoformat(),
        days=plan.days,
        pacing=format_money(plan.pacing, plan.currency, lang),
        daily_cap=format_money(plan.daily_cap, plan.currency, lang),
        committed=format_money(plan.committed, plan.currency, lang),
        cap_source=texts["cap_source"][plan.cap_source][lang],
        total_cap=format_money(plan.total_cap, plan.currency, lang),
        dry_run=texts["dry_run"][state][lang].format(message=dry_run["message"]),
    )
