"""Liveness, readiness (database and memory reachable) and Prometheus metrics; no key needed."""

from __future__ import annotations

from collections.abc import Callable

import anyio
from fastapi import APIRouter
from fastapi.responses import Response
from sqlalchemy import text
from starlette.concurrency import run_in_threadpool

from copilot.api.schemas import HealthPublic, ReadyPublic, responses
from copilot.service import Copilot
from copilot.web.deps import CopilotDep, MetricsDep
from copilot.web.errors import error_response
from copilot.web.metrics import CONTENT_TYPE

router = APIRouter(tags=["health"])

READY_TIMEOUT_S = 5.0
_PROBE_MERCHANT = "__readyz__"


def _check_database(copilot: Copilot) -> None:
    with copilot.store.engine.connect() as conn:
        conn.execute(text("SELECT 1"))


def _check_memory(copilot: Copilot) -> None:
    if copilot.memory is None:
        raise RuntimeError("not configured")
    copilot.memory.documents(_PROBE_MERCHANT)


async def _probe(check: Callable[[Copilot], None], copilot: Copilot) -> str:
    try:
        with anyio.fail_after(READY_TIMEOUT_S):
            await run_in_threadpool(check, copilot)
    except TimeoutError:
        return "timeout"
    except Exception as exc:
        return f"unreachable ({type(exc).__name__})"
    return "ok"


@router.get("/healthz", summary="Liveness: the process answers")
async def healthz() -> HealthPublic:
    return HealthPublic(status="ok")


@router.get(
    "/readyz",
    summary="Readiness: the database and the memory are reachable",
    response_model=ReadyPublic,
    responses=responses(503),
)
async def readyz(copilot: CopilotDep) -> ReadyPublic | Response:
    checks = {"database": await _probe(_check_database, copilot), "memory": await _probe(_check_memory, copilot)}
    failing = {name: state for name, state in checks.items() if state != "ok"}
    if failing:
        detail = ", ".join(f"{name}: {state}" for name, state in failing.items())
        return error_response(503, "not_ready", f"not ready: {detail}")
    return ReadyPublic(status="ready", checks=checks)


@router.get(
    "/metrics",
    summary="Prometheus metrics of this worker",
    response_class=Response,
    responses={200: {"content": {CONTENT_TYPE: {}}, "description": "Prometheus text format"}},
)
async def metrics(registry: MetricsDep) -> Response:
    return Response(registry.render(), media_type=CONTENT_TYPE)
