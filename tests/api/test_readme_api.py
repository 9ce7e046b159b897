"""The README's "Chat API" section against the app: every curl example names a route and method the app has and
sends a body the route accepts, every route has an example, and the `openai` client example runs on loopback."""

from __future__ import annotations

import contextlib
import io
import json
import re
import shlex
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest
from pydantic import BaseModel
from sqlalchemy import text

from copilot.api import schemas
from copilot.app import create_app
from copilot.config import Settings
from tests.api.conftest import ApiServer

README = Path(__file__).resolve().parents[2] / "README.md"
EXAMPLE_BASE_URL = "http://127.0.0.1:8000/v1"
# Called by Slack and DingTalk with their signatures, not by a merchant's client: see "Slack and DingTalk".
CHANNEL_TAGS = {"slack", "dingtalk", "channels"}
TOP3_SQL = """
SELECT p.title FROM order_items oi JOIN orders o ON o.id = oi.order_id JOIN products p ON p.id = oi.product_id
WHERE o.merchant_id = 'm_outdoor' AND o.status = 'paid' AND o.created_at >= '2026-10-01'
AND o.created_at < '2026-11-01' GROUP BY p.id, p.title ORDER BY SUM(oi.amount) DESC LIMIT 3
"""


@dataclass
class Curl:
    line: str
    method: str
    path: str
    json_body: str | None = None
    form_fields: list[str] = field(default_factory=list)


@dataclass
class Operation:
    method: str
    template: str
    tags: list[str]
    spec: dict[str, Any]

    def matches(self, method: str, path: str) -> bool:
        pattern = re.sub(r"\\\{[^/]+?\\\}", "[^/]+", re.escape(self.template))
        return method == self.method and re.fullmatch(pattern, path) is not None


def _section() -> str:
    readme = README.read_text(encoding="utf-8")
    start = readme.index("\n## Chat API\n")
    end = readme.index("\n## ", start + 1)
    return readme[start:end]


def _blocks(section: str, language: str) -> list[str]:
    return re.findall(rf"^```{language}\n(.*?)^```$", section, flags=re.MULTILINE | re.DOTALL)


def _parse_curl(line: str) -> Curl:
    tokens = shlex.split(line, comments=True)
    method, url, body, form = None, None, None, []
    index = 1
    while index < len(tokens):
        token = tokens[index]
        if token == "-X":
            method = tokens[index + 1]
            index += 1
        elif token == "-d":
            body = tokens[index + 1]
            index += 1
        elif token == "-F":
            form.append(tokens[index + 1].split("=", 1)[0])
            index += 1
        elif token in ("-H", "-o"):
            index += 1
        elif token.startswith("$BASE"):
            url = token
        index += 1
    assert url is not None, f"no $BASE URL in: {line}"
    path = unquote(re.sub(r"\$[A-Z_]+", "x", url.removeprefix("$BASE")))
    return Curl(line, method or ("POST" if body is not None or form else "GET"), path, body, form)


def _curls() -> list[Curl]:
    curls = []
    for block in _blocks(_section(), "bash"):
        for line in block.replace("\\\n", " ").splitlines():
            if line.strip().startswith("curl "):
                curls.append(_parse_curl(line.strip()))
    return curls


def _operations() -> list[Operation]:
    spec = create_app(Settings(data_dir=Path("unused"))).openapi()
    return [
        Operation(method.upper(), path, list(operation.get("tags", [])), operation)
        for path, methods in spec["paths"].items()
        for method, operation in methods.items()
    ]


def _components() -> dict[str, Any]:
    return dict(create_app(Settings(data_dir=Path("unused"))).openapi()["components"]["schemas"])


def _schema_name(schema: dict[str, Any]) -> str:
    ref = schema.get("$ref") or next(option["$ref"] for option in schema["anyOf"] if "$ref" in option)
    return str(ref).rsplit("/", 1)[1]


def test_every_curl_example_names_a_route_of_the_app_and_a_body_it_takes():
    operations, components = _operations(), _components()
    curls = _curls()
    assert len(curls) >= 20
    for curl in curls:
        found = [operation for operation in operations if operation.matches(curl.method, curl.path)]
        assert found, f"README example names no route of the app ({curl.method} {curl.path}): {curl.line}"
        content = found[0].spec.get("requestBody", {}).get("content", {})
        if curl.json_body is not None:
            assert "application/json" in content, f"{curl.method} {curl.path} takes no JSON body: {curl.line}"
            model = getattr(schemas, _schema_name(content["application/json"]["schema"]))
            assert issubclass(model, BaseModel)
            model.model_validate(json.loads(curl.json_body))
        if curl.form_fields:
            assert "multipart/form-data" in content, f"{curl.method} {curl.path} takes no form: {curl.line}"
            fields = components[_schema_name(content["multipart/form-data"]["schema"])]["properties"]
            assert set(curl.form_fields) <= set(fields), f"{curl.line}: the route's fields are {sorted(fields)}"


def test_every_route_of_the_api_has_an_example_in_the_readme():
    curls = _curls()
    missing = [
        f"{operation.method} {operation.template}"
        for operation in _operations()
        if not CHANNEL_TAGS & set(operation.tags)
        and not any(operation.matches(curl.method, curl.path) for curl in curls)
    ]
    assert not missing, f"routes without a curl example in the README's Chat API section: {missing}"


def test_the_readme_names_the_model_and_the_follow_up_rule_as_the_code_does():
    section = _section()
    assert f"`{schemas.PRODUCT_MODEL}`" in section and "X-Thread-Id" in section
    (example,) = _blocks(section, "python")
    assert example.count(f'model="{schemas.PRODUCT_MODEL}"') == 3 and example.count('user="alice"') == 3


def test_the_openai_client_example_runs_against_the_app(api: ApiServer, monkeypatch: pytest.MonkeyPatch):
    (example,) = _blocks(_section(), "python")
    assert EXAMPLE_BASE_URL in example
    monkeypatch.setenv("MERCHANT_KEY", api.keys["outdoor"])
    printed, names = io.StringIO(), {}
    with contextlib.redirect_stdout(printed):
        exec(compile(example.replace(EXAMPLE_BASE_URL, f"{api.base_url}/v1"), "README.md", "exec"), names)
    first = names["first"].choices[0].message.content
    follow_up = names["follow_up"].choices[0].message.content
    with api.store.engine.connect() as conn:
        top3 = [row[0] for row in conn.execute(text(TOP3_SQL))]
    assert all(title in first for title in top3)
    assert "2026-09-01 .. 2026-09-30" in follow_up
    streamed = printed.getvalue().split(follow_up, 1)[1]
    assert "2026-11-09" in streamed
    with api.client() as client:
        thread = client.get("/v1/threads/u-alice").json()
    asked = [message["content"] for message in thread["messages"] if message["role"] == "user"]
    assert asked == ["上个月卖得最好的3个商品是什么？", "那上上个月呢？", "What was the GMV last week?"]
