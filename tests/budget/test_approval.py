"""submit_promotion_budget: validation, one transaction per step, exactly one spend per request, audit."""

from __future__ import annotations

import re
import socket
import sqlite3
import threading
from collections.abc import Iterator
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
import pytest
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, ToolMessage
from langchain_core.utils.function_calling import convert_to_openai_tool
from langgraph.checkpoint.sqlite import SqliteSaver
from sqlalchemy import func, select, update

from copilot.adplatform import HttpAdPlatform, LedgerPlatform
from copilot.clock import FixedClock, demo_clock
from copilot.config import Settings
from copilot.context import Context
from copilot.graph import make_builder
from copilot.offline.refusals import plain_refusal
from copilot.service import Copilot, NoPendingApproval
from copilot.store import Store
from copilot.store.models import AdLedger, AuditLog, BudgetRequest, Campaign, Merchant
from copilot.toolset import Toolset
from tests.fakes import ScriptedChatModel
from tests.helpers import add_draft_campaign
from tools.budget import submit_budget_action
from tools.result import ToolRefusal
from tools.spending import ApprovalRequest, Decision

CREATED = datetime(2026, 11, 1, tzinfo=UTC)


class RememberedConstraints:
    """The part of the memory the budget tool reads: constraints parsed from remembered preferences."""

    def __init__(self, constraints: dict[str, Any]) -> None:
        self._constraints = constraints

    def constraints(self, merchant_id: str) -> dict[str, Any]:
        return dict(self._constraints)


def seed(store: Store) -> None:
    """Two merchants; m1 has a draft (12 days, 30,000 total), a big draft, an old and a bad one; m2 has one."""
    with store.session() as s:
        s.add(Merchant(id="m1", name="户外旗舰店", currency="CNY", daily_budget_cap=Decimal(5000), created_at=CREATED))
        s.add(Merchant(id="m2", name="Pet Shop", currency="CNY", daily_budget_cap=Decimal(5000), created_at=CREATED))
        s.flush()
        campaigns = [
            ("c1", "m1", "双12防晒推广", Decimal(30000), date(2026, 12, 1), date(2026, 12, 12), CREATED),
            ("c_big", "m1", "Big launch", Decimal(100000), date(2026, 12, 1), date(2026, 12, 5), CREATED),
            ("c_past", "m1", "Old sale", Decimal(1000), date(2026, 10, 1), date(2026, 11, 1), CREATED),
            ("c_swapped", "m1", "Bad dates", Decimal(1000), date(2026, 12, 9), date(2026, 12, 1), CREATED),
            ("c_m2", "m2", "Cat food week", Decimal(3000), date(2026, 12, 1), date(2026, 12, 7), CREATED),
        ]
        for cid, merchant, name, total, start, end, created in campaigns:
            s.add(
                Campaign(
                    id=cid,
                    merchant_id=merchant,
                    name=name,
                    objective="event",
                    status="draft",
                    budget_total=total,
                    start_date=start,
                    end_date=end,
                    created_at=created,
                )
            )


@pytest.fixture
def store(empty_store: Store) -> Store:
    seed(empty_store)
    return empty_store


def context(store: Store, merchant: str = "m1", **kwargs: Any) -> Context:
    return Context(
        merchant_id=merchant,
        store=store,
        settings=Settings(),
        clock=kwargs.pop("clock", demo_clock()),
        actor="merchant",
        **kwargs,
    )


def count(store: Store, model: Any, *where: Any) -> int:
    with store.session() as s:
        return int(s.scalar(select(func.count()).select_from(model).where(*where)) or 0)


def actions(store: Store) -> list[str]:
    with store.session() as s:
        return list(s.scalars(select(AuditLog.action).order_by(AuditLog.id)))


def request_row(store: Store, request_id: str) -> BudgetRequest:
    with store.session() as s:
        return s.get_one(BudgetRequest, request_id)


