"""The offline planner: from the words and the turn so far, the next tool calls or the answer.

Each turn is re-planned from the conversation alone (like an LLM reading its context): the last human message
is understood with `nlu.parse` (earlier ones give the follow-up history), the tool results already in the turn
say which steps are done, and the answer is written from those results only (templates in prompts/offline/).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, ToolMessage

from copilot.calendar.periods import resolve_period
from copilot.offline import answers, periods
from copilot.offline.action_slots import CHANNEL_ORDER
from copilot.offline.answer_text import artifact, channel_names
from copilot.offline.audiences import first_audiences, picked_audience
from copilot.offline.follow_ups import DEFAULT_PERIOD
from copilot.offline.frames import AskBack, FrameRefused, Schemas, Slots, default_schemas, frame
from copilot.offline.nlu import Catalog, Parse, normalise
from copilot.offline.questions import questions
from copilot.offline.recognizers import month_weeks
from copilot.offline.routing import ask_which, changes_a_pointed_plan, understand
from copilot.offline.sql_templates import template_sql
from copilot.offline.turn import TurnSoFar

HISTORY_TURNS = 6


Step = Callable[[TurnSoFar, Slots, date, str], dict[str, Any] | None]


def plan_next(
    messages: list[BaseMessage],
    *,
    catalog: Catalog,
    today: date,
    tools: list[str],
    dialect: str = "sqlite",
    schemas: Schemas | None = None,
) -> AIMessage:
    """The next step of the turn: a tool call, a question back, or the answer; `tools` are the bound tools' names,
    `schemas` their argument schemas (default: the default toolset's). Every slot understood goes into a frame
    or is said unused (one no step took is logged as an error and said unused too); a frame its tool's schema
    refuses is said, not called."""
    humans = [i for i, m in enumerate(messages) if isinstance(m, HumanMessage)]
    if not humans:
        return AIMessage(answers.text("en", "greeting"))
    history: list[Parse] = []
    for index in humans[:-1][-HISTORY_TURNS:]:
        history.append(_understood(_text(messages[index]), catalog, today, history))
    last = humans[-1]
    said = _text(messages[last])
    context = _Context(catalog, today, tools, dialect, schemas, history, messages[:last], len(messages))
    asked = questions(said, catalog=catalog, today=today, history=history)
    if not asked:
        understood = understand(said, catalog=catalog, today=today, history=history)
        return _next(_turn(understood, messages[last + 1 :], said, context), context)
    written = []
    for number, question in enumerate(asked, start=1):
        part = f"q{number}_"
        turn = _turn(question.parse, _of_part(messages[last + 1 :], part), question.text, context)
        step = _next(turn, context, part)
        if step.tool_calls:
            return step
        written.append(f"{number}{'）' if question.parse.lang == 'zh' else ')'} {question.text}\n{step.content}")
    return AIMessage("\n\n".join(written))


@dataclass(frozen=True)
class _Context:
    """What every step of a turn is planned with: the store, the day, the tools, the conversation so far."""

    catalog: Catalog
    today: date
    tools: list[str]
    dialect: str
    schemas: Schemas | None
    history: list[Parse]
    earlier: list[BaseMessage]
    salt: int


def _understood(said: str, catalog: Catalog, today: date, history: list[Parse]) -> Parse:
    """An earlier message as its follow-ups read it: of a message asking several questions, the last one."""
    asked = questions(said, catalog=catalog, today=today, history=history)
    return asked[-1].parse if asked else understand(said, catalog=catalog, today=today, history=history)


def _of_part(after: list[BaseMessage], part: str) -> list[BaseMessage]:
    """The tool calls and results of one question of a message asking several (their ids carry its mark)."""
    mine: list[BaseMessage] = []
    for message in after:
        if isinstance(message, AIMessage) and message.tool_calls:
            if all(str(call.get("id", "")).startswith(f"call_{part}") for call in message.tool_calls):
                mine.append(message)
        elif isinstance(message, ToolMessage) and message.tool_call_id.startswith(f"call_{part}"):
            mine.append(message)
    return mine


def _next(turn: TurnSoFar, context: _Context, part: str = "") -> AIMessage:
    """The next step of one request: a tool call, a question back, or its answer."""
    understood, catalog, today = turn.parse, context.catalog, context.today
    if understood.intent == "clarify":
        return AIMessage(ask_which(understood))
    if understood.intent == "campaign" and changes_a_pointed_plan(turn.text) and not _drafted(context.history, turn):
        return AIMessage(answers.text(understood.lang, "clarify_which_campaign"))
    if understood.missing:
        return AIMessage(answers.clarify(understood, catalog))
    nothing_to_submit = _nothing_to_submit(understood, context.history, turn)
    if nothing_to_submit:
        return AIMessage(answers.text(understood.lang, nothing_to_submit))
    try:
        planned = _planned(turn, today, context.dialect)
    except AskBack as ask:
        return AIMessage(answers.text(understood.lang, ask.key, **ask.values))
    for call in planned:
        if call["name"] not in context.tools:
            return AIMessage(answers.not_available(understood.lang, call["name"]))
        if not turn.called(call["name"]):
            schemas = default_schemas() if context.schemas is None else context.schemas
            try:
                checked = frame(call["name"], call["args"], schemas)
            except FrameRefused as refused:
                return AIMessage(answers.refused(understood.lang, refused))
            made = _tool_call({"name": checked.tool, "args": checked.args}, context.salt, part)
            return AIMessage("", tool_calls=[made])
        done = turn.result_of(call["name"])
        if done is not None and done.status == "error":
            break  # a refused step ends the plan: later steps depend on it
    return AIMessage(answers.write(turn))


def _planned(turn: TurnSoFar, today: date, dialect: str) -> list[dict[str, Any]]:
    """The calls of every step of the turn, each from the slots it takes; a slot the words gave that went into
    none of them and that none declared unused is logged as a planner error and said unused."""
    slots = Slots(turn.parse.slots)
    slots.take("steps")
    planned = []
    for step_intent in _steps(turn.parse):
        step = STEPS.get(step_intent)
        call = step(turn, slots, today, dialect) if step is not None else None
        if call is not None:
            planned.append(call)
    slots.settle(planned[0]["name"] if planned else None)
    turn.unused = list(slots.unused)
    return planned


def _text(message: BaseMessage) -> str:
    content = message.content
    if isinstance(content, str):
        return content
    return " ".join(part.get("text", "") if isinstance(part, dict) else str(part) for part in content)


def _turn(understood: Parse, after: list[BaseMessage], said: str, context: _Context) -> TurnSoFar:
    calls: list[dict[str, Any]] = []
    results: dict[str, ToolMessage] = {}
    for message in after:
        if isinstance(message, AIMessage):
            calls.extend(dict(call) for call in message.tool_calls)
        elif isinstance(message, ToolMessage):
            results[message.tool_call_id] = message
    turn = TurnSoFar(parse=understood, calls=calls, results=results, catalog=context.catalog, text=said)
    turn.tools, turn.earlier, turn.today = list(context.tools), context.earlier, context.today
    return turn


ACTION_ORDER = ("segments", "campaign", "creatives", "budget")


def _steps(understood: Parse) -> list[str]:
    """The steps of the turn; a compound request runs in dependency order (the money moves last)."""
    if understood.intent == "compound":
        steps = list(understood.slots.get("steps", []))
        return sorted(steps, key=lambda step: ACTION_ORDER.index(step) if step in ACTION_ORDER else -1)
    return [understood.intent]


def _tool_call(call: dict[str, Any], salt: int, part: str = "") -> dict[str, Any]:
    digest = hashlib.sha1(
        json.dumps([call["name"], call["args"], salt], sort_keys=True, ensure_ascii=False).encode()
    ).hexdigest()[:12]
    return {"name": call["name"], "args": call["args"], "id": f"call_{part}{digest}", "type": "tool_call"}


SALES_SLOTS = ("metric", "by", "period", "compare", "top", "order", "product", "category", "channel", "region")


def _joined_categories(args: dict[str, Any], slots: Slots) -> dict[str, Any]:
    """Several categories named together (冲锋衣和羽绒服) as the comma-separated `category` argument."""
    several = slots.take("categories")
    if several and "category" not in args:
        args["category"] = ",".join(several)
    return args


def _sales_step(turn: TurnSoFar, slots: Slots, today: date, dialect: str) -> dict[str, Any] | None:
    args = _joined_categories(slots.take_all(*SALES_SLOTS), slots)
    for said in ("rank_of", "share", "share_of", "per_day"):  # said by the answer (a place, shares), not a filter
        slots.take(said)
    named = slots.take("compare_with")
    if named:  # a comparison with a period the tool does not compare with: say which ones it can
        raise AskBack("compare_other_period", **compare_choices(str(args.get("period") or ""), str(named), today))
    week = month_weeks.readings(normalise(turn.text), args.get("period"), today)
    if week is not None:  # "11月第二周" when November starts on a Sunday: which week is meant
        raise AskBack("month_last_week_which" if week.pop("last") else "month_week_which", **week)
    args.setdefault("metric", "gmv")
    if args.get("by") == "week":
        args["period"] = periods.whole_weeks_to_date(args.get("period"), today) or args.get("period")
    if args.get("order") == "desc":
        args.pop("order")
    return {"name": "query_store_sales", "args": args}


def compare_choices(period: str, named: str, today: date) -> dict[str, str]:
    """The dates of the period asked about, of the period named to compare with, and of the two the sales tool
    compares with (the period before, the same dates a year earlier)."""
    asked = resolve_period(period or DEFAULT_PERIOD, today)
    shown = {"period": asked, "named": resolve_period(named, today), "previous": asked.previous()}
    shown["year_ago"] = asked.year_ago()
    return {key: f"{p.start.isoformat()} .. {p.last_day.isoformat()}" for key, p in shown.items()}


def _sql_step(turn: TurnSoFar, slots: Slots, today: date, dialect: str) -> dict[str, Any] | None:
    for name in slots.values:  # the question, its template and the template's parameters make the SQL
        slots.take(name)
    product = turn.parse.slots.get("product")
    if product and turn.catalog is not None and all(p.id != product for p in turn.catalog.products):
        return {"name": "query_store_sales", "args": {"metric": "gmv", "product": str(product)}}  # not sold: said
    sql = template_sql(turn.parse.slots, today, dialect)
    return {"name": "query_store_sales", "args": {"sql": sql}} if sql else None


def _anomalies_step(turn: TurnSoFar, slots: Slots, today: date, dialect: str) -> dict[str, Any] | None:
    args = slots.take_all("days", "direction", "scope", "top", "category")
    product = slots.values.get("product")
    category = next((p.category for p in turn.catalog.products if p.id == product), None) if turn.catalog else None
    if category and "category" not in args:  # "why did the smart litter box tank": its category, said so
        args["category"] = category
        slots.widened("detect_sales_anomalies", "product", category)
    slots.not_for("detect_sales_anomalies", "product", "categories")
    return {"name": "detect_sales_anomalies", "args": args}


def _docs_step(turn: TurnSoFar, slots: Slots, today: date, dialect: str) -> dict[str, Any] | None:
    query = slots.take("query")
    k = slots.take("k")
    return {"name": "search_merchant_docs", "args": {"query": str(query), **({"k": k} if k else {})}} if query else None


def _remember_step(turn: TurnSoFar, slots: Slots, today: date, dialect: str) -> dict[str, Any] | None:
    text = slots.take("text")
    return {"name": "remember_preference", "args": {"text": str(text)}} if text else None


def _recall_step(turn: TurnSoFar, slots: Slots, today: date, dialect: str) -> dict[str, Any] | None:
    return {"name": "recall_preferences", "args": {}}


def _payload_of(turn: TurnSoFar, tool: str) -> dict[str, Any]:
    result = turn.result_of(tool)
    return result.artifact if result is not None and isinstance(result.artifact, dict) else {}


def _segments_step(turn: TurnSoFar, slots: Slots, today: date, dialect: str) -> dict[str, Any] | None:
    args = _joined_categories(slots.take_all("scene", "top", "product", "category", "cold_start"), slots)
    return {"name": "find_target_segments", "args": args}


CAMPAIGN_SLOTS = (
    "objective",
    "event",
    "category",
    "product",
    "budget",
    "start",
    "end",
    "channels",
    "segments",
    "edit",
    "remove_channels",
)


def _campaign_step(turn: TurnSoFar, slots: Slots, today: date, dialect: str) -> dict[str, Any] | None:
    args = _joined_categories(slots.take_all(*CAMPAIGN_SLOTS), slots)
    slots.take("occasion")  # its days were asked for and said (nlu._missing): the dates carry it
    slots.take("past_days")  # the passed days asked about, and new ones said
    added = slots.take("add_channels")
    if slots.take("add_segments") and args.get("segments"):  # "人群再加一个出差": the draft's audiences and this one
        args["segments"] = list(dict.fromkeys([*_draft_segments(turn), *args["segments"]]))
    refused = turn.refused_draft() if args.get("edit") and not turn.latest_draft() else None
    run_days = slots.take("run_days")
    if run_days is not None:
        args["end"] = _end_after(turn, refused, int(run_days))
    more_days = slots.take("more_days")
    if more_days is not None:
        args["end"] = _end_later(turn, refused, int(more_days))
    shift_days = slots.take("shift_days")
    if shift_days is not None:
        args.update(_moved_days(turn, refused, int(shift_days)))
    times, plus = slots.take("budget_times"), slots.take("budget_plus")
    if times is not None or plus is not None:
        args["budget"] = _relative_budget(turn, refused, float(times or 1), float(plus or 0))
    if refused is not None:
        return {"name": "draft_campaign", "args": _redrafted(refused, args, list(added or []))}
    if added:
        dropped = args.pop("remove_channels", None) or []
        args["channels"] = [c for c in added_channels(turn, list(added)) if c not in dropped]
    if args.get("channels") and args.get("remove_channels"):
        _kept_or_dropped(turn, args)
    lang = turn.parse.lang if turn.parse.lang in ("zh", "en") else "zh"
    found = _payload_of(turn, "find_target_segments").get("segments") or []
    if found and "segments" not in args:
        args["segments"] = _segment_scenes(found, lang)
    earlier = _earlier_audience(turn)
    picked = picked_audience(normalise(turn.text))  # "就用第一个人群": that one of the audiences found
    picked = picked if earlier is not None and picked is not None and picked <= len(earlier[1]) else None
    few = first_audiences(normalise(turn.text)) if earlier is not None else None  # "就用前两个人群": the top ones
    if earlier is not None and (args.get("segments") == [earlier[0]] or picked or few):  # "对她们推…": those found
        chosen = earlier[1][picked - 1 : picked] if picked else earlier[1][:few] if few else earlier[1]
        args["segments"] = _segment_scenes(chosen, lang)
        if not args["segments"]:
            args.pop("segments")
    return {"name": "draft_campaign", "args": args}


def _end_after(turn: TurnSoFar, refused: dict[str, Any] | None, days: int) -> str:
    """The last day of a plan that runs `days` from the start of the latest draft (or of the refused plan); with
    neither there is no plan to shorten or lengthen."""
    start = turn.latest_draft().get("start_date") or (refused or {}).get("start")
    if not start:
        raise AskBack("campaign_nothing_to_edit")
    return (date.fromisoformat(str(start)) + timedelta(days=days - 1)).isoformat()


def _end_later(turn: TurnSoFar, refused: dict[str, Any] | None, days: int) -> str:
    """The last day of the latest draft (or of the refused plan) moved `days` later."""
    end = turn.latest_draft().get("end_date") or (refused or {}).get("end")
    if not end:
        raise AskBack("campaign_nothing_to_edit")
    return (date.fromisoformat(str(end)) + timedelta(days=days)).isoformat()


def _moved_days(turn: TurnSoFar, refused: dict[str, Any] | None, days: int) -> dict[str, str]:
    """The first and last day of the latest draft (or of the refused plan) both moved `days` (earlier when
    negative)."""
    draft = turn.latest_draft()
    start, end = (
        draft.get("start_date") or (refused or {}).get("start"),
        draft.get("end_date") or (refused or {}).get("end"),
    )
    if not start or not end:
        raise AskBack("campaign_nothing_to_edit")
    moved = timedelta(days=days)
    return {
        "start": (date.fromisoformat(str(start)) + moved).isoformat(),
        "end": (date.fromisoformat(str(end)) + moved).isoformat(),
    }


def _kept_or_dropped(turn: TurnSoFar, args: dict[str, Any]) -> None:
    """Channels said both kept and dropped ("只要搜索跟推荐，不要直播"): the drop alone when the draft has the dropped
    ones and dropping them leaves exactly the kept ones; else the kept ones as the plan's channels (a drop of a
    channel the plan lacks would change nothing)."""
    current, dropped = _draft_channels(turn), list(args["remove_channels"])
    if current is not None and set(dropped) <= set(current) and set(current) - set(dropped) == set(args["channels"]):
        args.pop("channels")
    else:
        args.pop("remove_channels")


def _relative_budget(turn: TurnSoFar, refused: dict[str, Any] | None, times: float, plus: float) -> float:
    """The budget an edit says relative to the plan's ("预算翻倍", "加5000"): the latest draft's total, or the
    refused plan's; asks for the amount when the conversation has neither."""
    current = turn.latest_draft().get("budget_total") or (refused or {}).get("budget")
    if current is None:
        raise AskBack("clarify_amount")
    return round(float(current) * times + plus, 2)


