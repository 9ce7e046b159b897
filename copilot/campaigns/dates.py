"""The campaign's dates: given, or the objective's defaults (festival windows for events)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from copilot.calendar.festivals import festival_day as _event_day
from copilot.calendar.festivals import festival_promotion
from copilot.campaigns.config import load_config
from copilot.campaigns.request import CampaignRequest
from tools.result import ToolRefusal


def _event_window(event: str, today: date) -> tuple[date, date]:
    """The next promotion window that still has a day before the festival day: (first day, festival day)."""
    tomorrow = today + timedelta(days=1)
    year = today.year if _event_day(event, today.year) - timedelta(days=1) >= tomorrow else today.year + 1
    return festival_promotion(event, year)


def _event_for(event: str, start: date) -> date:
    """The event day on or after `start`."""
    day = _event_day(event, start.year)
    return day if day >= start else _event_day(event, start.year + 1)


@dataclass(frozen=True)
class Dates:
    start: date
    end: date
    event_day: date | None
    end_defaulted: bool
    note: str | None

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


def campaign_dates(request: CampaignRequest, today: date) -> Dates:
    """Given dates, or the objective's defaults (stated in `note`); ToolRefusal for impossible dates."""
    cfg = load_config()
    tomorrow = today + timedelta(days=1)
    start, end, note = request.start, request.end, None
    default_days = cfg.objectives[request.objective].days
    if request.event and start is None and end is None:
        window_start, day = _event_window(request.event, today)
        start, end = max(tomorrow, window_start), day - timedelta(days=1)
        note = f"dates not given: the {request.event} window {start} to {end}, ending the day before the event ({day})"
    elif start is None and end is None:
        start, end = tomorrow, tomorrow + timedelta(days=default_days - 1)
        note = f"dates not given: {default_days} days from tomorrow, {start} to {end}"
    elif start is None:
        assert end is not None
        start = tomorrow
        if request.event:
            start = max(tomorrow, _event_window(request.event, today)[0])
        start = min(start, end)
        note = f"start not given: {start}"
    elif end is None:
        end = start + timedelta(days=default_days - 1)
        if request.event and _event_for(request.event, start) - timedelta(days=1) >= start:
            end = _event_for(request.event, start) - timedelta(days=1)
        note = f"end not given: {end}"
    assert start is not None and end is not None
    if start < today:
        raise ToolRefusal(f"the campaign cannot start in the past ({start}; today is {today})")
    if end < start:
        raise ToolRefusal(f"the campaign ends ({end}) before it starts ({start})")
    days = (end - start).days + 1
    if days > cfg.limits.max_days:
        raise ToolRefusal(f"{days} days is longer than a campaign may run ({cfg.limits.max_days} days at most)")
    event_day = _event_for(request.event, start) if request.event else None
    return Dates(start, end, event_day, request.end is None, note)
