"""Runs scenarios through the same graph every face uses, each on a fresh demo store and a fresh memory."""

from __future__ import annotations

import hashlib
import shutil
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import date
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from sqlalchemy import text
from sqlalchemy.exc import ProgrammingError

from copilot.config import Settings
from copilot.service import Copilot, TurnResult, collect
from copilot.store import Store
from copilot.store.anchor import clock_for
from copilot.store.pgadmin import create_database, database_exists, drop_database, rename_database
from evals.checks import Failure, as_number, describe, value_in_answer
from evals.checks import short as _short
from evals.scenario import DbCheck, Expect, Scenario, SqlValues
from evals.scope_check import check_scope

PACKAGE_ROOT = Path(__file__).resolve().parent.parent
FINGERPRINTED = ["copilot/demo", "copilot/promotion", "copilot/migrations/versions"]
MEMORY_FINGERPRINTED = ["copilot/demo_docs", "copilot/memory"]
EVAL_TODAY = date(2026, 11, 20)
NOTHING_TO_APPROVE = "Nothing to approve: this thread has no pending approval."


@dataclass
class TurnRecord:
    index: int
    user: str | None
    approve: bool | None
    answer: str
    tool_calls: list[dict[str, Any]]
    tool_errors: list[str]
    expected_tools: list[str]
    latency_ms: float
    tokens: int
    failures: list[str] = field(default_factory=list)
    approval: dict[str, Any] | None = None  # the approval the turn requested, if any (not one still pending)
    before_history: int = 0  # tool results whose period lies wholly before the store's first order (no data there)


def wholly_before_history(results: list[dict[str, Any]]) -> int:
    """How many tool results ran without error on a period (asked or compared) that lies entirely before the
    store's first order, as the sales tool's payload flags it (`summary.before_history`)."""
    flagged = 0
    for result in results:
        gap = ((result.get("payload") or {}).get("summary") or {}).get("before_history") or {}
        flagged += not result.get("error") and any(spec.get("whole") for spec in (gap.get("periods") or {}).values())
    return flagged


@dataclass
class ScenarioResult:
    id: str
    path: str
    tags: list[str]
    repeat: int
    passed: bool
    reason: str
    turns: list[TurnRecord]
    duration_ms: float

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def demo_fingerprint(names: list[str] = FINGERPRINTED) -> str:
    digest = hashlib.sha256()
    for name in names:
        path = PACKAGE_ROOT / name
        files = sorted(path.rglob("*")) if path.is_dir() else [path]
        for file in files:
            if file.is_file() and "__pycache__" not in file.parts:
                digest.update(file.relative_to(PACKAGE_ROOT).as_posix().encode())
                digest.update(file.read_bytes())
    return digest.hexdigest()[:16]


def cached_demo_db(data_dir: Path) -> Path:
    """The demo store built once and cached in the data folder; rebuilt when its generator changes. Each process
    builds into a file of its own and renames it into place, so two runs starting together never publish a file
    the other is still writing."""
    from copilot.demo.build import build_demo

    folder = data_dir / "eval"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"demo-{demo_fingerprint()}.db"
    if not path.exists():
        partial = path.with_suffix(f".{uuid.uuid4().hex}.partial")
        store = Store.open(f"sqlite:///{partial}")
        build_demo(store)
        with store.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        store.close()
        for suffix in ("-wal", "-shm"):
            Path(f"{partial}{suffix}").unlink(missing_ok=True)
        partial.replace(path)
    return path


@dataclass(frozen=True)
class PgTemplate:
    """A PostgreSQL template database holding the demo store: `name` on the server of `server_url`."""

    server_url: str
    name: str


def cached_demo_pg_template(server_url: str) -> PgTemplate:
    """The demo store as a template database on the PostgreSQL server of `server_url`, built once per generator
    fingerprint and kept for later runs; concurrent builders each build a private copy and the first rename wins."""
    from copilot.demo.build import build_demo

    name = f"copilot_eval_demo_{demo_fingerprint()}"
    if not database_exists(server_url, name):
        partial = f"{name}_{uuid.uuid4().hex[:8]}"
        store = Store.open(create_database(server_url, partial))
        try:
            build_demo(store)
        finally:
            store.close()
        try:
            rename_database(server_url, partial, name)
        except ProgrammingError:  # another run renamed its copy first
            drop_database(server_url, partial)
    return PgTemplate(server_url, name)


