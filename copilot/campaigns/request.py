"""What the merchant asked for: the stored request of a plan and the validation of each argument."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from copilot.campaigns.config import CENT, load_config
from tools.result import ToolRefusal


@dataclass(frozen=True)
class CampaignRequest:
    """What the merchant asked for (stored in the plan, so an edit re-plans from it)."""

    objective: str
    event: str | None
    category: str | None
    product: str | None
    budget: Decimal
    start: date | None
    end: date | None
    channels: tuple[str, ...] | None
    segments: tuple[str, ...] | None

    def to_json(self) -> dict[str, Any]:
        return {
            "objective": self.objective,
            "event": self.event,
            "category": self.category,
            "product": self.product,
            "budget": str(self.budget),
            "start": self.start.isoformat() if self.start else None,
            "end": self.end.isoformat() if self.end else None,
            "channels": list(self.channels) if self.channels is not None else None,
            "segments": list(self.segments) if self.segments is not None else None,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> CampaignRequest:
        return cls(
            objective=str(data["objective"]),
            event=data.get("event"),
            category=data.get("category"),
            product=data.get("product"),
            budget=Decimal(str(data["budget"])),
            start=date.fromisoformat(data["start"]) if data.get("start") else None,
            end=date.fromisoformat(data["end"]) if data.get("end") else None,
            channels=tuple(data["channels"]) if data.get("channels") is not None else None,
            segments=tuple(data["segments"]) if data.get("segments") is not None else None,
        )


def parse_budget(value: float | Decimal | str) -> Decimal:
    """A positive, finite amount in cents, within the configured maximum; ToolRefusal otherwise."""
    try:
        amount = Decimal(str(value))
    except InvalidOperation as exc:
        raise ToolRefusal(f"the budget must be a number, not {value!r}") from exc
    if not amount.is_finite() or amount <= 0:
        raise ToolRefusal(f"the budget must be a positive amount, got {value}")
    if amount > Decimal(str(load_config().limits.max_budget)):
        raise ToolRefusal(f"the budget {value} is beyond what a campaign of this store can hold")
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def parse_date(value: str | None, name: str) -> date | None:
    if value is None or not str(value).strip():
        return None
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError as exc:
        raise ToolRefusal(f"{name} must be an ISO date (YYYY-MM-DD), got {value!r}") from exc


def parse_channels(values: Sequence[str] | None) -> tuple[str, ...] | None:
    """Paid channels, canonical and de-duplicated; ToolRefusal for organic or unknown channels."""
    if values is None:
        return None
    known = load_config().platform
    result: list[str] = []
    for raw in values:
        name = str(raw).strip().lower()
        if name == "direct":
            raise ToolRefusal("direct is organic traffic, not a paid channel; use search, recommend or live")
        if name not in known:
            raise ToolRefusal(f"unknown channel {raw!r}; paid channels are {', '.join(known)}")
        if name not in result:
            result.append(name)
    return tuple(result)


def parse_segments(values: Sequence[str] | None) -> tuple[str, ...] | None:
    if values is None:
        return None
    cleaned = tuple(dict.fromkeys(str(v).strip() for v in values if str(v).strip()))
    limit = load_config().limits.segments
    if len(cleaned) > limit:
        raise ToolRefusal(f"at most {limit} segments per campaign, got {len(cleaned)}")
    return cleaned or None
