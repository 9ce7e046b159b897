"""Periods in merchants' words, as inclusive date ranges against the merchant's clock (`today`).

The shapes the word lists of `periods.py` do not read are recognised here: quarters ("Q3", "今年第三季度",
"last quarter"), halves ("上半年", "H2"), numbered and relative weeks ("第45周", "上上周"), days and months
counted back ("前天", "3天前", "two months ago"), day ranges within a month ("11月3号到9号", "Nov 3-9") and a
festival's single day ("双11当天"). Whatever is left is read by `periods.find_listed_period`, then by jionlp's time
parser (Chinese) and dateparser (English), both imported only when a text needs them. The longest reading
wins, so "今年第三季度" is the third quarter, not "this year".
"""

from __future__ import annotations

import contextlib
import importlib
import logging
import re
from collections.abc import Callable
from datetime import date, datetime, timedelta
from functools import cache
from typing import Any

from copilot.calendar.festivals import festival_day
from copilot.calendar.months import month_end, month_start
from copilot.i18n.language import has_cjk
from copilot.offline import periods
from copilot.offline.recognizers.entity import Entity, Span
from copilot.offline.recognizers.quiet_import import import_quietly

_ZH_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_ORDINALS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4, "last": 4}
_YEAR_WORDS = {"今年": 0, "本年": 0, "去年": -1, "前年": -2, "this year": 0, "last year": -1}
_YEAR_PREFIX = r"(?:(?P<year>20\d\d)\s*年?|(?P<yw>今年|本年|去年|前年))?\s*的?\s*"
_YEAR_SUFFIX = r"(?:\s*(?:of\s+|in\s+)?(?P<year2>20\d\d|this year|last year))?"
_TIME_CHARS = re.compile(r"[天日号周月年季]|星期|礼拜")
_EN_DATE_CUE = re.compile(
    r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(st|nd|rd|th)?\b|"
    r"\b\d{1,2}(st|nd|rd|th)?\s+(of\s+)?(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)|"
    r"\blast (monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b"
)


def _range(start: date, end: date, today: date) -> str:
    end = min(end, today)
    return f"{start.isoformat()}..{end.isoformat()}"


def _year_of(match: re.Match[str], today: date) -> int | None:
    groups = match.groupdict()
    if groups.get("year"):
        return int(groups["year"])
    if groups.get("yw"):
        return today.year + _YEAR_WORDS[groups["yw"]]
    if groups.get("year2"):
        raw = groups["year2"]
        return int(raw) if raw.isdigit() else today.year + _YEAR_WORDS[raw]
    return None


def _quarter_bounds(year: int, quarter: int) -> tuple[date, date]:
    start = date(year, 3 * quarter - 2, 1)
    return start, month_end(month_start(start, 2))


def _latest_started(year: int | None, month: int, day: int, today: date) -> int:
    """The year given, or the most recent year in which the unit starting on (month, day) has started by today."""
    if year is not None:
        return year
    return today.year if (month, day) <= (today.month, today.day) else today.year - 1


_QUARTER_N = (
    re.compile(_YEAR_PREFIX + r"第?(?P<n>[1-4一二三四])\s*(?:个)?季度"),
    re.compile(_YEAR_PREFIX + r"(?<![a-z0-9])q(?P<n>[1-4])(?!\d)" + _YEAR_SUFFIX),
    re.compile(r"\b(?:the\s+)?(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th)\s+quarter\b" + _YEAR_SUFFIX),
)
_QUARTER_REL = re.compile(
    r"(?P<this>这个?季度|本季度?|当季|当前季度|\b(?:this|current)\s+quarter\b)|"
    r"(?P<last>上个?季度|上一个?季度|\b(?:last|previous|prior)\s+quarter\b)"
)


def _quarter(text: str, today: date) -> Entity | None:
    for pattern in _QUARTER_N:
        match = pattern.search(text)
        if match is None:
            continue
        groups = match.groupdict()
        n = _ZH_DIGITS[groups["n"]] if groups.get("n") else _ORDINALS[groups["ord"]]
        year = _latest_started(_year_of(match, today), 3 * n - 2, 1, today)
        start, end = _quarter_bounds(year, n)
        return Entity("period", _range(start, end, today), match.span())
    match = _QUARTER_REL.search(text)
    if match is None:
        return None
    current = (today.month - 1) // 3 + 1
    year, n = (today.year, current) if match.group("this") else _previous_quarter(today.year, current)
    start, end = _quarter_bounds(year, n)
    return Entity("period", _range(start, end, today), match.span())


