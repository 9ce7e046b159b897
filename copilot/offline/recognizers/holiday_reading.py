"""A holiday read from a word that names another holiday elsewhere ("Thanksgiving": the US one here, Canada's in
Canada; "Labour Day": May 1 here, September's in North America): which one was read and which it was not."""

from __future__ import annotations

from copilot.calendar.festivals import holidays


def other_reading(words: str) -> tuple[str, str] | None:
    """The ids of the holiday `words` (a period's words) are read as and of the other holiday the same word names
    elsewhere, when the calendar says there is one; None otherwise."""
    for holiday in holidays().values():
        if holiday.season_pattern.search(words) or holiday.day_pattern.search(words):
            return (holiday.id, holiday.other_reading) if holiday.other_reading else None
    return None