def _segment_scenes(found: list[dict[str, Any]], lang: str) -> list[str]:
    return [str((seg.get("definition") or {}).get("scene") or seg["name"][lang]) for seg in found]


def _earlier_audience(turn: TurnSoFar) -> tuple[str, list[dict[str, Any]]] | None:
    """The scene the conversation's latest audience question asked for and the audiences it found (none, when no
    customer showed that need), or None."""
    scenes = {
        call["id"]: str(call["args"].get("scene"))
        for message in turn.earlier
        if isinstance(message, AIMessage)
        for call in message.tool_calls
        if call["name"] == "find_target_segments"
    }
    for message in reversed(turn.earlier):
        if isinstance(message, ToolMessage) and message.name == "find_target_segments" and message.status != "error":
            found = message.artifact.get("segments") if isinstance(message.artifact, dict) else None
            return (scenes[message.tool_call_id], list(found or [])) if message.tool_call_id in scenes else None
    return None


def _creatives_step(turn: TurnSoFar, slots: Slots, today: date, dialect: str) -> dict[str, Any] | None:
    counts = slots.take_all("count", "kind")
    targets = slots.take_all("product", "category", "scene")
    campaign_id = _payload_of(turn, "draft_campaign").get("campaign_id")
    if not campaign_id and not (targets.keys() - {"scene"}):  # "给这个活动写几条文案 养猫场景": the latest draft
        campaign_id = turn.latest_draft().get("campaign_id")
    if campaign_id:
        scene = {"scene": targets["scene"]} if targets.get("scene") else {}
        return {
            "name": "generate_creatives",
            "args": {"campaign_id": campaign_id, **_draft_product(turn), **counts, **scene},
        }
    slots.not_for("generate_creatives", "categories")
    return {"name": "generate_creatives", "args": {**targets, **counts}}