def _previous_quarter(year: int, quarter: int) -> tuple[int, int]:
    return (year, quarter - 1) if quarter > 1 else (year - 1, 4)


_HALF = (
    re.compile(_YEAR_PREFIX + r"(?P<h>上|下)半年"),
    re.compile(_YEAR_PREFIX + r"\bh(?P<n>[12])\b" + _YEAR_SUFFIX),
    re.compile(r"\b(?:the\s+)?(?P<ord>first|second)\s+half(?:\s+of\s+(?:the\s+)?year)?\b" + _YEAR_SUFFIX),
)


def _half(text: str, today: date) -> Entity | None:
    for pattern in _HALF:
        match = pattern.search(text)
        if match is None:
            continue
        groups = match.groupdict()
        second = groups.get("h") == "下" or groups.get("n") == "2" or groups.get("ord") == "second"
        first_month = 7 if second else 1
        year = _latest_started(_year_of(match, today), first_month, 1, today)
        end = date(year, 12, 31) if second else date(year, 6, 30)
        return Entity("period", _range(date(year, first_month, 1), end, today), match.span())
    return None


_WEEK_NUMBER = re.compile(r"(?:(?P<year>20\d\d)\s*年?\s*)?第\s*(?P<n>\d{1,2})\s*周|\bweek\s*(?P<n2>\d{1,2})\b")
_WEEKS_BACK = re.compile(
    r"上上(?:个)?(?:周|星期|礼拜)|\bthe week before last\b|\b(?P<n>\d+) weeks? ago\b|"
    r"(?P<zh>\d+)(?:个)?(?:周|星期|礼拜)前"
)


def _week(text: str, today: date) -> Entity | None:
    match = _WEEK_NUMBER.search(text)
    if match is not None:
        n = int(match.group("n") or match.group("n2"))
        year = int(match.group("year")) if match.group("year") else today.year
        with contextlib.suppress(ValueError):
            monday = date.fromisocalendar(year, n, 1)
            if monday > today:
                monday = date.fromisocalendar(year - 1, n, 1)
            return Entity("period", _range(monday, monday + timedelta(days=6), today), match.span())
    match = _WEEKS_BACK.search(text)
    if match is None:
        return None
    back = int(match.group("n") or match.group("zh") or 2)
    monday = today - timedelta(days=today.weekday() + 7 * back)
    return Entity("period", _range(monday, monday + timedelta(days=6), today), match.span())


_DAYS_BACK = re.compile(
    r"(?P<d3>大前天)|(?P<d2>前天|前日|\bthe day before yesterday\b|\b2 days ago\b)|(?P<n>\d+)\s*天(?:以)?前|"
    r"\b(?P<n2>\d+) days ago\b"
)


def _days_back(text: str, today: date) -> Entity | None:
    match = _DAYS_BACK.search(text)
    if match is None:
        return None
    back = 3 if match.group("d3") else 2 if match.group("d2") else int(match.group("n") or match.group("n2"))
    day = today - timedelta(days=back)
    return Entity("period", _range(day, day, today), match.span())


_MONTHS_BACK = re.compile(r"(?P<n>\d+)\s*个月(?:以)?前(?!\d)|\b(?P<n2>\d+) months ago\b|上上上个?月")


def _months_back(text: str, today: date) -> Entity | None:
    match = _MONTHS_BACK.search(text)
    if match is None:
        return None
    back = int(match.group("n") or match.group("n2") or 3)
    first = month_start(today, -back)
    return Entity("period", f"{first.year:04d}-{first.month:02d}", match.span())


