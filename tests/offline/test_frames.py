"""Typed frames: the planner's calls are validated by the tools' own argument schemas, and every slot the NLU
recognised goes into a frame or is said unused."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from langchain_core.messages import AIMessage, HumanMessage, ToolMessage

from copilot.clock import DEMO_TODAY
from copilot.offline.frames import FrameRefused, Slots, default_schemas, frame
from copilot.offline.nlu import Parse
from copilot.offline.planner import STEPS, plan_next
from copilot.offline.turn import TurnSoFar
from copilot.toolset import default_toolset
from tests.offline.test_nlu import demo_catalogs, labelled

TOOLS = [tool.name for tool in default_toolset().model_tools]


def test_a_frame_keeps_what_the_schema_accepts():
    checked = frame("query_store_sales", {"metric": "aov", "by": "channel", "top": None}, default_schemas())
    assert checked.args == {"metric": "aov", "by": "channel"}


@pytest.mark.parametrize(
    ("tool", "args", "problem"),
    [
        ("draft_campaign", {"edit": True, "add_channels": ["live"]}, "add_channels: not an argument"),
        ("query_store_sales", {"metric": "profit"}, "metric"),
        ("detect_sales_anomalies", {"days": "a month"}, "days"),
    ],
)
def test_a_frame_the_tool_would_not_accept_is_refused(tool: str, args: dict[str, Any], problem: str):
    with pytest.raises(FrameRefused) as refused:
        frame(tool, args, default_schemas())
    assert problem in "; ".join(refused.value.problems)


def test_a_slot_no_frame_takes_is_logged_and_declared_unused(caplog: pytest.LogCaptureFixture):
    slots = Slots({"metric": "gmv", "add_channels": ["live"]})
    slots.take_all("metric")
    with caplog.at_level(logging.ERROR, logger="copilot.offline.frames"):
        assert slots.settle("query_store_sales") == ["add_channels"]
    assert "add_channels" in caplog.text
    assert [(u.tool, u.slot, u.value) for u in slots.unused] == [("query_store_sales", "add_channels", ["live"])]


def _turn(intent: str, slots: dict[str, Any]) -> TurnSoFar:
    return TurnSoFar(parse=Parse(intent, slots, "zh"), calls=[], results={})


def test_an_anomaly_question_about_one_product_says_the_product_was_not_used():
    slots = Slots({"days": 30, "direction": "both", "scope": "product", "product": "p1"})
    call = STEPS["anomalies"](_turn("anomalies", dict(slots.values)), slots, DEMO_TODAY, "sqlite")
    assert slots.settle("detect_sales_anomalies") == []
    assert call is not None and "product" not in call["args"]
    assert [(u.tool, u.slot, u.value) for u in slots.unused] == [("detect_sales_anomalies", "product", "p1")]


@pytest.mark.parametrize("item", labelled(), ids=lambda item: item["text"][:40])
def test_every_labelled_utterance_plans_with_all_its_slots(item: dict[str, Any], caplog: pytest.LogCaptureFixture):
    """Each labelled utterance (with its history) plans a first step whose frame passes the tool's schema, and
    no slot is left untaken on the way (the planner would log it as an error)."""
    catalog = demo_catalogs()[item.get("merchant", "m_outdoor")]
    messages = [HumanMessage(text) for text in [*item.get("history", []), item["text"]]]
    with caplog.at_level(logging.ERROR, logger="copilot.offline.frames"):
        message = plan_next(messages, catalog=catalog, today=DEMO_TODAY, tools=TOOLS)
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR] == []
    for call in message.tool_calls:
        frame(call["name"], call["args"], default_schemas())


def _draft_result(channels: list[str]) -> list[Any]:
    call = {"name": "draft_campaign", "args": {"budget": 30000}, "id": "c1", "type": "tool_call"}
    plan = {"channels": [{"channel": c, "budget": 1000, "share": 0.5} for c in channels]}
    return [
        HumanMessage("双12前帮我做一个防晒品类的推广方案，预算3万"),
        AIMessage("", tool_calls=[call]),
        ToolMessage("saved", tool_call_id="c1", name="draft_campaign", artifact={"plan": plan}),
        AIMessage("已保存"),
    ]


def test_adding_a_channel_edits_the_draft_with_its_channels_and_the_new_one():
    messages = [*_draft_result(["search", "recommend"]), HumanMessage("加上直播渠道")]
    message = plan_next(messages, catalog=demo_catalogs()["m_outdoor"], today=DEMO_TODAY, tools=TOOLS)
    [call] = message.tool_calls
    assert call["name"] == "draft_campaign"
    assert call["args"] == {"edit": True, "channels": ["search", "recommend", "live"]}


def test_adding_a_channel_the_draft_has_changes_nothing_and_says_so():
    messages = [*_draft_result(["search", "live"]), HumanMessage("加上直播渠道")]
    message = plan_next(messages, catalog=demo_catalogs()["m_outdoor"], today=DEMO_TODAY, tools=TOOLS)
    assert not message.tool_calls and "已经有直播" in str(message.content)