def campaign_status(store: Store, campaign_id: str) -> str:
    with store.session() as s:
        return s.get_one(Campaign, campaign_id).status


def prepare(ctx: Context, args: dict[str, Any], key: str = "m1:t1:call1") -> ApprovalRequest:
    return submit_budget_action.prepare(ctx, args, key=key, tool_call_id="call1")


def decide(request: ApprovalRequest, approved: bool = True, by: str = "boss") -> Decision:
    return Decision(approval_id=request.approval_id, approved=approved, decided_by=by, reason=None)


# ---------------------------------------------------------------- the model's view


def test_model_schema_has_no_merchant_id_and_states_the_contract():
    spec = convert_to_openai_tool(submit_budget_action.tool)["function"]
    assert spec["name"] == "submit_promotion_budget"
    assert set(spec["parameters"]["properties"]) == {"campaign_id", "amount"}
    assert spec["parameters"].get("required", []) == []
    assert "approve" in spec["description"] and "merchant" in spec["description"]


def test_a_merchant_id_from_the_model_is_refused(store: Store):
    with pytest.raises(ToolRefusal, match="unknown arguments"):
        prepare(context(store), {"campaign_id": "c_m2", "merchant_id": "m2"})
    assert count(store, BudgetRequest) == 0


# ---------------------------------------------------------------- prepare


def test_prepare_records_one_pending_request_and_a_readable_card(store: Store):
    request = prepare(context(store), {"campaign_id": "c1", "amount": 24000})
    assert request.tool == "submit_promotion_budget" and request.tool_call_id == "call1"
    assert request.amount == "24000.00" and request.currency == "CNY"
    for shown in ("双12防晒推广", "¥24,000.00", "2026-12-01", "2026-12-12", "12 天", "¥2,000.00/天", "通过"):
        assert shown in request.summary, shown
    assert request.details["dry_run"]["ok"] is True and request.details["daily_pacing"] == "2000.00"
    row = request_row(store, request.approval_id)
    assert (row.status, row.amount, row.campaign_id, row.decided_at) == ("pending_approval", 24000, "c1", None)
    assert campaign_status(store, "c1") == "pending_approval"
    assert actions(store) == ["budget.requested"]
    assert count(store, AdLedger) == 0


def test_each_card_is_in_one_language(store: Store):
    zh = prepare(context(store), {"campaign_id": "c1"}).summary
    en = prepare(context(store, "m2"), {"campaign_id": "c_m2"}, key="m2:t1:call1").summary
    assert "平台预检：通过" in zh and not re.findall(r"[A-Za-z]{2,}", zh), zh
    assert "Platform dry run: passed" in en and not re.findall(r"[\u3000-\u9fff\uff00-\uffef]", en), en


def test_the_card_speaks_the_language_of_the_question(store: Store):
    asked_in_english = prepare(context(store, lang="en"), {"campaign_id": "c1"}).summary
    assert asked_in_english.startswith("Promotion budget approval\nCampaign: 双12防晒推广 (c1)"), asked_in_english
    assert "CN¥30,000.00" in asked_in_english and "天" not in asked_in_english


def test_prepare_twice_with_the_same_key_records_one_request(store: Store):
    ctx = context(store)
    first = prepare(ctx, {"campaign_id": "c1", "amount": 24000})
    again = prepare(ctx, {"campaign_id": "c1", "amount": 24000})
    omitted = prepare(ctx, {"amount": 24000})  # a re-run finds its own campaign, no longer a draft
    assert first.approval_id == again.approval_id == omitted.approval_id
    assert count(store, BudgetRequest) == 1 and actions(store) == ["budget.requested"]


def test_same_key_with_a_different_amount_is_an_error(store: Store):
    ctx = context(store)
    first = prepare(ctx, {"campaign_id": "c1", "amount": 24000})
    with pytest.raises(ToolRefusal, match="cannot change its amount"):
        prepare(ctx, {"campaign_id": "c1", "amount": 25000})
    submit_budget_action.execute(ctx, first, decide(first))
    assert count(store, BudgetRequest) == 1 and count(store, AdLedger) == 1
    with store.session() as s:
        assert s.scalar(select(AdLedger.amount)) == Decimal("24000.00")


