"""The offline planner: from the words and the turn so far, the next tool calls or the answer.

Each turn is re-planned from the conversation alone (like an LLM reading its context): the last human message
is understood with `nlu.parse` (earlier ones give the follow-up history), the tool results already in the turn
say which steps are done, and the answer is written from those results only (templates in prompts/offline/).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from datetime import date
from typing import Any

from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, ToolMessage

from copilot.offline import answers
from copilot.offline.nlu import Catalog, Parse, normalise
from copilot.offline.numbers import money_amounts
from copilot.offline.promotion_slots import promotion_slots
from copilot.offline.routing import ask_which, understand
from copilot.offline.sql_templates import template_sql
from copilot.offline.turn import TurnSoFar

HISTORY_TURNS = 6


Step = Callable[[TurnSoFar, Catalog, date, str], dict[str, Any] | None]


def plan_next(
    messages: list[BaseMessage], *, catalog: Catalog, today: date, tools: list[str], dialect: str = "sqlite"
) -> AIMessage:
    """The next step of the turn: a tool call, a question back, or the answer; `tools` are the bound tools' names."""
    humans = [i for i, m in enumerate(messages) if isinstance(m, HumanMessage)]
    if not humans:
        return AIMessage(answers.text("en", "greeting"))
    history: list[Parse] = []
    for index in humans[:-1][-HISTORY_TURNS:]:
        history.append(understand(_text(messages[index]), catalog=catalog, today=today, history=list(history)))
    last = humans[-1]
    understood = understand(_text(messages[last]), catalog=catalog, today=today, history=history)
    turn = _turn(understood, messages[last + 1 :])
    turn.catalog = catalog
    turn.text = _text(messages[last])
    turn.tools = list(tools)

    if understood.intent == "clarify":
        return AIMessage(ask_which(understood))
    if understood.missing:
        return AIMessage(answers.clarify(understood, catalog))
    for step_intent in _steps(understood):
        step = STEPS.get(step_intent)
        if step is None:
            continue
        call = step(turn, catalog, today, dialect)
        if call is None:
            continue
        if call["name"] not in tools:
            return AIMessage(answers.not_available(understood.lang, call["name"]))
        if not turn.called(call["name"]):
            return AIMessage("", tool_calls=[_tool_call(call, len(messages))])
        done = turn.result_of(call["name"])
        if done is not None and done.status == "error":
            break  # a refused step ends the plan: later steps depend on it
    return AIMessage(answers.write(turn))


def _text(message: BaseMessage) -> str:
    content = message.content
    if isinstance(content, str):
        return content
    return " ".join(part.get("text", "") if isinstance(part, dict) else str(part) for part in content)


def _turn(understood: Parse, after: list[BaseMessage]) -> TurnSoFar:
    calls: list[dict[str, Any]] = []
    results: dict[str, ToolMessage] = {}
    for message in after:
        if isinstance(message, AIMessage):
            calls.extend(dict(call) for call in message.tool_calls)
        elif isinstance(message, ToolMessage):
            results[message.tool_call_id] = message
    return TurnSoFar(parse=understood, calls=calls, results=results)


ACTION_ORDER = ("segments", "campaign", "creatives", "budget")


def _steps(understood: Parse) -> list[str]:
    """The steps of the turn; a compound request runs in dependency order (the money moves last)."""
    if understood.intent == "compound":
        steps = list(understood.slots.get("steps", []))
        return sorted(steps, key=lambda step: ACTION_ORDER.index(step) if step in ACTION_ORDER else -1)
    return [understood.intent]


def _tool_call(call: dict[str, Any], salt: int) -> dict[str, Any]:
    digest = hashlib.sha1(
        json.dumps([call["name"], call["args"], salt], sort_keys=True, ensure_ascii=False).encode()
    ).hexdigest()[:12]
    return {"name": call["name"], "args": call["args"], "id": f"call_{digest}", "type": "tool_call"}


def _clean(args: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in args.items() if v is not None and v != [] and v != ""}


SALES_SLOTS = ("metric", "by", "period", "compare", "top", "order", "product", "category", "channel", "region")


