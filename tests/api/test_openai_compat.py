"""The OpenAI-compatible endpoint, driven by the official `openai` Python client over loopback."""

from __future__ import annotations

import openai
import pytest
from sqlalchemy import text

from tests.api.conftest import ApiServer, assert_error

TOP3 = "上个月卖得最好的3个商品是什么？"
TOP3_SQL = """
SELECT p.title FROM order_items oi JOIN orders o ON o.id = oi.order_id JOIN products p ON p.id = oi.product_id
WHERE o.merchant_id = 'm_outdoor' AND o.status = 'paid' AND o.created_at >= '2026-10-01'
AND o.created_at < '2026-11-01' GROUP BY p.id, p.title ORDER BY SUM(oi.amount) DESC LIMIT 3
"""


def _client(api: ApiServer, key: str = "outdoor") -> openai.OpenAI:
    return openai.OpenAI(base_url=f"{api.base_url}/v1", api_key=api.keys[key], max_retries=0, timeout=60)


def _top3(api: ApiServer) -> list[str]:
    with api.store.engine.connect() as conn:
        return [row[0] for row in conn.execute(text(TOP3_SQL))]


def test_non_streaming_completion_answers_from_the_store(api: ApiServer):
    client = _client(api)
    raw = client.chat.completions.with_raw_response.create(
        model="merchant-copilot",
        messages=[{"role": "system", "content": "ignored"}, {"role": "user", "content": TOP3}],
        user="alice@example.com",
    )
    completion = raw.parse()
    answer = completion.choices[0].message.content or ""
    assert completion.object == "chat.completion" and completion.choices[0].finish_reason == "stop"
    assert all(title in answer for title in _top3(api))
    thread = raw.headers["x-thread-id"]
    assert thread.startswith("u-")

    follow = client.chat.completions.create(
        model="merchant-copilot",
        messages=[{"role": "user", "content": "那上上个月呢？"}],
        extra_headers={"X-Thread-Id": thread},
    )
    assert "2026-09-01" in (follow.choices[0].message.content or "")
    with api.client() as http:
        messages = http.get(f"/v1/threads/{thread}").json()["messages"]
    assert [m["content"] for m in messages if m["role"] == "user"] == [TOP3, "那上上个月呢？"]


def test_streaming_completion_concatenates_to_the_answer(api: ApiServer):
    client = _client(api)
    stream = client.chat.completions.create(
        model="merchant-copilot", messages=[{"role": "user", "content": TOP3}], stream=True
    )
    pieces, finish = [], None
    for chunk in stream:
        assert chunk.object == "chat.completion.chunk"
        pieces.append(chunk.choices[0].delta.content or "")
        finish = chunk.choices[0].finish_reason or finish
    answer = "".join(pieces)
    assert finish == "stop" and all(title in answer for title in _top3(api))


def test_the_model_name_selects_nothing(api: ApiServer):
    client = _client(api)
    with pytest.raises(openai.BadRequestError) as caught:
        client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": TOP3}])
    assert caught.value.body == {"code": "model_not_supported", "message": caught.value.body["message"]}
    assert [model.id for model in client.models.list()] == ["merchant-copilot"]


def test_bad_keys_and_bad_requests(api: ApiServer):
    with pytest.raises(openai.AuthenticationError):
        _client(api, "revoked").chat.completions.create(messages=[{"role": "user", "content": "hi"}], model="x")
    with api.client() as http:
        assert_error(http.post("/v1/chat/completions", json={"messages": []}), 422)
        assert_error(http.post("/v1/chat/completions", json={"messages": [{"role": "assistant", "content": "x"}]}), 422)
        bad_thread = http.post(
            "/v1/chat/completions",
            json={"messages": [{"role": "user", "content": "hi"}]},
            headers={"X-Thread-Id": "../../etc"},
        )
        assert_error(bad_thread, 422, "invalid_request")


def test_a_thread_of_another_merchant_is_never_reached(api: ApiServer):
    with api.client() as owner:
        thread = owner.post("/v1/threads", json={}).json()["id"]
        owner.post(f"/v1/threads/{thread}/messages", json={"content": TOP3, "stream": False})
    other = _client(api, "baby")
    completion = other.chat.completions.create(
        model="merchant-copilot",
        messages=[{"role": "user", "content": "上个月GMV是多少？"}],
        extra_headers={"X-Thread-Id": thread},
    )
    assert completion.choices[0].message.content
    with api.client("baby") as http:
        users = [m["content"] for m in http.get(f"/v1/threads/{thread}").json()["messages"] if m["role"] == "user"]
    assert users == ["上个月GMV是多少？"]
    with api.client() as owner:
        users = [m["content"] for m in owner.get(f"/v1/threads/{thread}").json()["messages"] if m["role"] == "user"]
    assert users == [TOP3]
