"""Slots of the `promotion` intent (estimate_promotion_effect): the mode (plan, past, holdout or track_record:
how accurate stored forecasts were), the budget and when."""

from __future__ import annotations

import contextlib
import re
from datetime import date, timedelta
from typing import Any

from copilot.calendar.festivals import festival_promotion
from copilot.calendar.periods import PeriodError, resolve_period
from copilot.offline import periods
from copilot.offline.daily_spend import daily_plan
from copilot.offline.recognizers import time as time_recognizer
from copilot.offline.recognizers.entity import Span, overlaps
from copilot.offline.recognizers.schedule_days import find_schedule

_HOLDOUT = re.compile(
    r"对照|留出|停投|测试.{0,6}(多久|几天|多少天)|(多久|几天|多少天).{0,8}(测|验证)|hold ?out|a/?b test"
    r"|\btest (design|how long)|\bhow long .* test"
    r"|\bhold (a |some |a bunch of |a few |part of (the )?|a group of |a share of )?(\w+ ){0,2}(out|back)\b"
    r"|\btest (if|whether) (the |our )?(ads?|advertising|ad spend|campaigns?|promotions?)\b"
    r"|留(一部分|一批|部分|些|一些|一拨)(人|用户|客户|地区|区域)?.{0,6}不(投|推|看广告)"
    r"|\b(some|a group of|part of (the|our)|half (of )?(the|our)|a few|certain)"
    r" (people|customers|shoppers|users|buyers|regions)\b"
    r".{0,24}\b(don.?t|do not|never|won.?t|can.?t|cannot) (see|get|receive) (the |any |our )?ads?\b"
    r"|\bwithout seeing (the |any |our )?ads?\b|\b(control|holdout|hold-out) group\b"
    r"|(一部分|部分|有些|一些|一批)(人|用户|客户|顾客).{0,6}(看不到|不看|不给看|收不到)(广告|推广)"
    # an experiment designed to see whether the ads work ("搞个实验验证下推广管不管用", "design an ad test")
    r"|(设计|做|搞|安排|弄|来|出)(一?个|一下|一套)?.{0,4}(实验|对照测试|测试方案)"
    # a test asked to prove the ads work ("能不能搞个测试验证一下", "测一下广告到底有没有用")
    r"|(设计|做|搞|安排|弄|来|出)(一?个|一下|一套)?测试.{0,4}(验证|证明|检验|看看)"
    r"|(测|测试|验证|证明|检验)(一下|下)?.{0,4}(广告|投放|推广).{0,6}(到底)?(有没有用|有用没|管不管用|有没有效果)"
    r"|\b(design|set up|plan|run|build|devise|propose) (me |us )?(an? |the |one |some )?"
    r"(experiment|ad test|test|trial)s?\b"
    # how to find out whether the ads work ("广告到底有没有用 怎么测", "a test to know if the ads bring sales or people
    # buy anyway")
    r"|(广告|投放|推广|投流).{0,12}(有没有用|有用没|管不管用|有没有效果|有效没).{0,8}(怎么|如何|咋|咋个|怎样)(测|验证|检验|证明|判断)"
    r"|(怎么|如何|咋|怎样)(测|验证|检验)(一下|下)?.{0,8}(广告|投放|推广|投流)"
    r"|\b(make|do) (a |an )?(test|experiment|trial)\b.{0,30}"
    r"\b(know|see|check|find out|tell|prove)\b.{0,12}\b(if|whether)\b"
)
_TRACK = re.compile(
    r"(预测|预估)[^,，。?？]{0,8}(准|准确|靠谱|偏|对不对|怎么样)|准不准|准确率|准确度|预测(和|与|跟)实际|实际(和|与|跟)预测"
    # what was forecast checked against what happened ("拿实际的对一下", "和实际数据核对")
    r"|(拿|用|跟|和|与)实际(的|数据|结果|效果)?(数)?(对|核对|对比|比)(一下|下|一对)?"
    r"|\b(forecasts?|predictions?|estimates?)\b.{0,40}\b(accurate|accuracy|right|correct|reliable|off|actual|close"
    r"|(really|actually) happened|any good|come true|came true|panned out|held up|spot on|on the money)"
    r"|\b(accura(te|cy)|reliab(le|ility)|trustworthy|correct)\b.{0,30}\b(forecasts?|predictions?|estimates?)\b"
    r"|\btrack record|\bhow (good|well) (have|are|were|has|is|did) (your|the) (forecasts?|predictions?|estimates?)\b"
    # the outcome set against what was forecast ("how did it go vs what you predicted", "跟你当时预测的比")
    r"|\b(vs\.?|versus|compared (to|with)|against|next to|relative to) (what )?(you|your|the|our)"
    r" (forecast|predict|project)"
    r"|\bhow close (were|was|have|are|did) (your |the )?(forecasts?|predictions?|projections?|estimates?)"
    r"|(跟|和|与|比)(你|你们)?(当时|之前|上次)?(的)?(预测|预估)(的)?(比|相比|对比|差多少|差了多少)"
)
_READOUT = re.compile(r"结果|读数|\bresults?\b|\breadout\b|\boutcome\b|\bhow did .{0,30}test")
READOUT_DAYS = 28
_PAST = re.compile(
    r"(带动|带来|拉动|撬动|贡献)了|实际(带来|拉来|带动|撬动|贡献|卖|效果)"
    r"|了吗|了没|有没有(带动|带来|拉动|撬动|拉来|用)|(效果|回报)(怎么样|如何|咋样)|上次|去年|上个?月|上周|上季度"
    r"|投的那些|花的那些|(广告|投放|推广)(带来|拉来)的|那次|那回|那一波|那几天|那阵子?|那会儿?|当时|白投|白花|打水漂"
    r"|\b(did|was|were|has|have)\b|\blast\b|\blifted\b|\bbrought\b"
    r"|\bactually (brought|drove|returned|made)\b|\bwould(\x27ve| have)( been)? (happened|sold|bought|come in)"
    r"|\b(came|come|coming|driven|generated)\b.{0,12}\b(from|by)\b"
    # the spend asked back with what it returned ("投了多少回来多少", "how much we spent and how much came back",
    # "what gave the ads", "was 618 worth it")
    r"|(投|花|烧|砸)(了|出去)(多少|几多|好多)|\bspent\b|\bcame back\b|\bgave\b|\bworth it\b"
)