@contextmanager
def private_store_url(demo: Path | PgTemplate, workdir: Path) -> Iterator[str]:
    """The URL of a private copy of the demo store for one scenario: a SQLite file in `workdir`, or a PostgreSQL
    database copied from the template (dropped on exit)."""
    if isinstance(demo, Path):
        db_path = workdir / "store.db"
        shutil.copyfile(demo, db_path)
        yield f"sqlite:///{db_path}"
        return
    name = f"copilot_eval_s_{uuid.uuid4().hex[:12]}"
    url = create_database(demo.server_url, name, template=demo.name)
    try:
        yield url
    finally:
        drop_database(demo.server_url, name)


def cached_demo_memory(data_dir: Path) -> Path:
    """A memory folder holding every demo merchant's documents, built once; scenarios get a copy of it."""
    from copilot.demo_docs import ingest_demo_docs
    from copilot.memory import MemoryStore

    folder = data_dir / "eval" / f"memory-{demo_fingerprint(MEMORY_FINGERPRINTED)}"
    if not folder.exists():
        partial = folder.with_name(f"{folder.name}.{uuid.uuid4().hex}.partial")
        memory = MemoryStore.open(Settings(data_dir=partial))
        ingest_demo_docs(memory)
        memory.close()
        try:
            partial.rename(folder)
        except OSError:  # another process built it first
            shutil.rmtree(partial, ignore_errors=True)
    return folder


def _values(store: Store, merchant: str, spec: SqlValues) -> list[Any]:
    with store.engine.connect() as conn:
        rows = conn.execute(text(spec.for_dialect(store.dialect)), {"merchant": merchant}).all()
    return [row[0] for row in rows]


def check_turn(
    expect: Expect, result: TurnResult, store: Store, merchant: str, today: date | None = None
) -> list[Failure]:
    import re

    failures: list[Failure] = []
    called = result.tools_called
    answer = result.answer
    for tool in expect.tools:
        if tool not in called:
            failures.append(Failure("tools", f"{tool} to be called", f"called {called or 'no tool'}"))
    for tool in expect.forbidden_tools:
        if tool in called:
            failures.append(Failure("forbidden_tools", f"{tool} not to be called", f"called {called}"))
    for literal in expect.answer_contains:
        if literal not in answer:
            failures.append(Failure("answer_contains", repr(literal), _short(answer)))
    for literal in expect.answer_excludes:
        if literal in answer:
            failures.append(Failure("answer_excludes", f"no {literal!r}", _short(answer)))
    for pattern in expect.answer_matches:
        if not re.search(pattern, answer):
            failures.append(Failure("answer_matches", f"/{pattern}/", _short(answer)))
    if expect.answer_values_from_sql:
        spec = expect.answer_values_from_sql
        values = _values(store, merchant, spec)
        if not values:
            failures.append(Failure("answer_values_from_sql", "the SQL to return rows", "no rows"))
        for value in values:
            if not value_in_answer(value, answer, spec.tolerance):
                failures.append(Failure("answer_values_from_sql", f"{describe(value)} in the answer", _short(answer)))
    if expect.answer_excludes_values_from_sql:
        spec = expect.answer_excludes_values_from_sql
        for value in _values(store, merchant, spec):
            if value_in_answer(value, answer, spec.tolerance):
                failures.append(Failure("answer_excludes_values_from_sql", f"{describe(value)} absent", _short(answer)))
    if expect.approval_requested is not None and (result.approval is not None) != expect.approval_requested:
        failures.append(Failure("approval_requested", str(expect.approval_requested), str(result.approval is not None)))
    if expect.scope is not None:
        product = expect.scope.filters.get("product")
        names = _product_names(store, merchant, product) if product else {}
        failures += check_scope(expect.scope, answer, today or EVAL_TODAY, names)
    return failures


