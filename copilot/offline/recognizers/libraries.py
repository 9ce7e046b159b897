"""Periods read by the time libraries where the rules of `time.py` and the word lists read none: jionlp's time
parser for Chinese, dateparser for English, each imported only when a text needs it (jionlp ~0.1-0.3 s of CPU)."""

from __future__ import annotations

import importlib
import logging
import re
from collections.abc import Callable
from datetime import date, datetime
from functools import cache
from typing import Any

from copilot.i18n.language import has_cjk
from copilot.offline.periods import month_words
from copilot.offline.recognizers.entity import Span
from copilot.offline.recognizers.quiet_import import import_quietly

Reading = tuple[date, date, Span]
"""First and last day (the last not after today) and the characters read."""

_TIME_CHARS = re.compile(r"[天日号周月年季]|星期|礼拜")
_EN_DATE_CUE = re.compile(
    rf"\b({month_words()})[a-z]*\.?\s+\d{{1,2}}(st|nd|rd|th)?\b|"
    rf"\b\d{{1,2}}(st|nd|rd|th)?\s+(of\s+)?({month_words()})|"
    r"\blast (monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b"
)


def library_period(text: str, today: date, listed: bool) -> Reading | None:
    """jionlp (Chinese) or dateparser (English) when the text has a time word the rules left unread (`listed`: the
    word lists read a period in it, so English is not asked again)."""
    if has_cjk(text):
        return _jionlp_period(text, today) if _TIME_CHARS.search(text) else None
    if not listed and _EN_DATE_CUE.search(text):
        return _dateparser_period(text, today)
    return None


def _jionlp_period(text: str, today: date) -> Reading | None:
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
        return start, min(end, today), (hit["offset"][0], hit["offset"][1])
    return None


def _dateparser_period(text: str, today: date) -> Reading | None:
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
        return day, day, (start, start + len(said))
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