_OUTCOME = re.compile(
    r"实际(带来|拉来|带动|撬动|贡献|卖|效果)|(带动|带来|拉动|撬动|贡献)了"
    r"|\bactually\b|\bdid (the |our )?(ads?|promotions?|campaigns?)\b"
    r"|\b(really|truly) (bring|brought|drive|drove|return|returned|make|made|earn|earned|pay off|paid off"
    r"|work|worked)\b"
    r"|真的?(带来|拉来|带动|有用|管用|赚到|回本)"
)
_FUTURE = re.compile(  # "会" of "那会儿" is a time back then
    r"能|(?<![那这])会(?!儿)|将|可以|预计|打算|准备|计划|明年|下次|下个|如果|要是|假如|假设"
    r"|\b(will|would|could|can|if|next|plan(ning)?)\b"
)
_SUPPOSED = re.compile(r"如果|要是|假如|假设|若是?|预估|预计|\b(if|would|will)\b")
_ON_THE_DAY = re.compile(r"当天|那1?天|\bon the day\b|\bthat day\b|\bthe day itself\b")
_YEAR_SAID = re.compile(r"去年|前年|\blast year|\b20\d\d\b")  # "去年双11", "last year's Double 11": not this year's


# sales already made taken apart, paid against organic, or an ads' halo asked of the data ("the paid vs organic split",
# "付费和自然各占多少", "does our data show a halo"): a readout of the past when no budget is said
_SPLIT = re.compile(
    r"\b(paid|ads?|advertising)\b.{0,6}\b(vs\.?|versus|and|or|against)\b.{0,6}\borganic\b"
    r"|\borganic\b.{0,6}\b(vs\.?|versus|and|or|against)\b.{0,6}\b(paid|ads?)\b|\bhalo\b|光环|溢出效应"
    r"|(付费|广告|投放|推广)(和|与|跟|vs|、)\s*自然.{0,8}(占|分|拆|各)|自然(和|与|跟|vs|、)\s*(付费|广告|投放|推广).{0,8}(占|分|拆|各)"
)


def asks_forecast(norm: str, money: list[int | float]) -> bool:
    """Whether the words ask what a budget would bring ("那投2万的话预计能带多少", "what would 20k bring")."""
    return bool(money) and _FUTURE.search(norm) is not None and not _HOLDOUT.search(norm) and not _TRACK.search(norm)


_UNNAMED_CAMPAIGN = re.compile(
    r"(上次|上回|之前|前面|前阵子|那次|最近)(的|那个|那次|那场|那波)?(活动|推广|投放|campaign|promo)"
    r"|\b(the |that |our )?(last|previous|recent) (campaign|promo|promotion)\b"
    r"|\b(that|the) (campaign|promo|promotion)\b"
)


def unnamed_campaign(norm: str, slots: dict[str, Any]) -> bool:
    """Whether the words ask what a past campaign brought without saying which one or when ("上次那个活动效果咋样",
    "how did the last campaign do"): the days are asked for, never a figure of the store's default days."""
    return slots.get("mode") == "past" and not slots.get("when") and _UNNAMED_CAMPAIGN.search(norm) is not None


def asks_outcome(norm: str) -> bool:
    """Whether the words ask what spend actually brought ("那这次双11实际带来多少", "what did the ads bring"), even
    after a plan question with a budget; sales taken apart paid against organic ("and the paid vs organic split?")
    are what it brought too."""
    return _OUTCOME.search(norm) is not None or _SPLIT.search(norm) is not None


