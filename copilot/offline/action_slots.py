"""Slots of the action intents: a campaign (or an edit of the latest draft), creatives and a budget submission."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from copilot.offline import periods
from copilot.offline.findings import Findings, put, targets
from copilot.offline.lexicon import lexicon
from copilot.offline.numbers import first_int
from copilot.offline.recognizers import time as time_recognizer
from copilot.offline.recognizers.money import find_money

CHANNEL_ORDER = ("search", "recommend", "live", "direct")


_NOT_MEANT = re.compile(r"(不是|而非|并非|\bnot\b|\binstead of\b)\s*$")
_COUNTED = re.compile(
    r"\s*(件|个|人|单|条|次|位|名|家|款|双|台|只|瓶|包|袋|箱|盒|%|"
    r"(units?|customers?|people|orders?|reviews?|items?|pieces?|members?|fans?|followers?|visitors?|buyers?)\b)"
)
_ASKING = re.compile(
    r"[?？]|吗|么$|够不够|周几|几号|多少|是否|能不能|可不可以|^(is|are|does|do|can|will|what|how|which|why)\b"
)
_END_CUE = re.compile(r"结束|截止|延长|延到|为止|\bthrough\b|\buntil\b|\btill\b|\bends?\b|\bending\b|\bextend")
_START_CUE = re.compile(r"开始|开跑|启动|\bstart(s|ing)?\b|\bbegin(s|ning)?\b|\bkick ?off\b")
_MOVE_CUE = re.compile(r"改|调|推迟|提前|延|挪|到|至|跑|\bmove|\bpush|\bshift|\brun|\bfrom\b|\bto\b")
_ONLY = re.compile(
    r"只投|只用|只要|只留|就投|改成|改为|换成|变成|\bonly\b|\bjust\b"
    r"|\b(change|switch|set|make)( it| them| the channels?)? to\b"
)
_BARE_NUMBER = re.compile(
    r"(?<![\d.,])\d{1,3}(?:,\d{3})+(?![\d.,])|(?<![\d.,])\d+(?:\.\d+)?(?![\d.,]|\s*(月|号|日|年|天|周|/|-))"
)
# Words that swap the draft's product or category for the one named ("改成推羽绒服", "换成帐篷", "不对 只清电动那款",
# "make it the tents instead"), not a new plan of its own.
_RETARGET = re.compile(
    r"改成|改为|换成|换一?个|改推|只(推|清|投|做)|不对|不是|\binstead\b|\bswitch( it)? to\b|\bchange( it)? to\b"
    r"|\bmake it\b|\bi meant\b|\brather\b"
)
_CLAUSE = re.compile(r"[,，;；。]|\band then\b|然后|再")
_NEXT_TO = re.compile(r"\s*(渠道|\bchannel)?\s*(都|也|就|先|给)?\s*")


def _channel_edits(text: str) -> tuple[list[str], list[str]]:
    """Channels an edit drops and adds: each channel goes with the cue before it in its clause, or with a cue
    right after it ("去掉直播渠道", "直播渠道去掉", "去掉直播，加上推荐"); "直播和搜索都投 不投钱给达人" drops none."""
    edit, channels = lexicon().groups["campaign_edit"], lexicon().groups["channels"]
    removed: list[str] = []
    added: list[str] = []
    for clause in _CLAUSE.split(text):
        cues = sorted(
            [(m.start(), m.end(), removed) for m in edit["remove_channel"].finditer(clause)]
            + [(m.start(), m.end(), added) for m in edit["add_channel"].finditer(clause)],
            key=lambda cue: cue[0],
        )
        for name, pattern in channels.items():
            for m in pattern.finditer(clause):
                before = [cue for cue in cues if cue[1] <= m.start()]
                after = [cue for cue in cues if cue[0] >= m.end() and _NEXT_TO.fullmatch(clause[m.end() : cue[0]])]
                target = before[-1][2] if before else after[0][2] if after else None
                if target is not None and name not in target:
                    target.append(name)
    return removed, [c for c in added if c not in removed]


def amount_meant(f: Findings, bare: bool) -> int | float | None:
    """The amount an edit means: the last one said, except one said right after 不是/not ("预算是5千不是5万") or
    one that counts something ("2000件", "1万人"); with `bare`, a message's only such number of 100 or more when
    it says no amount ("不对不对，是五千")."""
    found = [e for e in find_money(f.rest) if not _COUNTED.match(f.rest, e.span[1])]
    meant = [e.value for e in found if not _NOT_MEANT.search(f.rest[: e.span[0]])]
    if meant:
        return meant[-1]
    numbers = [
        float(m.group().replace(",", "")) for m in _BARE_NUMBER.finditer(f.rest) if not _COUNTED.match(f.rest, m.end())
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
    schedule = _schedule_edit(f.norm, today) if implicit and today is not None else {}
    amount = amount_meant(f, bare=implicit and not schedule)
    if amount is not None and (implicit or edit["budget"].search(f.norm)):
        slots["budget"] = amount
    if f.channels and not asking:
        removed, added = _channel_edits(f.rest)
        put(slots, "remove_channels", removed)
        put(slots, "add_channels", added)
        if implicit and not removed and not added and _ONLY.search(f.rest):
            slots["channels"] = [c for c in CHANNEL_ORDER if c in f.channels and c != "direct"]
    slots.update(schedule)
    if not slots:
        return None
    slots["edit"] = True
    return slots


def _schedule_edit(text: str, today: date) -> dict[str, str]:
    """The days an edit moves: a range as said, one day as the end after an end cue ("run through Dec 20",
    "延长到12月20号") or as the start."""
    schedule = time_recognizer.find_schedule(text, today)
    if schedule.start is None or not (schedule.end or _MOVE_CUE.search(text) or _START_CUE.search(text)):
        return {}
    if schedule.end is not None:
        return {"start": schedule.start.isoformat(), "end": schedule.end.isoformat()}
    head = text[: schedule.spans[0][0]] if schedule.spans else text
    if _END_CUE.search(head) and not _START_CUE.search(head):
        return {"end": schedule.start.isoformat()}
    return {"start": schedule.start.isoformat()}


def draft_follow_up(f: Findings, prev_slots: dict[str, Any], drafted: bool, today: date) -> dict[str, Any] | None:
    """A message after a campaign turn: an edit of the draft (`drafted`) when it names no new target, objective or
    event; or the missing details of the plan asked about (the earlier slots with what the words add, a plain
    number of 100 or more that counts nothing as its budget, a target named replacing the earlier one); None
    when the words are about something else."""
    new_target = _names_target(f)
    if drafted:
        new_plan = new_target or periods.find_event(f.norm) or _objective(f) is not None
        if new_target and _RETARGET.search(f.norm) and not _PLAN_WORDS.search(f.norm):
            return _retargeted(f, today)
        return None if new_plan else campaign_edit(f, today)
    added = campaign(f, today)
    if "budget" not in added and not _ASKING.search(f.norm):
        put(added, "budget", amount_meant(f, bare=True))
    if not added:
        return None
    kept = {k: v for k, v in prev_slots.items() if not (new_target and k in ("product", "category", "categories"))}
    return {**kept, **added}


_PLAN_WORDS = re.compile(
    r"方案|计划|活动|\b(campaign|plan|promo|promotion)s?\b|再(做|来|出)|另(做|外)|也(做|来)|\balso\b|\banother\b"
)


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


def campaign(f: Findings, today: date) -> dict[str, Any]:
    event = periods.find_event(f.norm)
    edit = campaign_edit(f)
    if edit is not None and not _names_target(f) and event is None:
        return edit
    slots: dict[str, Any] = {}
    if event is not None:
        slots["objective"] = "event"
        slots["event"] = event[0]
    else:
        put(slots, "objective", _objective(f))
    targets(f, slots, action=True)
    put(slots, "budget", f.money[0] if f.money else None)
    schedule = time_recognizer.find_schedule(f.norm, today)
    put(slots, "start", schedule.start.isoformat() if schedule.start else None)
    put(slots, "end", schedule.end.isoformat() if schedule.end else None)
    removed = set(edit.get("remove_channels", [])) if edit else set()
    said = [c for c in f.channels if c not in removed] or (
        [c for c in CHANNEL_ORDER if c != "direct"] if removed else []
    )
    put(slots, "channels", [c for c in CHANNEL_ORDER if c in said and c != "direct" and c not in removed])
    put(slots, "segments", f.scenes)
    return slots


_NOT_WANTED = re.compile(r"(不要|不用|不需要|无需|别|\bno|\bwithout|\bdon't need|\bskip( the)?)\s*$")


def wanted_kinds(text: str) -> list[str]:
    """The kinds of creatives asked for, in order, without those said not to be wanted ("不要文案", "no copy")."""
    wanted = []
    for kind, pattern in lexicon().groups["creative_kinds"].items():
        hits = [m for m in pattern.finditer(text) if not _NOT_WANTED.search(text[max(0, m.start() - 12) : m.start()])]
        if hits:
            wanted.append((hits[0].start(), kind))
    return [kind for _, kind in sorted(wanted)]


def creatives(f: Findings) -> dict[str, Any]:
    lex = lexicon()
    kinds = wanted_kinds(f.norm)
    count = lex.single["creative_count"].search(f.rest)
    slots: dict[str, Any] = {
        "count": first_int(count.group()) if count else 3,
        "kind": kinds[0] if len(kinds) == 1 else "both",
    }
    targets(f, slots, action=True)
    return slots


_CAMPAIGN_REF = re.compile(
    r"提交(.{2,20}?)(方案|活动|计划)的?预算|\bbudget for (?:the |our )?(.{2,40}?) (campaign|plan)\b"
)


_AMOUNT_CUE = re.compile(
    r"(金额|预算|\bamount|\bbudget)\s*(按|是|为|改成|改为|:|：|of|is|to)?\s*(\d+(?:\.\d+)?)(?![\d.])"
)


def budget(f: Findings) -> dict[str, Any]:
    """The amount to submit (one with a unit, or a plain number right after 金额/预算/amount) and the plan named."""
    slots: dict[str, Any] = {}
    cued = _AMOUNT_CUE.search(f.rest)
    put(slots, "amount", f.money[0] if f.money else float(cued.group(3)) if cued else None)
    ref = _CAMPAIGN_REF.search(f.norm)
    if ref:
        name = (ref.group(1) or ref.group(3) or "").strip()
        name = re.sub(r"^(这个|那个|该|the|this|that)\s*", "", name)
        if name:  # "提交这个方案的预算" points at the latest draft, names none
            put(slots, "campaign", f"{name}{ref.group(2) or ''}".strip() if ref.group(1) else name)
    return slots