def test_omitted_arguments_mean_the_latest_draft_and_its_planned_budget(store: Store):
    with store.session() as s:
        s.execute(update(Campaign).where(Campaign.id == "c1").values(created_at=datetime(2026, 11, 10, tzinfo=UTC)))
    request = prepare(context(store), {})
    assert request.details["campaign_id"] == "c1" and request.amount == "30000.00"


def test_a_campaign_under_way_gets_pacing_over_its_remaining_days(store: Store):
    clock = FixedClock.on(date(2026, 12, 7))
    request = prepare(context(store, clock=clock), {"campaign_id": "c1", "amount": 24000})
    assert request.details["days"] == 6 and request.details["start_date"] == "2026-12-07"
    assert request.details["daily_pacing"] == "4000.00"


HOSTILE = [
    ({"campaign_id": "c_big", "amount": 30000}, "over the store's daily cap of CN¥5,000.00/day"),
    ({"campaign_id": "c1", "amount": 35000}, "over campaign c1's total budget CN¥30,000.00"),
    ({"campaign_id": "c1", "amount": -100}, "must be positive"),
    ({"campaign_id": "c1", "amount": 0}, "must be positive"),
    ({"campaign_id": "c1", "amount": 0.001}, "must be positive"),
    ({"campaign_id": "c1", "amount": float("nan")}, "finite"),
    ({"campaign_id": "c1", "amount": float("inf")}, "finite"),
    ({"campaign_id": "c1", "amount": "三万"}, "invalid arguments"),
    ({"campaign_id": "c_m2", "amount": 100}, "campaign 'c_m2' not found in this store"),
    ({"campaign_id": "nope", "amount": 100}, "campaign 'nope' not found in this store"),
    ({"campaign_id": "c_past", "amount": 100}, "ended on 2026-11-01, before today"),
    ({"campaign_id": "c_swapped", "amount": 100}, "ends (2026-12-01) before it starts"),
]


@pytest.mark.parametrize(("args", "reason"), HOSTILE)
def test_refusals_are_clear_and_write_nothing(store: Store, args: dict[str, Any], reason: str):
    with pytest.raises(ToolRefusal) as refused:
        prepare(context(store), args)
    assert reason in str(refused.value)
    assert count(store, BudgetRequest) == 0 and count(store, AdLedger) == 0 and actions(store) == []
    assert count(store, Campaign, Campaign.status != "draft") == 0


@pytest.mark.parametrize(
    ("args", "remembered", "said"),
    [
        (HOSTILE[0][0], None, "超过了店铺的每日上限 CN¥5,000.00"),
        (HOSTILE[1][0], None, "超过了方案 c1 的总预算 CN¥30,000.00"),
        ({"campaign_id": "c1", "amount": 30000}, Decimal(2000), "超过了您让我记住的每日上限 CN¥2,000.00"),
    ],
)
def test_an_amount_refused_is_said_in_chinese_by_the_offline_model(
    store: Store, args: dict[str, Any], remembered: Decimal | None, said: str
):
    memory = RememberedConstraints({"daily_budget_cap": remembered}) if remembered else None
    with pytest.raises(ToolRefusal) as refused:
        prepare(context(store, memory=memory), args)
    assert said in (plain_refusal("zh", str(refused.value)) or ""), str(refused.value)


def test_another_merchants_campaign_looks_exactly_like_an_unknown_one(store: Store):
    messages = []
    for campaign_id in ("c_m2", "c_unknown"):
        with pytest.raises(ToolRefusal) as refused:
            prepare(context(store), {"campaign_id": campaign_id, "amount": 100})
        messages.append(str(refused.value).replace(campaign_id, "X"))
    assert messages[0] == messages[1]