def promotion_slots(norm: str, money: list[int | float], today: date) -> dict[str, Any]:
    if _TRACK.search(norm):
        mode = "track_record"
    else:
        supposed = bool(money) and _SUPPOSED.search(norm) is not None and not _OUTCOME.search(norm)
        past = (_PAST.search(norm) or (not money and _SPLIT.search(norm))) and not supposed
        mode = "holdout" if _HOLDOUT.search(norm) else "past" if past else "plan"
    event = periods.find_event(norm)
    if mode == "plan" and not money and not _FUTURE.search(norm) and _already_over(norm, event, today):
        mode = "past"  # no budget to plan with, and the days named are over: what they brought
    slots: dict[str, Any] = {"mode": mode}
    per_day = daily_plan(norm, today) if mode == "plan" else None
    if per_day is not None:  # "一天投5000 投10天": 50000 over those ten days
        slots["budget"], slots["when"] = per_day
        return slots
    if money:
        slots["budget"] = money[0]
    beside = _dates_beside(norm, event[1], mode, today) if event is not None else None
    if event is not None and beside is not None:
        slots["when"] = beside  # "over double 11, 1st to 11th nov": the days said, not the festival's window
    elif event is not None:
        slots["when"] = event[0]
        on_the_day = _ON_THE_DAY.search(norm) is not None
        dated = on_the_day or (mode == "past" and _YEAR_SAID.search(norm) is not None)
        day = time_recognizer.find_period(norm, today) if dated else None
        if day is not None and ".." in day.value and on_the_day:  # "去年双12那天": the festival's day in that year
            slots["when"] = day.value
        elif day is not None and ".." in day.value:  # "去年双11投的": that year's promotion window, not this year's
            first, last = festival_promotion(event[0], date.fromisoformat(day.value[:10]).year)
            slots["when"] = f"{first.isoformat()}..{last.isoformat()}"
    elif mode == "holdout" and _READOUT.search(norm):
        period = time_recognizer.find_period(norm, today)
        default = f"{today - timedelta(days=READOUT_DAYS)}..{today - timedelta(days=1)}"
        slots["when"] = period.value if period is not None and ".." in period.value else default
        slots.pop("budget", None)
    elif mode == "past":
        _put_past_range(slots, norm, today)
    elif mode != "track_record":
        schedule = find_schedule(norm, today)
        if schedule.start and schedule.end:
            slots["when"] = f"{schedule.start.isoformat()}..{schedule.end.isoformat()}"
    return slots


def _dates_beside(norm: str, event: Span, mode: str, today: date) -> str | None:
    """Dates said beside a festival's name ("双11期间11月1号到11号", "double 12, dec 5 to dec 12"), as a range: a past
    range for a readout, the coming days for a plan."""
    if mode == "past":
        period = time_recognizer.find_period(norm, today)
        if period is not None and ".." in period.value and not overlaps(period.span, event):
            return period.value
        return None
    schedule = find_schedule(norm, today)
    if schedule.start and schedule.end and schedule.spans and not any(overlaps(s, event) for s in schedule.spans):
        return f"{schedule.start.isoformat()}..{schedule.end.isoformat()}"
    return None


def _put_past_range(slots: dict[str, Any], norm: str, today: date) -> None:
    """The days a past readout covers when the words name a period ("上个月广告带来的成交"), as dates."""
    period = time_recognizer.find_period(norm, today)
    if period is None:
        return
    with contextlib.suppress(PeriodError):
        days = resolve_period(period.value, today)
        slots["when"] = f"{days.start.isoformat()}..{(days.end - timedelta(days=1)).isoformat()}"


def _already_over(norm: str, event: tuple[str, Any] | None, today: date) -> bool:
    """Whether the festival or period the words name is over (this year's 618 or Double 11 in late November,
    "国庆那几天", "上个月"): without a budget a question about it asks what it brought."""
    if event is not None:
        return bool(festival_promotion(event[0], today.year)[1] < today)
    period = time_recognizer.find_period(norm, today)
    if period is None:
        return False
    try:
        return resolve_period(period.value, today).end <= today
    except PeriodError:
        return False


# the days of the question before pointed back at ("in that period", "back then", "那段时间", "那几天"): its days
_POINTED_BACK = re.compile(
    r"\b(in|over|during|for) (that|the same) (period|time|window|stretch|week|month|season|days)\b|\bback then\b"
    r"|那段(时间|日子)|那几天|那阵子?|那会儿?|同一段|那个期间"
)


def when_pointed_back(norm: str, previous: dict[str, Any], today: date) -> str | None:
    """The days a readout points back at ("how much organic extra did the ads give in that period?" after a question
    about this year's 618 campaign): the festival, days or period the question before named; None when the words
    point at none or it named none."""
    if _POINTED_BACK.search(norm) is None:
        return None
    if isinstance(previous.get("when"), str):
        return str(previous["when"])
    if isinstance(previous.get("period"), str):
        with contextlib.suppress(PeriodError):
            days = resolve_period(previous["period"], today)
            return f"{days.start.isoformat()}..{(days.end - timedelta(days=1)).isoformat()}"
    said = str(previous.get("query") or previous.get("question") or "").lower()
    return promotion_slots(said, [], today).get("when") if said else None
