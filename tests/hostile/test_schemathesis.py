"""Schemathesis against the app's own OpenAPI schema, with a valid key, on the live server: no 5xx, and every
error in the documented shape {"error": {"code", "message"}}. Examples are bounded to keep this under a minute."""

from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, given, settings

from tests.api.conftest import ApiServer, api  # noqa: F401  (api: the server fixture)
from tests.case_counts import CaseCount

EXAMPLES_PER_OPERATION = 8


def test_generated_requests_get_no_5xx_and_documented_errors(api: ApiServer, case_count: CaseCount):  # noqa: F811
    schema = schemathesis.openapi.from_dict(api.app.openapi())
    operations = [result.ok() for result in schema.get_all_operations()]
    headers = {"Authorization": f"Bearer {api.keys['baby']}"}
    tried: list[str] = []
    failures: list[str] = []

    for operation in operations:

        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy())
        def check(case: schemathesis.Case) -> None:
            response = case.call(base_url=api.base_url, headers=headers, timeout=60)
            tried.append(f"{case.method} {case.formatted_path}")
            if response.status_code >= 500:
                failures.append(f"{case.method} {case.formatted_path}: {response.status_code} {response.text[:200]}")
            elif response.status_code >= 400:
                body = response.json()
                if set(body) != {"error"} or set(body["error"]) != {"code", "message"}:
                    failures.append(f"{case.method} {case.formatted_path}: error shape {body!r:.200}")

        check()
    print(f"schemathesis: {len(tried)} generated requests over {len(operations)} operations")
    case_count("schemathesis request", len(tried))
    assert not failures, failures[:5]
    assert len(tried) >= len(operations)