def _product_names(store: Store, merchant: str, ids: str) -> dict[str, tuple[str, ...]]:
    """The titles a product filter of a scope may be written as, by product id."""
    wanted = [part.strip() for part in ids.split(",") if part.strip()]
    sql = "SELECT id, title, title_en FROM products WHERE merchant_id = :merchant"
    with store.engine.connect() as conn:
        rows = conn.execute(text(sql), {"merchant": merchant}).all()
    return {str(r[0]): tuple(str(t) for t in r[1:] if t) for r in rows if str(r[0]) in wanted}


def check_final(checks: list[DbCheck], store: Store, merchant: str) -> list[Failure]:
    failures = []
    for check in checks:
        with store.engine.connect() as conn:
            value = conn.execute(text(check.sql), {"merchant": merchant}).scalar()
        number = as_number(value)
        label = " ".join(check.sql.split())[:120]
        if check.equals is not None:
            expected = as_number(check.equals)
            ok = (number == expected) if expected is not None else str(value) == str(check.equals)
            if not ok:
                failures.append(Failure(f"final.db equals ({label})", describe(check.equals), describe(value)))
        if check.at_least is not None and (number is None or number < check.at_least):
            failures.append(Failure(f"final.db at_least ({label})", f">= {check.at_least:g}", describe(value)))
        if check.at_most is not None and (number is None or number > check.at_most):
            failures.append(Failure(f"final.db at_most ({label})", f"<= {check.at_most:g}", describe(value)))
    return failures


def run_scenario(
    scenario: Scenario, *, demo_db: Path | PgTemplate, demo_memory: Path, model: str, repeat: int = 0
) -> ScenarioResult:
    """One scenario on its own copy of the demo store (SQLite file or PostgreSQL template), its own memory and its
    own checkpoints."""
    from langgraph.checkpoint.memory import InMemorySaver

    from copilot.memory import MemoryStore
    from copilot.promotion.jobs import jobs_for

    started = time.perf_counter()
    records: list[TurnRecord] = []
    with (
        tempfile.TemporaryDirectory(prefix=f"eval-{scenario.id}-") as tmp,
        private_store_url(demo_db, Path(tmp)) as db_url,
    ):
        workdir = Path(tmp)
        settings = Settings(data_dir=workdir, model=model, db_url=db_url)
        store = Store.open(settings.database_url, migrate=False)
        shutil.copytree(demo_memory, workdir, dirs_exist_ok=True)
        memory = MemoryStore.open(settings)
        try:
            for document in scenario.documents:
                memory.ingest(scenario.merchant, document.title, document.text, source="scenario")
            copilot = Copilot(
                settings=settings,
                store=store,
                checkpointer=InMemorySaver(),
                memory=memory,
                clock=clock_for(settings, store),
            )
            today = copilot.clock.now().date()
            reason = ""
            requested: set[str] = set()
            for index, turn in enumerate(scenario.turns):
                result, latency = _play(copilot, scenario.merchant, turn.thread, turn.user, turn.approve)
                new_approval = result.approval is not None and result.approval.approval_id not in requested
                failures = check_turn(turn.expect, result, store, scenario.merchant, today)
                records.append(
                    TurnRecord(
                        index=index,
                        user=turn.user,
                        approve=turn.approve,
                        answer=result.answer,
                        tool_calls=[{"name": c["name"], "args": c["args"]} for c in result.tool_calls],
                        tool_errors=[r["text"] for r in result.tool_results if r.get("error")],
                        expected_tools=list(turn.expect.tools),
                        latency_ms=latency,
                        tokens=result.tokens,
                        failures=[str(f) for f in failures],
                        approval=result.approval.to_dict() if result.approval and new_approval else None,
                        before_history=wholly_before_history(result.tool_results),
                    )
                )
                if result.approval is not None:
                    requested.add(result.approval.approval_id)
                if failures and not reason:
                    reason = f"turn {index + 1}: {failures[0]}"
            final = check_final(scenario.final.db, store, scenario.merchant)
            if final and not reason:
                reason = str(final[0])
        except Exception as exc:  # a crash is a failed scenario with its reason, never a crashed suite
            reason = f"error: {type(exc).__name__}: {exc}"
        finally:
            jobs_for(workdir / "promotion").wait(scenario.merchant, timeout=120)  # a fit still writes to workdir
            memory.close()
            store.close()
    return ScenarioResult(
        id=scenario.id,
        path=scenario.path,
        tags=list(scenario.tags),
        repeat=repeat,
        passed=not reason,
        reason=reason,
        turns=records,
        duration_ms=(time.perf_counter() - started) * 1000,
    )


