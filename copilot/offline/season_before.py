"""The festival season asked earlier in the thread, a year before ("and the same season of the last year?" after the
Double 11 season, even with the year to date asked in between; "去年同一档期呢"): the season's days in the year before,
by the festival calendar (a season's dates move with the year: the Spring Festival's do)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from copilot.calendar.festivals import festival_promotion, festivals, latest_promotion
from copilot.offline.lexicon import alternation, lexicon


def season_a_year_before(norm: str, asked: Sequence[object], today: date) -> str | None:
    """The days of the latest festival season among the periods `asked` (earliest first) in the year before it, when
    the words ask for the same season a year earlier; None otherwise."""
    if not alternation(lexicon().raw["same_days_before"]["year"]).search(norm):
        return None
    if not lexicon().single["season_said"].search(norm):
        return None
    for period in reversed(asked):
        season = _season(str(period), today) if period else None
        if season is not None:
            key, year = season
            start, end = festival_promotion(key, year - 1)
            return f"{start.isoformat()}..{end.isoformat()}"
    return None


def _season(period: str, today: date) -> tuple[str, int] | None:
    """The festival whose season `period` is (its key, or the season's days in some year) and that season's year."""
    if period in festivals():
        return period, latest_promotion(period, today)[0].year
    first, _, last = period.partition("..")
    for key in festivals():
        for year in (today.year - 1, today.year, today.year + 1):
            start, end = festival_promotion(key, year)
            if (start.isoformat(), end.isoformat()) == (first, last):
                return key, year
    return None