def added_channels(turn: TurnSoFar, added: list[str]) -> list[str]:
    """The draft's channels with `added` (an edit's "加上直播渠道"), read from the conversation's latest plan; asks
    back when the conversation has no plan or the plan already has them."""
    current = _draft_channels(turn)
    lang = turn.parse.lang
    if current is None:
        raise AskBack("campaign_channels_unknown", channels=channel_names(lang, added))
    new = [c for c in added if c not in current]
    if not new:
        shown = channel_names(lang, current)
        raise AskBack("campaign_channel_present", channels=channel_names(lang, added), current=shown)
    return [c for c in CHANNEL_ORDER if c in current or c in new]


def _draft_product(turn: TurnSoFar) -> dict[str, str]:
    """The product of the thread's latest draft when it promotes one, else the category it was drafted for, so that
    creatives for it name it ("配套出几张图" after a plan for the tents)."""
    plan = turn.latest_draft().get("plan")
    products = plan.get("products") if isinstance(plan, dict) else None
    if isinstance(products, list) and len(products) == 1 and isinstance(products[0], dict) and products[0].get("id"):
        return {"product": str(products[0]["id"])}
    failed = {m.tool_call_id for m in turn.earlier if isinstance(m, ToolMessage) and m.status == "error"}
    for message in reversed(turn.earlier):
        for call in message.tool_calls if isinstance(message, AIMessage) else []:
            if call["name"] == "draft_campaign" and call["id"] not in failed:
                if call["args"].get("product"):
                    return {}
                if call["args"].get("category"):
                    return {"category": str(call["args"]["category"])}
    return {}