def test_a_remembered_daily_cap_wins_when_stricter(store: Store):
    strict = context(store, memory=RememberedConstraints({"daily_budget_cap": Decimal(2000)}))
    with pytest.raises(ToolRefusal, match=re.escape("remembered daily cap of CN¥2,000.00/day")):
        prepare(strict, {"campaign_id": "c1", "amount": 30000})
    loose = context(store, memory=RememberedConstraints({"daily_budget_cap": Decimal(9000)}))
    request = prepare(loose, {"campaign_id": "c1", "amount": 30000})
    assert request.details["daily_cap"] == "5000.00" and request.details["daily_cap_source"] == "merchant"
    assert count(store, BudgetRequest) == 1


def test_no_draft_campaign_left_to_fund_is_refused(store: Store):
    first = prepare(context(store, "m2"), {}, key="m2:k-a")
    assert first.details["campaign_id"] == "c_m2" and first.amount == "3000.00"
    with pytest.raises(ToolRefusal, match="no draft campaign"):
        prepare(context(store, "m2"), {}, key="m2:k-b")
    assert count(store, BudgetRequest) == 1


def test_a_campaign_already_awaiting_approval_is_refused(store: Store):
    prepare(context(store), {"campaign_id": "c1", "amount": 1000}, key="k1")
    with pytest.raises(ToolRefusal, match="already awaiting approval"):
        prepare(context(store), {"campaign_id": "c1", "amount": 1000}, key="k2")
    assert count(store, BudgetRequest) == 1


# ---------------------------------------------------------------- execute


def test_approve_spends_once_and_a_second_approval_spends_nothing(store: Store):
    ctx = context(store)
    request = prepare(ctx, {"campaign_id": "c1", "amount": 24000})
    out = submit_budget_action.execute(ctx, request, decide(request))
    assert "Submitted CN¥24,000.00" in out.text and out.payload["status"] == "submitted"
    row = request_row(store, request.approval_id)
    assert (row.status, row.decided_by) == ("submitted", "boss") and row.decided_at is not None
    assert row.platform_ref and row.platform_ref.startswith("led_")
    assert campaign_status(store, "c1") == "active"
    again = submit_budget_action.execute(ctx, request, decide(request, by="someone else"))
    assert again.payload["already_decided"] and "spent nothing more" in again.text
    assert count(store, AdLedger) == 1
    assert request_row(store, request.approval_id).decided_by == "boss"
    assert actions(store) == [
        "budget.requested",
        "budget.approved",
        "budget.submitted",
        "budget.decision_repeated",
    ]


def test_reject_spends_nothing_and_puts_the_campaign_back_in_draft(store: Store):
    ctx = context(store)
    request = prepare(ctx, {"campaign_id": "c1", "amount": 24000})
    decision = Decision(approval_id=request.approval_id, approved=False, decided_by="boss", reason="too much")
    out = submit_budget_action.execute(ctx, request, decision)
    assert out.payload["status"] == "rejected" and "nothing was spent" in out.text
    late_approval = submit_budget_action.execute(ctx, request, decide(request))
    assert late_approval.payload["status"] == "rejected" and late_approval.payload["already_decided"]
    assert count(store, AdLedger) == 0 and campaign_status(store, "c1") == "draft"
    assert request_row(store, request.approval_id).reason == "too much"
    assert actions(store) == ["budget.requested", "budget.rejected", "budget.decision_repeated"]


def test_an_approval_never_lifts_a_cap(store: Store):
    ctx = context(store)
    request = prepare(ctx, {"campaign_id": "c1", "amount": 24000})
    with store.session() as s:
        s.execute(update(Merchant).where(Merchant.id == "m1").values(daily_budget_cap=Decimal(1000)))
    out = submit_budget_action.execute(ctx, request, decide(request))
    assert out.payload["status"] == "failed" and "daily cap of CN¥1,000.00/day" in out.text
    row = request_row(store, request.approval_id)
    assert row.status == "failed" and "re-checked at submission" in (row.reason or "")
    assert count(store, AdLedger) == 0 and campaign_status(store, "c1") == "draft"
    assert actions(store) == ["budget.requested", "budget.approved", "budget.failed"]


