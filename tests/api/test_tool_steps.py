"""A tool step reads plainly to people (no metric formula), live and in the thread's history; the model keeps the
formula in the tool's text."""

from __future__ import annotations

from tests.api.conftest import ApiServer, new_thread

QUESTION = "上个月卖得最好的3个商品是什么？"


def test_the_sales_step_is_a_plain_line_and_the_formula_stays_for_the_model(api: ApiServer):
    with api.client() as client:
        thread = new_thread(client, "steps")
        turn = client.post(f"/v1/threads/{thread}/messages", json={"content": QUESTION, "stream": False}).json()
        [step] = turn["tool_steps"]
        assert (
            step["summary"]
            == "product revenue, in CNY; period last month (2026-10-01 .. 2026-10-31); by product; top 3."
        )
        [tool] = [m for m in client.get(f"/v1/threads/{thread}").json()["messages"] if m["role"] == "tool"]
    assert tool["summary"] == step["summary"]
    assert "SUM(order_items.amount)" in tool["content"] and "SUM(" not in step["summary"]