def _submission_waits(turn: TurnSoFar) -> bool:
    """Whether the conversation's latest budget submission still waits for its decision: its result records none
    (one approved, rejected or failed waits no more; a question about the approval alone says nothing of one)."""
    submitted = [c["id"] for m in turn.earlier if isinstance(m, AIMessage) for c in m.tool_calls
                 if c["name"] == "submit_promotion_budget"]  # fmt: skip
    if not submitted:
        return False
    result = next((m for m in turn.earlier if isinstance(m, ToolMessage) and m.tool_call_id == submitted[-1]), None)
    return result is None or (result.status != "error" and artifact(result).get("decided_at") is None)


def _drafted(history: list[Parse], turn: TurnSoFar) -> bool:
    """Whether the conversation has drafted a plan: asked for in its recent turns, or saved by the tool before."""
    asked = any(p.asks_for("campaign") for p in history)
    return asked or any(isinstance(m, ToolMessage) and m.name == "draft_campaign" for m in turn.earlier)


def _nothing_to_submit(understood: Parse, history: list[Parse], turn: TurnSoFar) -> str | None:
    """Why a submission asked in a conversation with no plan is not sent, as an answers key: a budget already sent
    or said to be waiting ("could I submit it again to speed it up?") is still waiting (a second submission speeds
    nothing); money only told to go out ("帮我投一下，钱不是问题") asks what to promote. None when there is one to
    submit: a plan drafted in the conversation or one named ("把双12那个活动的预算提交")."""
    if understood.intent != "budget" or understood.slots.get("campaign") or _drafted(history, turn):
        return None
    if turn.called("draft_campaign"):
        return None
    said_sent = any(isinstance(m, HumanMessage) and _SAID_SENT.search(_text(m).lower()) for m in turn.earlier)
    if _submission_waits(turn) or said_sent:
        return "budget_still_waiting"
    # a submission said as such ("提交预算", "submit 20k") names no plan: which one is asked, and nothing reaches the
    # spending tool; money only told to go out ("帮我投一下", "just spend it") has nothing to fund yet
    said_so = understood.slots.get("amount") or _SUBMITTED_BY_NAME.search(turn.text.lower())
    return "budget_which_plan" if said_so else "budget_nothing_drafted"