def test_a_remembered_cap_stated_after_the_request_is_enforced_at_submission(store: Store):
    request = prepare(context(store), {"campaign_id": "c1", "amount": 24000})
    stricter = context(store, memory=RememberedConstraints({"daily_budget_cap": Decimal(1500)}))
    out = submit_budget_action.execute(stricter, request, decide(request))
    assert out.payload["status"] == "failed" and count(store, AdLedger) == 0


def test_an_approval_for_an_unknown_or_foreign_request_is_refused(store: Store):
    request = prepare(context(store), {"campaign_id": "c1", "amount": 24000})
    bogus = ApprovalRequest(approval_id="br_nope", tool="submit_promotion_budget", tool_call_id="x", summary="")
    with pytest.raises(ToolRefusal, match="not found"):
        submit_budget_action.execute(context(store), bogus, decide(bogus))
    with pytest.raises(ToolRefusal, match="not found"):  # m2 cannot decide m1's request
        submit_budget_action.execute(context(store, "m2"), request, decide(request))
    assert request_row(store, request.approval_id).status == "pending_approval"
    assert count(store, AdLedger) == 0


def test_resume_after_a_crash_between_approval_and_submission_finishes_once(store: Store):
    ctx = context(store)
    request = prepare(ctx, {"campaign_id": "c1", "amount": 24000})
    with store.session() as s:  # the state a crash right after the claim leaves behind
        s.execute(
            update(BudgetRequest)
            .where(BudgetRequest.id == request.approval_id)
            .values(decided_by="boss", decided_at=datetime(2026, 11, 20, tzinfo=UTC))
        )
    out = submit_budget_action.execute(ctx, request, decide(request))
    assert out.payload["status"] == "submitted" and count(store, AdLedger) == 1
    assert request_row(store, request.approval_id).decided_by == "boss"


def _unused_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_a_platform_failure_marks_the_request_failed_and_nothing_submitted(store: Store):
    with httpx.Client() as client:
        platform = HttpAdPlatform(
            client, f"http://127.0.0.1:{_unused_port()}", max_retries=1, backoff_s=0.01, timeout=0.5
        )
        ctx = context(store, ad_platform=platform)
        request = prepare(ctx, {"campaign_id": "c1", "amount": 24000})
        assert request.details["dry_run"]["ok"] is None and "无法预检" in request.summary
        out = submit_budget_action.execute(ctx, request, decide(request))
    row = request_row(store, request.approval_id)
    assert out.payload["status"] == row.status == "failed" and row.platform_ref is None
    assert "PlatformUnavailable" in (row.reason or "") and campaign_status(store, "c1") == "draft"
    assert actions(store)[-1] == "budget.failed"


