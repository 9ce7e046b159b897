"""Auth, limits, error shape, files and documents, health and metrics — through real HTTP on loopback."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PIL import Image

from copilot.clock import demo_clock
from copilot.config import Settings
from copilot.context import Context
from copilot.creatives.service import run_generate_creatives
from copilot.store.models import Creative
from copilot.web.limits import TokenBucketLimiter
from tests.api.conftest import ApiServer, assert_error, new_thread
from tests.api.documents import wait_for_job


@pytest.mark.parametrize(
    "headers",
    [{}, {"Authorization": "Bearer"}, {"Authorization": "Basic abc"}, {"Authorization": "Bearer mck_not-a-key"}],
)
def test_missing_or_bad_keys_are_401(api: ApiServer, headers: dict[str, str]):
    with api.client(None) as client:
        response = client.get("/v1/threads", headers=headers)
    assert_error(response, 401, "unauthorized")
    assert response.headers["www-authenticate"] == "Bearer"


def test_a_revoked_key_is_401_everywhere(api: ApiServer):
    with api.client("revoked") as client:
        assert_error(client.get("/v1/threads"), 401, "unauthorized")
        assert_error(client.post("/v1/chat/completions", json={"messages": [{"role": "user", "content": "hi"}]}), 401)
        assert_error(client.get("/v1/documents"), 401)


def test_malformed_bodies_are_4xx_json(api: ApiServer):
    with api.client() as client:
        thread = new_thread(client)
        url = f"/v1/threads/{thread}/messages"
        headers = {"content-type": "application/json"}
        assert_error(client.post(url, content=b"{not json", headers=headers), 422, "invalid_request")
        assert_error(client.post(url, content=b"\xff\xfe\x00", headers=headers), 400, "bad_request")
        assert_error(client.post(url, json=["a list"]), 422)
        assert_error(client.post(url, json={"content": 42}), 422)
        assert_error(client.post(url, json={"content": ""}), 422)
        assert_error(client.post(url, json={"content": "hi", "extra": 1}), 422)
        assert_error(client.post(url, content=b"content=hi", headers={"content-type": "text/plain"}), 422)
        assert_error(client.post(url, json={"content": "长" * 4_001}), 422, "message_too_long")
        assert_error(client.post("/v1/threads/bad%20id/messages", json={"content": "hi"}), 422)
        assert_error(client.get("/v1/nowhere"), 404, "not_found")
        assert_error(client.put("/v1/threads"), 405, "method_not_allowed")


def test_oversized_bodies_are_413_json(api: ApiServer):
    with api.client() as client:
        thread = new_thread(client)
        big = {"content": "x" * 1_100_000}
        assert_error(client.post(f"/v1/threads/{thread}/messages", json=big), 413, "body_too_large")

        def chunks():
            for _ in range(20):
                yield b"x" * 100_000

        chunked = client.post(
            f"/v1/threads/{thread}/messages", content=chunks(), headers={"content-type": "application/json"}
        )
        assert_error(chunked, 413, "body_too_large")
        upload = client.post("/v1/documents", files={"file": ("big.md", b"# Big\n" + b"a" * 70_000, "text/markdown")})
        assert_error(upload, 413, "body_too_large")
        assert client.get("/healthz").status_code == 200


def test_the_rate_limit_is_per_key_with_retry_after(api: ApiServer):
    with api.client("strict") as client:
        statuses = [client.get("/v1/threads").status_code for _ in range(3)]
        limited = client.get("/v1/threads")
    assert statuses == [200, 200, 200]
    assert_error(limited, 429, "rate_limited")
    assert int(limited.headers["retry-after"]) >= 1
    with api.client() as other:
        assert other.get("/v1/threads").status_code == 200


def test_token_bucket_refills_over_time():
    now = [0.0]
    limiter = TokenBucketLimiter(rate_per_s=2.0, burst=2, monotonic=lambda: now[0])
    assert [limiter.take("k").allowed for _ in range(3)] == [True, True, False]
    assert limiter.take("k").retry_after_s == pytest.approx(0.5)
    assert limiter.take("other").allowed
    now[0] = 0.5
    assert limiter.take("k").allowed and not limiter.take("k").allowed


def test_documents_are_the_merchants_own(api: ApiServer):
    text = "# 会员积分规则\n\n会员每消费1元积1分，积分可在双12抵扣现金。".encode()
    with api.client() as owner:
        uploaded = owner.post("/v1/documents", files={"file": ("points.md", text, "text/markdown")})
        assert uploaded.status_code == 202, uploaded.text
        job = wait_for_job(owner, uploaded.json()["id"])
        assert (job["title"], job["status"], job["chunks"]) == ("会员积分规则", "done", 1)
        listed = owner.get("/v1/documents").json()["documents"]
        assert [(d["title"], d["source"]) for d in listed] == [("会员积分规则", "points.md")]
        assert_error(owner.post("/v1/documents", files={"file": ("x.exe", b"MZ", "application/octet-stream")}), 415)
        assert_error(owner.post("/v1/documents", files={"file": ("empty.txt", b"   ", "text/plain")}), 422)
    with api.client("baby") as other:
        assert "会员积分规则" not in [d["title"] for d in other.get("/v1/documents").json()["documents"]]
        assert_error(other.delete("/v1/documents/会员积分规则"), 404, "not_found")
    with api.client() as owner:
        assert owner.delete("/v1/documents/会员积分规则").status_code == 204
        assert owner.get("/v1/documents").json()["documents"] == []


def _creative(api: ApiServer, merchant: str, image_path: str) -> str:
    creative_id = f"cr_{uuid.uuid4().hex[:10]}"
    with api.store.session() as session:
        session.add(
            Creative(
                id=creative_id,
                merchant_id=merchant,
                kind="image",
                text="",
                image_path=image_path,
                created_at=datetime(2026, 11, 20, tzinfo=UTC),
            )
        )
    return creative_id


def test_files_resolve_only_inside_the_merchants_folder(api: ApiServer):
    folder = api.settings.creatives_dir / "m_outdoor"
    folder.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (8, 8), "orange").save(folder / "poster.png")
    mine = _creative(api, "m_outdoor", str(folder / "poster.png"))
    escaping = _creative(api, "m_outdoor", str(api.settings.data_dir / ".." / "store.db"))
    relative = _creative(api, "m_outdoor", "creatives/m_outdoor/../m_baby/x.png")
    (api.settings.charts_dir / "m_baby").mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (8, 8), "blue").save(api.settings.charts_dir / "m_baby" / "theirs.png")
    with api.client() as client:
        image = client.get(f"/v1/creatives/{mine}")
        assert image.status_code == 200 and image.content.startswith(b"\x89PNG")
        for creative in (escaping, relative, "cr_missing"):
            assert_error(client.get(f"/v1/creatives/{creative}"), 404, "not_found")
        for name in ("theirs.png", "..%2Fm_baby%2Ftheirs.png", "%2E%2E", "x.txt", "missing.png"):
            assert_error(client.get(f"/v1/files/charts/{name}"), 404)
    with api.client("baby") as other:
        assert_error(other.get(f"/v1/creatives/{mine}"), 404, "not_found")
        assert other.get("/v1/files/charts/theirs.png").status_code == 200


def test_creatives_made_with_the_default_relative_data_folder_are_served(
    api: ApiServer, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.chdir(api.settings.data_dir.parent)
    relative = Settings(data_dir=Path("data"))
    ctx = Context(merchant_id="m_outdoor", store=api.store, settings=relative, clock=demo_clock())
    made = run_generate_creatives(ctx, count=1, kind="image", product="out_sunscreen_spf50").payload["creatives"]
    assert made and all(not Path(item["image_path"]).is_absolute() for item in made)
    with api.client() as client:
        for item in made:
            image = client.get(f"/v1/creatives/{item['id']}")
            assert image.status_code == 200, image.text
            assert image.content.startswith(b"\x89PNG")


def test_health_readiness_and_metrics(api: ApiServer):
    with api.client(None) as client:
        assert client.get("/healthz").json() == {"status": "ok"}
        ready = client.get("/readyz")
        assert ready.status_code == 200 and ready.json() == {
            "status": "ready",
            "checks": {"database": "ok", "memory": "ok"},
        }
        client.get("/v1/threads")
        metrics = client.get("/metrics")
    assert metrics.status_code == 200 and metrics.headers["content-type"].startswith("text/plain")
    text = metrics.text
    assert 'copilot_http_requests_total{method="GET",route="/readyz",status="200"}' in text
    assert 'route="/v1/threads",status="401"' in text
    assert "copilot_active_runs 0.0" in text
    assert "# TYPE copilot_turn_duration_seconds histogram" in text


def test_the_openapi_schema_documents_every_route_and_error(api: ApiServer):
    with api.client(None) as client:
        schema = client.get("/openapi.json").json()
    assert "ErrorResponse" in schema["components"]["schemas"]
    assert "ApiKey" in schema["components"]["securitySchemes"]
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            assert operation.get("summary"), (method, path)
            if path.startswith("/v1"):
                assert {"401", "422", "429"} <= set(operation["responses"]), (method, path)
                error = operation["responses"]["401"]["content"]["application/json"]["schema"]
                assert error["$ref"].endswith("/ErrorResponse")
                assert operation["security"] == [{"ApiKey": []}]
    assert "404" in schema["paths"]["/v1/threads/{thread_id}"]["get"]["responses"]
    assert "409" in schema["paths"]["/v1/threads/{thread_id}/messages"]["post"]["responses"]
    assert "413" in schema["paths"]["/v1/documents"]["post"]["responses"]