# the merchant saying earlier in the conversation that the budget went up ("I submitted the budget yesterday",
# "预算我昨天就提交了"): a submission asked again waits with it, never a second one
_SAID_SENT = re.compile(
    r"\b(i|we) (have |had |already |just |did )*"
    r"(submitted|sent (it|the budget|the request)( up| off| in)?|sent (up|off)"
    r"|sent (the |our |my )?([a-z0-9]+ ){0,3}(budget|request|plan)( [a-z]+)? (up|off|in)\b)"
    r"|(我|我们)?(已经|昨天|前天|刚才|刚刚|之前|早就|上周)(就)?(把预算|把方案)?(提交|报批|送审|报上去|交上去)(了|过)"
    r"|(预算|方案)((?![没未不别要想])[^，。,?？\s]){0,6}?(提交|报批|送审|报上去|交上去)(了|过)(?![吗没么嘛])"
)
_SUBMITTED_BY_NAME = re.compile(
    r"提交|审批|报批|送审|提审|上报|(报|交|送)上去|\bsubmit|\bapprov|\bsign-?off|\bsend (it )?(up|for|off)"
)


def _redrafted(refused: dict[str, Any], edit: dict[str, Any], added: list[str]) -> dict[str, Any]:
    """A refused plan drafted again with an edit's changes ("不对，预算是5千不是5万" after the tool refused 5万): the
    edit replaces what it names, its channels dropped or added change the plan's channels."""
    args = {**refused, **{k: v for k, v in edit.items() if k not in ("edit", "remove_channels")}}
    dropped = edit.get("remove_channels") or []
    if dropped or added:
        current = refused.get("channels") or [c for c in CHANNEL_ORDER if c != "direct"]
        args["channels"] = [c for c in CHANNEL_ORDER if (c in current or c in added) and c not in dropped]
    return args


