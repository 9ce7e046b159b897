"""A filter that names nothing in the store is refused, never dropped.

Asked about a product the store does not sell, a model called `query_store_sales` with a filter that resolved to
nothing and got the whole store's GMV. Whatever way the filter arrives (a misnamed argument, an unknown product
or category, one unknown name in a list), the tool call is an error that says so and nothing is computed.
A jailbroken model stands in as the scripted OpenAI-compatible server.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from langchain_core.messages import ToolMessage

from copilot.service import Copilot
from copilot.store import Store
from copilot.toolset import default_toolset
from tests.case_counts import CaseCount
from tests.llm_harness import Harness, open_harness
from tests.llm_server import text, tool_calls

GMV = {"metric": "gmv", "period": "last_month"}
NO_DRONE = "matches '无人机' in this store"
# (the filter the model sends with GMV, what the error says)
UNKNOWN: list[tuple[dict[str, Any], str]] = [
    ({"product_name": "无人机"}, "takes no argument product_name"),
    ({"filters": {"product": "无人机"}}, "takes no argument filters"),
    ({"product": "无人机"}, f"no product {NO_DRONE}"),
    ({"category": "无人机"}, f"no category {NO_DRONE}"),
    ({"category": "无人机,冲锋衣"}, f"no category {NO_DRONE}"),
    ({"product": "冲锋衣 无人机"}, "(did you mean "),
]


@pytest.fixture
def harness(monkeypatch: pytest.MonkeyPatch, shared_demo_store: Store, tmp_path: Path) -> Iterator[Harness]:
    with open_harness(monkeypatch, shared_demo_store, tmp_path, toolset=default_toolset()) as made:
        yield made


@pytest.mark.parametrize(("args", "error"), UNKNOWN, ids=[str(args) for args, _ in UNKNOWN])
def test_a_filter_naming_nothing_is_a_refusal_not_the_whole_store(
    harness: Harness, args: dict[str, Any], error: str, case_count: CaseCount
) -> None:
    harness.server.script(tool_calls(("query_store_sales", {**GMV, **args})), text("上个月的销售额见上面的结果。"))
    messages = harness.invoke("drone", "上个月无人机卖了多少钱？")
    case_count("LLM tool call")
    (reply,) = [m for m in messages if isinstance(m, ToolMessage)]
    assert reply.status == "error", reply.content
    assert error in str(reply.content)
    assert not reply.artifact
    sent = harness.server.requests[1].body["messages"][-1]
    assert sent["role"] == "tool" and error in sent["content"]


# Shapes a merchant puts an unsold product in (none of these names is in the asking store's catalog).
OFFLINE_UNSOLD = [
    ("m_outdoor", "上个月无人机的销售额是多少？", "无人机"),
    ("m_pet", "登山杖今年卖得怎么样？销售额多少", "登山杖"),
    ("m_outdoor", "how much lipstick did we sell last quarter", "lipstick"),
    ("m_pet", "coffee beans orders in the last 7 days?", "coffee beans"),
    ("m_baby", "bluetooth earbuds refund rate over the past 2 weeks", "bluetooth earbuds"),
    ("m_outdoor", "mechanical keyboard 本周 GMV?", "mechanical keyboard"),
    ("m_outdoor", "laptops: units over the past fortnight", "laptops"),
    ("m_outdoor", "did the fishing rods do well in October? give me orders", "fishing rods"),
    ("m_outdoor", "how many orders had a kayak in them since the start of november", "kayak"),
    ("m_pet", "吸奶器 orders in the past two weeks?", "吸奶器"),
    ("m_pet", "GMV of 露营灯 last month", "露营灯"),
    ("m_outdoor", "how many drones were sold this year", "drones"),
    ("m_pet", "how much revenue did trekking poles make in q3", "trekking poles"),
    # shapes only the leftover check finds (no metric next to the name, a verb or a typo around it)
    ("m_outdoor", "can you grab last weeks orders for rowing machines", "rowing machines"),
    ("m_pet", "been promoting snorkel masks a lot lately, whats the refund rate", "snorkel masks"),
    ("m_baby", "did the champagne flutes sell ok last month? need the ordr count", "champagne flutes"),
    ("m_outdoor", "咖啡机这周卖的咋样啊", "咖啡机"),
]


def test_the_offline_model_refuses_an_unsold_product_in_any_sentence_shape(
    copilot: Copilot, demo_store: Store, case_count: CaseCount
) -> None:
    """The offline model names the product it does not know instead of answering with the whole store."""
    for n, (merchant, question, name) in enumerate(OFFLINE_UNSOLD):
        case_count("unsold product, offline")
        result = copilot.ask(merchant, f"unsold-{n}", question)
        assert name in result.answer and ("没有找到" in result.answer or "has no product" in result.answer), (
            question,
            result.answer,
        )
        assert result.tool_results and all(r["error"] for r in result.tool_results), (question, result.tool_results)