_MONTH_ABBR = "jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec"
_MONTH_NAMES = (
    "jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?"
    "|nov(?:ember)?|dec(?:ember)?"
)
_EN_MONTHS = {abbr: i + 1 for i, abbr in enumerate(_MONTH_ABBR.replace("|sept", "").split("|"))}
_JOIN = r"\s*(?:到|至|-|~|—|–|to|through|until|till)\s*"
_DAY_RANGE = (
    re.compile(
        r"(?:(?P<year>20\d\d)年)?(?P<m>\d{1,2})月(?P<d1>\d{1,2})[日号]?"
        + _JOIN
        + r"(?:(?P<m2>\d{1,2})月)?(?P<d2>\d{1,2})[日号]"
    ),
    re.compile(
        r"(?<![\d./])(?P<m>\d{1,2})[/.](?P<d1>\d{1,2})" + _JOIN + r"(?:(?P<m2>\d{1,2})[/.])?(?P<d2>\d{1,2})(?![\d.%])"
    ),
    re.compile(r"(?<![\d月./])(?P<d1>\d{1,2})[日号]?" + _JOIN + r"(?P<d2>\d{1,2})[日号]"),
    re.compile(
        rf"\b(?P<mw>{_MONTH_ABBR})[a-z]*\.?\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?"
        + _JOIN
        + rf"(?:(?P<mw2>{_MONTH_ABBR})[a-z]*\.?\s+)?(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\b"
    ),
)


def _month_of(groups: dict[str, str | None], first: str, word: str, default: int) -> int:
    if groups.get(first):
        return int(str(groups[first]))
    if groups.get(word):
        return _EN_MONTHS[str(groups[word])[:3]]
    return default


def day_range(text: str, today: date, *, future: bool = False) -> tuple[date, date, Span] | None:
    """A range of days said with both ends ("11月3号到9号", "12/1 - 12/20", "Nov 23 to Dec 6", "12.5-12.12"):
    in the most recent year it has started by today, or with `future` the next one not yet over."""
    for pattern in _DAY_RANGE:
        match = pattern.search(text)
        if match is None:
            continue
        groups = match.groupdict()
        month = _month_of(groups, "m", "mw", today.month)
        end_month = _month_of(groups, "m2", "mw2", month)
        d1, d2 = int(groups["d1"]), int(groups["d2"])
        if not (1 <= month <= 12 and 1 <= end_month <= 12 and 1 <= d1 <= 31 and 1 <= d2 <= 31):
            continue
        if (end_month, d2) < (month, d1) and end_month == month:
            continue
        year = int(groups["year"]) if groups.get("year") else None
        if year is None and future:
            year = today.year if (month, d1) >= (today.month, today.day) else today.year + 1
        elif year is None:
            year = _latest_started(None, month, d1, today)
        end_year = year if (end_month, d2) >= (month, d1) else year + 1
        start = date(year, month, min(d1, month_end(date(year, month, 1)).day))
        end = date(end_year, end_month, min(d2, month_end(date(end_year, end_month, 1)).day))
        return start, end, match.span()
    return None


_YEAR_BEFORE = re.compile(r"(去年|今年|本年|\blast year|\bthis year)(?:'s|’s|s)?[,，]?\s*的?\s*$")
_YEAR_AFTER = re.compile(r"\s*(?:of\s+|in\s+)?(last year|this year)\b")


def _day_range(text: str, today: date) -> Entity | None:
    found = day_range(text, today)
    if found is None:
        return None
    start, end, (left, right) = found
    before, after = _YEAR_BEFORE.search(text[:left]), _YEAR_AFTER.match(text, right)
    said = before or after
    if said is not None:
        shift = today.year + _YEAR_WORDS[said.group(1)] - start.year
        with contextlib.suppress(ValueError):
            start, end = start.replace(year=start.year + shift), end.replace(year=end.year + shift)
            left, right = (before.start(), right) if before else (left, after.end() if after else right)
    return Entity("period", _range(start, end, today), (left, right))


_UNTIL_NOW = r"\s*(?:到现在|到今天|到目前为止|到目前|至今|以来)"
_SINCE = (
    re.compile(r"(?:从|自)?\s*(?P<m>\d{1,2})\s*月份?\s*(?:(?P<d>\d{1,2})\s*[日号])?" + _UNTIL_NOW),
    re.compile(r"(?:从|自)?\s*(?<![\d./])(?P<m>\d{1,2})[/.](?P<d>\d{1,2})" + _UNTIL_NOW),
    re.compile(
        rf"\bsince\s+(?:(?P<mw>{_MONTH_NAMES})\b\.?(?:\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?)?|"
        r"(?P<m>\d{1,2})[/.](?P<d2>\d{1,2}))\b"
    ),
)