def _play(
    copilot: Copilot, merchant: str, thread: str, user: str | None, approve: bool | None
) -> tuple[TurnResult, float]:
    started = time.perf_counter()
    if user is not None:
        result = copilot.ask(merchant, thread, user)
    else:
        pending = copilot.pending_approval(merchant, thread)
        if pending is None:
            result = TurnResult(answer=NOTHING_TO_APPROVE)
        else:
            events = copilot.decide(
                merchant, thread, pending.approval_id, approved=bool(approve), decided_by="eval-approver"
            )
            result = collect(events)
    return result, (time.perf_counter() - started) * 1000


class ScratchSpaceError(RuntimeError):
    """Too little free disk where the scenarios copy the demo store and memory (the system's temporary folder)."""


def check_scratch_space(demo: Path | PgTemplate, memory: Path, jobs: int, scratch: Path | None = None) -> None:
    """Refuse to start when `jobs` scenarios at once could not each hold a copy of the demo store and memory in
    `scratch` (default: the temporary folder), with as much again for what a scenario writes: a clear error up front
    instead of a copy failing half-way through a run."""
    copied = sum(f.stat().st_size for f in memory.rglob("*") if f.is_file())
    if isinstance(demo, Path):
        copied += demo.stat().st_size
    folder = scratch or Path(tempfile.gettempdir())
    needed, free = 2 * copied * max(jobs, 1), shutil.disk_usage(folder).free
    if free < needed:
        mib = 1024 * 1024
        raise ScratchSpaceError(
            f"{folder} has {free // mib} MiB free; {jobs} scenario(s) at once need about {needed // mib} MiB there "
            f"(a {copied // mib} MiB copy of the demo store and memory each, and room to write). Free some space, "
            "run fewer --jobs, or point TMPDIR at a larger disk."
        )


def _run_one(args: tuple[Scenario, Path | PgTemplate, Path, str, int]) -> ScenarioResult:
    scenario, demo_db, demo_memory, model, repeat = args
    return run_scenario(scenario, demo_db=demo_db, demo_memory=demo_memory, model=model, repeat=repeat)


def run_suite(
    scenarios: list[Scenario],
    *,
    data_dir: Path,
    model: str = "offline",
    repeat: int = 1,
    jobs: int = 1,
    on_result: Callable[[ScenarioResult], None] | None = None,
    db_url: str | None = None,
) -> list[ScenarioResult]:
    """Every scenario `repeat` times; in `jobs` processes when jobs > 1. Results in scenario order.

    Each scenario's store is a copy of the demo store: a SQLite file, or, when `db_url` is a PostgreSQL URL, a
    database on that server copied from a template database (`cached_demo_pg_template`)."""
    demo_db: Path | PgTemplate
    if db_url and db_url.startswith("postgresql"):
        demo_db = cached_demo_pg_template(db_url)
    else:
        demo_db = cached_demo_db(data_dir)
    demo_memory = cached_demo_memory(data_dir)
    check_scratch_space(demo_db, demo_memory, jobs)
    work = [(s, demo_db, demo_memory, model, r) for r in range(repeat) for s in scenarios]
    results: list[ScenarioResult] = []
    if jobs <= 1:
        for item in work:
            result = _run_one(item)
            results.append(result)
            if on_result:
                on_result(result)
    else:
        with ProcessPoolExecutor(max_workers=jobs, mp_context=get_context("spawn")) as pool:
            futures = [pool.submit(_run_one, item) for item in work]
            for future in as_completed(futures):
                result = future.result()
                results.append(result)
                if on_result:
                    on_result(result)
    order = {(s.id, r): i for i, (s, _, _, _, r) in enumerate(work)}
    return sorted(results, key=lambda res: order[(res.id, res.repeat)])
