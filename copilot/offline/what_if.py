"""What-ifs about the thread's plan: a budget supposed beside the draft's ("what if we doubled it?", "如果预算再加两千，
能多卖多少", "what if 预算再加3k", "要是改成3万呢") is an estimate of that budget over the plan's days, never an edit of
the draft; and the what-if taken up right after ("ok 加", "那就加上，改成2.2万", "go with that") is the edit that puts
that budget into the draft."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, Protocol

from copilot.offline.action_slots import amount_meant, relative_budget
from copilot.offline.findings import Findings
from copilot.offline.submission_words import SUBMIT


class Parse(Protocol):
    """An earlier turn's reading (nlu.Parse) as the plan's dialogue reads it."""

    intent: str
    slots: dict[str, Any]
    plan_terms: dict[str, Any]

    def asks_for(self, intent: str) -> bool: ...


# the words suppose a budget rather than set one
_SUPPOSED = re.compile(
    r"\bwhat if\b|\bwhat about if\b|\bsuppose\b|\bsupposing\b|\bif (we|i|you)\b|\bhow about if\b"
    r"|如果|要是|假如|假设|假使|若是|万一"
)
# an order that changes the draft itself ("改成", "set it to"): an edit, however it is put
_ORDERED = re.compile(r"改成|改为|改到|调成|调到|定成|就按|\b(change|set|make) it\b|\bupdate the (draft|plan)\b")
# the what-if just estimated taken up ("ok 加", "那就加上", "就这么办", "go with that", "let's do it", "apply it")
_TAKEN_UP = re.compile(
    r"^\s*(ok(ay)?|好(的|吧)?|行|可以|嗯|那|那就|就)?\s*[,，]?\s*(加|加上|加吧|就加|那就加|改吧|就这么(办|定|来)|按这个(来|改)?"
    r"|照这个(来|改)?|就它了)\s*(吧|了|呗|嘛|上)?\s*[。.!！]?\s*$"
    r"|^\s*(ok(ay)?|sure|fine|great|yes|yeah|alright)?[,.]?\s*(let.?s )?(do (it|that)|go (with|for) (it|that)"
    r"|apply (it|that)( to the (draft|plan))?|use (that|it)|take (it|that))\b[\s.!]*$"
)


# what the plan just drafted would bring, asked of it ("how much GMV we can expect with this?",
# "这个方案能带来多少成交", "这样能卖多少"): a figure to come, pointed at the plan
_FIGURE = re.compile(r"\b(gmv|sales|revenue|orders|roi|roas|return)\b|成交|销售|销量|卖(出)?多少|带来|回报|投产|产出")
_TO_COME = re.compile(
    r"\b(can|could|will|would|might|may|should|expect(ed)?|wait|hope|get|bring|make)\b|能|会|可以|预计|预期|大概|估计|预估"
)
_POINTED = re.compile(
    r"\b(this|that|it|these|the (plan|campaign|budget|draft))\b|这个|这份|这样|这么|这些|这笔|那个|那样"
)


def _plan_of(history: Sequence[Parse]) -> list[Parse]:
    """The thread's plan turns, oldest first, when the latest turn is about that plan (a draft, an edit of it, or a
    what-if of it); empty otherwise."""
    if not history or not (history[-1].asks_for("campaign") or is_what_if(history[-1])):
        return []
    return [p for p in history if p.asks_for("campaign")]


def is_what_if(parsed: Parse) -> bool:
    """Whether a parse is an estimate of a plan's budget (a what-if about a draft, or the estimate of a budget)."""
    return parsed.intent == "promotion" and parsed.slots.get("mode") == "plan" and bool(parsed.slots.get("budget"))


def draft_budget(plans: Sequence[Parse]) -> float | None:
    """The draft's budget after the plan turns: the last amount set, with the changes said relative to it applied."""
    current: float | None = None
    for plan in plans:
        slots = plan.slots
        if slots.get("budget"):
            current = float(slots["budget"])
        if current is not None and slots.get("budget_times"):
            current *= float(slots["budget_times"])
        if current is not None and slots.get("budget_plus"):
            current += float(slots["budget_plus"])
    return current


