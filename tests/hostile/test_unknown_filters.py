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