def _draft_segments(turn: TurnSoFar) -> list[str]:
    """The audiences the latest draft was asked for by name (none when it targets its default audience)."""
    plan = turn.latest_draft().get("plan")
    request = plan.get("request") if isinstance(plan, dict) else None
    said = request.get("segments") if isinstance(request, dict) else None
    return [str(s) for s in said] if isinstance(said, list) else []


def _draft_channels(turn: TurnSoFar) -> list[str] | None:
    plan = turn.latest_draft().get("plan")
    if isinstance(plan, dict) and plan.get("channels"):
        return [str(c["channel"]) for c in plan["channels"]]
    return None


def _budget_step(turn: TurnSoFar, slots: Slots, today: date, dialect: str) -> dict[str, Any] | None:
    args = slots.take_all("amount")
    named = slots.take("campaign")
    draft = turn.latest_draft()
    short = slots.take("amount_short")
    if short is not None and "amount" not in args and float(draft.get("budget_total") or 0) == float(short) * 1000:
        args["amount"] = float(short) * 1000  # "stick with 40" of a 40k plan
    if named and draft.get("campaign_id") and _names_draft(turn, str(named), draft):
        named = draft["campaign_id"]  # "submit the tent campaign" in a thread that drafted the tents' plan
    campaign_id = _payload_of(turn, "draft_campaign").get("campaign_id") or named
    if campaign_id:
        args["campaign_id"] = campaign_id
    return {"name": "submit_promotion_budget", "args": args}