def plan_window(plans: Sequence[Parse]) -> str | None:
    """The days of the latest plan: its festival, or its first and last day."""
    for plan in reversed(plans):
        if plan.slots.get("event"):
            return str(plan.slots["event"])
        if plan.slots.get("start") and plan.slots.get("end"):
            return f"{plan.slots['start']}..{plan.slots['end']}"
    return None


def supposed_budget(f: Findings, history: Sequence[Parse]) -> dict[str, Any] | None:
    """The estimate's slots of a budget supposed beside the thread's draft ("what if we doubled it?", "如果再加两千呢"):
    the new total over the plan's days; None when the words suppose no budget or the thread has no plan."""
    plans = _plan_of(history)
    if not plans or not _SUPPOSED.search(f.norm) or _ORDERED.search(f.norm) or SUBMIT.search(f.norm):
        return None
    base = draft_budget(plans)
    relative = relative_budget(f)
    if relative and base is not None:
        total = base * float(relative.get("budget_times", 1)) + float(relative.get("budget_plus", 0))
    elif not relative and f.money:
        total = float(f.money[-1])
    else:
        return None
    slots: dict[str, Any] = {"mode": "plan", "budget": int(total) if total.is_integer() else round(total, 2)}
    window = plan_window(plans)
    if window is not None:
        slots["when"] = window
    return slots


def plan_outcome(f: Findings, history: Sequence[Parse]) -> dict[str, Any] | None:
    """What the thread's plan would bring, asked right after it ("how much GMV we can wait with this?"): an estimate of
    its budget over its days; None when the words ask no figure to come of it, or name days or amounts of their own."""
    plans = _plan_of(history)
    if not plans or f.money or f.period or not history[-1].asks_for("campaign"):
        return None
    if not (_FIGURE.search(f.norm) and _TO_COME.search(f.norm) and _POINTED.search(f.norm)):
        return None
    base = draft_budget(plans)
    if base is None:
        return None
    slots: dict[str, Any] = {"mode": "plan", "budget": int(base) if base.is_integer() else base}
    window = plan_window(plans)
    if window is not None:
        slots["when"] = window
    return slots


def taken_up(f: Findings, history: Sequence[Parse]) -> dict[str, Any] | None:
    """Right after a what-if about the draft, the words that put a budget into it: the amount they say ("那就加上，
    改成2.2万"), else the what-if's own ("ok 加", "go with that"); None when they do not take it up."""
    if len(history) < 2 or not is_what_if(history[-1]) or not _plan_of(history[:-1]):
        return None
    if SUBMIT.search(f.norm) or _SUPPOSED.search(f.norm):
        return None
    if _ORDERED.search(f.norm):
        said = amount_meant(f, bare=True)
        return {"edit": True, "budget": said} if said is not None else None
    if _TAKEN_UP.search(f.norm):
        return {"edit": True, "budget": history[-1].slots["budget"]}
    return None


def carry_plan_budget(slots: dict[str, Any], history: Sequence[Parse]) -> None:
    """What a budget would bring asked right after a plan ("这个预算能带来多少", "估一下这两万能带来多少", "what would
    that bring"): the plan's budget unless the words name an amount, over its festival or days unless they name
    their own."""
    if not history or not history[-1].asks_for("campaign"):
        return
    drafts = [p.slots for p in reversed(history) if p.asks_for("campaign")]
    amount = slots.get("budget") or next((d["budget"] for d in drafts if d.get("budget")), None)
    if amount is None:
        return
    slots["budget"] = amount
    event = next((d["event"] for d in drafts if d.get("event")), None)
    start = next((d["start"] for d in drafts if d.get("start")), None)
    end = next((d["end"] for d in drafts if d.get("end")), None)
    if "when" not in slots and (event or (start and end)):
        slots["when"] = event or f"{start}..{end}"