def _since(text: str, today: date) -> Entity | None:
    """From a month or day up to today ("6月到现在", "10.1以来", "since oct 1")."""
    for pattern in _SINCE:
        match = pattern.search(text)
        if match is None:
            continue
        groups = match.groupdict()
        month = _month_of(groups, "m", "mw", 0)
        day = int(groups.get("d") or groups.get("d2") or 1)
        if not (1 <= month <= 12 and 1 <= day <= 31):
            continue
        year = _latest_started(None, month, day, today)
        start = date(year, month, min(day, month_end(date(year, month, 1)).day))
        return Entity("period", _range(start, today, today), match.span())
    return None


_EVENT_DAY = re.compile(r"(当天|那天|当日|那1?日|正日子|\s*(?:on\s+)?the day\b|\s*day\b)")


def _event_day(text: str, today: date) -> Entity | None:
    found = periods.find_event(text)
    if found is None:
        return None
    key, span = found
    after = _EVENT_DAY.match(text, span[1])
    if after is None:
        return None
    year = today.year if festival_day(key, today.year) <= today else today.year - 1
    start = span[0]
    said_year = _YEAR_BEFORE.search(text[: span[0]])
    if said_year:
        year = today.year + _YEAR_WORDS[said_year.group(1)]
        start = said_year.start()
    day = festival_day(key, year)
    return Entity("period", _range(day, day, today), (start, after.end()))


_YEAR_MONTH = re.compile(
    r"(?P<yw>今年|去年|前年)\s*的?\s*(?P<m>\d{1,2})\s*月份?(?![\d日号])|\b(?:in\s+)?(?P<sept>sept)\b"
)


def _year_month(text: str, today: date) -> Entity | None:
    match = _YEAR_MONTH.search(text)
    if match is None:
        return None
    if match.group("sept"):
        year = _latest_started(None, 9, 1, today)
        return Entity("period", f"{year:04d}-09", match.span())
    month = int(match.group("m"))
    if not 1 <= month <= 12:
        return None
    return Entity("period", f"{today.year + _YEAR_WORDS[match.group('yw')]:04d}-{month:02d}", match.span())


_WEEKEND = re.compile(r"(?P<last>上个?周末|上礼拜末|\blast weekend\b)|(?P<this>这个?周末|本周末|\bthis weekend\b)")


def _weekend(text: str, today: date) -> Entity | None:
    match = _WEEKEND.search(text)
    if match is None:
        return None
    saturday = today - timedelta(days=today.weekday()) + timedelta(days=5 - (7 if match.group("last") else 0))
    return Entity("period", _range(saturday, saturday + timedelta(days=1), today), match.span())


_SEASONS = {"春": 3, "夏": 6, "秋": 9, "spring": 3, "summer": 6, "fall": 9, "autumn": 9}
_SEASON = re.compile(
    r"(?P<yw>今年|去年)?\s*的?\s*(?P<zh>春|夏|秋)(?:天|季)|"
    r"\b(?P<which>this|last)\s+(?P<en>spring|summer|fall|autumn)\b"
)


def _season(text: str, today: date) -> Entity | None:
    match = _SEASON.search(text)
    if match is None:
        return None
    first = _SEASONS[match.group("zh") or match.group("en")]
    said = match.group("yw") or match.group("which")
    if said == "去年":
        year = today.year - 1
    elif said == "last":
        year = today.year if month_end(date(today.year, first + 2, 1)) < today else today.year - 1
    else:
        year = _latest_started(None, first, 1, today)
    end = month_end(date(year, first + 2, 1))
    return Entity("period", _range(date(year, first, 1), end, today), match.span())


_RULES: tuple[Callable[[str, date], Entity | None], ...] = (
    _year_month,
    _weekend,
    _season,
    _quarter,
    _half,
    _week,
    _days_back,
    _months_back,
    _day_range,
    _since,
    _event_day,
)


