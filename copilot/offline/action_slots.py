"""Slots of the action intents: a campaign (or an edit of the latest draft), creatives and a budget submission."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from copilot.offline import periods
from copilot.offline.findings import Findings, put, targets
from copilot.offline.lexicon import lexicon
from copilot.offline.numbers import first_int
from copilot.offline.recognizers import time as time_recognizer
from copilot.offline.recognizers.entity import mask
from copilot.offline.recognizers.money import COUNTED, find_money
from copilot.offline.recognizers.schedule_days import coming_day_of_month, find_schedule

CHANNEL_ORDER = ("search", "recommend", "live", "direct")
MIN_BUDGET = 100  # a plan's budget below this is no budget said ("budget 50" is asked about, not drafted)


_NOT_MEANT = re.compile(r"(不是|而非|并非|\bnot\b|\binstead of\b)\s*$")
_ASKING = re.compile(
    r"[?？]|吗|么$|够不够|周几|几号|多少|是否|能不能|可不可以|^(is|are|does|do|can|will|what|how|which|why)\b"
)
_END_CUE = re.compile(
    r"结束|截止|延长|延到|为止|\bthrough\b|\buntil\b|\btill\b|\bends?\b|\bending\b|\bextend|\bfinish(es|ing)?\b"
    r"|\bstop (?:it |them |the (?:plan|campaign|draft|ads) )?(?:on|at|by)\b"
)
_START_CUE = re.compile(r"开始|开跑|启动|\bstart(s|ing)?\b|\bbegin(s|ning)?\b|\bkick ?off\b")
_MOVE_CUE = re.compile(r"改|调|推迟|提前|延|挪|到|至|跑|\bmove|\bpush|\bshift|\brun|\bfrom\b|\bto\b")
_ONLY = re.compile(
    r"只投|只用|只要|只留|就投|光投|光用|光上|仅投|改成|改为|换成|变成|\bonly\b|\bjust\b|只(?=\s*(直播|搜索|推荐|信息流|live|search|rec))"
    r"|\b(change|switch|set|make)( it| them| the channels?)? to\b"
    r"|(渠道|\bchannels?\b)\s*(就|只)?(要|用|选|投|留|是|[:：=])"  # "channels 要 search、recommend、live 三个": those
)
_BARE_NUMBER = re.compile(
    r"(?<![\d.,])\d{1,3}(?:,\d{3})+(?![\d]|[.,]\d)|(?<![\d.,])\d{1,3}(?: \d{3})+(?![\d.,])|(?<![\d.,])\d+(?:\.\d+)?"
    r"(?![\d]|[.,]\d|\s*(月|号|日|年|天|周|/|-|(weeks?|days?|months?|years?|nights?)\b))"
)
# Words that swap the draft's product or category for the one named ("改成推羽绒服", "换成帐篷", "不对 只清电动那款",
# "make it the tents instead"), not a new plan of its own.
_RETARGET = re.compile(
    r"改成|改为|换成|换一?个|改推|只(推|清|投|做)|不对|不是|\binstead\b|\bswitch( it)? to\b|\bchange( it)? to\b"
    r"|\bmake it\b|\bi meant\b|\brather\b"
    r"|只要|只留|只剩|就(推|投|做)(这|那)|\bonly\b|\bjust (the|that|this)\b"  # "速开那款 only", "just the alu ones"
    r"|\b(the|that|this) [\w\- ]{1,30}? one\b|(那|这)一?款"  # "the 10kg adult one", "成犬那款"
)
_CLAUSE = re.compile(r"[,，;；。]|\band then\b|然后|再")
_NEXT_TO = re.compile(  # "直播渠道去掉", "推荐那条计划先停了", "the search one, pause it", "直播没什么用 去掉"
    r"\s*(那条|这条|那个|这个|那块|那路|这路)?\s*(渠道|计划|投放|\bchannel|\bone|\bline)?\s*"
    r"(没有?(什么|啥)?(用|效果|量)|不行|不管用|效果(太|很)?差)?\s*(都|也|就|先|给)?\s*"
)


def _channel_edits(text: str) -> tuple[list[str], list[str]]:
    """Channels an edit drops and adds: each channel goes with the cue before it in its clause, or with a cue
    right after it ("去掉直播渠道", "直播渠道去掉", "去掉直播，加上推荐"); "直播和搜索都投 不投钱给达人" drops none."""
    edit, channels = lexicon().groups["campaign_edit"], lexicon().groups["channels"]
    removed: list[str] = []
    added: list[str] = []
    kept: list[str] = []  # "不要直播 只搜索和推荐": the channels after 只/only are the ones kept
    for clause in _CLAUSE.split(text):
        cues = sorted(
            [(m.start(), m.end(), removed) for m in edit["remove_channel"].finditer(clause)]
            + [(m.start(), m.end(), added) for m in edit["add_channel"].finditer(clause)]
            + [(m.start(), m.end(), kept) for m in _ONLY.finditer(clause)],
            key=lambda cue: cue[0],
        )
        for name, pattern in channels.items():
            for m in pattern.finditer(clause):
                before = [cue for cue in cues if cue[1] <= m.start()]
                after = [cue for cue in cues if cue[0] >= m.end() and _NEXT_TO.fullmatch(clause[m.end() : cue[0]])]
                if before and before[-1][2] is kept and after:  # "只要搜索和推荐 直播不要": the cue right after it
                    before = []
                target = before[-1][2] if before else after[0][2] if after else None
                if target is not None and target is not kept and name not in target:
                    target.append(name)
    return removed, [c for c in added if c not in removed]


def amount_meant(f: Findings, bare: bool) -> int | float | None:
    """The amount an edit means: the last one said, except one said right after 不是/not ("预算是5千不是5万") or
    one that counts something ("2000件", "1万人"); with `bare`, a message's only such number of 100 or more when
    it says no amount ("不对不对，是五千")."""
    found = [e for e in find_money(f.rest) if not COUNTED.match(f.rest, e.span[1])]
    meant = [e.value for e in found if not _NOT_MEANT.search(f.rest[: e.span[0]])]
    if meant:
        return meant[-1]
    numbers = [  # "make it 12000 not 15000": the one not taken back
        float(re.sub(r"[, ]", "", m.group()))
        for m in _BARE_NUMBER.finditer(f.rest)
        if not COUNTED.match(f.rest, m.end()) and not _NOT_MEANT.search(f.rest[: m.start()])
    ]
    if bare and len(numbers) == 1 and numbers[0] >= 100:
        return int(numbers[0]) if numbers[0].is_integer() else numbers[0]
    return None


def campaign_edit(f: Findings, today: date | None = None) -> dict[str, Any] | None:
    """What an edit of the latest draft changes, or None when the words change nothing in it.

    Without `today` only the edit cues count (a budget cue with an amount, channels dropped or added). With it
    (the thread has a draft and the words name no new target), an amount that counts no things is the budget,
    days with a word that moves them the schedule, "只投 X 和 Y" the channels. Words that ask something ("3万够吗",
    "12月1号是周几", "no live streamers, is that ok?") change only what a budget cue says."""
    edit = lexicon().groups["campaign_edit"]
    asking = _ASKING.search(f.norm) is not None
    implicit = today is not None and not asking
    slots: dict[str, Any] = {}
    shifted = shift_days(f.norm) if implicit else None
    more_days = _more_days(f.norm) if implicit and shifted is None else None
    run_days = _run_days(f.norm) if implicit and more_days is None and shifted is None else None
    timed = run_days is None and more_days is None and shifted is None
    schedule = _schedule_edit(f.norm, today) if implicit and today is not None and timed else {}
    about_other = _OTHER_FIGURE.search(f.norm) and not _BUDGET_WORD.search(f.norm)  # "目标销量翻倍"
    relative = relative_budget(f) if implicit and not about_other else {}
    amount = None if relative else amount_meant(f, bare=implicit and not schedule)
    if amount is not None and (implicit or edit["budget"].search(f.norm)):
        slots["budget"] = amount
    slots.update(relative)
    if implicit:
        put(slots, "segments", audience_named(f.norm))
    if slots.get("segments") and _MORE_AUDIENCE.search(f.norm):  # "人群再加一个…", "加上人群：…": beside the draft's
        slots["add_segments"] = True
    if f.channels and not asking:
        removed, added = _channel_edits(f.rest)
        put(slots, "remove_channels", removed)
        put(slots, "add_channels", added)
        kept = [c for c in CHANNEL_ORDER if c in f.channels and c != "direct" and c not in (removed or [])]
        if implicit and not added and kept and _ONLY.search(f.rest):  # "只要搜索跟推荐，不要直播": the set named,
            slots["channels"] = kept  # with the channels dropped (the planner sends the one the draft needs)
    slots.update(schedule)
    put(slots, "run_days", run_days)
    put(slots, "more_days", more_days)
    put(slots, "shift_days", shifted)
    if not slots:
        return None
    slots["edit"] = True
    return slots


_BUDGET_WORD = re.compile(r"预算|\bbudget\b")
_MORE_AUDIENCE = re.compile(
    r"加上|再加|也加|添加|增加|(人群|受众|客群|segments?|audiences?)\s*加|\badd\b|\balso\b|\bas well\b|\btoo\b"
)
_OTHER_FIGURE = re.compile(
    r"销量|销售|gmv|订单|成交|流量|转化|点击|曝光|粉丝|库存|\b(sales|orders|revenue|traffic|clicks|conversions?)\b"
)
_PERCENT = re.compile(r"(\d+(?:\.\d+)?)\s*(%|个点|percent\b)")


def relative_budget(f: Findings) -> dict[str, float]:
    """A budget said relative to the draft's ("预算翻倍", "cut it in half", "加5000", "5k more", "降20%"): the factor
    (`budget_times`) or the amount added (`budget_plus`, negative for less) that the planner applies to it."""
    edit = lexicon().groups["campaign_edit"]
    if edit["budget_double"].search(f.norm):
        return {"budget_times": 2.0}
    if edit["budget_half"].search(f.norm):
        return {"budget_times": 0.5}
    for m in _PERCENT.finditer(f.norm):
        sign = _direction(f.norm, m.span())
        if sign:
            return {"budget_times": round(1 + sign * float(m.group(1)) / 100, 4)}
    amounts = [(e.value, e.span) for e in find_money(f.rest) if not COUNTED.match(f.rest, e.span[1])]
    amounts += [
        (float(re.sub(r"[, ]", "", m.group())), m.span())
        for m in _BARE_NUMBER.finditer(f.rest)
        if not COUNTED.match(f.rest, m.end()) and not any(m.start() < e[1][1] and e[1][0] < m.end() for e in amounts)
    ]
    for value, span in amounts:
        sign = _direction(f.rest, span)
        if sign and float(value) >= 100:
            return {"budget_plus": sign * float(value)}
    return {}


def _direction(text: str, span: tuple[int, int]) -> int:
    """+1 when the words right around an amount add it ("再加5000", "5k more"), -1 when they take it off, else 0."""
    edit = lexicon().groups["campaign_edit"]
    before, after = text[max(0, span[0] - 24) : span[0]], text[span[1] :]
    if edit["budget_more"].search(before) or edit["budget_more_after"].search(after):
        return 1
    if edit["budget_less"].search(before) or edit["budget_less_after"].search(after):
        return -1
    return 0


_AUDIENCE_END = re.compile(r"[,，;；。.!！?？]|\s(and|then|also)\b|然后|再|预算|渠道|并且|同时")
_AUDIENCE_FILLER = re.compile(
    r"^(为|成|是|给|到|on|the|to|:|：|\s)+|(的?(人群|这群人|这波人|那群人|用户|客户)|吧|呢|\binstead|\bplease|"
    r"\bas (an? |the )?(segments?|audiences?)|\s)+$"
)


_DRAFT_NAMED = re.compile(
    r"(更新|改|同步|放|加|写|用)(一下|下)?(到|进)?(草稿|方案)(里)?|(草稿|方案)(也)?(更新|改|同步)(一下|下)"
    r"|\b(update|apply (it |this |that )?to|put (it |this |that )?(in|into)|add (it |this |that )?to) (the |my |our )?"
    r"(draft|plan|campaign)\b"
)


def names_draft(text: str) -> bool:
    """Whether the words send a change to the draft ("人群用X，更新下草稿", "update the draft with it"), also after
    turns about other things."""
    return _DRAFT_NAMED.search(text) is not None


def audience_named(text: str) -> list[str] | None:
    """The audience an edit targets, as said ("人群定向多猫家庭", "target new cat owners"), or None."""
    cue = lexicon().groups["campaign_edit"]["audience"].search(text)
    if cue is None:
        return None
    said = _AUDIENCE_END.split(text[cue.end() :], maxsplit=1)[0]
    said = _AUDIENCE_FILLER.sub("", said.strip()).strip()
    said = _AUDIENCE_ADDED.sub("", said).strip()
    several = [part.strip() for part in _AUDIENCE_JOINED.split(said)]
    if len(several) > 1 and all(_is_scene(part) for part in several):  # "加上 科技控 和 多猫家庭": each of them
        return [_scene_named(part) or part for part in several]
    return [_scene_named(said) or said] if len(said) >= 2 else None


_AUDIENCE_JOINED = re.compile(r"\s*(?:和|、|跟|以及|及|\+|&)\s*")


def _is_scene(said: str) -> bool:
    """Whether the words are one known life scene, by any of its names ("科技控", "上班族养猫")."""
    return any((m := scene.pattern.search(said)) is not None and m.start() == 0 for scene in lexicon().scenes)


_AUDIENCE_ADDED = re.compile(r"\s*\bto (the )?(audiences?|targeting)\b.*$")
_PEOPLE = re.compile(
    r"\b(people|those|folks|users|customers|parents|families|who are|the)\b|的|那些|人群|用户|家庭|人|\s"
)


def _scene_named(said: str) -> str | None:
    """The known life scene an audience described in more words is, by its store name ("people looking after the
    baby on their own" is 一个人带娃); a scene said by one of its names ("new cat owners", "多猫家庭") stays as said."""
    for scene in lexicon().scenes:
        match = scene.pattern.search(said)
        rest = said[: match.start()] + said[match.end() :] if match is not None else ""
        if match is not None and rest.strip() and not _PEOPLE.sub("", rest):
            return scene.zh
    return None


_RUN_LENGTH = re.compile(r"(?P<n>\d{1,2})\s*(个)?\s*(?P<unit>周|星期|礼拜|天|日(?!期)|weeks?\b|days?\b)")
_LENGTH_CUE = re.compile(
    r"只|就|改成|改为|缩短|缩到|减到|延长|拉长|跑|投|\bonly\b|\bjust\b|\binstead\b|\bmake (it|am|that)\b|\brun\b"
    r"|\bshorten|\bextend|\bnot\b|不是|而不是"
)
_LENGTH_ELSEWHERE = re.compile(r"前|后|内|以来|之前|之后|\bago\b|\bbefore\b|\bafter\b|\blast\b|\bnext\b|\bper\b|每")


def _run_days(text: str) -> int | None:
    """How many days a plan should run, said as its length ("1 week only, not 2", "make it 3 days instead",
    "改成只跑10天", "跑两个礼拜就好"): the length said first that is not the one taken back; None when no length
    is said with a word that sets it, or when the days are said as dates or relative to now ("下周", "未来7天")."""
    if not _LENGTH_CUE.search(text) or _LENGTH_ELSEWHERE.search(text):
        return None
    for m in _RUN_LENGTH.finditer(text):
        if _NOT_MEANT.search(text[: m.start()]):
            continue
        n = int(m.group("n"))
        days = n * 7 if m.group("unit")[0] in "周星礼w" else n
        return days if 0 < days <= 92 else None
    return None


_MORE_DAYS = re.compile(
    r"(?:再|多)?(?:往后|向后|延长|顺延|延后|推迟|多)\s*(?:再)?(?:加|延|跑|投|推)?\s*(?P<n>\d{1,2})\s*个?\s*(?P<unit>天|日(?!期)|周|星期|礼拜)"
    r"|\b(?:extend|lengthen|push)\b[^.?!]{0,20}?\bby (?P<n2>\d{1,2}) (?P<unit2>days?|weeks?)\b"
    r"|\b(?:add|run|give it)\b[^.?!]{0,12}?\b(?P<n3>\d{1,2}) (?:more|extra) (?P<unit3>days?|weeks?)\b"
)


def _more_days(text: str) -> int | None:
    """Days added to the end of the plan ("再往后加5天", "延长3天", "extend it by a week", "add 4 more days");
    None when none are said."""
    match = _MORE_DAYS.search(text)
    days = _days_said(match) if match is not None else 0
    return days if 0 < days <= 92 else None


def _days_said(match: re.Match[str]) -> int:
    """The days a match of `_MORE_DAYS` or `_SHIFTED` counts: its number, in weeks when its unit is one."""
    n = int(match.group("n") or match.group("n2") or match.group("n3"))
    unit = match.group("unit") or match.group("unit2") or match.group("unit3")
    return n * 7 if unit[0] in "周星礼w" else n


_SHIFTED = re.compile(
    r"\b(?P<early>prepone|advance|bring|pull|move|shift)\b(?: (?:it|this|that|them|the (?:plan|campaign|draft|dates?|"
    r"whole (?:thing|plan|campaign)|schedule)|everything|all))?(?: (?:up|forward|earlier|ahead))?\b"
    r"[^.?!]{0,12}?\b(?:by )?(?P<n>\d{1,2}) (?P<unit>days?|weeks?)(?P<later> later| back)?\b"
    r"|\b(?:postpone|delay|push (?:it |this |that |everything |the (?:plan|campaign|dates?) )?back)\b"
    r"[^.?!]{0,12}?\b(?:by )?(?P<n2>\d{1,2}) (?P<unit2>days?|weeks?)\b"
    r"|(?:整体|整个|全部|都|一起|日期|时间)?(?:提前|往前挪|往前移|前移|提早)\s*(?P<n3>\d{1,2})\s*个?\s*(?P<unit3>天|日|周|星期|礼拜)"
    r"(?!\s*(?:开始|开跑|启动|结束|截止))"
)


def shift_days(text: str) -> int | None:
    """Days the whole plan moves, both its first and its last day ("prepone it by two days", "move everything a week
    later", "postpone by 3 days", "整体提前2天"): negative when earlier; None when no such move is said (a move of the
    start or the end alone, "提前3天开始", is a day of its own)."""
    match = _SHIFTED.search(text)
    if match is None:
        return None
    days = _days_said(match)
    later = match.group("n2") is not None or (match.group("n") is not None and match.group("later") is not None)
    unsaid = not re.search(r"\b(up|forward|earlier|ahead)\b", match.group())
    if match.group("n") is not None and match.group("early") in ("move", "shift") and not later and unsaid:
        return None  # "move it by 2 days": which way is not said
    if not 0 < days <= 92:
        return None
    return days if later else -days


def _schedule_edit(text: str, today: date) -> dict[str, str]:
    """The days an edit moves: a range as said, one day as the end after an end cue ("run through Dec 20",
    "延长到12月20号") or as the start."""
    schedule = find_schedule(text, today)
    cued = _MOVE_CUE.search(text) or _START_CUE.search(text) or _END_CUE.search(text)
    if schedule.start is None:
        return {"end": schedule.end.isoformat()} if schedule.end else _day_of_month_edit(text, today)
    if not (schedule.end or cued):
        return {}
    if schedule.end is not None:
        return {"start": schedule.start.isoformat(), "end": schedule.end.isoformat()}
    end_day = _end_day_after(text[schedule.spans[-1][1] :] if schedule.spans else "", schedule.start)
    if end_day is not None:  # "start on December 1 and end on the 12th": the end's month is the start's
        return {"start": schedule.start.isoformat(), "end": end_day.isoformat()}
    head = text[: schedule.spans[0][0]] if schedule.spans else text
    if _END_CUE.search(head) and not _START_CUE.search(head):
        return {"end": schedule.start.isoformat()}
    return {"start": schedule.start.isoformat()}


_DAY_OF_MONTH = re.compile(
    r"(?<![\d./-])(?:the\s+)?(?P<d>3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th|\s*(?:号|日)(?!期))(?![\d./%-])"
)


def _end_day_after(tail: str, start: date) -> date | None:
    """The last day said by its number only after an end cue, following a start said in full ("… and end on the
    12th", "…，15号结束"): that day of the start's month, or of the next when it comes before the start."""
    match = _DAY_OF_MONTH.search(tail)
    if match is None or not _END_CUE.search(tail):
        return None
    day = int(match.group("d"))
    month = start if day >= start.day else (start.replace(day=1) + timedelta(days=32))
    try:
        return month.replace(day=day)
    except ValueError:
        return None


def _day_of_month_edit(text: str, today: date) -> dict[str, str]:
    """One day said by its number only, with a word that makes it the start or the end ("make it start on the 5th
    instead", "改成3号开始", "end it on the 14th"): the coming day of that number."""
    match = _DAY_OF_MONTH.search(text)
    start, end = _START_CUE.search(text), _END_CUE.search(text)
    if match is None or not (start or end) or (start and end):
        return {}
    found = coming_day_of_month(int(match.group("d")), today)
    return {} if found is None else {"start" if start else "end": found.isoformat()}


def draft_follow_up(f: Findings, prev_slots: dict[str, Any], drafted: bool, today: date) -> dict[str, Any] | None:
    """A message after a campaign turn: an edit of the draft (`drafted`) when it names no new target, objective or
    event; or the missing details of the plan asked about (the earlier slots with what the words add, a plain
    number of 100 or more that counts nothing as its budget, a target named replacing the earlier one); None
    when the words are about something else."""
    new_target = _names_target(f)
    if drafted:
        corrected = _objective_corrected(f)
        switched = corrected not in (None, prev_slots.get("objective")) and not audience_named(f.norm)
        if switched and not new_target and periods.find_event(f.norm) is None:
            return {**(campaign_edit(f, today) or {}), "edit": True, "objective": corrected}
        objective = _objective(f) is not None and not audience_named(f.norm)  # "target new cat owners" edits
        new_plan = new_target or periods.find_event(f.norm) or objective
        widened = _widened_targets(f, prev_slots) if new_target else None
        if widened is not None:
            return widened
        if new_target and _RETARGET.search(f.norm) and not _PLAN_WORDS.search(f.norm):
            return _retargeted(f, today)
        if not new_target and periods.find_event(f.norm) and _RETARGET.search(f.norm):
            return _moved_to_event(f, today)
        event = periods.find_event(f.norm)
        if event is not None and not new_target and _END_CUE.search(f.norm):  # "push the end out to Dec 12 so it
            moved = _schedule_edit(mask(f.norm, [event[1]]), today)  # covers double 12": the day said, the festival
            if moved.get("end"):  # only why
                return {"edit": True, **moved}
        return None if new_plan else campaign_edit(f, today)
    added = campaign(f, today)
    if "budget" not in added and not _ASKING.search(f.norm):
        put(added, "budget", amount_meant(f, bare=True))
    if not added:
        return None
    kept = {k: v for k, v in prev_slots.items() if not (new_target and k in ("product", "category", "categories"))}
    return {**kept, **added}


def _moved_to_event(f: Findings, today: date) -> dict[str, Any]:
    """The draft moved to another festival ("make it double 12 instead, Dec 1 to 12", "改成双12吧"): an edit of its
    event and days (the festival's window when no days are said), never a new plan asked for again."""
    said = campaign(f, today)
    return {"edit": True, **{key: said[key] for key in ("event", "start", "end") if key in said}}


_PLAN_WORDS = re.compile(
    r"方案|计划|活动|\b(campaign|plan|promo|promotion)s?\b|再(做|来|出)|另(做|外)|也(做|来)|\balso\b|\banother\b"
)


_ADDED_TARGET = re.compile(
    r"也(加|推|放|算)|加(上|进|入)|再加|添上|添加|带上|捎上"
    r"|\b(also )?(add|include|throw in|bring in)\b|\bas well\b|\btoo\b"
)


def _widened_targets(f: Findings, prev_slots: dict[str, Any]) -> dict[str, Any] | None:
    """An edit that adds a category to the draft's ("把羽绒服也加进去", "kindly also add the down jacket category",
    "throw in the sleeping bags too"): the draft's categories with the one named, or None when the words add none
    or the draft promotes no category."""
    named = f.catalog.categories or ([f.catalog.category] if f.catalog.category else [])
    before = prev_slots.get("categories") or ([prev_slots["category"]] if prev_slots.get("category") else [])
    if not named or not before or f.catalog.product or not _ADDED_TARGET.search(f.norm):
        return None
    together = list(dict.fromkeys([*before, *named]))
    return {"categories": together, "edit": True} if len(together) > len(before) else None


def _retargeted(f: Findings, today: date) -> dict[str, Any]:
    """An edit that swaps the draft's product or category for the one named (as named: "改成推羽绒服" is the
    category even when it has one product), with what else the words change."""
    slots: dict[str, Any] = {}
    targets(f, slots)
    if f.catalog.alias_member and not f.catalog.product:  # "switch it to the bouncers"
        slots = {"product": f.catalog.alias_member}
    slots.update({k: v for k, v in (campaign_edit(f, today) or {}).items() if k != "edit"})
    slots["edit"] = True
    return slots


def _names_target(f: Findings) -> bool:
    return bool(f.catalog.product or f.catalog.category or f.catalog.categories)


def _objective(f: Findings) -> str | None:
    return next((key for key, p in lexicon().groups["objectives"].items() if p.search(f.norm)), None)


_SWITCHED = re.compile(r"不是|不对|不要|改成|改为|换成|\bnot\b|\binstead\b|\b(switch|change)( it)? to\b|\bmake it\b")


def _objective_corrected(f: Findings) -> str | None:
    """The objective a draft is switched to ("sorry 不是 launch，是 clearance", "改成清仓", "make it a clearance
    instead"): the last one said that is not the one taken back; None when the words switch none."""
    if not _SWITCHED.search(f.norm):
        return None
    said = sorted((m.start(), key) for key, p in lexicon().groups["objectives"].items() for m in p.finditer(f.norm))
    kept = [key for start, key in said if not _NOT_MEANT.search(f.norm[:start])]
    return kept[-1] if kept and (len(said) > 1 or not _NOT_MEANT.search(f.norm[: said[0][0]])) else None


def campaign(f: Findings, today: date) -> dict[str, Any]:
    event = periods.find_event(f.norm)
    edit = campaign_edit(f)
    if edit is not None and not _names_target(f) and event is None and _objective(f) is None:
        return edit  # "预算改成3万", "drop live": an edit; "全店活动 … 直播先别碰" is a new plan without live
    slots: dict[str, Any] = {}
    if event is not None:
        slots["objective"] = "event"
        slots["event"] = event[0]
    else:
        put(slots, "objective", _objective(f))
    targets(f, slots, action=True)
    schedule = find_schedule(f.norm, today)
    total = _total_budget(f, schedule)
    put(slots, "budget", total if total is None or total >= MIN_BUDGET else None)  # "budget 50": asked again
    passed = _days_passed(f.norm, schedule, today)
    if passed:
        slots["past_days"] = passed
    else:
        put(slots, "start", schedule.start.isoformat() if schedule.start else None)
        put(slots, "end", schedule.end.isoformat() if schedule.end else None)
    if event is None and not schedule.start and not schedule.end and f.period is None:
        put(slots, "occasion", unknown_occasion(f.norm, today))  # "开学季推一波头灯": its days are asked
    removed = set(edit.get("remove_channels", [])) if edit else set()
    every = lexicon().groups["campaign_edit"]["every_channel"].search(f.norm) is not None
    said = [c for c in f.channels if c not in removed] or (
        [c for c in CHANNEL_ORDER if c != "direct"] if removed or every else []
    )
    put(slots, "channels", [c for c in CHANNEL_ORDER if c in said and c != "direct" and c not in removed])
    put(slots, "segments", f.scenes)
    return slots


_YEAR_SAID = re.compile(r"20\d\d|明年|后年|\bnext year")
RECENTLY_PASSED_DAYS = 60


def _days_passed(norm: str, schedule: Any, today: date) -> str | None:
    """Days said with no year ("1 to 11 Nov", "双11") that this year ended no more than two months ago: read as the
    coming year's they would be moved silently, so the plan is not drafted and they are asked about ("this year's
    over: next year's, or other days?"). "this..next" of the two readings, or None when the days are to come."""
    start, end = schedule.start, schedule.end
    if start is None or end is None or start.year <= today.year or _YEAR_SAID.search(norm):
        return None
    try:
        this_start, this_end = start.replace(year=start.year - 1), end.replace(year=end.year - 1)
    except ValueError:  # 29 February
        return None
    if not today - timedelta(days=RECENTLY_PASSED_DAYS) <= this_end < today:
        return None
    return f"{this_start.isoformat()}..{this_end.isoformat()}|{start.isoformat()}..{end.isoformat()}"


_OCCASION_LEAD = re.compile(r"^(在|过|到|趁|等|搞|做|为|给|的|想|是|这|那|今年|明年)+")


def unknown_occasion(norm: str, today: date) -> str | None:
    """An occasion a plan is for whose days the calendar does not know ("年货节", "开学季", "店庆"), said with no dates:
    the plan's days are asked for, never the default fortnight drafted for it."""
    said = lexicon().single["occasion"].search(norm)
    if said is None:
        return None
    word = _OCCASION_LEAD.sub("", said.group().strip()) or said.group().strip()
    known = periods.find_event(word) is not None or time_recognizer.find_period(word, today) is not None
    return None if known else word


_DAILY_CUE = (
    r"(每天|每日|日均|一天|(?<![\d.])1天|天天|\bdaily( budget)?( of| is)?|\bper day)"
    r"\s*(投放?|花|烧|砸)?\s*(预算)?\s*(是|为|:|：)?\s*"
)
_DAILY_BEFORE = re.compile(_DAILY_CUE + "$")
_DAILY_AFTER = re.compile(r"^\s*(/\s*(天|日|day)|一天|(a|1|per|each|every)\s+day\b|daily\b)")
_DAILY_NUMBER = re.compile(_DAILY_CUE + r"(?P<n>\d+(?:\.\d+)?)(?![\d.])")


def _total_budget(f: Findings, schedule: Any) -> int | float | None:
    """A new plan's total budget: the amount said, or a plain number of 100 or more that counts nothing when none
    has a unit ("搞个推广 八千 11.23到11.29"); an amount said per day ("3.5k a day for 10 days", "每天3000 跑一周")
    times the days of the schedule, and no total (None) when the schedule has no two ends."""
    daily = daily_amount(f.norm)
    if daily is None:
        bare = not _ASKING.search(f.norm) or _POLITE_ASK.search(f.norm) is not None
        return f.money[0] if f.money else amount_meant(f, bare=bare)
    if schedule.start is None or schedule.end is None:
        return None
    total = daily * ((schedule.end - schedule.start).days + 1)
    return int(total) if float(total).is_integer() else round(total, 2)


# a plan asked for politely ("could you maybe help me draft…?", "能不能帮我做个…"): its plain number of 100 or more
# ("around 15,000") is still the budget, the question mark asks nothing about it
_POLITE_ASK = re.compile(
    r"\b(could|can|would|will) (you|u)( please| pls| maybe| perhaps| kindly)? (help|draft|make|put|prepare|prep|set|do|"
    r"sort|whip|come up)\b|(能不能|可不可以|可以|麻烦|能否)(你)?(帮我|帮忙|给我)"
)


def daily_amount(text: str) -> float | None:
    for e in find_money(text):
        if _DAILY_BEFORE.search(text[: e.span[0]]) or _DAILY_AFTER.search(text[e.span[1] :]):
            return float(e.value)
    bare = _DAILY_NUMBER.search(text)
    return float(bare.group("n")) if bare and float(bare.group("n")) >= 100 else None


_NOT_WANTED = re.compile(r"(不要|不用|不需要|无需|别|\bno|\bwithout|\bdon't need|\bskip( the)?)\s*$")


def wanted_kinds(text: str) -> list[str]:
    """The kinds of creatives asked for, in order, without those said not to be wanted ("不要文案", "no copy")."""
    wanted = []
    for kind, pattern in lexicon().groups["creative_kinds"].items():
        hits = [m for m in pattern.finditer(text) if not _NOT_WANTED.search(text[max(0, m.start() - 12) : m.start()])]
        if hits:
            wanted.append((hits[0].start(), kind))
    return [kind for _, kind in sorted(wanted)]


MAX_CREATIVES = 10  # the creatives tool's most variants in one call: "20 variants" asks for as many as it makes
_ONE_SET = re.compile(r"1\s*(套|组|份)")


def creative_count(text: str) -> re.Match[str] | None:
    """How many creatives the words ask for: the first count said, after "一套"/"one set" when another count
    follows it ("一套图文 3条" is 3); "第二条" points at one, it counts none (lexicon creative_count)."""
    said = list(lexicon().single["creative_count"].finditer(text))
    counted = [m for m in said if not _ONE_SET.fullmatch(m.group().strip())] if len(said) > 1 else said
    return counted[0] if counted else None


_IMAGES_DECLINED = re.compile(
    r"(不要|不用|不需要|别|无需|免|甭|嫑)(再)?(配|出|做|带)?图|图(片)?\s*(就|也|都)?\s*(不要|不用|不需要|免了|算了|省了|嫑)"
    r"(?!\s*(写|出|配|带)?(文案|文字|标题|广告语|广告词))"
    r"|\b(no|without|skip( the)?|drop( the)?) (images?|pictures?|pics?|visuals?|photos?)\b"
    r"|\bjust (the )?(copy|texts?)\b"
)


_COPY_DECLINED = re.compile(
    r"(不要|不用|不需要|别|无需|免|甭|嫑)(写|出|配|带)?(文案|文字|标题|广告语|广告词)"
    r"|(文案|文字)\s*(就|也|都)?\s*(不要|不用|不需要|免了|算了|省了|嫑)(?!\s*(配|出|做|带)?(图|海报))"
    r"|\b(no|without|skip( the)?|drop( the)?) (copy|text|texts|captions?|headlines?)\b"
    r"|\b(just|only) (the )?(images?|pictures?|pics|visuals?|posters?)\b"
)
# the pictures wanted besides the copy ("and picture also", "images too", "图也要"): both kinds
_IMAGES_TOO = re.compile(
    r"\b(images?|pictures?|pics?|visuals?|photos?) (also|too|as well)\b"
    r"|\balso (an? )?(images?|pictures?|pics?|visuals?)\b"
    r"|图(片)?\s*(也|还)\s*(要|得|来|出|配)"
)


def creatives(f: Findings) -> dict[str, Any]:
    kinds = wanted_kinds(f.norm)
    if _IMAGES_DECLINED.search(f.norm):  # "再来五条短的 不要图了": the copy alone
        kinds = [k for k in kinds if k != "image"] or ["copy"]
    elif _COPY_DECLINED.search(f.norm):  # "出几张图 文案不要", "images only, no copy": the pictures alone
        kinds = [k for k in kinds if k != "copy"] or ["image"]
    elif kinds == ["image"] and _IMAGES_TOO.search(f.norm):
        kinds = ["copy", "image"]
    count = creative_count(mask(f.rest, f.scene_spans))  # "一个人带娃" counts no creatives
    slots: dict[str, Any] = {
        "count": min(first_int(count.group()) or 3, MAX_CREATIVES) if count else 3,
        "kind": kinds[0] if len(kinds) == 1 else "both",
    }
    targets(f, slots, action=True)
    put(slots, "scene", f.scenes[0] if f.scenes else None)
    return slots