def _race(store: Store, request: ApprovalRequest, callers: int = 2) -> list[str]:
    barrier = threading.Barrier(callers)
    outcomes: list[str] = []
    errors: list[BaseException] = []

    def run(i: int) -> None:
        try:
            barrier.wait()
            out = submit_budget_action.execute(context(store), request, decide(request, by=f"approver{i}"))
            outcomes.append(out.payload["status"])
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(callers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert not errors, errors
    return outcomes


def test_two_threads_racing_to_approve_spend_once(store: Store):
    request = prepare(context(store), {"campaign_id": "c1", "amount": 24000})
    outcomes = _race(store, request, callers=4)
    assert outcomes == ["submitted"] * 4
    assert count(store, AdLedger) == 1
    assert actions(store).count("budget.submitted") == 1 and actions(store).count("budget.approved") == 1


@pytest.mark.postgres
def test_racing_approvals_spend_once_on_postgresql(pg_empty_url: str):
    pg = Store.open(pg_empty_url, migrate=False)
    try:
        seed(pg)
        request = prepare(context(pg), {"campaign_id": "c1", "amount": 24000})
        outcomes = _race(pg, request, callers=4)
        assert outcomes == ["submitted"] * 4
        assert count(pg, AdLedger) == 1
        assert actions(pg).count("budget.submitted") == 1
        assert request_row(pg, request.approval_id).status == "submitted"
    finally:
        pg.close()


# ---------------------------------------------------------------- the store's daily cap, across campaigns


def _same_dates_campaigns(store: Store, n: int) -> list[str]:
    """`n` draft campaigns of m1 on 2026-12-01..07, 27,500 each: 3,928.57/day each against the 5,000/day cap."""
    ids = [f"c_week{i}" for i in range(n)]
    for cid in ids:
        add_draft_campaign(
            store, cid, "m1", budget_total=Decimal(27500), start_date=date(2026, 12, 1), end_date=date(2026, 12, 7)
        )
    return ids


def test_the_daily_cap_is_for_the_store_not_per_campaign(store: Store):
    ids = _same_dates_campaigns(store, 4)
    ctx = context(store)
    requests = [prepare(ctx, {"campaign_id": cid}, key=f"m1:t{cid}:call1") for cid in ids]
    first = submit_budget_action.execute(ctx, requests[0], decide(requests[0]))
    assert first.payload["status"] == "submitted"
    refused = [submit_budget_action.execute(ctx, r, decide(r)) for r in requests[1:]]
    assert [out.payload["status"] for out in refused] == ["failed"] * 3
    assert "already committed on 2026-12-01" in refused[0].text and "c_week0" not in refused[0].text
    assert "CN¥5,000.00/day" in refused[0].text and "Not submitted" in refused[0].text
    assert count(store, AdLedger) == 1
    assert [campaign_status(store, cid) for cid in ids] == ["active", "draft", "draft", "draft"]


def test_a_new_request_over_what_is_left_of_the_daily_cap_is_refused_before_the_pause(store: Store):
    ids = _same_dates_campaigns(store, 2)
    ctx = context(store)
    first = prepare(ctx, {"campaign_id": ids[0]}, key="m1:ta:call1")
    submit_budget_action.execute(ctx, first, decide(first))
    with pytest.raises(ToolRefusal, match=r"already committed .* at most CN¥7,500.01 fits these dates"):
        prepare(ctx, {"campaign_id": ids[1]}, key="m1:tb:call1")
    fits = prepare(ctx, {"campaign_id": ids[1], "amount": 7000}, key="m1:tc:call1")
    assert "¥3,928.57" in fits.summary  # the card says what is already committed on those days
    assert submit_budget_action.execute(ctx, fits, decide(fits)).payload["status"] == "submitted"


def _race_many(store: Store, requests: list[ApprovalRequest]) -> list[str]:
    barrier = threading.Barrier(len(requests))
    outcomes: list[str] = []
    errors: list[BaseException] = []

    def run(request: ApprovalRequest) -> None:
        try:
            barrier.wait()
            outcomes.append(submit_budget_action.execute(context(store), request, decide(request)).payload["status"])
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(r,)) for r in requests]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not errors, errors
    return sorted(outcomes)


def test_approvals_of_four_campaigns_racing_keep_the_store_under_its_daily_cap(store: Store):
    """Under COPILOT_TEST_DB=postgres `store` is a PostgreSQL database: the merchant's row serializes them there."""
    ids = _same_dates_campaigns(store, 4)
    prepared = [prepare(context(store), {"campaign_id": cid}, key=f"m1:t{cid}:call1") for cid in ids]
    assert _race_many(store, prepared) == ["failed", "failed", "failed", "submitted"]
    assert count(store, AdLedger) == 1


# ---------------------------------------------------------------- through the graph


