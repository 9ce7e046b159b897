"""Festival dates live in one place: copilot/calendar/festivals.yaml. A festival's month-day written anywhere
else in the package's or the tools' code and data, or the evals' code (as "11-11", [11, 11], (12, 12) or
date(year, 6, 18)) is a second definition that can drift from it, so this test fails on one. The evals'
scenario notes are prose for people and are not scanned."""

from __future__ import annotations

import re
from pathlib import Path
from typing import get_args

from copilot.calendar.festivals import CALENDAR_FILE, festivals, holidays
from tools.campaign import EventName

ROOT = Path(__file__).resolve().parents[2]
DATA = {".py", ".yaml", ".yml", ".json", ".toml"}
SCANNED = {"copilot": DATA, "tools": DATA, "evals": {".py"}}


def festival_month_days() -> set[tuple[int, int]]:
    days: set[tuple[int, int]] = set()
    for festival in festivals().values():
        days |= {festival.day, festival.start, festival.promotion_start, *festival.peaks}
    return days


def _literals(month: int, day: int) -> re.Pattern[str]:
    text = rf"0?{month}-{day:02d}" if day >= 10 else rf"0?{month}-0?{day}"
    pair = rf"0?{month},\s*0?{day}"
    return re.compile(
        rf"(?<![\d\-/.])(?:{text})(?![\d\-])"  # "11-11", '06-18' (not 2026-06-18, not a range 6-18-)
        rf"|[\[(]\s*{pair}\s*[\])]"  # [11, 11], (6, 18)
        rf"|date\(\s*[a-z_][\w.]*\s*,\s*{pair}\s*\)"  # date(year, 12, 12): any year
    )


def festival_literals(root: Path) -> list[str]:
    patterns = [_literals(month, day) for month, day in sorted(festival_month_days())]
    found = []
    for top, suffixes in SCANNED.items():
        for path in sorted((root / top).rglob("*")):
            if path.suffix not in suffixes or path.name == CALENDAR_FILE.name or "__pycache__" in path.parts:
                continue
            for number, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
                if any(p.search(line) for p in patterns):
                    found.append(f"{path.relative_to(root)}:{number}: {line.strip()}")
    return found


def test_no_festival_date_is_written_outside_the_calendar() -> None:
    assert festival_literals(ROOT) == []


def test_the_scan_sees_each_way_of_writing_a_festival_day(tmp_path: Path) -> None:
    lines = ['day: "11-11"', "start: [10, 20]", "end = (12, 12)", "return date(year, 6, 18)", "peaks: ['12-08']"]
    (tmp_path / "copilot").mkdir()
    (tmp_path / "copilot" / "x.py").write_text("\n".join(lines), encoding="utf-8")
    assert len(festival_literals(tmp_path)) == len(lines)


def test_the_scan_leaves_dates_of_one_year_alone(tmp_path: Path) -> None:
    lines = ['"2026-11-11"', "date(2026, 12, 12)", "start: 2025-10-20"]
    (tmp_path / "tools").mkdir()
    (tmp_path / "tools" / "x.yaml").write_text("\n".join(lines), encoding="utf-8")
    assert festival_literals(tmp_path) == []


def test_the_campaign_tools_event_names_are_the_calendars_festivals() -> None:
    assert set(get_args(EventName)) == set(festivals())


def test_public_holidays_are_periods_not_festivals() -> None:
    """Holidays (国庆, 劳动节) are read as periods only: no festival id the tools, campaigns or the promotion model
    take, and each one's days off hold its day (a Monday holiday's long weekend starts before it)."""
    assert holidays(), "festivals.yaml has no holidays"
    for key, holiday in holidays().items():
        assert key not in festivals()
        first, last = holiday.season_in(2026)
        assert first <= holiday.day_in(2026) <= last
        assert holiday.day_pattern.search(holiday.name["zh"])