def _names_draft(turn: TurnSoFar, named: str, draft: dict[str, Any]) -> bool:
    """Whether the campaign named is the thread's draft: a part of its name, or a product or category of its plan."""
    if named.lower() in str(draft.get("name") or "").lower():
        return True
    plan = draft.get("plan")
    planned = (
        {str(p.get("id")) for p in plan.get("products") or [] if isinstance(p, dict)}
        if isinstance(plan, dict)
        else set()
    )
    if turn.catalog is None or not planned:
        return False
    said = turn.catalog.index.match(named)
    of_category = {p.id for p in turn.catalog.products if said.category and p.category == said.category}
    return bool(planned & ({said.product} if said.product else of_category))


def _promotion_step(turn: TurnSoFar, slots: Slots, today: date, dialect: str) -> dict[str, Any] | None:
    return {"name": "estimate_promotion_effect", "args": slots.take_all("mode", "budget", "when")}


def _meaning_step(turn: TurnSoFar, slots: Slots, today: date, dialect: str) -> dict[str, Any] | None:
    slots.take("metric")  # what the metric or comparison means is written from the semantic layer; nothing is computed
    slots.take("compare")
    slots.take("term")
    return None


STEPS: dict[str, Step] = {
    "sales_query": _sales_step,
    "sales_sql": _sql_step,
    "anomalies": _anomalies_step,
    "docs": _docs_step,
    "remember": _remember_step,
    "preferences": _recall_step,
    "segments": _segments_step,
    "campaign": _campaign_step,
    "creatives": _creatives_step,
    "budget": _budget_step,
    "promotion": _promotion_step,
    "define_metric": _meaning_step,
}