def _script(plan: list[AIMessage]) -> Any:
    def script(messages: list[BaseMessage]) -> AIMessage:
        turn = [m for m in messages if isinstance(m, HumanMessage | ToolMessage)]
        return plan[min(len(turn) - 1, len(plan) - 1)]

    return script


@pytest.fixture
def copilot_factory(tmp_path: Path, store: Store) -> Iterator[Any]:
    conn = sqlite3.connect(tmp_path / "checkpoints.db", check_same_thread=False)

    def make(plan: list[AIMessage]) -> Copilot:
        toolset = Toolset(tools=[], spending={"submit_promotion_budget": submit_budget_action})
        model = ScriptedChatModel(script=_script(plan))
        graph = make_builder(toolset, lambda ctx: model, lambda ctx: "system").compile(checkpointer=SqliteSaver(conn))
        return Copilot(
            settings=Settings(data_dir=tmp_path / "data"),
            store=store,
            checkpointer=SqliteSaver(conn),
            graph=graph,
            clock=demo_clock(),
        )

    yield make
    conn.close()


def _submit_call(args: dict[str, Any]) -> AIMessage:
    return AIMessage("", tool_calls=[{"name": "submit_promotion_budget", "args": args, "id": "call-1"}])


def test_through_the_graph_approve_spends_once(copilot_factory: Any, store: Store):
    copilot = copilot_factory([_submit_call({"campaign_id": "c1", "amount": 30000}), AIMessage("预算已提交")])
    result = copilot.ask("m1", "t1", "提交预算")
    assert result.approval is not None and "¥30,000.00" in result.approval.summary
    assert count(store, AdLedger) == 0 and request_row(store, result.approval.approval_id).status == "pending_approval"
    events = list(copilot.decide("m1", "t1", result.approval.approval_id, approved=True, decided_by="boss"))
    assert [e.data["text"] for e in events if e.kind == "answer"] == ["预算已提交"]
    ended = [e.data for e in events if e.kind == "tool_end"]
    assert ended[0]["payload"]["status"] == "submitted" and not ended[0]["error"]
    assert count(store, AdLedger) == 1 and request_row(store, result.approval.approval_id).status == "submitted"
    with pytest.raises(NoPendingApproval):
        list(copilot.decide("m1", "t1", result.approval.approval_id, approved=True, decided_by="boss"))
    assert count(store, AdLedger) == 1


def test_through_the_graph_an_amount_over_the_cap_is_refused_without_a_pause(copilot_factory: Any, store: Store):
    copilot = copilot_factory([_submit_call({"campaign_id": "c_big", "amount": 90000}), AIMessage("无法提交")])
    result = copilot.ask("m1", "t2", "给大促提交9万预算")
    assert result.approval is None and result.answer == "无法提交"
    assert result.tool_results[0]["error"] and "daily cap" in result.tool_results[0]["text"]
    assert count(store, BudgetRequest) == 0 and count(store, AdLedger) == 0


def test_an_approval_whose_spend_fails_midway_leaves_no_trace_and_a_rejection_then_lands(
    store: Store, monkeypatch: pytest.MonkeyPatch
):
    """The embedded ledger spends in the approval's own transaction: a fault at the ledger entry rolls back the
    claim and its audit too, so the approval is as undecided as before and a later rejection is what lands."""
    ctx = context(store)
    request = prepare(ctx, {"campaign_id": "c1", "amount": 24000})

    def locked(*_: Any, **__: Any) -> Any:
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(LedgerPlatform, "record", locked)
    with pytest.raises(sqlite3.OperationalError):
        submit_budget_action.execute(ctx, request, decide(request))
    row = request_row(store, request.approval_id)
    assert (row.status, row.decided_by, row.decided_at) == ("pending_approval", None, None)
    assert actions(store) == ["budget.requested"] and campaign_status(store, "c1") == "pending_approval"
    monkeypatch.undo()
    out = submit_budget_action.execute(ctx, request, decide(request, approved=False, by="second"))
    assert out.payload["status"] == "rejected" and count(store, AdLedger) == 0
