"""Money put behind goods ("想砸点钱在X上", "put some cash into X") asks for a plan to draft: its budget is asked
when unsaid and the next message's amount and festival draft it; a question of what was spent is no plan."""

from __future__ import annotations

from langchain_core.messages import AIMessage, BaseMessage, HumanMessage

from copilot.clock import DEMO_TODAY
from copilot.offline.planner import plan_next
from tests.offline.planned import TOOLS, first_call
from tests.offline.test_nlu import demo_catalogs


def test_money_behind_goods_then_its_amount_drafts_a_plan() -> None:
    messages: list[BaseMessage] = [HumanMessage("想砸一些钱在猫爬架上")]
    asked = plan_next(messages, catalog=demo_catalogs()["m_pet"], today=DEMO_TODAY, tools=TOOLS)
    assert not asked.tool_calls and "预算" in str(asked.content)
    messages += [AIMessage(str(asked.content)), HumanMessage("1.5w 就行，元旦前后")]
    [call] = plan_next(messages, catalog=demo_catalogs()["m_pet"], today=DEMO_TODAY, tools=TOOLS).tool_calls
    assert call["name"] == "draft_campaign" and call["args"]["budget"] == 15000
    assert call["args"].get("product") == "pet_cat_tree" or call["args"].get("category") == "猫爬架"


def test_in_english_with_its_amount_it_drafts_at_once() -> None:
    tool, args = first_call("m_outdoor", "let's throw some cash into the sleeping bags, 6k over next week")
    assert tool == "draft_campaign" and args["budget"] == 6000 and args["start"] == "2026-11-23"


def test_what_was_spent_is_no_plan() -> None:
    assert first_call("m_outdoor", "上个月往广告里投了多少钱")[0] != "draft_campaign"
