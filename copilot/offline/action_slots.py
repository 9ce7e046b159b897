"""Slots of the action intents: a campaign (or an edit of the latest draft), creatives and a budget submission."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from copilot.offline import periods
from copilot.offline.findings import Findings, all_keys, put, targets
from copilot.offline.lexicon import Pattern, lexicon
from copilot.offline.numbers import first_int
from copilot.offline.recognizers import time as time_recognizer

CHANNEL_ORDER = ("search", "recommend", "live", "direct")


def _channels_after(cue: Pattern, text: str) -> list[str]:
    """Channels named after an edit cue ("去掉直播渠道" -> ["live"])."""
    match = cue.search(text)
    if match is None:
        return []
    return all_keys(lexicon().groups["channels"], text[match.start() :])


def campaign_edit(f: Findings) -> dict[str, Any] | None:
    edit = lexicon().groups["campaign_edit"]
    slots: dict[str, Any] = {}
    if edit["budget"].search(f.norm) and f.money:
        slots["budget"] = f.money[-1]
    if f.channels:
        removed = _channels_after(edit["remove_channel"], f.rest)
        added = [c for c in _channels_after(edit["add_channel"], f.rest) if c not in removed]
        put(slots, "remove_channels", removed)
        put(slots, "add_channels", added)
    if not slots:
        return None
    slots["edit"] = True
    return slots


def campaign(f: Findings, today: date) -> dict[str, Any]:
    edit = campaign_edit(f)
    if edit is not None:
        return edit
    lex = lexicon()
    slots: dict[str, Any] = {}
    event = periods.find_event(f.norm)
    objectives = lex.groups["objectives"]
    if event is not None:
        slots["objective"] = "event"
        slots["event"] = event[0]
    else:
        put(slots, "objective", next((key for key, p in objectives.items() if p.search(f.norm)), None))
    targets(f, slots)
    put(slots, "budget", f.money[0] if f.money else None)
    schedule = time_recognizer.find_schedule(f.norm, today)
    put(slots, "start", schedule.start.isoformat() if schedule.start else None)
    put(slots, "end", schedule.end.isoformat() if schedule.end else None)
    put(slots, "channels", [c for c in CHANNEL_ORDER if c in f.channels and c != "direct"])
    put(slots, "segments", f.scenes)
    return slots


def creatives(f: Findings) -> dict[str, Any]:
    lex = lexicon()
    kinds = all_keys(lex.groups["creative_kinds"], f.norm)
    count = lex.single["creative_count"].search(f.rest)
    slots: dict[str, Any] = {
        "count": first_int(count.group()) if count else 3,
        "kind": kinds[0] if len(kinds) == 1 else "both",
    }
    targets(f, slots)
    return slots


_CAMPAIGN_REF = re.compile(
    r"提交(.{2,20}?)(方案|活动|计划)的?预算|\bbudget for (?:the |our )?(.{2,40}?) (campaign|plan)\b"
)


def budget(f: Findings) -> dict[str, Any]:
    slots: dict[str, Any] = {}
    put(slots, "amount", f.money[0] if f.money else None)
    ref = _CAMPAIGN_REF.search(f.norm)
    if ref:
        name = (ref.group(1) or ref.group(3) or "").strip()
        name = re.sub(r"^(这个|那个|该|the|this|that)\s*", "", name)
        if name:  # "提交这个方案的预算" points at the latest draft, names none
            put(slots, "campaign", f"{name}{ref.group(2) or ''}".strip() if ref.group(1) else name)
    return slots