def recognise_period(text: str, today: date) -> Entity | None:
    """The period the normalised text names, in the tools' period grammar, with its span; None if none."""
    found = [entity for rule in _RULES if (entity := rule(text, today)) is not None and _started(entity, today)]
    listed = periods.find_listed_period(text, today)
    if listed is not None:
        found.append(Entity("period", listed.value, listed.span))
    library = _library_period(text, today, listed)
    if library is not None:
        found.append(library)
    if not found:
        return None
    return max(found, key=lambda e: (e.span[1] - e.span[0], -e.span[0]))


def _started(entity: Entity, today: date) -> bool:
    """A range that starts after today has no sales yet: no reading of a sales period."""
    start = str(entity.value).split("..")[0]
    return not re.fullmatch(r"\d{4}-\d{2}-\d{2}", start) or date.fromisoformat(start) <= today


def _library_period(text: str, today: date, listed: periods.Found | None) -> Entity | None:
    """jionlp (Chinese) or dateparser (English) when the text has a time word the rules left unread."""
    if has_cjk(text):
        return _jionlp_period(text, today) if _TIME_CHARS.search(text) else None
    if listed is None and _EN_DATE_CUE.search(text):
        return _dateparser_period(text, today)
    return None


def _jionlp_period(text: str, today: date) -> Entity | None:
    base = datetime(today.year, today.month, today.day).timestamp()
    try:
        hits = _jionlp().ner.extract_time(text, time_base=base, with_parsing=True)
    except (ValueError, KeyError, IndexError, TypeError, AttributeError):
        return None
    for hit in hits:
        detail = hit.get("detail") or {}
        if detail.get("type") not in ("time_point", "time_span") or not _TIME_CHARS.search(hit.get("text", "")):
            continue
        times = detail.get("time") or []
        if len(times) != 2 or not all(isinstance(t, str) and t[:4].isdigit() for t in times):
            continue
        start, end = (date.fromisoformat(t[:10]) for t in times)
        if start > today or end < start:
            continue
        return Entity("period", _range(start, end, today), (hit["offset"][0], hit["offset"][1]))
    return None


def _dateparser_period(text: str, today: date) -> Entity | None:
    search_dates = _dateparser_search()
    settings = {"RELATIVE_BASE": datetime(today.year, today.month, today.day), "PREFER_DATES_FROM": "past"}
    try:
        hits = search_dates(text, languages=["en"], settings=settings) or []
    except (ValueError, KeyError, TypeError, OverflowError):
        return None
    for said, when in hits:
        if not _EN_DATE_CUE.search(said):
            continue
        day = when.date()
        start = text.find(said.lower())
        if day > today or start < 0:
            continue
        return Entity("period", _range(day, day, today), (start, start + len(said)))
    return None


@cache
def _jionlp() -> Any:
    """jionlp, imported once (it and jiojio print banners on import, kept off the output). Its time parser logs
    every string it cannot read, traceback included, as an ERROR on the root logger (`logging.error`, the stdlib
    module); those are expected misses here, so the parser gets a logger of its own that keeps only CRITICAL."""
    jionlp = import_quietly("jionlp", ("jiojio", "jionlp.util.help_search"))
    parser_log = logging.getLogger("jionlp.time_parser")
    parser_log.setLevel(logging.CRITICAL)
    time_parser: Any = importlib.import_module("jionlp.gadget.time_parser")
    time_parser.logging = parser_log
    return jionlp


@cache
def _dateparser_search() -> Callable[..., Any]:
    from dateparser.search import search_dates

    return search_dates


def find_period(text: str, today: date) -> periods.Found | None:
    """The period the normalised text names, if any, in the shared grammar: the longest reading of the
    recognizers, which include the word lists of `periods` (`find_listed_period`)."""
    found = recognise_period(text, today)
    return periods.Found(found.value, found.span) if found is not None else None


def find_schedule(text: str, today: date) -> periods.Schedule:
    """A campaign's start and end dates from its description: an explicit day range, else the word lists."""
    said = day_range(text, today, future=True)
    if said is not None:
        return periods.Schedule(said[0], said[1], (said[2],))
    return periods.find_listed_schedule(text, today)