def _sales_step(turn: TurnSoFar, catalog: Catalog, today: date, dialect: str) -> dict[str, Any] | None:
    slots = turn.parse.slots
    args = _clean({name: slots.get(name) for name in SALES_SLOTS})
    if "category" not in args and slots.get("categories"):
        args["category"] = ",".join(slots["categories"])
    args.setdefault("metric", "gmv")
    if args.get("order") == "desc":
        args.pop("order")
    return {"name": "query_store_sales", "args": args}


def _sql_step(turn: TurnSoFar, catalog: Catalog, today: date, dialect: str) -> dict[str, Any] | None:
    sql = template_sql(turn.parse.slots, today, dialect)
    return {"name": "query_store_sales", "args": {"sql": sql}} if sql else None


def _anomalies_step(turn: TurnSoFar, catalog: Catalog, today: date, dialect: str) -> dict[str, Any] | None:
    slots = turn.parse.slots
    args = _clean(
        {
            "days": slots.get("days"),
            "direction": slots.get("direction"),
            "scope": slots.get("scope"),
            "category": slots.get("category"),
        }
    )
    return {"name": "detect_sales_anomalies", "args": args}


def _docs_step(turn: TurnSoFar, catalog: Catalog, today: date, dialect: str) -> dict[str, Any] | None:
    query = str(turn.parse.slots.get("query") or "")
    return {"name": "search_merchant_docs", "args": {"query": query}} if query else None


def _remember_step(turn: TurnSoFar, catalog: Catalog, today: date, dialect: str) -> dict[str, Any] | None:
    text = str(turn.parse.slots.get("text") or "")
    return {"name": "remember_preference", "args": {"text": text}} if text else None


def _recall_step(turn: TurnSoFar, catalog: Catalog, today: date, dialect: str) -> dict[str, Any] | None:
    return {"name": "recall_preferences", "args": {}}


def _with_categories(args: dict[str, Any], slots: dict[str, Any]) -> dict[str, Any]:
    if "category" not in args and slots.get("categories"):
        args["category"] = ",".join(slots["categories"])
    return args


def _payload_of(turn: TurnSoFar, tool: str) -> dict[str, Any]:
    result = turn.result_of(tool)
    return result.artifact if result is not None and isinstance(result.artifact, dict) else {}


def _segments_step(turn: TurnSoFar, catalog: Catalog, today: date, dialect: str) -> dict[str, Any] | None:
    slots = turn.parse.slots
    args = _clean({n: slots.get(n) for n in ("scene", "product", "category", "cold_start")})
    return {"name": "find_target_segments", "args": _with_categories(args, slots)}


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


def _campaign_step(turn: TurnSoFar, catalog: Catalog, today: date, dialect: str) -> dict[str, Any] | None:
    slots = turn.parse.slots
    args = _with_categories(_clean({n: slots.get(n) for n in CAMPAIGN_SLOTS}), slots)
    found = _payload_of(turn, "find_target_segments").get("segments") or []
    if found and "segments" not in args:
        lang = turn.parse.lang if turn.parse.lang in ("zh", "en") else "zh"
        args["segments"] = [str((seg.get("definition") or {}).get("scene") or seg["name"][lang]) for seg in found]
    return {"name": "draft_campaign", "args": args}


def _creatives_step(turn: TurnSoFar, catalog: Catalog, today: date, dialect: str) -> dict[str, Any] | None:
    slots = turn.parse.slots
    args = _clean({n: slots.get(n) for n in ("count", "kind", "product", "category", "scene")})
    campaign_id = _payload_of(turn, "draft_campaign").get("campaign_id")
    if campaign_id:
        args = {"campaign_id": campaign_id, **{k: v for k, v in args.items() if k in ("count", "kind")}}
    return {"name": "generate_creatives", "args": args}


def _budget_step(turn: TurnSoFar, catalog: Catalog, today: date, dialect: str) -> dict[str, Any] | None:
    args = _clean({"amount": turn.parse.slots.get("amount")})
    campaign_id = _payload_of(turn, "draft_campaign").get("campaign_id") or turn.parse.slots.get("campaign")
    if campaign_id:
        args["campaign_id"] = campaign_id
    return {"name": "submit_promotion_budget", "args": args}


def _promotion_step(turn: TurnSoFar, catalog: Catalog, today: date, dialect: str) -> dict[str, Any] | None:
    norm = normalise(turn.text)
    return {"name": "estimate_promotion_effect", "args": promotion_slots(norm, money_amounts(norm), today)}


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
}
